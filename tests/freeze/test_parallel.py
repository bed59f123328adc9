"""Frozen-Flask writes the pages, on every core, exactly as a plain one-process freeze writes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from buildsupport import TODAY, tree_bytes, write_content

from admin.freeze.freeze import (
    FreezeError,
    freeze,
    plain_freeze,
    render_into,
    site_app,
    site_url_list,
)
from admin.freeze.pagewriter import _batches, url_to_path
from admin.freeze.pipeline import build_site
from admin.freeze.progress import Progress


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("parallel") / "content")


@pytest.fixture(scope="module")
def plain(content: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    destination = tmp_path_factory.mktemp("plain") / "site"
    destination.mkdir()
    plain_freeze(site_app(content, TODAY), destination)
    return tree_bytes(destination)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_parallel_render_equals_a_plain_frozen_flask_freeze(
    content: Path, plain: dict[str, bytes], tmp_path: Path, workers: int
) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    urls = freeze(site_app(content, TODAY), staging, Progress(quiet=True), workers=workers)
    assert len(urls) > 64  # enough URLs that several processes really share the work
    assert tree_bytes(staging) == plain


def test_frozen_flask_froze_every_html_page_of_a_full_build(content: Path, tmp_path: Path) -> None:
    result = build_site(
        content, tmp_path / "out", TODAY, Progress(quiet=True), incremental=False, workers=2
    )
    html = sorted(p.relative_to(result.tree).as_posix() for p in result.tree.rglob("*.html"))
    urls = site_url_list(site_app(content, TODAY))
    # ``rendered`` counts the pages the freezers yielded: one for every URL of the site.
    assert result.rendered == result.pages == len(urls)
    frozen = {url_to_path(url) for url in urls}
    assert len(html) > 64
    assert [name for name in html if name not in frozen] == []  # 100 %, the issue asks 95 %


def test_freezing_again_rewrites_only_the_files_that_changed(content: Path, tmp_path: Path) -> None:
    # Frozen-Flask compares a page with the file it would replace and leaves equal bytes
    # alone: an incremental build changes only what it must (mtimes kept, for rsync).
    app = site_app(content, TODAY)
    urls = site_url_list(app)
    render_into(app, urls, tmp_path, Progress(quiet=True), workers=2)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    for path in files:
        os.utime(path, ns=(0, 0))
    stale = tmp_path / "stats" / "index.html"
    good = stale.read_bytes()
    stale.write_bytes(b"stale")
    os.utime(stale, ns=(0, 0))
    reports = render_into(app, urls, tmp_path, Progress(quiet=True), workers=2)
    assert stale.read_bytes() == good
    assert [p for p in files if p.stat().st_mtime_ns != 0] == [stale]
    assert set(reports) == {url_to_path(url) for url in urls}


def test_a_page_that_does_not_answer_200_fails_the_render(content: Path, tmp_path: Path) -> None:
    app = site_app(content, TODAY)

    @app.route("/moved/")
    def moved() -> tuple[str, int, dict[str, str]]:
        return "", 302, {"Location": "/"}

    urls = ["/", "/moved/", *["/stats/"] * 80]
    with pytest.raises(FreezeError, match="/moved/ 返回了 302"):
        render_into(app, urls, tmp_path, Progress(quiet=True), workers=2)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_missing_page_fails_the_render_naming_it(
    content: Path, tmp_path: Path, workers: int
) -> None:
    app = site_app(content, TODAY)
    urls = ["/", "/no-such-page/", *["/stats/"] * 80]
    with pytest.raises(FreezeError, match="生成页面失败：/no-such-page/ 返回了 404 NOT FOUND"):
        render_into(app, urls, tmp_path, Progress(quiet=True), workers=workers)


@pytest.mark.parametrize(
    ("url", "path"),
    [("/", "index.html"), ("/penalties/a/", "penalties/a/index.html"), ("/feed.xml", "feed.xml")],
)
def test_urls_map_to_files_as_frozen_flask_maps_them(url: str, path: str) -> None:
    assert url_to_path(url) == path


def test_the_building_process_freezes_its_share_beside_the_workers(
    content: Path, tmp_path: Path
) -> None:
    # With a pool of one worker per core and an idle parent, each process that renders
    # copies the content it touches (reference counts): three copies on two cores (#16).
    app = site_app(content, TODAY)

    @app.route("/pid/<int:n>/")
    def pid(n: int) -> str:
        time.sleep(0.002)  # long enough that no process takes every batch alone
        return f"<p>{os.getpid()}</p>"

    urls = [f"/pid/{n}/" for n in range(200)]
    render_into(app, urls, tmp_path, Progress(quiet=True), workers=2)
    pids = {(tmp_path / "pid" / str(n) / "index.html").read_text() for n in range(200)}
    assert f"<p>{os.getpid()}</p>" in pids
    assert len(pids) == 2


def test_a_worker_that_dies_fails_the_render_instead_of_hanging(
    content: Path, tmp_path: Path
) -> None:
    app = site_app(content, TODAY)
    parent = os.getpid()

    @app.route("/fragile/<int:n>/")
    def fragile(n: int) -> str:
        if os.getpid() != parent:
            os._exit(1)  # as the kernel's OOM killer would end it
        time.sleep(0.01)
        return "<p>ok</p>"

    urls = [f"/fragile/{n}/" for n in range(100)]
    with pytest.raises(FreezeError, match="生成页面的进程意外退出"):
        render_into(app, urls, tmp_path, Progress(quiet=True), workers=2)


def test_a_worker_keeps_freezing_while_the_building_process_is_busy(
    content: Path, tmp_path: Path
) -> None:
    # A worker's batch report (links and ids: here ~100 KB) outgrows a pipe's buffer; if it
    # waited there until the building process finished its own slow batch, the worker
    # would freeze no more batches than the building process does.
    app = site_app(content, TODAY)
    parent = os.getpid()
    links = "".join(f'<a id="a{i}" href="/linked/{i}/">{i}</a>' for i in range(400))

    @app.route("/slow/<int:n>/")
    def slow(n: int) -> str:
        if os.getpid() == parent:
            time.sleep(0.05)
        return f"<p>{os.getpid()}</p>{links}"

    urls = [f"/slow/{n}/" for n in range(400)]
    render_into(app, urls, tmp_path, Progress(quiet=True), workers=2)
    pages = [(tmp_path / "slow" / str(n) / "index.html").read_text() for n in range(400)]
    by_parent = sum(page.startswith(f"<p>{parent}</p>") for page in pages)
    assert 0 < by_parent < len(pages) / 4


def test_pages_made_from_every_record_go_first_one_a_batch_most_work_first() -> None:
    light = [f"/penalties/2026-{n:04d}/" for n in range(40)]
    urls = ["/", *light[:20], "/data/penalties.csv", "/stats/", *light[20:], "/sitemap.xml"]
    urls += ["/data/", "/data/info.json", "/data/penalties.json"]
    batches = _batches(urls, 2, {"penalties": 1000, "info": 100, "subjects": 10})
    assert batches[:6] == [
        ["/data/penalties.json"],
        ["/data/penalties.csv"],
        ["/sitemap.xml"],
        ["/stats/"],
        ["/"],
        ["/data/info.json"],  # a small dataset's file weighs less than the home page
    ]
    # The data folder's own page is light: it is batched with the records' pages.
    assert "/data/" in [url for batch in batches[6:] for url in batch]
    assert sorted(url for batch in batches for url in batch) == sorted(urls)  # each once
    assert all(len(batch) <= 3 for batch in batches[6:])  # small enough to balance
