"""Uploaded scans and evidence: checked by content, stored privately under random names.

A file is accepted only when its first bytes say PDF, PNG or JPEG, whatever its name; a
PDF is refused when it carries active content (JavaScript, actions on open, launches,
embedded files, rich media, XFA forms, form submission, links to ``javascript:``), also
inside compressed object streams, or when it is encrypted or pypdf cannot parse it. Files
live in ``<instance>/uploads/`` with mode 0600, named by a random token and reached only
through :func:`upload_path`. They are internal
records (全过程记录): nothing here writes into ``content/`` or ``build/``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import secrets
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from admin.errors import GongshiError
from admin.store.pdfscan import PdfRefused, check_pdf_structure

#: What an attachment is, as the upload form offers it.
KINDS: tuple[str, ...] = ("决定书扫描件", "证据", "全过程记录", "其他")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Magic numbers: the only thing that decides a file's type.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
#: PDF names that run code, act on opening, launch programs, send forms or smuggle files.
ACTIVE_PDF_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "OpenAction",
        "Launch",
        "SubmitForm",
        "ImportData",
        "EmbeddedFile",
        "EmbeddedFiles",
        "AA",
        "RichMedia",
        "XFA",
    }
)
#: Image codecs: their data holds pixels, not PDF objects, so it is not decoded.
IMAGE_FILTERS = frozenset({"DCTDecode", "JPXDecode", "CCITTFaxDecode", "JBIG2Decode"})
FILTER_ABBREVIATIONS = {"Fl": "FlateDecode", "AHx": "ASCIIHexDecode", "A85": "ASCII85Decode"}
#: Bound on the bytes inflated from one PDF, so a compression bomb cannot exhaust memory.
MAX_INFLATED_BYTES = 64 * 1024 * 1024
UPLOAD_FOLDER = "uploads"
STORED_NAME = re.compile(r"[0-9a-f]{32}")

_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]*)")
_STREAM = re.compile(rb"stream\r?\n")
_OBJ = re.compile(rb"\bobj\b")


class UploadError(GongshiError, ValueError):
    """An upload is refused; the message is Chinese and names the field."""


@dataclass(frozen=True)
class StoredUpload:
    """A file written to the upload folder, with what was learnt from its content."""

    stored_name: str
    media_type: str
    size: int
    sha256: str


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` from ``stream``, refusing a larger file without reading it all."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadError(f"文件：超过大小上限 {max_bytes // (1024 * 1024) or 1} MB")
    if not data:
        raise UploadError("文件：不能为空")
    return data


def media_type_of(data: bytes) -> str:
    """Return the media type the content's magic number shows, refusing anything else."""
    for signature, media_type in SIGNATURES:
        if data.startswith(signature):
            return media_type
    raise UploadError("文件：只接受 PDF、PNG 或 JPEG（按文件内容判断，不看扩展名）")


