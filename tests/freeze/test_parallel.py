"""The parallel renderer writes exactly what a plain one-process Frozen-Flask freeze writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildsupport import TODAY, tree_bytes, write_content
from flask import request

from admin.freeze.freeze import FreezeError, freeze, plain_freeze, render_into, site_app
from admin.freeze.pagewriter import request_environ, url_to_path, wsgi_get
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


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"SERVER_NAME": "www.example.gov.cn", "PREFERRED_URL_SCHEME": "https"},
        {"APPLICATION_ROOT": "/sub"},
        {"FREEZER_BASE_URL": "https://www.example.gov.cn/site/"},
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/stats/",
        "/echo/plain/",
        "/echo/%E5%85%AC%E7%A4%BA/",
        "/echo/公示/",
        "/echo/q/?a=1&b=%E5%85%AC",
        "/echo/a#b/",
        "//echo/x/",
    ],
)
def test_the_renderer_makes_the_request_frozen_flasks_client_makes(
    content: Path, url: str, config: dict[str, str]
) -> None:
    app = site_app(content, TODAY)
    app.config.update(config)

    @app.route("/echo/<path:rest>")
    def echo(rest: str) -> str:
        seen = (rest, request.path, request.full_path, request.url, request.remote_addr)
        return repr((*seen, request.user_agent.string, sorted(request.args.items())))

    status, body = wsgi_get(app, url, request_environ(app, "/"))
    # As Frozen-Flask asks: the app's test client, with FREEZER_BASE_URL as the base.
    expected = app.test_client().get(url, base_url=app.config.get("FREEZER_BASE_URL"))
    assert (status, body) == (expected.status, expected.get_data())
