"""Refuse an XLSX whose zip would inflate too far, before any spreadsheet parser opens it.

An XLSX is a zip of XML files. openpyxl inflates whatever the zip holds: a 794 KB file
became 484 MB and took 10 s before it was refused. Here the zip's central directory is
read first (declared sizes and compression ratios, instantly), then every member is
inflated once, counting the bytes it actually gives, with the same ceiling. zipfile stops
a member at its declared size and checks its CRC, so a member that lies about its size
ends as an error here too, not in the parser.

A real 双公示 file is far below these limits: 10,000 decisions written by openpyxl give
about 20 MB of XML at a ratio under 15:1.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from admin.errors import GongshiError

#: Inflated bytes of the whole workbook.
MAX_TOTAL_BYTES = 100 * 1024 * 1024
#: Members in the zip (a workbook has a few dozen).
MAX_MEMBERS = 2_000
#: Inflated:compressed ratio above which a large member is a bomb, not a spreadsheet.
MAX_RATIO = 100
#: Members smaller than this may compress however well (tiny XML parts of repeated tags).
RATIO_FLOOR = 1024 * 1024
_CHUNK = 1024 * 1024

TOO_BIG = (
    f"文件：XLSX 解压后过大（上限 {MAX_TOTAL_BYTES // (1024 * 1024)} MB、压缩比 {MAX_RATIO}:1），"
    "可能是压缩炸弹，未导入任何记录"
)
DAMAGED = (
    "无法读取 XLSX 文件：文件已损坏或不是 Excel 工作簿（请用 Excel 或 WPS 另存为 .xlsx 或 CSV）"
)


class ArchiveRefused(GongshiError, ValueError):
    """The XLSX's zip is refused before parsing; the message is Chinese."""


def check_xlsx_archive(data: bytes) -> None:
    """Refuse ``data`` when its zip is damaged or would inflate past the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ArchiveRefused(DAMAGED) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ArchiveRefused(f"文件：XLSX 含有过多的部件（{len(members)} 个），未导入任何记录")
        _check_declared(members)
        _check_actual(archive, members)


def _check_declared(members: list[zipfile.ZipInfo]) -> None:
    if sum(member.file_size for member in members) > MAX_TOTAL_BYTES:
        raise ArchiveRefused(TOO_BIG)
    for member in members:
        ratio_limit = MAX_RATIO * max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and member.file_size > ratio_limit:
            raise ArchiveRefused(TOO_BIG)


def _check_actual(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    total = 0
    try:
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_TOTAL_BYTES:
                        raise ArchiveRefused(TOO_BIG)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError):
        # A bad CRC, a broken deflate stream, an unsupported method, encryption, truncation.
        raise ArchiveRefused(DAMAGED) from None
