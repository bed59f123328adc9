"""Freeze URLs of the site app into files with Frozen-Flask, one freezer per core.

Every page is written by Frozen-Flask's ``Freezer`` through its public API: a freezer
without its own URL sources (no static files, no argument-less rules, no ``url_for``
log) whose one registered generator yields the URLs it is given, frozen with
``freeze_yield`` into ``FREEZER_DESTINATION``. The URLs are cut into batches and
shared by the building process and forked workers, one process per core; each makes its
own freezer once and freezes every batch it takes with it, so the site app is asked
exactly as a plain freeze asks (a test client per URL) and writes the same bytes. Only
status 200 is accepted. Output order does not matter: each file depends on its URL
alone. Frozen-Flask leaves a file whose bytes did not change untouched, as an
incremental build wants.

After each page the freezer yields, its worker reads the file just written (still in
the page cache) and makes its report for the checks (:mod:`admin.freeze.filecheck`:
digest, leak guard, link facts), so the checks run on every core and the tree is not
read again afterwards.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
import warnings
from collections.abc import Generator, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from unicodedata import normalize

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from admin.errors import GongshiError
from admin.freeze.filecheck import FileReport, inspect_file
from admin.freeze.workers import die_with_parent, worker_count
from admin.site.content import DATASETS
from admin.site.fragments import Fragments
from admin.site.views.helpers import SITE_KEY

#: Where the open-data files are, each made from every record of its dataset.
DATA_PREFIX = "/data/"
#: Work per record of an open-data file, by suffix, against a CSV row's.
DATA_WEIGHTS = {".csv": 1.0, ".json": 1.3}
#: Other pages made from every record (every URL, figures, the newest records), with their
#: work per record of the site against a CSV row's: measured at county scale (#16: the
#: decisions' CSV 1.8 s, JSON 2.3 s, the sitemap 1.7 s, /stats/ 0.75 s, / 0.36 s, the
#: feed 0.24 s).
HEAVY_URLS = {"/sitemap.xml": 0.7, "/stats/": 0.3, "/": 0.15, "/feed.xml": 0.1}
#: Where an app keeps its freezer.
_FREEZER_KEY = "gongshi.freezer"
#: The app, base URL and batches the processes freeze (set before forking).
_APP: Flask | None = None
_BASE_URL = ""
_BATCHES: list[list[str]] = []


#: What a worker's relay passes on: a batch's reports, an error, None when the worker is
#: done, or ``_DIED`` when its pipe closed before it said so.
_Message = dict[str, FileReport] | str | None
_DIED = "生成页面失败：一个生成页面的进程意外退出（可能是内存不足）"


class RenderError(GongshiError):
    """A URL did not answer 200; the message is for the user, in Chinese."""


class _BatchFreezer:
    """One process's Frozen-Flask freezer, fed one batch of URLs at a time."""

    def __init__(self, app: Flask) -> None:
        self.batch: list[str] = []
        self.app = app
        self.freezer = Freezer(
            app, with_static_files=False, with_no_argument_rules=False, log_url_for=False
        )
        self.freezer.register_generator(lambda: iter(self.batch))

    @property
    def fragments(self) -> Fragments:
        """The records' entries the site's views use (set anew by each build)."""
        return self.app.extensions[SITE_KEY].fragments

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
                    # Store the records' entries a whole-dataset file used (site.fragments).
                    self.fragments.keep()
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

    Results come as batches finish; a non-200 answer raises RenderError.
    """
    global _APP, _BASE_URL, _BATCHES
    app.config["FREEZER_DESTINATION"] = str(root.resolve())
    workers = worker_count() if workers is None else workers
    site = app.extensions.get(SITE_KEY)
    sizes = {name: len(site.all(name)) for name in DATASETS} if site is not None else {}
    batches = _batches(urls, workers, sizes)
    _BASE_URL = base_url
    if workers <= 1 or len(urls) < 2:
        for batch in batches:
            yield from freezer_of(app).freeze(batch, base_url).items()
        return
    _APP, _BATCHES = app, batches
    try:
        yield from _freeze_shared(workers - 1)
    finally:
        _APP, _BATCHES = None, []


def _freeze_shared(helpers: int) -> Iterator[tuple[str, FileReport]]:
    """Freeze ``_BATCHES`` in this process and ``helpers`` forked ones, each taking the next.

    The parent freezes too rather than waiting on a pool of one worker per core: the
    forked workers share the loaded content copy-on-write, but CPython's reference counts
    write to every object a page touches, so each process that renders ends up with a
    copy of nearly all of it (#16: three copies, 2.6 GiB, at 100,000 decisions with two
    forked workers beside an idle parent). With the parent working there are as many
    copies as cores. A batch is taken under a shared counter, so whoever is free takes it.
    """
    context = multiprocessing.get_context("fork")
    taken = context.Value("q", 0)
    # Set aside what every process starts with: the collection after each batch then walks
    # only the test clients' leftovers, not the content (see ``_work``).
    gc.freeze()
    # Each worker's results are read by a thread as they come: a worker whose result waited
    # in a full pipe until this process finished its own batch would idle half the time.
    results: queue.SimpleQueue[_Message] = queue.SimpleQueue()
    processes = []
    try:
        for _ in range(helpers):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_serve, args=(taken, sender, os.getpid()), daemon=True)
            process.start()
            sender.close()
            threading.Thread(target=_relay, args=(receiver, results), daemon=True).start()
            processes.append(process)
        working = helpers
        while (index := _take(taken)) is not None:
            yield from _result(_work(_BATCHES[index]))
            while not results.empty():
                working -= yield from _handle(results.get())
        while working:
            working -= yield from _handle(results.get())
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join()
        gc.unfreeze()


def _relay(receiver: Connection, results: queue.SimpleQueue[_Message]) -> None:
    """Pass a worker's results on until it is done or gone (a thread of the parent)."""
    while True:
        try:
            message: _Message = receiver.recv()
        except EOFError:
            results.put(_DIED)
            return
        results.put(message)
        if message is None:
            return


