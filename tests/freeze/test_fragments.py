"""Records' entries in the open-data files and the sitemap, remembered between builds.

The CSV, the JSON and ``/sitemap.xml`` are assembled from one entry per record, each
remembered under its record's digest and the build's site key (admin.site.fragments,
admin.freeze.fragmentcache). These tests hold the assembled files to what the whole
documents give when made in one piece (the code before the memo), with and without
remembered entries, and check that an edited record's entry is made again and that
entries stored under another site key (other code) are not used.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from flask import render_template_string

from admin.content import memofile
from admin.content.memofile import load_memo, save_memo
from admin.domain.contentfile import parse_content_file, serialize_content_file
from admin.freeze.incremental import record_digests, site_key, state_dir
from admin.freeze.pipeline import build_site
from admin.freeze.progress import Progress
from admin.site.app import create_site_app
from admin.site.content import DISCLOSURES, load_site
from admin.site.fragments import Fragments
from admin.site.projects import projects
from admin.site.views.data import _csv_cell, public_row
from admin.site.views.feeds import SECTION_ENDPOINTS
from admin.site.views.fields import DATASET_NAMES, FIELDS
from admin.site.views.helpers import SITE_KEY
from tests.shipped import shipped_content

QUIET = Progress(quiet=True)
TODAY = dt.date(2026, 11, 27)
#: A value with everything the files escape: < > & for JSON, a quote, a formula start.
TRICKY = '=<b>"甲&乙"</b>'
#: The sitemap template as it was, one <url> per record written by the template itself.
OLD_SITEMAP = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    "{% for endpoint in sections %}\n"
    "<url><loc>{{ canonical(url_for(endpoint)) }}</loc></url>\n"
    "{% endfor %}\n"
    "{% for r in records %}\n"
    "<url><loc>{{ canonical(record_path(r)) }}</loc>"
    "{% if r.last_change %}<lastmod>{{ r.last_change }}</lastmod>{% endif %}</url>\n"
    "{% endfor %}\n"
    "{% for p in projects %}\n"
    '<url><loc>{{ canonical(url_for("projects.detail", slug=p.slug)) }}</loc>'
    "<lastmod>{{ p.latest }}</lastmod></url>\n"
    "{% endfor %}\n"
    "</urlset>"
)


def _content(tmp_path: Path) -> Path:
    content = shipped_content(tmp_path / "content")
    path = _published(content)[0]
    parsed = parse_content_file(path.read_text(encoding="utf-8"))
    meta = {**parsed.meta, "party_name": TRICKY, "remarks": "第一行\n第二行"}
    path.write_text(serialize_content_file(meta, parsed.body), encoding="utf-8")
    return content


def _published(content: Path) -> list[Path]:
    return sorted(
        p
        for p in (content / "penalties").glob("*.md")
        if 'status = "published"' in p.read_text(encoding="utf-8")
    )


def _whole_documents(app) -> dict[str, bytes]:
    """Return the files as made in one piece: one writer, one json.dumps, one template."""
    site = app.extensions[SITE_KEY]
    found = {}
    with app.test_request_context("/"):
        for dataset in DATASET_NAMES:
            records = site.listed(dataset)
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow([name for _, name, _ in FIELDS[dataset]] + ["网址"])
            for record in records:
                row = public_row(dataset, record)
                writer.writerow([_csv_cell(k, v) for k, v in row.items()])
            found[f"/data/{dataset}.csv"] = ("\ufeff" + buffer.getvalue()).encode()
            document = {
                "dataset": dataset,
                "name": DATASET_NAMES[dataset][0],
                "fields": [{"key": k, "name": n, "description": d} for k, n, d in FIELDS[dataset]]
                + [{"key": "url", "name": "网址", "description": "本条记录的页面"}],
                "records": [public_row(dataset, record) for record in records],
            }
            text = json.dumps(document, ensure_ascii=False, indent=1, default=str)
            text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            found[f"/data/{dataset}.json"] = (text + "\n").encode()
        every = (*DISCLOSURES, "subjects", "items", "pages", "reports")
        records = [r for dataset in every for r in site.listed(dataset)]
        xml = render_template_string(
            OLD_SITEMAP, sections=SECTION_ENDPOINTS, records=records, projects=projects(site)
        )
        found["/sitemap.xml"] = xml.encode()
    return found


def _served(app, urls) -> dict[str, bytes]:
    """Return each URL's bytes, keeping its memos after each as a build's worker does."""
    client = app.test_client()
    served = {}
    for url in urls:
        served[url] = client.get(url).data
        app.extensions[SITE_KEY].fragments.keep()
    return served


def test_files_from_remembered_entries_are_the_whole_documents(tmp_path: Path) -> None:
    app = create_site_app(_content(tmp_path), TODAY)
    site = app.extensions[SITE_KEY]
    expected = _whole_documents(app)
    assert b"\\u003cb\\u003e" in expected["/data/penalties.json"]  # the tricky value is in
    assert b"'=<b>" in expected["/data/penalties.csv"]
    stored: dict[str, dict[str, str]] = {}

    def load(memo: str) -> dict[str, str]:
        return stored.get(memo, {})

    site.fragments = Fragments(record_digests(site), load, stored.__setitem__)
    assert _served(app, expected) == expected  # every entry made now
    assert {"csv-penalties", "json-penalties", "sitemap"} <= set(stored)
    assert len(stored["sitemap"]) == sum(len(site.listed(d)) for d in DISCLOSURES)
    kept = dict(stored)
    site.fragments = Fragments(record_digests(site), load, stored.__setitem__)
    assert _served(app, expected) == expected  # every entry remembered
    assert stored == kept  # and nothing stored again


def test_an_edit_to_a_public_field_is_in_the_rebuilt_csv(tmp_path: Path) -> None:
    content = _content(tmp_path)
    out = tmp_path / "site" / "build"
    build_site(content, out, TODAY, QUIET)
    build_site(content, out, TODAY, QUIET)  # the other tree, so the next build updates one
    path = _published(content)[1]
    parsed = parse_content_file(path.read_text(encoding="utf-8"))
    old = parsed.meta["party_name"]
    meta = {**parsed.meta, "party_name": "改正后的当事人名称有限公司"}
    path.write_text(serialize_content_file(meta, parsed.body), encoding="utf-8")
    result = build_site(content, out, TODAY, QUIET)
    assert 0 < result.rendered < result.pages  # an incremental build, with the memo
    data = (out / "data" / "penalties.csv").read_bytes().decode("utf-8-sig")
    (row,) = [row for row in csv.reader(io.StringIO(data)) if row[-1].endswith(f"/{path.stem}/")]
    assert row[1] == "改正后的当事人名称有限公司" != old
    assert "改正后的当事人名称有限公司" in (out / "data" / "penalties.json").read_text("utf-8")
    memo = state_dir(out) / "fragments-csv-penalties.json"
    stored = load_memo(memo, site_key(load_site(content, TODAY), content))
    url = f"/penalties/{path.stem}/\r\n"
    rows = [text for text in stored.values() if text.endswith(url)]
    assert len(rows) == 1 and "改正后的当事人名称" in rows[0]  # the old row is gone


def test_entries_stored_by_other_code_are_not_used(tmp_path: Path) -> None:
    content = _content(tmp_path)
    out = tmp_path / "site" / "build"
    build_site(content, out, TODAY, QUIET)
    memo = state_dir(out) / "fragments-csv-penalties.json"
    key = site_key(load_site(content, TODAY), content)
    stored = load_memo(memo, key)
    assert stored  # the full build kept its entries
    planted = {digest: "篡改的条目\r\n" for digest in stored}
    save_memo(memo, "another version of the code", planted)
    build_site(content, out, TODAY, QUIET, incremental=False)
    assert "篡改" not in (out / "data" / "penalties.csv").read_text(encoding="utf-8-sig")
    assert load_memo(memo, key) == stored  # stored again, for this code
    # The same entries under this code's key are used: the key is all that kept them out.
    save_memo(memo, key, planted)
    build_site(content, out, TODAY, QUIET, incremental=False)
    assert "篡改" in (out / "data" / "penalties.csv").read_text(encoding="utf-8-sig")


def _remembering(site, stored: dict[str, dict[str, str]]) -> Fragments:
    return Fragments(record_digests(site), lambda memo: stored.get(memo, {}), stored.__setitem__)


def test_a_large_memo_that_changed_little_is_not_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memofile, "LARGE_MEMO", 4)
    monkeypatch.setattr(memofile, "RESAVE_SHARE", 2)  # written when over half changed
    app = create_site_app(_content(tmp_path), TODAY)
    site = app.extensions[SITE_KEY]
    stored: dict[str, dict[str, str]] = {}
    site.fragments = Fragments(
        record_digests(site), lambda m: stored.get(m, {}), stored.__setitem__
    )
    expected = _served(app, ["/data/penalties.csv"])
    full = dict(stored["csv-penalties"])
    assert len(full) >= 4
    # One entry missing from the memo: made again (the file is the same), not written.
    stored["csv-penalties"] = dict(list(full.items())[1:])
    site.fragments = Fragments(
        record_digests(site), lambda m: stored.get(m, {}), stored.__setitem__
    )
    assert _served(app, ["/data/penalties.csv"]) == expected
    assert len(stored["csv-penalties"]) == len(full) - 1
    # One in 256 is enough: written, with every entry the file used.
    monkeypatch.setattr(memofile, "RESAVE_SHARE", 256)
    site.fragments = Fragments(
        record_digests(site), lambda m: stored.get(m, {}), stored.__setitem__
    )
    assert _served(app, ["/data/penalties.csv"]) == expected
    assert stored["csv-penalties"] == full
