"""Render URLs of the site app into files, on every core, exactly as Frozen-Flask would.

Frozen-Flask renders one URL at a time with a new test client per URL. Here the URLs are
split across forked worker processes, each with one test client for all its URLs; every
response goes through the same WSGI cycle (``client.get``, base ``http://localhost/``), so
the bytes are the ones the site app serves and a plain freeze writes. A URL ``/a/`` is
written to ``a/index.html``, any other ``/a/b.xml`` to ``a/b.xml``; only status 200 is
accepted. Output order does not matter: each file depends on its URL alone.

While a page's bytes are in memory the worker also makes its report for the checks
(:mod:`admin.build.filecheck`: digest, leak guard, link facts), so the checks run on
every core without reading the tree again.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from pathlib import Path
from unicodedata import normalize

from flask import Flask

from admin.build.filecheck import FileReport, inspect_file
from admin.build.workers import worker_count

#: URLs whose page lists a whole dataset (the open-data files).
HEAVY_PREFIXES = ("/data/",)
#: The app and base URL the forked workers render with (set before forking).
_APP: Flask | None = None
_BASE_URL = ""
_CLIENT = None


class RenderError(Exception):
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
    """Render ``urls`` with one test client; return their files' reports."""
    global _CLIENT
    if _CLIENT is None or _CLIENT.application is not app:
        _CLIENT = app.test_client()
    reports = {}
    made: set[Path] = set()
    for url in urls:
        response = _CLIENT.get(url, follow_redirects=False)
        if response.status_code != 200:
            raise RenderError(
                f"生成页面失败：{url} 返回了 {response.status}（只允许 200，不发布跳转或错误页面）"
            )
        relative = url_to_path(url)
        path = root / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = response.get_data()
        response.close()
        path.write_bytes(data)
        reports[relative] = inspect_file(relative, data, _BASE_URL)
    return reports
