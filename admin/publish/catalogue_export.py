"""Export the catalogue (执法主体, 执法人员, 执法事项) in the columns its import reads.

Separate from the 双公示 exporter: these are the bodies' own lists, in the template's
Chinese headers; exporting and importing again changes nothing. Bodies refer to their
parent, officers and items to their body, by credit code when the body has one (a
name may be shared or renamed; a code is not), else by name. Private fields (an
officer's ID number and phone) are never in the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain.catalogue import SHEETS, SUBJECTS, Sheet
from admin.domain.shuanggongshi import neutralise
from admin.models import Body, EnforcementItem, Officer

MODELS: dict[str, type] = {"subjects": Body, "officers": Officer, "items": EnforcementItem}
FORMATS = ("csv", "xlsx")


def catalogue_rows(session: Session, dataset: str) -> list[list[str]]:
    """Return every record of ``dataset`` as a row of its template's columns."""
    sheet = SHEETS[dataset]
    model = MODELS[dataset]
    if sheet is SUBJECTS:
        # Parents before their children, so the file reads top-down (import needs no order).
        records = sorted(session.scalars(sa.select(Body).order_by(Body.id)), key=_depth)
    else:
        records = list(session.scalars(sa.select(model).order_by(model.body_id, model.id)))
    return [_row(sheet, record) for record in records]


def render_catalogue(sheet: Sheet, rows: list[list[str]], fmt: str) -> bytes:
    """Return the header and ``rows`` as CSV (UTF-8 with BOM) or XLSX."""
    if fmt not in FORMATS:
        raise ValueError(f"格式：只能是 {' 或 '.join(FORMATS)}")
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(sheet.headers)
        writer.writerows(rows)
        return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    table = book.create_sheet(sheet.title)
    table.append(list(sheet.headers))
    for row in rows:
        table.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row(sheet: Sheet, record: Any) -> list[str]:
    cells = []
    for field in sheet.columns.values():
        if field == "parent":
            value = _reference(record.parent)
        elif field == "body":
            value = _reference(record.body)
        else:
            value = getattr(record, field) or ""
        cells.append(neutralise(str(value)))  # no cell runs as a formula (SECURITY.md)
    return cells


def _reference(body: Body | None) -> str:
    if body is None:
        return ""
    return body.credit_code or body.name


def _depth(body: Body) -> tuple[int, int]:
    depth, current = 0, body.parent
    while current is not None and depth < 100:
        depth, current = depth + 1, current.parent
    return depth, body.id
