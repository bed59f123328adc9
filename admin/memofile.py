"""A file of remembered results, valid only for the code version that wrote it.

Builds keep such files beside their trees (the trees' states, parsed content files,
converted Markdown): written by the build itself into its own folder, so unpickling them
trusts nothing more than the build's code does. A missing, damaged or foreign file reads
as nothing.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from types import ModuleType
from typing import Any


def code_version(module: ModuleType, extra: str = "") -> str:
    """Return a version of ``module``'s source and ``extra`` (such as a library's version).

    Stored with the entries, it keeps results that other code remembered from being used.
    """
    return hashlib.sha256(Path(module.__file__ or "").read_bytes() + extra.encode()).hexdigest()


def entry_key(data: bytes) -> bytes:
    """Return the key of the entry remembered for ``data``: a short hash of its bytes."""
    return hashlib.blake2b(data, digest_size=20).digest()


def load_memo(path: Path, version: str) -> dict[Any, Any]:
    """Return the entries stored at ``path`` by ``version`` of the code, or an empty dict."""
    entries = load_pickle(path, version)
    return entries if isinstance(entries, dict) else {}


def save_memo(path: Path, version: str, entries: dict[Any, Any]) -> None:
    """Store ``entries`` at ``path`` (to a temporary name, then renamed)."""
    save_pickle(path, version, entries)


def load_pickle(path: Path, version: str) -> Any:
    """Return what ``version`` of the code stored at ``path``, or None if nothing usable."""
    try:
        with path.open("rb") as handle:
            stored_version, payload = pickle.load(handle)
    except (OSError, ValueError, EOFError, TypeError, AttributeError, pickle.UnpicklingError):
        return None
    return payload if stored_version == version else None


def save_pickle(path: Path, version: str, payload: Any) -> None:
    """Store ``payload`` for ``version`` at ``path`` (to a temporary name, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as handle:
        pickle.dump((version, payload), handle, pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)
