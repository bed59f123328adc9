"""Index the staged site for Chinese search with Pagefind, one index per shard.

Pagefind indexes a search-only copy of each listed page (:mod:`admin.freeze.searchtext`),
never the public pages themselves, in the disjoint shards of :mod:`admin.freeze.shards`.
The search page merges the shards a query needs (all of them, a section's, a year's, or
one) with Pagefind's ``mergeIndex``, which shares the first shard's WebAssembly module,
newest first and batch by batch, until it has a page of results (``site/static/search.js``).
Filters are the choice of shards, not ``data-pagefind-filter``: Pagefind 1.5.2 writes its
filter files in a different order on each run, and a build must be a pure function of its
inputs. ``search/index/bundles.json`` lists the shards, sections and years.

Only the pages of a shard whose digest changed are indexed again, so changing one record's
text re-indexes one shard; its other pages' copies are remembered
(:mod:`admin.freeze.copycache`). Pagefind runs at most twice at once, largest shard first,
with a cap on the pages indexed at the same time so that the peak memory stays bounded.
Pagefind numbers pages in the order it gets them, so it is given the copies through its
service mode in the order of their paths (:mod:`admin.freeze.pagefindservice`),
never as files whose order the file system would choose.
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import multiprocessing.pool
import os
import shutil
import sys
import threading
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from admin.content.memofile import code_version
from admin.errors import GongshiError
from admin.freeze import searchtext
from admin.freeze.copycache import (
    Copies,
    copy_cache_path,
    load_copies,
    prune_copies,
    save_copies,
)
from admin.freeze.pagefindservice import PagefindServiceError, index_pages
from admin.freeze.progress import Progress
from admin.freeze.searchtext import GAP, page_text, spaced
from admin.freeze.shards import (
    COPY_FORMAT,
    Candidate,
    candidates,
    listing,
    shard_digest,
    shards,
)
from admin.site.content import Site

#: Where the indexes go inside the site.
INDEX_DIR = "search/index"
#: The file in ``INDEX_DIR`` that lists the shards, sections and years.
BUNDLES_FILE = "bundles.json"
#: At most this many Pagefind processes at once (the build machine has two cores).
PAGEFIND_PROCESSES = 2
#: Pages two Pagefind runs may index at the same time; a larger shard runs alone. Pagefind
#: holds up to ≈ 225 KB per page of these copies (decisions; measured at N = 10,000: 4,067
#: decisions in one run peaked at 903 MiB), so this keeps Pagefind under ≈ 670 MiB and the
#: build, with its own ≈ 300 MiB at county scale, under 1 GiB.
PAGES_AT_ONCE = 3000
#: What a remembered search copy was made by: the parsing (Lexbor's version, Python's
#: Unicode tables for NFKC and categories), this module's ``search_copy`` and the format.
_COPY_VERSION = code_version(
    searchtext,
    code_version(
        sys.modules[__name__],
        f"{COPY_FORMAT} {version('selectolax')} {unicodedata.unidata_version}",
    ),
)
#: Pagefind files the search page never loads.
_UNUSED_FILES = (
    "pagefind-ui",
    "pagefind-component-ui",
    "pagefind-modular-ui",
    "pagefind-highlight",
)


class SearchIndexError(GongshiError):
    """Pagefind failed; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class SearchPage:
    """One page to index: where it is, what it says, where it files."""

    path: str
    title: str
    blocks: tuple[str, ...]
    section: str
    year: str


def searchable_pages(root: Path, members: Iterable[Candidate]) -> list[SearchPage]:
    """Read and parse ``members`` in ``root``; return those with text and without noindex."""
    read = ((member, (root / member.path).read_bytes()) for member in members)
    return [page for member, data in read if (page := _parsed(member, data)) is not None]


def _parsed(member: Candidate, data: bytes) -> SearchPage | None:
    """Parse ``data``, the bytes of ``member``; None when it has no text or is noindex."""
    found = page_text(data)
    if found.noindex or not found.blocks:
        return None
    blocks = tuple(found.blocks)
    return SearchPage(member.path, found.title, blocks, member.section, member.year)


def index_site(
    root: Path,
    site: Site,
    files: dict[str, str],
    progress: Progress | None = None,
    *,
    writers: multiprocessing.pool.Pool,
    previous: dict[str, str] | None = None,
) -> dict[str, str]:
    """Write the search shards and ``bundles.json`` into ``root``; return each shard's digest.

    ``files`` maps every file of the tree (relative posix path) to its SHA-256 as the render
    wrote it. ``previous`` maps the shards already in ``root`` to their digests: those
    unchanged are kept without reading their pages, the others are rebuilt, and folders no
    longer needed are removed (an incremental build's idle tree). A shard whose pages all
    turn out empty gets no folder and no digest. ``writers`` is the process pool that
    reads the pages and hands their search copies to Pagefind
    (:func:`admin.freeze.workers.forked_pool`); the copies go to Pagefind through a pipe,
    not through files.
    """
    return plan_index(root, site, files, previous).run(writers, progress)


