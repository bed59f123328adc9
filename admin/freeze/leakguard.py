"""The leak guard: scan every file of a built site for personal numbers (issue 4, item 6).

It reads what a visitor could download — HTML, XML, JSON, CSV, text, scripts, and
Pagefind's search files (gzip, a ``pagefind_dcd`` prefix, then JSON or CBOR) — and reports
each ID, mobile or bank card number with the scanner the redaction uses (``pii``). It fails
closed: a file it cannot read is reported too. Images, fonts and media are skipped.

Officers' certificate numbers are public whatever they look like; no label makes a number
public, so the guard learns them from the site's roster (:func:`certificate_numbers`). Each
finding also says where it sits when the file tells (a row's or a search fragment's page
URL, a column), so a failed build can name the record (:mod:`admin.freeze.leakplace`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tomllib
import zipfile
import zlib
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from admin.domain import pii
from admin.freeze.cbortexts import cbor_texts
from admin.freeze.searchtext import unspaced

UNREADABLE = "unreadable"
PAGEFIND_PREFIX = b"pagefind_dcd"
_MEDIA = (
    ".png .jpg .jpeg .gif .webp .avif .ico .bmp .tif .tiff .woff .woff2 .ttf .otf .eot .mp3 .mp4"
)
MEDIA_SUFFIXES = frozenset(_MEDIA.split())
#: Decompressed size beyond which a file is reported rather than inflated (zip bombs).
MAX_INFLATED = 256 * 1024 * 1024
_MAX_DEPTH = 3


#: Numbers public whatever they look like (the build's officers' certificates). Set by
#: :func:`public_numbers` before the build forks its workers, which inherit it.
_PUBLIC: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LeakFinding:
    """A personal number found in a file of the site (``path`` relative, with ``/``).

    ``where`` is what the file tells of the number's place: ``URL`` of the record's page
    (a data row, a search fragment) and ``#field`` (a CSV column, a JSON key), or "".
    """

    path: str
    kind: str  # id_number, mobile, bank_card, or unreadable
    value: str
    where: str = ""

    @property
    def masked(self) -> str:
        return pii.mask_number(self.value) if self.value else "-"


@contextmanager
def public_numbers(numbers: Collection[str]) -> Iterator[None]:
    """Treat ``numbers`` as public in every scan made inside the block (and forked there)."""
    global _PUBLIC
    before = _PUBLIC
    _PUBLIC = frozenset(_compact(n) for n in numbers if n)
    try:
        yield
    finally:
        _PUBLIC = before


def known_public() -> frozenset[str]:
    """Return the numbers :func:`public_numbers` made public (compacted)."""
    return _PUBLIC


def certificate_numbers(root: Path) -> set[str]:
    """Return the officers' certificate numbers a built site or a ``content/`` folder lists.

    A built site has them in ``data/officers.json``; ``content/`` in the front matter of
    ``officers/*.md``. Numbers that read as none of these are simply not public.
    """
    root = Path(root)
    numbers: set[str] = set()
    try:
        data = json.loads((root / "data" / "officers.json").read_text("utf-8-sig"))
        rows = data.get("records", []) if isinstance(data, dict) else data
        numbers |= {str(r.get("certificate_no", "")) for r in rows if isinstance(r, dict)}
    except (OSError, ValueError, AttributeError):
        pass
    for path in sorted((root / "officers").glob("*.md")):
        try:
            text = path.read_text("utf-8")
            front = text.split("+++", 2)[1] if text.startswith("+++") else ""
            numbers.add(str(tomllib.loads(front).get("certificate_no", "")))
        except (OSError, ValueError, IndexError):
            continue
    numbers.discard("")
    return numbers


def scan_tree(root: Path, public: Collection[str] | None = None) -> Iterator[LeakFinding]:
    """Yield every personal number in the files under ``root``, file by file in name order.

    ``public`` numbers are skipped; by default the certificate numbers the site lists.
    """
    root = Path(root)
    public = certificate_numbers(root) if public is None else public
    yield from _scan_paths(root, frozenset(_compact(n) for n in public if n))


def _scan_paths(root: Path, public: frozenset[str]) -> Iterator[LeakFinding]:
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
        global _PUBLIC
        saved, _PUBLIC = _PUBLIC, public
        try:
            found = scan_located(data, path.name)
        finally:
            _PUBLIC = saved
        for kind, value, where in found:
            yield LeakFinding(rel, kind, value, where)


def scan_bytes(data: bytes, name: str = "", depth: int = 0) -> list[tuple[str, str]]:
    """Return (kind, value) of each personal number in one file's bytes."""
    return [(kind, value) for kind, value, _ in scan_located(data, name, depth)]


def scan_located(data: bytes, name: str = "", depth: int = 0) -> list[tuple[str, str, str]]:
    """Return (kind, value, where) of each personal number in one file's bytes.

    What is found does not depend on ``where``: the file is scanned as it is, and only
    its findings are then looked up in the file's rows (:func:`_locate`).
    """
    found = _scan_file(data, name, depth)
    if not found or all(kind == UNREADABLE for kind, _ in found):
        return [(kind, value, "") for kind, value in found]
    return _locate(data, name, found)


def _locate(data: bytes, name: str, found: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Attach to each finding the page URL (and field) of the row or fragment holding it."""
    try:
        if data[:2] == b"\x1f\x8b":
            data = _gunzip(data)
            name = name.removesuffix(".gz")
    except (OSError, EOFError, ValueError, zlib.error):
        return [(kind, value, "") for kind, value in found]
    places: list[tuple[str, str]] = []  # (where, text) of each cell or field
    if data.startswith(PAGEFIND_PREFIX) and data[len(PAGEFIND_PREFIX) :][:1] == b"{":
        try:
            url = json.loads(_decode(data[len(PAGEFIND_PREFIX) :])).get("url", "")
        except (ValueError, AttributeError):
            url = ""
        return [(kind, value, str(url)) for kind, value in found]
    if name.lower().endswith(".csv"):
        places = _csv_places(_decode(data))
    elif name.lower().endswith(".json"):
        places = _json_places(_decode(data))
    located = []
    for kind, value in found:
        where = next((w for w, text in places if (kind, value) in _scan_text(text)), "")
        located.append((kind, value, where))
    return located


def _csv_places(text: str) -> list[tuple[str, str]]:
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return []
    header = rows[0] if rows else []
    at = header.index("网址") if "网址" in header else None
    places = []
    for row in rows[1:]:
        url = row[at] if at is not None and at < len(row) else ""
        for label, cell in zip(header, row, strict=False):
            places.append((f"{url}#{label}", f"{label}：{cell}"))
    return places


def _json_places(text: str) -> list[tuple[str, str]]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    rows = data.get("records", []) if isinstance(data, dict) else data
    places = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            url = str(row.get("url", ""))
            places += [(f"{url}#{key}", f"{key}：{value}") for key, value in row.items()]
    return places


def _scan_file(data: bytes, name: str = "", depth: int = 0) -> list[tuple[str, str]]:
    try:
        if data[:2] == b"\x1f\x8b":
            return _scan_file(_gunzip(data), name.removesuffix(".gz"), depth + 1)
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
    hits = pii.find_personal_numbers(text, markup=True, public=_PUBLIC)
    return [(hit.kind, hit.value) for hit in hits]


def _compact(number: str) -> str:
    return "".join(ch for ch in pii.fold_characters(number).upper() if ch.isalnum())


def _scan_csv(text: str) -> list[tuple[str, str]]:
    """Scan each cell after its column header, so a credit-code column reads as labelled."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return _scan_text(text)
    header = rows[0] if rows else []
    found = [hit for cell in header for hit in _scan_text(cell)]
    # Columns repeat their values (body, kind, legal basis, dates): each distinct labelled
    # cell is scanned once, its findings counted wherever it appears. A county's decisions
    # file has 1.6 million cells (2.1 s of every rebuild, #16).
    seen: dict[str, list[tuple[str, str]]] = {}
    for row in rows[1:]:
        for i, cell in enumerate(row):
            text = f"{header[i] if i < len(header) else ''}：{cell}"
            hits = seen.get(text)
            if hits is None:
                hits = seen[text] = _scan_text(text)
            found += hits
    return found


def _scan_pagefind(payload: bytes) -> list[tuple[str, str]]:
    """Scan a Pagefind file: fragments are JSON, indexes and metadata CBOR, wasm is code."""
    if payload.startswith(b"\x00asm"):
        return []
    if payload[:1] in (b"{", b"["):
        # Fragments hold the search copy, one character a word (admin.freeze.searchtext):
        # read it as the page said it, or every run of digits looks like a phone number.
        return _scan_text(unspaced(_decode(payload)))
    strings = cbor_texts(payload)
    if strings is None:
        return [(UNREADABLE, "")]
    return [hit for s in strings for hit in _scan_text(s)]


def _scan_zip(data: bytes, depth: int) -> list[tuple[str, str]]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.file_size > MAX_INFLATED:
                found.append((UNREADABLE, ""))
                continue
            found += _scan_file(archive.read(info), info.filename, depth + 1)
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
