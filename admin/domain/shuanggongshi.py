"""The 双公示 行政处罚 column format (LAW.md §6): headers, and rows ↔ PenaltyDecision fields.

Pure: the importer and exporter do the file I/O and the database work around it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from admin.domain import vocab
from admin.domain.datasets import standard_columns
from admin.domain.decision_no import normalise_decision_no
from admin.domain.identifiers import normalise
from admin.domain.money import MoneyError, fen_to_wan_yuan, wan_yuan_to_fen
from admin.domain.validation import SUMMARY_FINE_CAP_FEN, SUMMARY_KINDS

#: The 30 columns of the national standard, in its order, spelt as LAW.md §6 gives them.
COLUMN_FIELDS: dict[str, str] = dict(standard_columns())
COLUMNS: tuple[str, ...] = tuple(COLUMN_FIELDS)
FIELD_COLUMNS: dict[str, str] = {field: column for column, field in COLUMN_FIELDS.items()}

CREDIT_CODE_COLUMN = "行政相对人代码_1(统一社会信用代码)"
#: DESIGN.md "Import and export format": what every file must carry.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "行政相对人名称",
    "行政相对人类别",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "处罚决定日期",
    "处罚机关",
)
REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    vocab.PARTY_ORGANISATION: (CREDIT_CODE_COLUMN,),
    vocab.PARTY_NATURAL: ("证件类型", "证件号码"),
}
#: Spreadsheets often number their rows; such a column carries no data of the record.
IGNORED_HEADERS = frozenset({"序号"})
#: Labels of the earlier edition of the standard, still found in files.
PARTY_KIND_ALIASES = {"法人及其他组织": vocab.PARTY_ORGANISATION}
ID_TYPE_ALIASES = {"居民身份证": "身份证"}

AMOUNT_FIELDS = ("fine_fen", "confiscation_fen")
DATE_FIELDS = ("decision_date", "validity_until", "publicity_until")
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
#: Cells a spreadsheet would read as a formula (SECURITY.md: CSV/XLSX injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KIND_SEPARATORS = re.compile(r"[;；、]")
_KINDS_WITH_COMMA = [kind for kind in vocab.PENALTY_KINDS if "、" in kind]
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")

Cell = str | int | float | Decimal | dt.date | dt.datetime | None


@dataclass(frozen=True)
class CellError:
    """One refusal: the column (as the file names it) and the reason, in Chinese."""

    column: str
    reason: str


def header_key(text: object) -> str:
    """Return the comparable form of a header: NFKC, no spaces, brackets folded."""
    return normalise("" if text is None else str(text))


def header_index(columns: Sequence[str]) -> dict[str, str]:
    """Map each comparable header of a 双公示 standard's ``columns`` to its column.

    "行政相对人代码_1" alone names the same column: its label in brackets is only a gloss.
    """
    index = {header_key(column): column for column in columns}
    index.update({header_key(c.split("(")[0]): c for c in columns if "代码_" in c})
    return index


_HEADERS = header_index(COLUMNS)


def match_headers(headers: Sequence[object]) -> tuple[list[str | None], list[CellError]]:
    """Map each header cell to its column (None: ignore) and list what is wrong with them."""
    return match_standard_headers(headers, _HEADERS, REQUIRED_COLUMNS, "双公示行政处罚数据标准")


def match_standard_headers(
    headers: Sequence[object], index: Mapping[str, str], required: Sequence[str], standard: str
) -> tuple[list[str | None], list[CellError]]:
    """Map header cells to ``index``'s columns (None: ignore); list what is wrong with them."""
    matched: list[str | None] = []
    errors: list[CellError] = []
    for header in headers:
        key = header_key(header)
        column = index.get(key)
        if not key or key in IGNORED_HEADERS:
            matched.append(None)
            continue
        if column is None:
            errors.append(CellError(str(header).strip(), f"不是{standard}中的字段"))
        elif column in matched:
            errors.append(CellError(column, "该列重复出现"))
        matched.append(column)
    for column in required:
        if column not in matched:
            errors.append(CellError(column, "缺少此列（必填字段）"))
    return matched, errors