@dataclass
class IndexPlan:
    """The shards of one tree's search index, and which of them must be (re)built.

    :func:`plan_index` makes it (Python work in the building process); :meth:`run` has
    Pagefind build the stale shards (work in other processes), so the building process
    may do something else meanwhile.
    """

    target: Path
    root: Path
    members: dict[str, list[Candidate]]
    digests: dict[str, str]
    #: Shards to build, largest first; the others are in ``target`` already, unchanged.
    stale: list[str]
    #: The digest of each page the render wrote (relative path), as :func:`index_site` takes.
    files: dict[str, str] = field(default_factory=dict)
    #: The state folder remembering each shard's copies (:mod:`admin.freeze.copycache`).
    copies: Path | None = None
    #: Whether copies remembered are used, not only made and remembered (not in a full
    #: build, which makes everything again from the pages).
    reuse_copies: bool = True

    @property
    def kept(self) -> set[str]:
        """The shards left as they were: their folders and files are untouched by :meth:`run`."""
        return set(self.members) - set(self.stale)

    def run(
        self, writers: multiprocessing.pool.Pool, progress: Progress | None = None
    ) -> dict[str, str]:
        """Build the stale shards and write ``bundles.json``; return each shard's digest."""
        from pagefind_bin import get_executable

        executable = get_executable()
        progress = progress or Progress(quiet=True)
        members = self.members
        slots = _Slots(PAGES_AT_ONCE, {name: len(members[name]) for name in self.stale})

        # Reading pages and making their copies is Python work: it runs in worker processes,
        # while the threads only wait for them. A build passes workers it forked before
        # loading the content, so they do not carry its memory beside Pagefind's.
        def index_one() -> str:
            name = slots.take()
            try:
                pages = members[name]
                remembered = None
                if self.copies is not None:
                    digests = {page.path: self.files[page.path] for page in pages}
                    path = copy_cache_path(self.copies, name)
                    remembered = (path, digests, self.reuse_copies)
                job = (self.root, pages, executable, self.target / name, remembered)
                writers.apply(_index_shard, job)
            finally:
                slots.give(name)
            return name

        # Each shard is written by its own Pagefind process into its own folder, so the
        # order they finish in changes nothing in the output.
        with ThreadPoolExecutor(max_workers=PAGEFIND_PROCESSES) as pool:
            jobs = [pool.submit(index_one) for _ in self.stale]
            for job in progress.track(as_completed(jobs), "建立搜索索引", len(jobs)):
                job.result()
        if self.copies is not None:
            prune_copies(self.copies, members)
        counts = {name: _page_count(self.target / name) for name in sorted(members)}
        counts = {name: count for name, count in counts.items() if count}
        text = json.dumps(listing(counts, members), ensure_ascii=False, indent=1, sort_keys=True)
        (self.target / BUNDLES_FILE).write_text(text + "\n", encoding="utf-8")
        return {name: self.digests[name] for name in counts}


def plan_index(
    root: Path,
    site: Site,
    files: dict[str, str],
    previous: dict[str, str] | None = None,
    copies: Path | None = None,
    reuse_copies: bool = True,
) -> IndexPlan:
    """Cut the tree ``root`` into shards and remove the folders of those stale or gone.

    ``files`` and ``previous`` are as :func:`index_site` takes them; ``copies``, when
    given, is the state folder where each shard's search copies are remembered, used
    with ``reuse_copies``.
    """
    previous = previous or {}
    members = shards(candidates(site, files))
    digests = {name: shard_digest(name, pages, files) for name, pages in members.items()}
    target = root / INDEX_DIR
    target.mkdir(parents=True, exist_ok=True)
    for folder in sorted(target.iterdir()):
        if folder.is_dir() and previous.get(folder.name, "") != digests.get(folder.name):
            shutil.rmtree(folder)  # stale or gone: rebuilt below from nothing, or dropped
    stale = [name for name in sorted(members) if not (target / name).is_dir()]
    return IndexPlan(target, root, members, digests, stale, files, copies, reuse_copies)


def written_by_indexing(relative: str, shards: Collection[str]) -> bool:
    """Tell whether indexing ``shards`` (re)wrote the tree file ``relative``.

    Indexing writes the shards' own folders and ``bundles.json`` in the index folder.
    """
    if not relative.startswith(f"{INDEX_DIR}/"):
        return False
    parts = relative.split("/")
    return len(parts) == 3 or parts[2] in shards  # bundles.json, or a shard's file


