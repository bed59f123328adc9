"""bench/hugo_compare.py's inputs without Hugo: live decisions, and the Hugo source they make."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys

from admin.content.store import read_dataset
from admin.site.views.fields import FIELDS
from tests.conftest import ROOT

TODAY = dt.date(2026, 11, 27)


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def front_matter(path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    meta, end = json.JSONDecoder().raw_decode(text)
    return meta, text[end:].lstrip("\n")


def test_live_decisions_become_hugo_pages_with_every_field_and_a_search_copy(tmp_path) -> None:
    generated, hugo_site = load("gen_content"), load("hugo_site")
    content = tmp_path / "content"
    generated.generate(content, 40, 3, live=True)
    decisions = read_dataset(content, "penalties")
    assert len(decisions) == 40
    assert all(r.meta["publicity_until"] >= TODAY for r in decisions)  # none a notice

    counts = hugo_site.write_site(content, tmp_path / "hugo", TODAY, split=True)
    assert counts == {"penalties": 40, "info": 20}
    for record in decisions:
        meta, body = front_matter(tmp_path / "hugo/content/penalties" / f"{record.slug}.md")
        assert meta["title"] == record.meta["title"]
        assert "notice" not in meta["params"]
        assert meta["params"]["decision_no"] == record.meta["decision_no"]
        assert meta["params"]["kinds"] == record.meta["kinds"]
        assert body == record.body
    labels = json.loads((tmp_path / "hugo/data/fields.json").read_text(encoding="utf-8"))
    assert [f["label"] for f in labels["penalties"]] == [f[1] for f in FIELDS["penalties"]]
    config = (tmp_path / "hugo/hugo.toml").read_text(encoding="utf-8")
    assert 'page = ["html", "searchcopy"]' in config
    copy = (tmp_path / "hugo/layouts/page.searchcopy.html").read_text(encoding="utf-8")
    assert 'data-pagefind-meta="url:{{ .RelPermalink }}"' in copy


def test_expired_decisions_are_notices_kept_out_of_search(tmp_path) -> None:
    generated, hugo_site = load("gen_content"), load("hugo_site")
    content = tmp_path / "content"
    generated.generate(content, 60, 3)  # spread over 2021-2026: some expired
    hugo_site.write_site(content, tmp_path / "hugo", TODAY, split=False)
    notices = 0
    for record in read_dataset(content, "penalties"):
        meta, body = front_matter(tmp_path / "hugo/content/penalties" / f"{record.slug}.md")
        if record.meta["publicity_until"] < TODAY:
            notices += 1
            assert meta["params"]["notice"] == "公示期满"
            assert meta["title"].startswith("【公示期满】")
            assert body == ""
        else:
            assert "notice" not in meta["params"]
    assert 0 < notices < 60
    config = (tmp_path / "hugo/hugo.toml").read_text(encoding="utf-8")
    assert 'page = ["html"]' in config