def _handle(message: _Message) -> Generator[tuple[str, FileReport], None, int]:
    """Yield a batch's reports or raise its error; return 1 when a worker is done."""
    if message is None:
        return 1
    yield from _result(message)
    return 0


def _take(taken: Any) -> int | None:
    """Return the index of the next batch nobody has taken, or None when all are."""
    with taken.get_lock():
        index: int = taken.value
        if index >= len(_BATCHES):
            return None
        taken.value = index + 1
    return index


def _serve(taken: Any, sender: Connection, parent: int) -> None:
    """Freeze batches in a forked worker until none is left; send each result, then None."""
    die_with_parent(parent)
    while os.getppid() == parent and (index := _take(taken)) is not None:
        result = _work(_BATCHES[index])
        sender.send(result)
        if isinstance(result, str):
            break
    sender.send(None)
    sender.close()


def _result(result: dict[str, FileReport] | str) -> Iterator[tuple[str, FileReport]]:
    """Yield a batch's reports, or raise the error a worker met."""
    if isinstance(result, str):
        raise RenderError(result)
    yield from result.items()


def _batches(urls: list[str], workers: int, sizes: dict[str, int]) -> list[list[str]]:
    """Cut ``urls`` into batches small enough to balance the workers' load.

    The open-data files hold a whole dataset each, seconds of work at county scale, and
    the sitemap, figures, home page and feed read every record: they go first, one a
    batch, the most work first (``sizes`` is each dataset's record count), so that no
    core is left alone with one at the end.
    """
    heavy = sorted(
        (url for url in urls if _heavy_work(url, sizes)),
        key=lambda url: -_heavy_work(url, sizes),
    )
    taken = set(heavy)
    light = [url for url in urls if url not in taken]
    size = max(1, min(128, len(light) // (workers * 8)))
    return [[url] for url in heavy] + [light[at : at + size] for at in range(0, len(light), size)]


def _heavy_work(url: str, sizes: dict[str, int]) -> float:
    """Return how much work the page at ``url`` takes in CSV rows, or 0 for a light page."""
    if url in HEAVY_URLS:
        return HEAVY_URLS[url] * sum(sizes.values())
    stem, dot, suffix = url.removeprefix(DATA_PREFIX).rpartition(".")
    if url.startswith(DATA_PREFIX) and dot and "/" not in stem:
        return DATA_WEIGHTS.get(f".{suffix}", 1.0) * sizes.get(stem, 0)
    return 0.0


def _work(batch: list[str]) -> dict[str, FileReport] | str:
    """Freeze one batch; return its reports, or the error message.

    Frozen-Flask's test client leaves reference cycles behind (Flask makes a response
    class for each client), which the build's paused collector would keep: 4 KB a page,
    +32 MiB against the old renderer's +17 MiB over 3,000 pages in one worker. So what
    every process started with is set aside (``gc.freeze`` before forking, which moves no
    object and so copies no shared page) and each collects after each batch: +19 MiB.
    What survives a collection is set aside too: the building process keeps every page's
    report, and collecting walked all of them after each of its batches, which grew with
    the square of the site (#16: 11 % of a scale-0.2 build's CPU, most of the building
    process's time at scale 1.0).
    """
    assert _APP is not None
    try:
        return freezer_of(_APP).freeze(batch, _BASE_URL)
    except RenderError as exc:
        return str(exc)
    finally:
        gc.collect()
        gc.freeze()
