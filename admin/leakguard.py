"""The leak guard: scan every file of a built site for personal numbers (issue 4, item 6).

It reads what a visitor could download — HTML, XML, JSON, CSV, text, scripts, and
Pagefind's search files (gzip, a ``pagefind_dcd`` prefix, then JSON or CBOR) — and reports
each ID, mobile or bank card number with the scanner the redaction uses (``pii``). It fails
closed: a file it cannot read is reported too. Images, fonts and media are skipped.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from admin.build.searchtext import unspaced
from admin.domain import pii

UNREADABLE = "unreadable"
PAGEFIND_PREFIX = b"pagefind_dcd"
_MEDIA = (
    ".png .jpg .jpeg .gif .webp .avif .ico .bmp .tif .tiff .woff .woff2 .ttf .otf .eot .mp3 .mp4"
)
MEDIA_SUFFIXES = frozenset(_MEDIA.split())
#: Decompressed size beyond which a file is reported rather than inflated (zip bombs).
MAX_INFLATED = 256 * 1024 * 1024
_MAX_DEPTH = 3


def _cbor_heads(infos: range) -> bytes:
    """Escaped bytes of the CBOR heads with ``infos``, of every major type but strings."""
    heads = bytes(major << 5 | info for major in (0, 1, 4, 5, 6, 7) for info in infos)
    return re.escape(heads)


# Heads that are whole items and hold no text (numbers, array and map starts, tags, simple
# values, the 0x5F/0x7F starts of chunked strings), each with its argument bytes: a search
# index is mostly numbers, and skipping them in C leaves only strings to the loop.
_CBOR_SKIP = re.compile(
    b"(?:["
    + _cbor_heads(range(24))
    + _cbor_heads(range(31, 32))
    + b"\\x5f\\x7f]"
    + b"".join(b"|[" + _cbor_heads(range(24 + k, 25 + k)) + b"].{%d}" % (1 << k) for k in range(4))
    + b")*",
    re.DOTALL,
)


@dataclass(frozen=True)
class LeakFinding:
    """A personal number found in a file of the site (``path`` relative, with ``/``)."""

    path: str
    kind: str  # id_number, mobile, bank_card, or unreadable
    value: str

    @property
    def masked(self) -> str:
        return pii.mask_number(self.value) if self.value else "-"


def scan_tree(root: Path) -> Iterator[LeakFinding]:
    """Yield every personal number in the files under ``root``, file by file in name order."""
    root = Path(root)
    paths, seen = [], set()
    # Follow linked folders (a web server serves them too), each real folder once.
    for folder, folders, names in os.walk(root, followlinks=True):
        if os.path.realpath(folder) in seen:
            folders.clear()
            continue
        seen.add(os.path.realpath(folder))
        paths += [Path(folder, name) for name in names]
    paths.sort()
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() in MEDIA_SUFFIXES:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            yield LeakFinding(rel, UNREADABLE, "")
            continue
        for kind, value in scan_bytes(data, path.name):
            yield LeakFinding(rel, kind, value)


def scan_bytes(data: bytes, name: str = "", depth: int = 0) -> list[tuple[str, str]]:
    """Return (kind, value) of each personal number in one file's bytes."""
    try:
        if data[:2] == b"\x1f\x8b":
            return scan_bytes(_gunzip(data), name.removesuffix(".gz"), depth + 1)
        if data.startswith(b"PK\x03\x04") and depth < _MAX_DEPTH:
            return _scan_zip(data, depth)
    except (OSError, EOFError, ValueError, zlib.error, zipfile.BadZipFile):
        return [(UNREADABLE, "")]
    if data.startswith(PAGEFIND_PREFIX):
        return _scan_pagefind(data[len(PAGEFIND_PREFIX) :])
    text = _decode(data)
    if name.lower().endswith(".csv"):
        return _scan_csv(text)
    if name.lower().endswith(".pdf"):
        return _scan_pdf(data)
    return _scan_text(text)


def _scan_text(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.value) for hit in pii.find_personal_numbers(text, markup=True)]


def _scan_csv(text: str) -> list[tuple[str, str]]:
    """Scan each cell after its column header, so a credit-code column reads as labelled."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return _scan_text(text)
    header = rows[0] if rows else []
    found = [hit for cell in header for hit in _scan_text(cell)]
    for row in rows[1:]:
        for i, cell in enumerate(row):
            label = header[i] if i < len(header) else ""
            found += _scan_text(f"{label}：{cell}")
    return found


def _scan_pagefind(payload: bytes) -> list[tuple[str, str]]:
    """Scan a Pagefind file: fragments are JSON, indexes and metadata CBOR, wasm is code."""
    if payload.startswith(b"\x00asm"):
        return []
    if payload[:1] in (b"{", b"["):
        # Fragments hold the search copy, one character a word (admin.build.searchtext):
        # read it as the page said it, or every run of digits looks like a phone number.
        return _scan_text(unspaced(_decode(payload)))
    strings = _cbor_strings(payload)
    if strings is None:
        return _scan_text(payload.decode("utf-8", "replace"))
    return [hit for s in strings for hit in _scan_text(s)]


def _scan_zip(data: bytes, depth: int) -> list[tuple[str, str]]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.file_size > MAX_INFLATED:
                found.append((UNREADABLE, ""))
                continue
            found += scan_bytes(archive.read(info), info.filename, depth + 1)
    return found


def _scan_pdf(data: bytes) -> list[tuple[str, str]]:
    """Best effort: the raw file and its deflated streams (text drawn as glyphs is missed)."""
    found = _scan_text(data.decode("latin-1"))
    start = data.find(b"stream")
    while start >= 0:
        body = start + len(b"stream") + (2 if data[start + 6 : start + 8] == b"\r\n" else 1)
        end = data.find(b"endstream", body)
        if end < 0:
            break
        try:
            inflated = zlib.decompressobj().decompress(data[body:end], MAX_INFLATED)
            found += _scan_text(inflated.decode("latin-1"))
        except zlib.error:
            pass
        start = data.find(b"stream", end + len(b"endstream"))
    return found


def _gunzip(data: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    out = inflater.decompress(data, MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise ValueError("gzip member larger than the limit")
    return out


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # digits are ASCII in every encoding a site uses


def _cbor_strings(data: bytes) -> list[str] | None:
    """Return every text string of a CBOR stream, or None when it is not well formed.

    Arrays, maps and tags are only heads followed by their items, so reading head after
    head in order visits every string without building the structure.
    """
    strings, i = [], 0
    while i < len(data):
        i = _CBOR_SKIP.match(data, i).end()
        if i >= len(data):
            break
        major, info = data[i] >> 5, data[i] & 0x1F
        i += 1
        if info < 24 or info == 31:
            arg = info
        elif info <= 27:
            size = 1 << (info - 24)
            if i + size > len(data):
                return None
            arg, i = int.from_bytes(data[i : i + size], "big"), i + size
        else:
            return None
        if major in (2, 3) and info != 31:
            if i + arg > len(data):
                return None
            if major == 3:
                strings.append(data[i : i + arg].decode("utf-8", "replace"))
            i += arg
    return strings
