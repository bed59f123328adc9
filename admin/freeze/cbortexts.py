"""The text strings of Pagefind's CBOR index files, read with cbor2, for the leak guard.

Pagefind's index chunks and metadata are CBOR (after gzip and a ``pagefind_dcd`` prefix):
words and URLs among page numbers and word positions. The guard scans every text string
in them; a file cbor2 refuses is unreadable, and the guard reports it (fails closed).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import json

import cbor2

from admin.site.keptfiles import keep, read_kept

#: Largest CBOR stream decoded: Pagefind's index chunks and metadata are far smaller, and a
#: stream of tiny items costs 8 bytes of references per byte once decoded.
MAX_CBOR = 32 * 1024 * 1024
#: What a build keeps the texts of an index file as (:mod:`admin.site.keptfiles`): the reader
#: and cbor2's version name it, so another reads everything again.
KEPT_KIND = f"cbor-texts-1-cbor2-{importlib.metadata.version('cbor2')}"
#: Decoded CBOR values that hold no text.
_PLAIN = (
    int,
    float,
    bool,
    type(None),
    bytes,
    bytearray,
    cbor2.CBORSimpleValue,
    type(cbor2.undefined),
)
#: Decoded CBOR values that hold others.
_CONTAINERS = (list, tuple, set, frozenset, dict, cbor2.CBORTag)


def cbor_texts(data: bytes) -> list[str] | None:
    """Return every text string of the CBOR items in ``data``, or None when it cannot be read.

    cbor2 decodes the items one after the other (``loads`` would stop after the first);
    anything it refuses (cut short, nested past its depth limit, a bad tag) or a stream
    larger than any Pagefind writes is unreadable, so the guard fails closed.
    """
    if len(data) > MAX_CBOR:
        return None
    # Decoding costs ten times the hand-written walk it replaced (bench/README.md, "QR codes
    # and the index's CBOR"), and most index files are the same bytes in the next build:
    # their texts are kept.
    key = hashlib.sha256(data).hexdigest()
    kept = read_kept(KEPT_KIND, key)
    if kept is not None:
        with contextlib.suppress(ValueError):
            texts = json.loads(kept)
            if isinstance(texts, list) and all(isinstance(text, str) for text in texts):
                return texts
    texts = _decoded_texts(data)
    if texts is not None:
        keep(KEPT_KIND, key, json.dumps(texts, ensure_ascii=False))
    return texts


def _decoded_texts(data: bytes) -> list[str] | None:
    """Return the text strings cbor2 reads from ``data``, or None when it cannot."""
    stream = io.BytesIO(data)
    decoder = cbor2.CBORDecoder(stream, str_errors="replace")
    items = []
    try:
        while stream.tell() < len(data):
            items.append(decoder.decode())
    except Exception:  # whatever stops the decoder (its errors, a bad tag's), fails closed
        return None
    return _texts(items)


def _texts(root: object) -> list[str]:
    """Return the text strings in a decoded CBOR value, each container visited once.

    Shared references (tags 28/29) may make a container hold itself. A value a semantic
    tag turned into an object (a date, a regular expression) is read through ``str``, so
    the text it came from is still scanned.
    """
    texts: list[str] = []
    seen: set[int] = set()
    pending: list[object] = [root]
    while pending:
        value = pending.pop()
        kind = type(value)
        if kind is str:
            texts.append(value)
        elif kind is list or kind is dict or isinstance(value, _CONTAINERS):
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, cbor2.CBORTag):
                pending.append(value.value)
                continue
            # An index is mostly lists of page numbers and word positions: dropping the
            # numbers in one comprehension halves the walk. Reversed onto the stack, so the
            # texts come out in the file's order. (A map's pairs are flattened: a passing
            # tuple's id could be reused.)
            items = [x for pair in value.items() for x in pair] if kind is dict else value
            pending.extend(reversed([x for x in items if type(x) is not int]))
        elif not isinstance(value, _PLAIN):
            texts.append(str(value))
    return texts
