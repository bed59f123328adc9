"""An XLSX zip bomb is refused from the zip's own figures, fast, before openpyxl reads it."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from admin.models import PenaltyDecision
from admin.publish.importer import UnreadableFile, import_penalties
from admin.store.xlsxcheck import MAX_TOTAL_BYTES, ArchiveRefused, check_xlsx_archive
from tests.test_import_export import TODAY, company, decisions, township, write_xlsx

__all__ = ["township"]  # the fixture, imported for these tests


def _with_member(xlsx: bytes, name: str, size: int, fill: bytes = b" ") -> bytes:
    """Return ``xlsx`` with member ``name`` replaced by ``size`` bytes of ``fill``."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED  # a bare ZipInfo would store, not deflate
        with target.open(info, "w", force_zip64=True) as stream:
            chunk = fill * (1024 * 1024)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def real_xlsx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("xlsx") / "ok.xlsx"
    return write_xlsx(path, [company(2)]).read_bytes()


@pytest.fixture(scope="module")
def bomb(real_xlsx: bytes) -> bytes:
    """Like the issue's bomb (794 KB): about 500 KB that inflate to 484 MB in a worksheet."""
    data = _with_member(real_xlsx, "xl/worksheets/sheet1.xml", 484 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    return data


def test_the_bomb_is_refused_in_well_under_a_second(
    session, township, tmp_path: Path, bomb: bytes
) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match=r"^文件：XLSX 解压后过大"):
        import_penalties(session, path, actor="t", today=TODAY)
    assert time.perf_counter() - started < 0.5
    assert decisions(session) == []
    assert session.query(PenaltyDecision).count() == 0


def test_the_command_refuses_the_bomb_in_one_chinese_line(
    gongshi, township, tmp_path: Path, bomb: bytes
) -> None:
    (tmp_path / "bomb.xlsx").write_bytes(bomb)
    result = gongshi("import", "penalties", "bomb.xlsx")
    assert result.returncode == 1
    assert "文件：XLSX 解压后过大" in result.stderr and "Traceback" not in result.stderr


def test_a_member_inflating_past_the_ratio_is_refused_though_small_in_total(real_xlsx) -> None:
    """20 MB of one byte: under the total limit, but a ratio no spreadsheet has."""
    data = _with_member(real_xlsx, "xl/sharedStrings.xml", 20 * 1024 * 1024, b"\x00")
    with pytest.raises(ArchiveRefused, match=r"^文件：XLSX 解压后过大"):
        check_xlsx_archive(data)


def test_a_member_lying_about_its_size_is_refused_before_parsing(real_xlsx) -> None:
    """The central directory says 1 KB; the data inflates to 8 MB."""
    data = bytearray(_with_member(real_xlsx, "xl/worksheets/sheet1.xml", 8 * 1024 * 1024))
    for offset in _central_entries(bytes(data)):
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        name = bytes(data[offset + 46 : offset + 46 + name_length])
        if name == b"xl/worksheets/sheet1.xml":
            assert struct.unpack_from("<I", data, offset + 24)[0] == 8 * 1024 * 1024
            struct.pack_into("<I", data, offset + 24, 1024)  # the uncompressed size
    with pytest.raises(ArchiveRefused, match=r"^无法读取 XLSX 文件"):
        check_xlsx_archive(bytes(data))


def test_a_large_honest_workbook_passes(real_xlsx) -> None:
    """The limits leave room: 30 MB of varied text at an ordinary ratio is accepted."""
    # Letters with little repetition: they compress a few times, not hundreds.
    varied = bytes(zlib.crc32(n.to_bytes(4, "little")) % 26 + 97 for n in range(256 * 1024))
    source = zipfile.ZipFile(io.BytesIO(real_xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr("xl/notes.xml", varied * 120)  # 30 MB
    assert 120 * len(varied) < MAX_TOTAL_BYTES
    check_xlsx_archive(out.getvalue())


def _central_entries(data: bytes) -> list[int]:
    offsets, start = [], 0
    while (found := data.find(b"PK\x01\x02", start)) != -1:
        offsets.append(found)
        start = found + 4
    return offsets