def _index_shard(
    root: Path,
    members: list[Candidate],
    executable: Path,
    output: Path,
    remembered: tuple[Path, dict[str, str], bool] | None = None,
) -> int:
    """Index the search copies of one shard's pages into ``output``; return how many.

    Pages without text make no index, and no folder. With ``remembered`` (where the
    shard's copies are kept, each page's digest as its report says, and whether a copy
    remembered may be used), a page whose digest is the one its remembered copy was made
    from is not read; the copies made are remembered after, each with the digest of the
    bytes it was made from: a page that differs from its report (edited in the tree by
    hand) never lends its copy to the page the report describes.
    """
    path, digests, reuse = remembered or (None, {}, False)
    known = load_copies(path, _COPY_VERSION) if path is not None and reuse else {}
    kept: Copies = {}
    for member in members:
        entry = known.get(member.path)
        if entry is None or entry[0] != digests[member.path]:
            data = (root / member.path).read_bytes()
            page = _parsed(member, data)
            copy = search_copy(page) if page is not None else None
            # Hashed only to be remembered: without a state folder nothing is.
            entry = (hashlib.sha256(data).hexdigest() if path is not None else "", copy)
        kept[member.path] = entry
    copies = [(name, copy) for name, (_, copy) in kept.items() if copy is not None]
    if copies:
        _run_pagefind(executable, iter(copies), output)
    if path is not None:
        save_copies(path, _COPY_VERSION, kept)
    return len(copies)


class _Slots:
    """Hand out shards largest first, never more than ``limit`` pages indexed at once.

    Pagefind's memory grows with the pages it indexes; two large shards side by side
    would add up. A shard larger than ``limit`` runs alone; meanwhile nothing else starts.
    """

    def __init__(self, limit: int, sizes: dict[str, int]) -> None:
        self._limit = limit
        self._sizes = sizes
        self._waiting = sorted(sizes, key=lambda name: (-sizes[name], name))
        self._busy = 0
        self._running = 0
        self._condition = threading.Condition()

    def take(self) -> str:
        """Wait for and return the largest waiting shard that fits beside the running ones."""
        with self._condition:
            while True:
                for name in self._waiting:
                    size = self._sizes[name]
                    if self._running == 0 or self._busy + size <= self._limit:
                        self._waiting.remove(name)
                        self._busy += size
                        self._running += 1
                        return name
                self._condition.wait()

    def give(self, name: str) -> None:
        """Mark ``name`` done, letting a waiting shard start."""
        with self._condition:
            self._busy -= self._sizes[name]
            self._running -= 1
            self._condition.notify_all()


def _page_count(folder: Path) -> int:
    """Return how many pages the shard in ``folder`` holds, as Pagefind recorded it."""
    entry = folder / "pagefind-entry.json"
    if not entry.is_file():
        return 0
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    return sum(language["page_count"] for language in languages.values())


#: Below this much free room a Pagefind output that does not parse means a full disk.
_LOW_ROOM = 4 * 1024 * 1024


def _check_complete(output: Path) -> None:
    """Refuse an index without a readable entry file (a full disk, or a Pagefind change)."""
    entry = output / "pagefind-entry.json"
    try:
        json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        if shutil.disk_usage(output).free < _LOW_ROOM:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(entry)) from None
        message = f"搜索索引：Pagefind 的输出不完整（{entry.name} 无法读取）"
        raise SearchIndexError(message) from None


def search_copy(page: SearchPage) -> str:
    """Return the search-only copy of ``page``: real title as metadata, spaced text indexed."""
    body = f" {GAP} ".join(spaced(block) for block in page.blocks)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(page.title)}</title></head><body><main data-pagefind-body>"
        f'<p data-pagefind-ignore><span data-pagefind-meta="title">{html.escape(page.title)}'
        f"</span></p><p>{html.escape(body)}</p></main></body></html>\n"
    )


def _run_pagefind(executable: Path, pages: Iterator[tuple[str, str]], output: Path) -> None:
    """Index ``pages`` (path, copy), in this order, into ``output``, without the UI files."""
    try:
        files = index_pages(executable, pages)
    except PagefindServiceError as exc:
        raise SearchIndexError(f"搜索索引：{exc.message}") from None
    for relative, data in sorted(files.items()):
        # The playground is only made on request; left out should a default change.
        if relative.startswith(_UNUSED_FILES) or relative.startswith("playground/"):
            continue
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    _check_complete(output)
