"""The 双公示 行政许可 columns (docs/licences.md §1): headers, rows ↔ Licence fields, rules.

Pure, like :mod:`admin.domain.shuanggongshi` for penalties, whose cell readers it uses:
the importer and exporter (admin.publish.licence_import) do the file and database work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from admin.domain import vocab
from admin.domain.datasets import standard_columns
from admin.domain.fieldcheck import Checker, FieldError
from admin.domain.identifiers import normalise
from admin.domain.licence_dataset import LICENCES
from admin.domain.shuanggongshi import (
    ID_TYPE_ALIASES,
    PARTY_KIND_ALIASES,
    Cell,
    CellError,
    cell_text,
    header_index,
    match_standard_headers,
    neutralise,
    parse_date,
)

#: The 28 columns of the 双公示 行政许可 standard, in its order.
COLUMN_FIELDS: dict[str, str] = dict(standard_columns(LICENCES))
COLUMNS: tuple[str, ...] = tuple(COLUMN_FIELDS)
FIELD_COLUMNS: dict[str, str] = {field: column for column, field in COLUMN_FIELDS.items()}
DECISION_NO_COLUMN = "行政许可决定文书号"
REQUIRED_COLUMNS: tuple[str, ...] = (
    "行政相对人名称",
    "行政相对人类别",
    "行政许可决定文书名称",
    DECISION_NO_COLUMN,
    "许可类别",
    "许可内容",
    "许可决定日期",
    "许可机关",
)
DATE_FIELDS = ("decision_date", "valid_from", "valid_until")
CODE_FIELDS = (
    "party_credit_code",
    "party_reg_no",
    "party_org_code",
    "party_tax_no",
    "party_institution_no",
    "party_social_org_no",
    "legal_rep_id_number",
    "id_number",
    "authority_code",
    "source_unit_code",
)
#: 许可类别 as files spell it: "普通许可" for 普通.
KIND_SUFFIX = "许可"

_HEADERS = header_index(COLUMNS)


def match_headers(headers: Sequence[object]) -> tuple[list[str | None], list[CellError]]:
    """Map each header cell to its column (None: ignore) and list what is wrong with them."""
    return match_standard_headers(headers, _HEADERS, REQUIRED_COLUMNS, "双公示行政许可数据标准")


def row_to_fields(row: Mapping[str, Cell]) -> tuple[dict[str, Any], list[CellError]]:
    """Turn one row (keyed by column) into Licence fields and the cells refused."""
    fields: dict[str, Any] = {}
    errors: list[CellError] = []
    for column, field in COLUMN_FIELDS.items():
        value = row.get(column)
        try:
            fields[field] = _parse_cell(field, value)
        except ValueError as exc:
            fields[field] = None
            errors.append(CellError(column, str(exc)))
    kind = fields["party_kind"] = PARTY_KIND_ALIASES.get(fields["party_kind"], fields["party_kind"])
    for field in ("id_type", "legal_rep_id_type"):
        fields[field] = ID_TYPE_ALIASES.get(fields[field], fields[field])
    licence_kind = fields["licence_kind"] or ""
    if licence_kind.endswith(KIND_SUFFIX) and licence_kind != KIND_SUFFIX:
        fields["licence_kind"] = licence_kind.removesuffix(KIND_SUFFIX)
    fields["current_status"] = fields["current_status"] or vocab.LICENCE_STATUS_VALID
    refused = {error.column for error in errors}
    required = list(REQUIRED_COLUMNS)
    if kind == vocab.PARTY_ORGANISATION:
        required.append(FIELD_COLUMNS["party_credit_code"])
    elif kind == vocab.PARTY_NATURAL:
        required += ["证件类型", "证件号码"]
    for column in required:
        if column not in refused and fields[COLUMN_FIELDS[column]] in ("", None):
            errors.append(CellError(column, "不能为空"))
    return fields, errors


def validate_licence(fields: Mapping[str, Any], *, today: dt.date) -> list[FieldError]:
    """Check a 行政许可决定 (the form's and the import's rules)."""
    c = Checker("licence", fields)
    c.required("party_kind", "party_name", "doc_name", "decision_no", "licence_kind")
    c.required("content", "decision_date", "authority")
    party_kind = c.choice("party_kind", vocab.PARTY_KINDS)
    if party_kind == vocab.PARTY_ORGANISATION and not c.text("party_credit_code"):
        c.fail("party_credit_code", "法人及非法人组织必须填写")
    if party_kind == vocab.PARTY_NATURAL:
        for field in ("id_type", "id_number"):
            if not c.text(field):
                c.fail(field, "自然人必须填写")
    for field in ("party_credit_code", "authority_code", "source_unit_code"):
        c.credit_code(field)
    c.id_document("id_type", "id_number", today)
    c.id_document("legal_rep_id_type", "legal_rep_id_number", today)
    c.choice("licence_kind", vocab.LICENCE_KINDS)
    c.choice("current_status", vocab.LICENCE_STATUSES)
    decided = c.past_date("decision_date", today)
    floor, until = c.date("valid_from") or decided, c.date("valid_until")
    if until and floor and until < floor:
        c.fail("valid_until", "不能早于有效期自（或许可决定日期）")
    changed = c.past_date("status_date", today)
    if changed and decided and changed < decided:
        c.fail("status_date", "不能早于许可决定日期")
    return c.finish()


def record_to_row(record: Any) -> list[Cell]:
    """Return a licence's 28 cells, in column order: text neutralised, dates as dates."""
    cells: list[Cell] = []
    for field in COLUMN_FIELDS.values():
        value = getattr(record, field)
        cells.append(value if field in DATE_FIELDS else neutralise(value or ""))
    return cells


def _parse_cell(field: str, value: Cell) -> Any:
    if field in DATE_FIELDS:
        return parse_date(value)
    text = cell_text(value)
    if field in CODE_FIELDS:
        return text.upper() if text.isascii() and text.isalnum() else normalise(text).upper()
    if field == "party_kind":
        return normalise(text)
    return text
