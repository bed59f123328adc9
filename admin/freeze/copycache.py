"""Search copies remembered between builds, one file per shard, by each page's digest.

A shard is indexed again from nothing whenever one of its pages changes: Pagefind has no
incremental mode. Reading and parsing the shard's other pages again for their search
copies took a third of that (1.1 of 2.8 s for the 1,700 pages of a county's month of
decisions, #16). A page's copy follows from its bytes alone (with the code that makes
it, which the version the caller gives stands for), and the build knows each page's
digest from its report: a page whose digest is the one its copy was made from takes the
copy remembered. Each copy is remembered with the digest of the bytes it was made from,
never the report's; a full build makes every copy again. Each shard's file holds only
its own pages and is written by the process that indexed it; files of shards no longer
in the index are removed (:func:`prune_copies`). Anyone who may write the state folder
may change what search finds, as with the other memos there: the leak guard still reads
every index file the build writes.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from admin.content.memofile import load_json, save_json

#: The state folder's files of remembered copies start so (``incremental.prune_states``).
COPY_CACHE_PREFIX = "search-copies-"

#: What one shard remembers: each page's path, with the digest of the bytes its copy was
#: made from and the copy (None: a page without text, or ``noindex``).
Copies = dict[str, tuple[str, str | None]]


def copy_cache_path(folder: Path, shard: str) -> Path:
    """Return where the copies of ``shard``'s pages are remembered in the state ``folder``."""
    return folder / f"{COPY_CACHE_PREFIX}{shard}.json"


def load_copies(path: Path, version: str) -> Copies:
    """Return the copies stored at ``path`` by ``version`` of the code; a damaged entry,
    or a file of other code, counts as nothing remembered."""
    stored = load_json(path, version)
    if not isinstance(stored, dict):
        return {}
    copies: Copies = {}
    for page, entry in stored.items():
        if (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and (entry[1] is None or (isinstance(entry[1], str) and _sendable(entry[1])))
        ):
            copies[page] = (entry[0], entry[1])
    return copies


def _sendable(copy: str) -> bool:
    """Tell whether ``copy`` can go to Pagefind as UTF-8: a lone surrogate, which the json
    module reads where orjson does not, cannot (no page holds one)."""
    try:
        copy.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def save_copies(path: Path, version: str, copies: Copies) -> None:
    """Store ``copies`` at ``path`` (to a temporary name of this process's own, then renamed)."""
    save_json(path, version, {page: list(entry) for page, entry in copies.items()})


def prune_copies(folder: Path, shards: Collection[str]) -> None:
    """Remove the remembered copies of every shard of the state ``folder`` not in ``shards``."""
    if not folder.is_dir():
        return
    keep = {copy_cache_path(folder, shard).name for shard in shards}
    for path in folder.glob(f"{COPY_CACHE_PREFIX}*.json"):
        if path.name not in keep:
            path.unlink(missing_ok=True)
