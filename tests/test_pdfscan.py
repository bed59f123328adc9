"""PDF uploads with active content, written by pypdf as real files, are refused."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from admin.store.uploads import UploadError, check_upload


def _pdf(change: Callable[[PdfWriter], None] | None = None) -> bytes:
    """Return a one-page PDF written by pypdf, after ``change`` adds something to it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "行政处罚决定书 扫描件"})
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _link_action(action: dict[str, object]) -> Callable[[PdfWriter], None]:
    """Return a change that adds a link annotation running ``action`` when clicked."""

    def change(writer: PdfWriter) -> None:
        annotation = Link(rect=(50, 50, 200, 80), url="https://example.gov.cn/")
        annotation[NameObject("/A")] = DictionaryObject(
            {NameObject(key): value for key, value in action.items()}
        )
        writer.add_annotation(0, annotation)

    return change


def _uri(target: str) -> Callable[[PdfWriter], None]:
    return _link_action({"/S": NameObject("/URI"), "/URI": TextStringObject(target)})


def _document_js(writer: PdfWriter) -> None:
    """A document-level script: the catalog's /Names /JavaScript name tree."""
    action = writer._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('x');"),
            }
        )
    )
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("a"), action])})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def _open_action_js(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )


def _rich_media(writer: PdfWriter) -> None:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/RichMedia"),
            NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4),
        }
    )
    writer.add_annotation(0, annotation)


def test_a_plain_scan_with_an_https_link_is_accepted() -> None:
    assert check_upload(_pdf(_uri("https://www.example.gov.cn/zwgk/"))) == "application/pdf"
    assert check_upload(_pdf(_uri("mailto:zfb@example.gov.cn"))) == "application/pdf"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_document_js, id="document JavaScript"),
        pytest.param(_open_action_js, id="OpenAction JavaScript"),
        pytest.param(_uri("javascript:app.alert(1)"), id="URI javascript:"),
        pytest.param(_uri("  JaVaScRiPt:app.alert(1)"), id="URI JavaScript: with spaces"),
        pytest.param(_uri("java\tscript:app.alert(1)"), id="URI with a tab inside"),
        pytest.param(_uri("file:///C:/Windows/System32/cmd.exe"), id="URI file:"),
        pytest.param(
            _link_action(
                {"/S": NameObject("/SubmitForm"), "/F": TextStringObject("https://evil.example/")}
            ),
            id="SubmitForm",
        ),
        pytest.param(
            _link_action({"/S": NameObject("/Launch"), "/F": TextStringObject("cmd.exe")}),
            id="Launch",
        ),
        pytest.param(
            _link_action({"/S": NameObject("/ImportData"), "/F": TextStringObject("x.fdf")}),
            id="ImportData",
        ),
        pytest.param(lambda w: w.add_attachment("evil.exe", b"MZ\x90\x00"), id="EmbeddedFile"),
        pytest.param(_rich_media, id="RichMedia"),
    ],
)
def test_pdf_with_active_content_is_refused(change) -> None:
    with pytest.raises(UploadError, match=r"^文件：PDF 含有可执行或自动运行的内容"):
        check_upload(_pdf(change))


def test_a_javascript_link_written_as_a_hex_string_is_found_by_parsing() -> None:
    """No byte pattern shows it: only a parser reads <6a61…> as "javascript:"."""
    data = _pdf(_uri("https://placeholder.example/"))
    hex_target = b"javascript:app.alert(1)".hex().encode()
    written = rb"(https\072\057\057placeholder\056example\057)"  # pypdf escapes : and /
    assert written in data
    data = data.replace(written, b"<" + hex_target + b">")
    assert b"javascript" not in data.lower()
    with pytest.raises(UploadError, match=r"/URI javascript:"):
        check_upload(data)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
        pytest.param(lambda data: b"%PDF-1.7\n" + b"\x00garbage" * 100, id="garbage"),
        pytest.param(lambda data: data.replace(b"/Type /Pages", b"/Type /P(ages"), id="broken"),
    ],
)
def test_a_pdf_pypdf_cannot_parse_is_refused(damage) -> None:
    with pytest.raises(UploadError, match=r"^文件：PDF"):
        check_upload(damage(_pdf()))
