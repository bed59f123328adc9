"""An incremental rebuild writes exactly the site a full build of the same content writes.

The rebuild brings the idle tree (the build before last) up to date by re-rendering only
the URLs whose inputs changed; these tests compare it byte for byte with a full build in
a fresh staging folder, after edits, withdrawals and expiries, on the demo township's
content and on a generated county-scale sample.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from buildsupport import ROOT, build, tree_bytes, write_content

from admin.domain.contentfile import notice_meta, parse_content_file, serialize_content_file
from admin.freeze import incremental, pipeline, search
from admin.freeze.incremental import (
    CHANGES_SUFFIX,
    RULE_VERSION,
    _canonical,
    load_state,
    state_dir,
    url_inputs,
)
from admin.freeze.pipeline import BuildError, build_site
from admin.freeze.progress import Progress
from admin.freeze.search import SearchIndexError
from admin.freeze.swap import current_tree, idle_tree
from admin.freeze.workers import worker_count
from admin.site.app import site_urls
from admin.site.content import load_site
from tests.shipped import shipped_content

QUIET = Progress(quiet=True)
DEMO_TODAY = dt.date(2026, 11, 27)


def _generator():
    spec = importlib.util.spec_from_file_location("gen_content", ROOT / "bench" / "gen_content.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _full(content: Path, where: Path, today: dt.date) -> dict[str, bytes]:
    out = where / "full" / "build"
    shutil.rmtree(out.parent, ignore_errors=True)
    build_site(content, out, today, QUIET, incremental=False)
    return tree_bytes(out)


def _rebuild(content: Path, out: Path, today: dt.date) -> dict[str, bytes]:
    build_site(content, out, today, QUIET)
    return tree_bytes(out)


def _rewrite(path: Path, change) -> None:
    parsed = parse_content_file(path.read_text(encoding="utf-8"))
    meta, body = change(dict(parsed.meta), parsed.body)
    path.write_text(serialize_content_file(meta, body), encoding="utf-8")


def _notice(status: str, reason: str):
    def change(meta: dict, body: str) -> tuple[dict, str]:
        day = meta["published"] + dt.timedelta(days=30)
        return notice_meta(meta, status=status, notice_date=day, reason=reason, basis="依据"), ""

    return change


def _edit_text(meta: dict, body: str) -> tuple[dict, str]:
    return meta, body.replace("本机关", "本镇人民政府", 1) + "\n补充说明：已复查。\n"


def _edit_meta(meta: dict, body: str) -> tuple[dict, str]:
    return {**meta, "remarks": "已整改到位。"}, body


def _published(content: Path, dataset: str) -> list[Path]:
    return sorted(
        p for p in (content / dataset).glob("*.md") if 'status = "published"' in p.read_text()
    )


def _prime(content: Path, out: Path, today: dt.date) -> None:
    """Build twice, so an idle tree with its state exists for the next build to update."""
    build_site(content, out, today, QUIET)
    build_site(content, out, today, QUIET)
    assert idle_tree(out) is not None and load_state(out, idle_tree(out)) is not None


def test_rebuilds_of_the_demo_equal_full_builds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shipped_content(content)
    out = tmp_path / "site" / "build"
    _prime(content, out, DEMO_TODAY)
    penalties = _published(content, "penalties")
    _rewrite(penalties[0], _edit_text)
    _rewrite(_published(content, "info")[0], _notice("withdrawn", "内容有误，撤回。"))
    assert _rebuild(content, out, DEMO_TODAY) == _full(content, tmp_path, DEMO_TODAY)
    # Nothing changed: the other tree catches up with the same two edits, byte for byte.
    assert _rebuild(content, out, DEMO_TODAY) == _full(content, tmp_path, DEMO_TODAY)


def test_rebuilds_after_random_edits_withdrawals_and_expiries_equal_full_builds(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    _generator().generate(content, decisions=40, seed=3)
    out = tmp_path / "site" / "build"
    today = dt.date(2026, 11, 1)
    _prime(content, out, today)
    rng = random.Random(11)
    changes = [
        _edit_text,
        _edit_meta,
        _notice("withdrawn", "决定已撤销。"),
        _notice("expired", "公示期满"),
    ]
    for round_ in range(2):
        for _ in range(4):
            dataset = rng.choice(("penalties", "penalties", "info"))
            _rewrite(rng.choice(_published(content, dataset)), rng.choice(changes))
        if round_ == 1:
            (rng.choice(_published(content, "penalties"))).unlink()  # a record deleted
            today += dt.timedelta(days=200)  # a daily build much later: records expire by date
        assert _rebuild(content, out, today) == _full(content, tmp_path, today), round_
    assert load_state(out, current_tree(out)) is not None


def test_only_the_pages_a_text_change_can_reach_are_re_rendered(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shipped_content(content)
    before = load_site(content, DEMO_TODAY)
    urls = list(site_urls(before))
    old = url_inputs(before, urls)
    target = _published(content, "penalties")[0]
    _rewrite(target, _edit_text)
    new = url_inputs(load_site(content, DEMO_TODAY), urls)
    changed = sorted(url for url in urls if old[url] != new[url])
    slug = target.stem
    assert changed == ["/data/penalties.csv", "/data/penalties.json", f"/penalties/{slug}/"]


def test_a_failed_rebuild_leaves_the_site_and_forgets_the_half_updated_tree(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shipped_content(content)
    out = tmp_path / "site" / "build"
    _prime(content, out, DEMO_TODAY)
    served, before = current_tree(out), tree_bytes(out)
    idle = idle_tree(out)
    # A personal number in a record's text: the leak guard refuses the rebuilt tree.
    _rewrite(
        _published(content, "penalties")[0], lambda m, b: (m, b + "\n身份证 11010519491231002X\n")
    )
    with pytest.raises(BuildError, match="个人信息"):
        build_site(content, out, DEMO_TODAY, QUIET)
    assert current_tree(out) == served and tree_bytes(out) == before
    assert load_state(out, idle) is None  # so the next build starts from a fresh staging folder
    assert gc.isenabled()  # the collector paused for the build is back
    states = [name for name in os.listdir(state_dir(out)) if name.startswith(".")]
    assert states == [f"{served.name}.json"]  # beside the memo files of admin.content.memofile
    assert RULE_VERSION


def test_the_command_says_what_it_rendered_and_full_renders_everything(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"
    out.parent.mkdir()
    for _ in range(3):  # the third build is the first with an idle tree and its state
        done = build(content, out)
        assert done.returncode == 0, done.stderr
    assert "个页面（重新生成 0 个）" in done.stdout
    before = tree_bytes(out)
    done = build(content, out, "--full")
    assert done.returncode == 0, done.stderr
    assert "重新生成" not in done.stdout and "增量构建" not in done.stderr
    assert tree_bytes(out) == before


class _CollectorWatch(Progress):
    """Progress that notes, at every step, whether the cyclic collector is on."""

    def __init__(self) -> None:
        super().__init__(quiet=True)
        self.seen: list[bool] = []

    def step(self, label: str) -> None:
        self.seen.append(gc.isenabled())


def test_the_build_pauses_the_cyclic_collector_and_restores_it(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    watch = _CollectorWatch()
    assert gc.isenabled()
    build_site(content, tmp_path / "build", DEMO_TODAY, watch)
    assert watch.seen and not any(watch.seen)  # paused from reading content to the swap
    assert gc.isenabled()
    gc.disable()
    try:
        build_site(content, tmp_path / "build", DEMO_TODAY, QUIET)
        assert not gc.isenabled()  # a caller's choice is left as it was
    finally:
        gc.enable()


@pytest.mark.skipif(worker_count() < 2, reason="the digests go to another core only with two")
def test_the_records_digests_are_worked_out_elsewhere_while_the_urls_are_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"
    _prime(content, out, DEMO_TODAY)
    digesters = tmp_path / "digesters"  # a file for each process that digests a disclosure
    digesters.mkdir()
    building, digest, listing = os.getpid(), incremental._record_digests, pipeline.site_url_list

    def noted(record):
        if record.dataset not in incremental.REFERENCE_DATASETS:
            (digesters / str(os.getpid())).touch()
        return digest(record)

    def listed_once_digesting(app):
        deadline = time.monotonic() + 30
        while not any(digesters.iterdir()):
            assert time.monotonic() < deadline, "the digests waited for the URL list"
            time.sleep(0.01)
        return listing(app)

    monkeypatch.setattr(incremental, "_record_digests", noted)
    monkeypatch.setattr(pipeline, "site_url_list", listed_once_digesting)
    _rewrite(_published(content, "penalties")[0], _edit_text)
    rebuilt = _rebuild(content, out, DEMO_TODAY)
    # One other process digested them, and the one working out the inputs did not again.
    found = [int(name.name) for name in digesters.iterdir()]
    assert len(found) == 1 and found != [building]
    monkeypatch.undo()
    # The pages the inputs chose and the entries of the open-data files came from the
    # digests adopted from the other process: the same tree as a full build's.
    assert rebuilt == _full(content, tmp_path, DEMO_TODAY)


def test_a_rebuild_that_changed_nothing_keeps_the_stored_state_file(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"
    _prime(content, out, DEMO_TODAY)
    states = state_dir(out)
    idle = idle_tree(out)
    before = (states / f"{idle.name}.json").stat()
    build_site(content, out, DEMO_TODAY, QUIET)  # updates and switches to the idle tree
    after = (states / f"{idle.name}.json").stat()
    assert current_tree(out) == idle
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not [name for name in os.listdir(states) if name.endswith(".aside")]
    # A change: the other tree gets a new state, equal to what the rebuild made.
    _rewrite(_published(content, "penalties")[0], _edit_text)
    other = idle_tree(out)
    old = (states / f"{other.name}.json").stat()
    build_site(content, out, DEMO_TODAY, QUIET)
    new = (states / f"{other.name}.json").stat()
    # Either the full state was written anew, or it is kept and its changes are written.
    changes = states / f"{other.name}{CHANGES_SUFFIX}"
    assert changes.exists() != ((new.st_ino, new.st_mtime_ns) != (old.st_ino, old.st_mtime_ns))
    assert load_state(out, other).inputs != load_state(out, idle).inputs


def test_the_search_copies_are_written_beside_the_output_not_in_the_system_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_content(tmp_path / "content")
    # A system temporary folder that cannot be used: a build writing there would fail.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    out = tmp_path / "site" / "build"
    build_site(content, out, DEMO_TODAY, QUIET)
    assert (out / "search" / "index" / "bundles.json").is_file()
    assert sorted(p.name for p in out.parent.iterdir() if "staging" in p.name) == []


def test_a_failed_search_index_leaves_no_copies_beside_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"

    def pagefind_fails(*args: object) -> None:
        raise SearchIndexError("建立搜索索引失败：测试")

    monkeypatch.setattr(search, "_run_pagefind", pagefind_fails)
    with pytest.raises(BuildError, match="测试"):
        build_site(content, out, DEMO_TODAY, QUIET)
    assert [p.name for p in out.parent.iterdir() if "staging" in p.name] == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"d": dt.date(2024, 1, 1)}, {"d": {"\0date": "2024-01-01"}}),  # a table like a tag
        ({"d": dt.date(2024, 1, 1)}, {"d": "2024-01-01"}),
        ({"t": dt.time(8, 30)}, {"t": "08:30:00"}),
        ({"x": float("nan")}, {"x": float("inf")}),
        ({"x": float("inf")}, {"x": float("-inf")}),
        ({"x": 1}, {"x": 1.0}),
        ({"x": 1}, {"x": True}),
        ({"x": 2**70}, {"x": 2**70 + 1}),
        ({"s": "\ud800"}, {"s": "\ud801"}),
    ],
)
def test_front_matters_that_differ_have_different_digests(one, other) -> None:
    # A record's page is rendered again only when its digest changes (_canonical).
    assert _canonical(one) != _canonical(other)
    assert _canonical(one) == _canonical(dict(one))
