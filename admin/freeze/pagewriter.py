"""Freeze URLs of the site app into files with Frozen-Flask, one freezer per core.

Every page is written by Frozen-Flask's ``Freezer`` through its public API: a freezer
without its own URL sources (no static files, no argument-less rules, no ``url_for``
log) whose one registered generator yields the URLs it is given, frozen with
``freeze_yield`` into ``FREEZER_DESTINATION``. The URLs are cut into batches and
shared by forked worker processes; each process makes its own freezer once and freezes
every batch it takes with it, so the site app is asked exactly as a plain freeze asks
(a test client per URL) and writes the same bytes. Only status 200 is accepted. Output
order does not matter: each file depends on its URL alone. Frozen-Flask leaves a file
whose bytes did not change untouched, as an incremental build wants.

After each page the freezer yields, its worker reads the file just written (still in
the page cache) and makes its report for the checks (:mod:`admin.freeze.filecheck`:
digest, leak guard, link facts), so the checks run on every core and the tree is not
read again afterwards.
"""

from __future__ import annotations

import gc
import multiprocessing
import warnings
from collections.abc import Iterator
from pathlib import Path
from unicodedata import normalize

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from admin.errors import GongshiError
from admin.freeze.filecheck import FileReport, inspect_file
from admin.freeze.workers import worker_count

#: URLs whose page lists a whole dataset (the open-data files).
HEAVY_PREFIXES = ("/data/",)
#: Where an app keeps its freezer.
_FREEZER_KEY = "gongshi.freezer"
#: The app and base URL the forked workers freeze with (set before forking).
_APP: Flask | None = None
_BASE_URL = ""


class RenderError(GongshiError):
    """A URL did not answer 200; the message is for the user, in Chinese."""


class _BatchFreezer:
    """One process's Frozen-Flask freezer, fed one batch of URLs at a time."""

    def __init__(self, app: Flask) -> None:
        self.batch: list[str] = []
        self.freezer = Freezer(
            app, with_static_files=False, with_no_argument_rules=False, log_url_for=False
        )
        self.freezer.register_generator(lambda: iter(self.batch))

    def freeze(self, urls: list[str], base_url: str) -> dict[str, FileReport]:
        """Freeze ``urls``; return the report of each file written, by relative path."""
        self.batch = urls
        root = self.freezer.root
        reports = {}
        try:
            with warnings.catch_warnings():
                # URLs come as paths: Frozen-Flask cannot tell which endpoints they reached.
                warnings.simplefilter("ignore", MissingURLGeneratorWarning)
                for page in self.freezer.freeze_yield():
                    relative = page.path.as_posix()
                    data = (root / relative).read_bytes()
                    reports[relative] = inspect_file(relative, data, base_url)
        except ValueError as exc:
            raise RenderError(f"生成页面失败：{explain(exc)}") from None
        finally:
            self.batch = []
        return reports


def freezer_of(app: Flask) -> _BatchFreezer:
    """Return the freezer of ``app``, made on first use and kept with the app.

    One per app: each ``Freezer`` adds a hook to the app's ``url_for``. A forked worker
    works on its own copy of the app, and so of the freezer.
    """
    if _FREEZER_KEY not in app.extensions:
        app.extensions[_FREEZER_KEY] = _BatchFreezer(app)
    return app.extensions[_FREEZER_KEY]


def explain(exc: ValueError) -> str:
    """Turn Frozen-Flask's status error into a Chinese sentence naming the URL."""
    text = str(exc)
    if text.startswith("Unexpected status"):
        # "Unexpected status '302 FOUND' on URL /x/": keep the status and the URL.
        status, _, url = text.removeprefix("Unexpected status ").partition(" on URL ")
        return f"{url} 返回了 {status.strip(chr(39))}（只允许 200，不发布跳转或错误页面）"
    return text


def url_to_path(url: str) -> str:
    """Return the file a URL is frozen to, relative to the site root (Frozen-Flask's rule)."""
    if url.endswith("/"):
        url += "index.html"
    return normalize("NFC", url[1:])


def freeze_urls(
    app: Flask, urls: list[str], root: Path, base_url: str, workers: int | None = None
) -> Iterator[tuple[str, FileReport]]:
    """Freeze every URL into ``root``, yielding ``(relative path, report)``.

    Results come as batches finish, in URL order; a non-200 answer raises RenderError.
    """
    global _APP, _BASE_URL
    app.config["FREEZER_DESTINATION"] = str(root.resolve())
    workers = worker_count() if workers is None else workers
    batches = _batches(urls, workers)
    _BASE_URL = base_url
    if workers <= 1 or len(urls) < 2:
        for batch in batches:
            yield from freezer_of(app).freeze(batch, base_url).items()
        return
    _APP = app
    try:
        # Fork: the workers share the loaded content and templates copy-on-write.
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=gc.freeze) as pool:
            for result in pool.imap(_work, batches):
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


def _work(batch: list[str]) -> dict[str, FileReport] | str:
    """Freeze one batch in a worker; return its reports, or the error message.

    Frozen-Flask's test client leaves reference cycles behind (Flask makes a response
    class for each client), which the build's paused collector would keep: 4 KB a page,
    +32 MiB against the old renderer's +17 MiB over 3,000 pages in one worker. So each
    worker sets what it inherited aside (``gc.freeze`` as it starts, which moves no
    object and so copies no shared page) and collects after each batch: +19 MiB, for
    under 1 % of the worker's time.
    """
    assert _APP is not None
    try:
        return freezer_of(_APP).freeze(batch, _BASE_URL)
    except RenderError as exc:
        return str(exc)
    finally:
        gc.collect()
