"""Uploads are checked by content: PDF without active content, PNG, JPEG; stored privately."""

from __future__ import annotations

import binascii
import hashlib
import io
import re
import stat
import zlib
from pathlib import Path

import pytest

from admin.store.uploads import (
    UploadError,
    check_upload,
    delete_upload,
    read_limited,
    store_upload,
    upload_folder,
    upload_path,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def pdf(*objects: bytes, trailer: bytes = b"") -> bytes:
    """Return a well-formed PDF of ``objects`` (numbered from 1) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    """Return a stream object with ``dictionary`` entries and its exact /Length."""
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Decision 2026-001) Tj ET"


def plain_pdf(catalog: bytes = CATALOG) -> bytes:
    return pdf(catalog, PAGES, PAGE, stream(b"/Filter /FlateDecode", zlib.compress(TEXT)))


def object_stream_pdf(hidden: bytes, filters: bytes = b"/FlateDecode", encode=zlib.compress):
    """A PDF 1.5 whose object 5 hides inside a compressed object stream (/Type /ObjStm)."""
    objects = b"5 0 " + hidden
    body = stream(b"/Type /ObjStm /N 1 /First 4 /Filter " + filters, encode(objects))
    return pdf(CATALOG, PAGES, PAGE, stream(b"", TEXT), body)


# ---------------------------------------------------------------------------------------
# Accepted


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (plain_pdf(), "application/pdf"),
        (pdf(CATALOG, PAGES, PAGE, stream(b"", TEXT)), "application/pdf"),
        (object_stream_pdf(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"), None),
        # Names that merely start like an active one are ordinary (false-positive control).
        (pdf(b"<< /Type /Catalog /JSON (x) /AAB 1 /Pages 2 0 R >>", PAGES), None),
        # Image data is pixels, never read as objects: bytes spelling /JS there are harmless.
        (pdf(CATALOG, stream(b"/Subtype /Image /Filter /DCTDecode", JPEG + b"/JS (x)")), None),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
    ],
)
def test_accepts_pdf_png_and_jpeg_by_content(data: bytes, media_type: str | None) -> None:
    assert check_upload(data) == (media_type or "application/pdf")


# ---------------------------------------------------------------------------------------
# Refused


@pytest.mark.parametrize(
    "catalog",
    [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 6 0 R >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>",
        b"<< /Type /Catalog /Pages 2 0 R /AA << /WC 7 0 R >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 8 0 R >> >>",
        b"<< /Type /Filespec /EF << /F 9 0 R >> /Subtype /EmbeddedFile >>",
        b"<< /S /Launch /F (cmd.exe) >>",
        b"<< /Type /Annot /Subtype /RichMedia >>",
        b"<< /Type /Catalog /AcroForm << /XFA 10 0 R >> >>",
        b"<< /S /JS >>",
        # Hex escapes in names spell the same name to a reader.
        b"<< /Type /Catalog /Pages 2 0 R /Names << /J#61vaScript 6 0 R >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /#4F#70#65#6E#41#63#74#69#6F#6E 3 0 R >>",
    ],
)
def test_refuses_pdf_with_active_content(catalog: bytes) -> None:
    with pytest.raises(UploadError, match=r"^文件：PDF 含有可执行或自动运行的内容"):
        check_upload(plain_pdf(catalog))


ACTION = b"<< /S /JavaScript /JS (app.launchURL('http://example.invalid')) >>"


@pytest.mark.parametrize(
    ("filters", "encode"),
    [
        (b"/FlateDecode", zlib.compress),
        (b"[/FlateDecode]", zlib.compress),
        (b"/Fl", zlib.compress),
        (b"/Fl#61teDecode", zlib.compress),
        (b"[/ASCIIHexDecode /FlateDecode]", lambda d: binascii.hexlify(zlib.compress(d)) + b">"),
        (b"/ASCII85Decode", lambda d: __import__("base64").a85encode(d) + b"~>"),
    ],
)
def test_refuses_javascript_hidden_in_a_compressed_object_stream(filters, encode) -> None:
    data = object_stream_pdf(ACTION, filters, encode)
    assert b"JavaScript" not in data  # only inflating the stream can find it
    with pytest.raises(UploadError, match=r"/JavaScript|/JS"):
        check_upload(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件：不能为空"),
        (b"<!doctype html><script>alert(1)</script>", "文件：只接受 PDF、PNG 或 JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "文件：只接受 PDF、PNG 或 JPEG"),
        (b"PK\x03\x04word/document.xml", "文件：只接受 PDF、PNG 或 JPEG"),
        (b" %PDF-1.7\n", "文件：只接受 PDF、PNG 或 JPEG"),
        (plain_pdf().replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 9 0 R"), "文件：PDF 已加密"),
        (object_stream_pdf(b"<< >>", b"/LZWDecode", lambda d: d), "文件：PDF 使用了无法检查的编码"),
        (object_stream_pdf(b"<< >>", b"/FlateDecode", lambda d: b"not zlib"), "文件：PDF 的压缩"),
    ],
)
def test_refuses_what_it_cannot_accept_or_check(data: bytes, message: str) -> None:
    with pytest.raises(UploadError, match=f"^{re.escape(message)}"):
        check_upload(data)


def test_refuses_a_compression_bomb_without_inflating_it_all() -> None:
    bomb = zlib.compress(b"\x00" * (70 * 1024 * 1024), 9)
    data = pdf(CATALOG, PAGES, PAGE, stream(b"/Filter /FlateDecode", bomb))
    with pytest.raises(UploadError, match=r"^文件：PDF 解压后过大"):
        check_upload(data)


@pytest.mark.parametrize(("size", "accepted"), [(1000, True), (1001, False)])
def test_size_limit(size: int, accepted: bool) -> None:
    data = PNG + b"\x00" * (size - len(PNG))
    if accepted:
        assert check_upload(data, max_bytes=1000) == "image/png"
        assert read_limited(io.BytesIO(data), 1000) == data
    else:
        with pytest.raises(UploadError, match=r"^文件：超过大小上限"):
            check_upload(data, max_bytes=1000)
        with pytest.raises(UploadError, match=r"^文件：超过大小上限"):
            read_limited(io.BytesIO(data), 1000)


# ---------------------------------------------------------------------------------------
# Storage


def test_stores_under_a_random_private_name(tmp_path: Path) -> None:
    folder = upload_folder(tmp_path / "instance")
    first = store_upload(folder, plain_pdf())
    second = store_upload(folder, plain_pdf())
    assert first.stored_name != second.stored_name
    path = upload_path(folder, first.stored_name)
    assert path.read_bytes() == plain_pdf()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert first.sha256 == hashlib.sha256(plain_pdf()).hexdigest()
    assert (first.media_type, first.size) == ("application/pdf", len(plain_pdf()))
    delete_upload(folder, first.stored_name)
    assert not path.exists() and upload_path(folder, second.stored_name).exists()


def test_stores_nothing_when_refused(tmp_path: Path) -> None:
    folder = upload_folder(tmp_path)
    with pytest.raises(UploadError):
        store_upload(folder, b"<html>")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["../secret_key", "/etc/passwd", "A" * 32, "a" * 31, "a" * 32 + "\x00", "", None]
)
def test_upload_path_refuses_anything_but_a_stored_name(tmp_path: Path, name) -> None:
    with pytest.raises(UploadError, match=r"^文件名："):
        upload_path(tmp_path, name)
