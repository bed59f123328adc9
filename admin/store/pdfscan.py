"""Refuse PDFs with active content by parsing them with pypdf, object by object.

The byte scanner in :mod:`admin.store.uploads` sees names however they are compressed or
escaped, but not what a value means: a link's ``/URI (javascript:…)`` or an action's
``/S /SubmitForm`` are plain strings and names to it. Here pypdf reads the file as a
viewer does, every object in the cross-reference table (reachable or not) is visited,
and the dictionaries are judged by their keys and action types. A file pypdf cannot
read is refused: what cannot be checked is not accepted.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from admin.errors import GongshiError

#: Keys whose mere presence means code, an automatic action or a smuggled file.
ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/OpenAction", "/AA", "/EmbeddedFile", "/EmbeddedFiles"}
    | {"/RichMedia", "/RichMediaContent", "/XFA"}
)
#: Action types (/S) that run code, send data, launch programs or open other files.
ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR"}
    | {"/RichMediaExecute", "/Rendition", "/Movie", "/Sound"}
)
#: Object types and annotation subtypes that carry media or files.
ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/RichMedia", "/Movie", "/Sound", "/Screen"})
#: The only link schemes a decision scan may carry.
SAFE_SCHEMES = ("http:", "https:", "mailto:")
#: Bound on the objects visited, so a crafted file cannot keep a worker busy.
MAX_OBJECTS = 200_000
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


class PdfRefused(GongshiError, ValueError):
    """A PDF was refused; the message is Chinese and names the field."""


def check_pdf_structure(data: bytes) -> None:
    """Parse ``data`` with pypdf and refuse active content or an unreadable file."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfRefused("文件：PDF 已加密，无法检查其内容，请上传未加密的文件")
        for dictionary in _dictionaries(reader):
            problem = _active_content(dictionary)
            if problem:
                raise PdfRefused(f"文件：PDF 含有可执行或自动运行的内容（{problem}），不予接收")
    except PdfRefused:
        raise
    except Exception:
        # pypdf raises many kinds (PdfReadError, ValueError, KeyError, RecursionError…)
        # on broken files; all mean the same to the uploader.
        raise PdfRefused("文件：PDF 无法解析（文件损坏或格式不规范），不予接收") from None


def _dictionaries(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Yield every dictionary (streams included) of the file, each object once."""
    pending: list[object] = [reader.trailer]
    for generation, entries in reader.xref.items():
        pending.extend(IndirectObject(number, generation, reader) for number in entries)
    pending.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen: set[tuple[int, int]] = set()
    visited = 0
    # pypdf logs every repair it makes to a sloppy file; the verdict is what counts here.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        while pending:
            item = pending.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                item = item.get_object()
            visited += 1
            if visited > MAX_OBJECTS:
                raise PdfRefused("文件：PDF 对象过多，无法检查")
            if isinstance(item, DictionaryObject):
                yield item
                pending.extend(item.values())
            elif isinstance(item, ArrayObject):
                pending.extend(item)
    finally:
        logger.setLevel(level)


def _active_content(dictionary: DictionaryObject) -> str | None:
    """Return what makes ``dictionary`` active (for the message), or None."""
    for key in dictionary:
        if key in ACTIVE_KEYS:
            return key
    action = dictionary.get("/S")
    if isinstance(action, NameObject) and action in ACTIVE_ACTIONS:
        return f"/S {action}"
    for key in ("/Type", "/Subtype"):
        kind = dictionary.get(key)
        if isinstance(kind, NameObject) and kind in ACTIVE_TYPES:
            return f"{key} {kind}"
    if "/EF" in dictionary:
        return "/EF"
    uri = dictionary.get("/URI")
    if uri is not None:
        target = _CONTROL.sub("", str(uri.get_object())).lower()
        if not target.startswith(SAFE_SCHEMES):
            return f"/URI {target.split(':', 1)[0][:20]}:"
    return None
