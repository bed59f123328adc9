"""Decisions of an import file that are already stored: the same ones are skipped (#16).

Importing the same file twice changes nothing: a row whose 文号 is stored with the same
values (every 双公示 column, and the same 处罚机关 body) is counted as unchanged, not
refused. A row whose 文号 is stored with other values is refused: an import never
rewrites a decision that may already be under review or public (the back office does,
with its audit and workflow). An empty 公示截止期 in the file matches any stored one:
publishing fixes it. 行政许可决定 follow the same rule (#18), keyed by their 文书号.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain.shuanggongshi import COLUMN_FIELDS
from admin.models import PenaltyDecision

DECISION_NO_COLUMN = "行政处罚决定书文号"


def compare_stored(
    session: Session,
    rows: Sequence[tuple[int, dict[str, object], str]],
    *,
    model: type = PenaltyDecision,
    column_fields: Mapping[str, str] = COLUMN_FIELDS,
    key_column: str = DECISION_NO_COLUMN,
) -> tuple[list[int], list[tuple[int, str, str]]]:
    """Return the numbers of rows equal to their stored record, and (row, column, reason)
    for the others. ``rows`` holds (row number, fields, stored 文号); ``model`` is the
    record type (penalty decisions unless told), with its columns → fields."""
    numbers = sorted({stored for _, _, stored in rows})
    found: dict[str, object] = {}
    for start in range(0, len(numbers), 500):  # under SQLite's limit on bound parameters
        query = sa.select(model).where(model.decision_no.in_(numbers[start : start + 500]))  # type: ignore[attr-defined]
        found.update((d.decision_no, d) for d in session.scalars(query))
    unchanged: list[int] = []
    errors: list[tuple[int, str, str]] = []
    for number, fields, stored in rows:
        record = found.get(stored)
        if record is not None and _same(fields, record, column_fields):
            unchanged.append(number)
        else:
            reason = f"已存在（{stored}），且内容与本行不同（已导入的决定请在后台修改）"
            errors.append((number, key_column, reason))
    return unchanged, errors


def _same(fields: dict[str, object], record: object, column_fields: Mapping[str, str]) -> bool:
    body = fields.get("body")
    if body is not None and getattr(body, "id", None) != getattr(record, "body_id", None):
        return False
    for field in column_fields.values():
        value = fields.get(field)
        if field == "publicity_until" and value is None:
            continue
        stored = getattr(record, field)
        if (value or None) != (stored or None):  # "" and None alike: an empty cell
            return False
    return True
