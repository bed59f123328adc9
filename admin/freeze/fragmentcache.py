"""Records' entries in the whole-dataset files, kept beside the trees' states between builds.

The open-data CSV and JSON and the sitemap are rendered from every listed record; a
rebuild after one publish re-renders them for one new record. The entries earlier builds
made (:mod:`admin.site.fragments`) are stored like the parse cache and the converted
Markdown (:mod:`admin.content.memofile`, JSON), one file per memo
(``fragments-<memo>.json``), under the build's site key, which changes with the code, the
theme, ``site.toml`` and the reference datasets: entries from other code are never used.
Each entry is filed under its record's digest (:func:`incremental.record_digests`), so an
edited record's entry is made again. The render worker that writes a file reads and
writes its memo, so the build's own process never holds them. A planted entry can change
what a data file says, never run code, and the leak guard still reads every written file.
"""

from __future__ import annotations

from pathlib import Path

from admin.content.memofile import load_memo, save_memo
from admin.freeze.incremental import FRAGMENT_CACHE_PREFIX, record_digests, state_dir
from admin.site.content import Site
from admin.site.fragments import Fragments


def remember_fragments(site: Site, key: str, out: Path) -> None:
    """Let ``site``'s views use and keep the memos of builds of ``out`` with site key ``key``."""
    folder = state_dir(out)

    def path(memo: str) -> Path:
        return folder / f"{FRAGMENT_CACHE_PREFIX}{memo}.json"

    def save(memo: str, entries: dict[str, str]) -> None:
        save_memo(path(memo), key, entries)

    site.fragments = Fragments(record_digests(site), lambda memo: load_memo(path(memo), key), save)


def forget_fragments(site: Site) -> None:
    """Stop using the memos (the pages are rendered)."""
    site.fragments = Fragments()