def check_upload(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the media type of an acceptable upload, or raise :class:`UploadError`."""
    if not data:
        raise UploadError("文件：不能为空")
    if len(data) > max_bytes:
        raise UploadError(f"文件：超过大小上限 {max_bytes // (1024 * 1024) or 1} MB")
    media_type = media_type_of(data)
    if media_type == "application/pdf":
        check_pdf(data)
    return media_type


def check_pdf(data: bytes) -> None:
    """Refuse a PDF with active content, or one that cannot be fully read (encrypted, odd codec)."""
    budget = [MAX_INFLATED_BYTES]
    outside, position = [], 0
    for match in _STREAM.finditer(data):
        if match.start() < position:
            continue  # the word inside a stream already taken
        header = _stream_dictionary(data, match.start())
        if header is None:
            continue
        end = data.find(b"endstream", match.end())
        end = len(data) if end == -1 else end
        outside.append(data[position : match.start()])
        # Compressed bytes are not scanned as they are: random data would spell names.
        decoded = _decode(data[match.end() : end], _filters(header), budget)
        if decoded is not None:
            _refuse_active_names(decoded)
        position = end
    outside.append(data[position:])
    _refuse_active_names(b"\n".join(outside))
    # Then as a viewer reads it: link targets and action types, unreadable files refused.
    try:
        check_pdf_structure(data)
    except PdfRefused as exc:
        raise UploadError(exc.message) from None


def upload_folder(instance: str | Path) -> Path:
    """Return ``<instance>/uploads``, created private (0700) on first use."""
    folder = Path(instance) / UPLOAD_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def upload_path(folder: str | Path, stored_name: str) -> Path:
    """Return the file of ``stored_name``: the one way to a stored upload (no traversal)."""
    if not isinstance(stored_name, str) or not STORED_NAME.fullmatch(stored_name):
        raise UploadError(f"文件名：{stored_name!r} 不是有效的存储名")
    return Path(folder) / stored_name


def store_upload(
    folder: str | Path, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> StoredUpload:
    """Check ``data`` and write it under a new random name with mode 0600."""
    media_type = check_upload(data, max_bytes=max_bytes)
    stored_name = secrets.token_hex(16)
    path = upload_path(folder, stored_name)
    # O_EXCL and O_NOFOLLOW: never overwrite, never follow a planted link; 0600 from birth.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return StoredUpload(stored_name, media_type, len(data), hashlib.sha256(data).hexdigest())


def delete_upload(folder: str | Path, stored_name: str) -> None:
    """Remove a stored upload; a file already gone is not an error."""
    upload_path(folder, stored_name).unlink(missing_ok=True)


def _refuse_active_names(data: bytes) -> None:
    for match in _NAME.finditer(data):
        name = _decode_name(match.group(1))
        if name in ACTIVE_PDF_NAMES:
            raise UploadError(f"文件：PDF 含有可执行或自动运行的内容（/{name}），不予接收")
        if name == "Encrypt":
            raise UploadError("文件：PDF 已加密，无法检查其内容，请上传未加密的文件")


def _decode_name(raw: bytes) -> str:
    # A name may spell letters as #xx (/J#61vaScript is /JavaScript to a reader).
    decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return decoded.decode("latin-1")


def _stream_dictionary(data: bytes, keyword_at: int) -> bytes | None:
    """Return the dictionary before a ``stream`` keyword, or None when it is not one."""
    before = data[max(0, keyword_at - 4096) : keyword_at]
    if not before.rstrip().endswith(b">>"):
        return None  # the word "stream" inside some other data
    objects = list(_OBJ.finditer(before))
    return before[objects[-1].end() :] if objects else before


def _filters(dictionary: bytes) -> list[str]:
    match = re.search(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]]+)", dictionary)
    if not match:
        return []
    names = [_decode_name(m.group(1)) for m in _NAME.finditer(match.group(1))]
    return [FILTER_ABBREVIATIONS.get(name, name) for name in names]


def _decode(raw: bytes, filters: list[str], budget: list[int]) -> bytes | None:
    """Undo a stream's filters; None for image data; refuse what cannot be checked."""
    data = raw
    for name in filters:
        if name in IMAGE_FILTERS:
            return None
        if name == "FlateDecode":
            data = _inflate(data, budget)
        elif name == "ASCIIHexDecode":
            digits = re.sub(rb"\s", b"", data.split(b">", 1)[0])
            try:
                data = binascii.unhexlify(digits + b"0" * (len(digits) % 2))
            except binascii.Error:
                raise UploadError("文件：PDF 内容已损坏，无法检查") from None
        elif name == "ASCII85Decode":
            body = data.strip().removeprefix(b"<~").split(b"~>", 1)[0]
            try:
                data = base64.a85decode(body, ignorechars=b" \t\r\n\x0c")
            except ValueError:
                raise UploadError("文件：PDF 内容已损坏，无法检查") from None
        else:
            raise UploadError(f"文件：PDF 使用了无法检查的编码（/{name}），不予接收")
    return data


def _inflate(data: bytes, budget: list[int]) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, budget[0] + 1)
    except zlib.error:
        raise UploadError("文件：PDF 的压缩内容已损坏，无法检查") from None
    budget[0] -= len(out)
    if budget[0] < 0 or inflater.unconsumed_tail:
        raise UploadError("文件：PDF 解压后过大，无法检查")
    return out
