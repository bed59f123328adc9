"""A file of remembered results, valid only for the code version that wrote it.

Builds keep such files beside their trees (the trees' states, converted Markdown). They
are JSON, never a pickle that could name any class: a file planted or altered in the
build's folder can at worst make a build redo its work, never run code (the parse cache,
whose dates were most of its reading time, is a pickle of plain data that keeps the same
promise, :mod:`admin.content.datapickle`). Values JSON has no type
for (dates, times) are written as tagged objects by :func:`encode_value` and read back by
:func:`decode_value`. A missing, damaged, truncated or foreign file reads as nothing, so
the build that finds it simply starts from scratch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

#: Tags of the values JSON has no type for; a key starting with NUL is never a TOML key
#: anyone writes, and a dict that has one anyway is wrapped (``\0dict``) so it survives.
TAG = "\0"
_DECODERS = {
    f"{TAG}date": dt.date.fromisoformat,
    f"{TAG}datetime": dt.datetime.fromisoformat,
    f"{TAG}time": dt.time.fromisoformat,
    f"{TAG}float": float,
}


def code_version(module: ModuleType, extra: str = "") -> str:
    """Return a version of ``module``'s source and ``extra`` (such as a library's version).

    Stored with the entries, it keeps results that other code remembered from being used.
    """
    return hashlib.sha256(Path(module.__file__ or "").read_bytes() + extra.encode()).hexdigest()


def entry_key(data: bytes) -> str:
    """Return the key of the entry remembered for ``data``: a short hash of its bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def load_memo(path: Path, version: str) -> dict[str, Any]:
    """Return the entries stored at ``path`` by ``version`` of the code, or an empty dict."""
    entries = load_json(path, version)
    return entries if isinstance(entries, dict) else {}


def save_memo(path: Path, version: str, entries: dict[str, Any]) -> None:
    """Store ``entries`` at ``path`` (to a temporary name, then renamed)."""
    save_json(path, version, entries)


#: A memo of at least this many entries is rewritten only when more than one entry in
#: :data:`RESAVE_SHARE` changed: rewriting a county's 129 MB parse cache or 90 MB of
#: data-file entries took most of a second of every rebuild that published one decision
#: (#16). What is not written is made again by the next build (a file read, an entry
#: rendered), and entries nothing uses any more stay until the next write.
LARGE_MEMO = 4096
RESAVE_SHARE = 256


def worth_rewriting(changed: int, entries: int) -> bool:
    """Return whether a memo of ``entries`` entries, ``changed`` of them changed, is
    worth writing again."""
    return changed > 0 and (entries < LARGE_MEMO or changed * RESAVE_SHARE > entries)


def load_json(path: Path, version: str) -> Any:
    """Return what ``version`` of the code stored at ``path``, or None if nothing usable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        stored = orjson.loads(data)
    except orjson.JSONDecodeError:
        # What orjson refuses and json reads (a lone surrogate, nesting beyond 255): read
        # as before rather than start from scratch.
        try:
            stored = json.loads(data)
        except (ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError
            return None
    if not isinstance(stored, dict) or stored.get("version") != version:
        return None
    return stored.get("payload")


def save_json(path: Path, version: str, payload: Any) -> None:
    """Store ``payload`` for ``version`` at ``path`` (:func:`replace_file`)."""
    stored = {"version": version, "payload": payload}
    try:
        # The same bytes as the json module's compact UTF-8 text: a county's 141 MB state
        # took 1.16 s with json.dumps, 0.15 s with orjson.
        data = orjson.dumps(stored)
    except orjson.JSONEncodeError:  # a lone surrogate, nesting beyond 255 levels
        text = json.dumps(stored, ensure_ascii=False, separators=(",", ":"))
        data = text.encode("utf-8", "surrogatepass")
    replace_file(path, data)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary name and a rename.

    Readers find the file before or after, never half of it. A write that fails (a full
    disk) leaves the file as it was and removes the temporary it began.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of this process's own: two processes saving the same file must not share one.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)  # what a full disk left half-written


def encode_value(value: Any) -> Any:
    """Return ``value`` (TOML's types) as JSON's, dates and times tagged with their type."""
    if isinstance(value, dict):
        encoded = {key: encode_value(item) for key, item in value.items()}
        if any(key.startswith(TAG) for key in encoded):
            return {f"{TAG}dict": list(encoded.items())}
        return encoded
    if isinstance(value, list | tuple):
        return [encode_value(item) for item in value]
    # datetime before date: a datetime is a date too.
    for kind in (dt.datetime, dt.date, dt.time):
        if isinstance(value, kind):
            return {f"{TAG}{kind.__name__}": value.isoformat()}
    if isinstance(value, float) and not math.isfinite(value):
        return {f"{TAG}float": repr(value)}  # TOML's nan and inf; JSON has neither
    return value


def decode_value(value: Any) -> Any:
    """Return a fresh copy of a value written by :func:`encode_value`, tags read back.

    A walk in Python rather than a ``json`` object hook, so the stored structure stays as
    it was read (it is written back unchanged) and every caller gets objects of its own.
    """
    kind = type(value)
    if kind is dict:
        if len(value) == 1:
            ((key, item),) = value.items()
            if key.startswith(TAG):
                if key == f"{TAG}dict":
                    return {name: decode_value(inner) for name, inner in item}
                return _DECODERS[key](item)
        return {key: decode_value(item) for key, item in value.items()}
    if kind is list:
        return [decode_value(item) for item in value]
    return value
