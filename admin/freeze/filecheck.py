"""What the checks need to know of one built file, learnt from its bytes in one reading.

A file's report holds its SHA-256 (for the manifest and the incremental state), the leak
guard's findings and, for pages, stylesheets and XML, its link facts. The freezing
workers read each page right after Frozen-Flask wrote it (still in the page cache) and
make its report, so the checks run on every core and the tree is not read again; files
Frozen-Flask did not write (the search index) are read once here. An incremental build
keeps the reports of unchanged files.
"""

from __future__ import annotations

import hashlib
import multiprocessing.pool
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple, TypeVar

from admin.freeze.leakguard import (
    MEDIA_SUFFIXES,
    LeakFinding,
    known_public,
    public_numbers,
    scan_located,
)
from admin.freeze.links import PageFacts, page_facts
from admin.freeze.workers import parallel_map

T = TypeVar("T")


class FileReport(NamedTuple):
    """One built file: its digest, the leak guard's lines about it, its link facts.

    Named tuples, not dataclasses: the build state keeps tens of thousands of them, and
    tuples are built and compared several times faster.
    """

    digest: str
    leaks: tuple[str, ...] = ()
    facts: PageFacts | None = None


def inspect_file(relative: str, data: bytes, base_url: str, digest: str = "") -> FileReport:
    """Return the report of the file ``relative`` of the tree, whose bytes are ``data``.

    ``digest`` is the SHA-256 of ``data`` when the caller has it already.
    """
    name = posixpath.basename(relative)
    leaks: tuple[str, ...] = ()
    if posixpath.splitext(name)[1].lower() not in MEDIA_SUFFIXES:
        leaks = tuple(
            f"{found.path}\t{found.kind}\t{found.masked}" + (f"\t{found.where}" * bool(found.where))
            for found in (LeakFinding(relative, *hit) for hit in scan_located(data, name))
        )
    digest = digest or hashlib.sha256(data).hexdigest()
    return FileReport(digest, leaks, page_facts(relative, data, base_url))


def inspect_files(
    root: Path,
    names: list[str],
    base_url: str,
    known: dict[str, FileReport] | None = None,
    workers: multiprocessing.pool.Pool | None = None,
) -> dict[str, FileReport]:
    """Read the files ``names`` of ``root`` and return their reports, on every core.

    A file whose bytes still have the digest of its ``known`` report keeps that report
    (same bytes, same findings) without being scanned again. Equal link facts are shared.
    ``workers``, when given, is a pool forked before the build loaded its content: a
    pool forked now would copy the building process's page tables (1.7 GB at county
    scale) twice over for a second's work.
    """
    known = known or {}
    # Every 64th file in a slice, not 64 runs of neighbours: a rebuilt search shard's
    # index files lie together and take most of the time (a county's 84 of 1,878 files,
    # 1.1 s), and in a few neighbouring slices they kept one core busy alone (#16).
    count = min(64, len(names))
    slices = [names[start::count] for start in range(count)]
    public = known_public()  # a pool forked before the build set them does not know them
    jobs = [
        (root, part, base_url, {n: known[n] for n in part if n in known}, public) for part in slices
    ]
    pool = ReportPool()
    if len(names) <= 256:
        parts: Iterable[dict[str, FileReport]] = map(_inspect_slice, jobs)
    elif workers is not None:
        parts = workers.map(_inspect_slice, jobs)
    else:
        parts = parallel_map(_inspect_slice, jobs)
    return {name: pool.share(report) for part in parts for name, report in part.items()}


def _inspect_slice(
    job: tuple[Path, list[str], str, dict[str, FileReport], frozenset[str]],
) -> dict[str, FileReport]:
    """Report on one slice of files (in a worker process)."""
    root, names, base_url, known, public = job
    reports = {}
    with public_numbers(public):
        for name in names:
            data = (root / name).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            before = known.get(name)
            if before is not None and before.digest == digest:
                reports[name] = before
            else:
                reports[name] = inspect_file(name, data, base_url, digest)
    return reports


class ReportPool:
    """Share equal values among reports, so that thousands of pages cost little to keep.

    Pages repeat the same links (menus, footers, assets) and ids; stored once each, the
    build state stays small (admin.freeze.statefile writes a shared value only once).
    """

    def __init__(self) -> None:
        self._values: dict[object, object] = {}

    def share(self, report: FileReport) -> FileReport:
        """Return ``report`` with its link facts made of shared values."""
        facts = report.facts
        if facts is None:
            return report
        links = tuple(self._one(link) for link in facts.links)
        ids = self._one(frozenset(self._one(value) for value in facts.ids))
        return FileReport(report.digest, report.leaks, PageFacts(ids, links, facts.problems))

    def _one(self, value: T) -> T:
        return self._values.setdefault(value, value)  # type: ignore[return-value]