def neutralise(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula."""
    return "'" + text if _looks_like_formula(text) else text


def unneutralise(text: str) -> str:
    """Strip exactly the ``'`` that :func:`neutralise` adds, so a round trip is lossless."""
    return text[1:] if text.startswith("'") and _looks_like_formula(text[1:]) else text


def _looks_like_formula(text: str) -> bool:
    # Quotes already in front count too, so a text that itself begins with '= survives.
    return text.lstrip("'").startswith(FORMULA_STARTS)


def split_kinds(text: str) -> list[str]:
    """Split 处罚类别 on ``;`` ``；`` ``、``, keeping kinds whose own name holds a 、."""
    protected = text
    for index, kind in enumerate(_KINDS_WITH_COMMA):
        protected = protected.replace(kind, f"\0{index}\0")
    kinds = []
    for part in KIND_SEPARATORS.split(protected):
        part = re.sub(r"\0(\d+)\0", lambda m: _KINDS_WITH_COMMA[int(m.group(1))], part).strip()
        if part:
            kinds.append(part)
    return kinds


def join_kinds(kinds: Sequence[str]) -> str:
    """Join 处罚类别 the way :func:`split_kinds` reads them back."""
    return "；".join(kinds)


def cell_text(value: Cell) -> str:
    """Return a cell as trimmed text, undoing export's formula neutralising."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return unneutralise(str(value).strip())


def parse_date(value: Cell) -> dt.date | None:
    """Read a ``YYYY-MM-DD`` text or a spreadsheet date cell; None when empty."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float | Decimal):
        raise ValueError("应为 YYYY-MM-DD 格式的日期")
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    if not text:
        return None
    try:
        if DATE_RE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"「{text}」不是有效的日期") from None
    raise ValueError(f"「{text}」应为 YYYY-MM-DD 格式的日期")


def parse_wan_yuan(value: Cell) -> int:
    """Read an amount in 万元 (text or number cell) as exact integer 分; empty is 0."""
    if isinstance(value, bool):
        raise MoneyError("金额", "不是有效的金额")
    if isinstance(value, float):
        # repr is the shortest text that reads back as this float: what the sheet shows.
        value = format(Decimal(repr(value)), "f")
    elif isinstance(value, int | Decimal):
        value = format(Decimal(value), "f")
    text = cell_text(value)
    return wan_yuan_to_fen(text) if text else 0


def procedure_for(party_kind: str, kinds: Sequence[str], fine_fen: int) -> str:
    """Return the procedure a decision's kinds and fine allow (行政处罚法 Art 51).

    The caps are validation's, so an import never derives a procedure the rules refuse.
    """
    cap = SUMMARY_FINE_CAP_FEN.get(party_kind, 0)
    if kinds and set(kinds) <= SUMMARY_KINDS and fine_fen <= cap:
        return vocab.PROCEDURE_SUMMARY
    return vocab.PROCEDURE_ORDINARY


def required_columns(party_kind: str) -> tuple[str, ...]:
    """Return the columns a row of this 行政相对人类别 must fill."""
    return REQUIRED_COLUMNS + REQUIRED_BY_KIND.get(party_kind, ())


def row_to_fields(row: Mapping[str, Cell]) -> tuple[dict[str, Any], list[CellError]]:
    """Turn one row (keyed by column) into PenaltyDecision fields and the cells refused."""
    fields: dict[str, Any] = {}
    errors: list[CellError] = []
    for column, field in COLUMN_FIELDS.items():
        value = row.get(column)
        try:
            fields[field] = _parse_cell(field, value)
        except MoneyError as exc:
            fields[field] = 0
            errors.append(CellError(column, exc.reason))
        except ValueError as exc:
            fields[field] = None
            errors.append(CellError(column, str(exc)))
    kind = fields["party_kind"] = PARTY_KIND_ALIASES.get(fields["party_kind"], fields["party_kind"])
    for field in ("id_type", "legal_rep_id_type"):
        fields[field] = ID_TYPE_ALIASES.get(fields[field], fields[field])
    fields["decision_no"] = normalise_decision_no(fields["decision_no"])
    refused = {error.column for error in errors}
    for column in required_columns(kind):
        if column not in refused and fields[COLUMN_FIELDS[column]] in ("", None, []):
            errors.append(CellError(column, "不能为空"))
    fields["procedure"] = procedure_for(kind, fields["kinds"], fields["fine_fen"])
    fields["severity"] = "一般"
    return fields, errors


def record_to_row(record: Any) -> list[Cell]:
    """Return a decision's 30 cells, in column order: text neutralised, 万元 exact, dates."""
    cells: list[Cell] = []
    for field in COLUMN_FIELDS.values():
        value = getattr(record, field)
        if field in AMOUNT_FIELDS:
            cells.append(fen_to_wan_yuan(value) if value else None)
        elif field in DATE_FIELDS:
            cells.append(value)
        elif field == "kinds":
            cells.append(neutralise(join_kinds(value or [])))
        else:
            cells.append(neutralise(value or ""))
    return cells


def _parse_cell(field: str, value: Cell) -> Any:
    if field in AMOUNT_FIELDS:
        return parse_wan_yuan(value)
    if field in DATE_FIELDS:
        return parse_date(value)
    text = cell_text(value)
    if field == "kinds":
        return split_kinds(text)
    if field in CODE_FIELDS:
        # The common case, plain ASCII, skips the character-by-character fold.
        return text.upper() if text.isascii() and text.isalnum() else normalise(text).upper()
    if field == "party_kind":
        return normalise(text)
    return text
