"""Render URLs of the site app into files, on every core, exactly as Frozen-Flask would.

Frozen-Flask renders one URL at a time with a new test client per URL. Here the URLs are
split across forked worker processes, and every response goes through the app's own WSGI
cycle with the environ a test client makes for it (base ``http://localhost/``): the bytes
are the ones the site app serves and a plain freeze writes. The request is made without
the test client, whose request and response wrappers cost a fifth of a page's render.
A URL ``/a/`` is written to ``a/index.html``, any other ``/a/b.xml`` to ``a/b.xml``; only
status 200 is accepted. Output order does not matter: each file depends on its URL alone.

While a page's bytes are in memory the worker also makes its report for the checks
(:mod:`admin.freeze.filecheck`: digest, leak guard, link facts), so the checks run on
every core without reading the tree again.
"""

from __future__ import annotations

import io
import multiprocessing
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from unicodedata import normalize

from flask import Flask
from flask.testing import EnvironBuilder

from admin.errors import GongshiError
from admin.freeze.filecheck import FileReport, inspect_file
from admin.freeze.workers import worker_count

#: URLs whose page lists a whole dataset (the open-data files).
HEAVY_PREFIXES = ("/data/",)
#: A path the test client passes on as it is: one absolute path of unreserved characters.
_PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9/._~-]*")
#: The app and base URL the forked workers render with (set before forking).
_APP: Flask | None = None
_BASE_URL = ""


class RenderError(GongshiError):
    """A URL did not answer 200; the message is for the user, in Chinese."""


def url_to_path(url: str) -> str:
    """Return the file a URL is frozen to, relative to the site root (Frozen-Flask's rule)."""
    if url.endswith("/"):
        url += "index.html"
    return normalize("NFC", url[1:])


def render_urls(
    app: Flask, urls: list[str], root: Path, base_url: str, workers: int | None = None
) -> Iterator[tuple[str, FileReport]]:
    """Write every URL's response under ``root``, yielding ``(relative path, report)``.

    Results come as batches finish, in URL order; a non-200 answer raises RenderError.
    """
    global _APP, _BASE_URL
    workers = worker_count() if workers is None else workers
    batches = _batches(urls, workers)
    _BASE_URL = base_url
    if workers <= 1 or len(urls) < 2:
        for batch in batches:
            yield from _render_batch(app, batch, root).items()
        return
    _APP = app
    try:
        # Fork: the workers share the loaded content and templates copy-on-write.
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            for result in pool.imap(_work, [(batch, str(root)) for batch in batches]):
                if isinstance(result, str):
                    pool.terminate()
                    raise RenderError(result)
                yield from result.items()
    finally:
        _APP = None


def _batches(urls: list[str], workers: int) -> list[list[str]]:
    """Cut ``urls`` into batches small enough to balance the workers' load.

    Data files hold a whole dataset each, seconds of work at county scale: they go
    first, one a batch, so that no core is left alone with one at the end.
    """
    heavy = [[url] for url in urls if url.startswith(HEAVY_PREFIXES)]
    light = [url for url in urls if not url.startswith(HEAVY_PREFIXES)]
    size = max(1, min(128, len(light) // (workers * 8)))
    return heavy + [light[start : start + size] for start in range(0, len(light), size)]


def _work(job: tuple[list[str], str]) -> dict[str, FileReport] | str:
    """Render one batch in a worker; return its reports, or the error message."""
    batch, root = job
    assert _APP is not None
    try:
        return _render_batch(_APP, batch, Path(root))
    except RenderError as exc:
        return str(exc)


def _render_batch(app: Flask, urls: Iterable[str], root: Path) -> dict[str, FileReport]:
    """Render ``urls`` through the app's WSGI cycle; return their files' reports."""
    reports = {}
    made: set[Path] = set()
    template = request_environ(app, "/")
    for url in urls:
        status, data = wsgi_get(app, url, template)
        if not status.startswith("200 "):
            raise RenderError(
                f"生成页面失败：{url} 返回了 {status}（只允许 200，不发布跳转或错误页面）"
            )
        relative = url_to_path(url)
        path = root / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
        reports[relative] = inspect_file(relative, data, _BASE_URL)
    return reports


def request_environ(app: Flask, url: str) -> dict:
    """Return the WSGI environ the app's test client makes for a GET of ``url``.

    As Frozen-Flask asks for it: with ``FREEZER_BASE_URL`` as the base (when unset, Flask
    derives it from ``SERVER_NAME``, ``APPLICATION_ROOT`` and ``PREFERRED_URL_SCHEME``).
    """
    builder = EnvironBuilder(
        app,
        path=url,
        base_url=app.config.get("FREEZER_BASE_URL"),
        environ_base=app.test_client().environ_base,  # the client's address and user agent
    )
    try:
        return builder.get_environ()
    finally:
        builder.close()


def wsgi_get(app: Flask, url: str, template: dict) -> tuple[str, bytes]:
    """Return the status line and body the app answers to a GET of ``url``."""
    if not template["SCRIPT_NAME"] and _PLAIN_PATH.fullmatch(url):
        # The test client's environ of such a URL differs from the template's only in
        # the path; any other (quoted, non-ASCII, with a query or a fragment, under a
        # script root) gets its own.
        environ = {**template, "PATH_INFO": url, "REQUEST_URI": url, "RAW_URI": url}
    else:
        environ = request_environ(app, url)
    environ["wsgi.input"] = io.BytesIO()
    answer: list[str] = []

    def start_response(status: str, headers: list, exc_info=None) -> None:
        answer.append(status)

    body = app(environ, start_response)
    try:
        data = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return answer[0], data
