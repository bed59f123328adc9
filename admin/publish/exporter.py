"""Export 行政处罚决定 in the 双公示 format for the credit platform (CSV or XLSX).

The export carries every field, private ones included (ID numbers of natural persons): it
goes to the credit platform, never to the public site. It re-imports to the same records.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain import vocab
from admin.domain.shuanggongshi import COLUMNS, FIELD_COLUMNS, Cell, neutralise, record_to_row
from admin.domain.sourceunit import SOURCE_UNIT_LABELS, missing_source_unit, source_unit_of
from admin.errors import GongshiError
from admin.models import PenaltyDecision

FORMATS = ("csv", "xlsx")
SHEET_TITLE = "行政处罚"


class SourceUnitMissing(GongshiError):
    """Decisions the credit platform would refuse: 数据来源单位 or its code is blank."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def export_rows(session: Session, *, fill_source_unit: bool = False) -> list[list[Cell]]:
    """Return the 30 cells of every decision the credit platform should hold.

    That is every decision actually made: published ones, and imported ones (decided and
    posted elsewhere) waiting for our review. A draft or a back-office decision still in
    legal review is not a decision yet. Withdrawn (撤回) and credit-repaired decisions are
    left out: the platform must stop showing them, and an export is what it is refreshed
    from.

    The platform refuses a row without 数据来源单位 and its code, so all rows or none:
    :class:`SourceUnitMissing` names every such decision. ``fill_source_unit`` puts the
    处罚机关 and its code in the blanks of this file only (decisions entered before the
    form had the fields are locked once published); the records are not changed.
    """
    decided = sa.or_(
        PenaltyDecision.state == vocab.STATE_PUBLISHED, PenaltyDecision.imported.is_(True)
    )
    query = (
        sa.select(PenaltyDecision)
        .where(decided)
        .where(PenaltyDecision.state != vocab.STATE_WITHDRAWN)
        .where(PenaltyDecision.repaired_on.is_(None))
        .order_by(PenaltyDecision.decision_date, PenaltyDecision.id)
    )
    rows, problems = [], []
    for decision in session.scalars(query):
        row = record_to_row(decision)
        fields = {name: getattr(decision, name) for name in _SOURCE_UNIT_INPUTS}
        if fill_source_unit:
            fields["source_unit"], fields["source_unit_code"] = source_unit_of(fields)
            for name in SOURCE_UNIT_LABELS:
                row[COLUMNS.index(FIELD_COLUMNS[name])] = neutralise(fields[name])
        missing = missing_source_unit(fields)
        if missing:
            problems.append(
                f"行政处罚决定 {decision.decision_no}（{decision.slug}）："
                f"{'、'.join(missing)}未填写，信用平台要求必填"
            )
        rows.append(row)
    if problems:
        raise SourceUnitMissing(problems)
    return rows


_SOURCE_UNIT_INPUTS = ("authority", "authority_code", *SOURCE_UNIT_LABELS)


def csv_bytes(rows: Iterable[list[Cell]], columns: Sequence[str] = COLUMNS) -> bytes:
    """Return the header and ``rows`` as CSV in UTF-8 with a BOM, as Excel and WPS open it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def xlsx_bytes(
    rows: Iterable[list[Cell]], columns: Sequence[str] = COLUMNS, title: str = SHEET_TITLE
) -> bytes:
    """Return the header and ``rows`` as an XLSX workbook with dates as date cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    for row in rows:
        cells: list[object] = []
        for value in row:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            elif isinstance(value, str):
                # XML cannot carry these control characters; openpyxl would refuse the sheet.
                cells.append(ILLEGAL_CHARACTERS_RE.sub("", value))
            else:
                # A Decimal is written as its exact digits; openpyxl reads it back as the
                # float whose repr is those digits, which the importer turns back into 分.
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_export(
    rows: Iterable[list[Cell]],
    fmt: str,
    columns: Sequence[str] = COLUMNS,
    title: str = SHEET_TITLE,
) -> bytes:
    """Return ``rows`` under ``columns`` (the 行政处罚 ones unless told) as csv or xlsx."""
    if fmt not in FORMATS:
        raise ValueError(f"格式：只能是 {' 或 '.join(FORMATS)}")
    return csv_bytes(rows, columns) if fmt == "csv" else xlsx_bytes(rows, columns, title)


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no half file is ever left."""
    path = path.absolute()
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
