"""A file of remembered results, valid only for the code version that wrote it.

Builds keep such files beside their trees (the trees' states, parsed content files,
converted Markdown). They are JSON, never pickle: a file planted or altered in the build's
folder can at worst make a build redo its work, never run code. Values JSON has no type
for (dates, times) are written as tagged objects by :func:`encode_value` and read back by
:func:`decode_value`. A missing, damaged, truncated or foreign file reads as nothing, so
the build that finds it simply starts from scratch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

#: Tags of the values JSON has no type for; a key starting with NUL is never a TOML key
#: anyone writes, and a dict that has one anyway is wrapped (``\0dict``) so it survives.
_TAG = "\0"
_DECODERS = {
    f"{_TAG}date": dt.date.fromisoformat,
    f"{_TAG}datetime": dt.datetime.fromisoformat,
    f"{_TAG}time": dt.time.fromisoformat,
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


def load_json(path: Path, version: str) -> Any:
    """Return what ``version`` of the code stored at ``path``, or None if nothing usable."""
    try:
        with path.open("rb") as handle:
            stored = json.load(handle)
    except (OSError, ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError
        return None
    if not isinstance(stored, dict) or stored.get("version") != version:
        return None
    return stored.get("payload")


def save_json(path: Path, version: str, payload: Any) -> None:
    """Store ``payload`` for ``version`` at ``path`` (to a temporary name, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    # dumps, not dump: json.dump streams through the pure-Python encoder, json.dumps uses
    # the C one (same text). A county's 30 MB state took 0.71 s to dump, now 0.19 s.
    text = json.dumps(
        {"version": version, "payload": payload},
        ensure_ascii=False,
        separators=(",", ":"),
        check_circular=False,
    )
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def encode_value(value: Any) -> Any:
    """Return ``value`` (TOML's types) as JSON's, dates and times tagged with their type."""
    if isinstance(value, dict):
        encoded = {key: encode_value(item) for key, item in value.items()}
        if any(key.startswith(_TAG) for key in encoded):
            return {f"{_TAG}dict": list(encoded.items())}
        return encoded
    if isinstance(value, list | tuple):
        return [encode_value(item) for item in value]
    # datetime before date: a datetime is a date too.
    for kind in (dt.datetime, dt.date, dt.time):
        if isinstance(value, kind):
            return {f"{_TAG}{kind.__name__}": value.isoformat()}
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
            if key.startswith(_TAG):
                if key == f"{_TAG}dict":
                    return {name: decode_value(inner) for name, inner in item}
                return _DECODERS[key](item)
        return {key: decode_value(item) for key, item in value.items()}
    if kind is list:
        return [decode_value(item) for item in value]
    return value
