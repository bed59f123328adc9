"""The parallel renderer writes exactly what a plain one-process Frozen-Flask freeze writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildsupport import TODAY, tree_bytes, write_content

from admin.build.freeze import FreezeError, freeze, plain_freeze, render_into, site_app
from admin.build.progress import Progress
from admin.build.render import url_to_path


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


def test_a_page_that_does_not_answer_200_fails_the_render(content: Path, tmp_path: Path) -> None:
    app = site_app(content, TODAY)

    @app.route("/moved/")
    def moved() -> tuple[str, int, dict[str, str]]:
        return "", 302, {"Location": "/"}

    urls = ["/", "/moved/", *["/stats/"] * 80]
    with pytest.raises(FreezeError, match="/moved/ 返回了 302"):
        render_into(app, urls, tmp_path, Progress(quiet=True), workers=2)


@pytest.mark.parametrize(
    ("url", "path"),
    [("/", "index.html"), ("/penalties/a/", "penalties/a/index.html"), ("/feed.xml", "feed.xml")],
)
def test_urls_map_to_files_as_frozen_flask_maps_them(url: str, path: str) -> None:
    assert url_to_path(url) == path
