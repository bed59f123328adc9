"""The catalogue's import columns (执法主体, 执法人员, 执法事项) and the checks of one row.

Pure: the importer (admin.publish.catalogue_import) reads files and looks bodies up in
the database; here are the columns as the template gives them, and the rules a row must
meet on its own (the record rules of admin.domain.validation, reported by column).

Decisions made here:

- A body is named by its 名称 or its 统一社会信用代码 (上级机关, 所属执法主体, 执法主体):
  a cell of 18 characters that is a valid credit code is taken as a code, anything else
  as a name, so a file may use either, row by row.
- 辅助人员 hold no 执法证号; they are keyed by 姓名 within their body instead.
- An 执法事项 is keyed by 事项编码 within its body when it has one, else by 事项名称
  within its body. Its 实施依据 may be left empty on import, as the issue's list of
  required columns has it (a 权责清单 often gives the basis on another sheet); the
  back-office form still asks for it when the item is edited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from admin.domain import vocab
from admin.domain.datasets import DATASETS
from admin.domain.identifiers import is_valid_credit_code, normalise
from admin.domain.shuanggongshi import Cell, CellError, cell_text, header_key
from admin.domain.validation import validate_item, validate_officer, validate_subject

#: The column that names a body in each sheet ("" for subjects: the body itself).
PARENT_COLUMN = "上级机关"
OFFICER_BODY_COLUMN = "所属执法主体"
ITEM_BODY_COLUMN = "执法主体"
IGNORED_HEADERS = frozenset({"序号"})


@dataclass(frozen=True)
class Sheet:
    """One record type's import file: its columns (header → model field) and rules."""

    dataset: str
    title: str
    columns: Mapping[str, str]
    required: tuple[str, ...]
    #: The column naming the body the row belongs to (or its parent, for subjects).
    body_column: str

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(self.columns)

    def column_of(self, field: str) -> str | None:
        return next((c for c, f in self.columns.items() if f == field), None)


#: The subjects' plain fields by the declaration's titles (they are named there only).
_PLAIN_SUBJECT_FIELDS = {f.title: f.key for f in DATASETS["subjects"].public_fields() if f.plain}

SUBJECTS = Sheet(
    "subjects",
    "执法主体",
    {
        "名称": "name",
        "简称": "short_name",
        "主体类别": "kind",
        "统一社会信用代码": "credit_code",
        PARENT_COLUMN: "parent",
        "文号代字": "decision_prefix",
        "地址": "address",
        "电话": "phone",
        "办公时间": _PLAIN_SUBJECT_FIELDS["办公时间"],
        "职权依据": "legal_basis",
        "监督机关": _PLAIN_SUBJECT_FIELDS["监督机关"],
        "投诉举报渠道": _PLAIN_SUBJECT_FIELDS["投诉举报渠道"],
        "复议机关": "review_body",
        "诉讼法院": "court",
    },
    ("名称", "主体类别", "统一社会信用代码"),
    PARENT_COLUMN,
)
OFFICERS = Sheet(
    "officers",
    "执法人员",
    {
        "姓名": "name",
        "人员类别": "staff_kind",
        "执法证号": "certificate_no",
        OFFICER_BODY_COLUMN: "body",
        "执法类别": "category",
        "执法区域": "area",
        "状态": "status",
    },
    ("姓名", "人员类别", OFFICER_BODY_COLUMN),
    OFFICER_BODY_COLUMN,
)
ITEMS = Sheet(
    "items",
    "执法事项",
    {
        "事项编码": "code",
        "事项名称": "name",
        "事项类别": "category",
        "实施依据": "legal_basis",
        ITEM_BODY_COLUMN: "body",
        "办理流程": "procedure",
        "办理时限": "time_limit",
        "救济途径": "remedy",
        "裁量基准": "discretion",
    },
    ("事项名称", "事项类别", ITEM_BODY_COLUMN),
    ITEM_BODY_COLUMN,
)
SHEETS: dict[str, Sheet] = {sheet.dataset: sheet for sheet in (SUBJECTS, OFFICERS, ITEMS)}

#: Slug prefix of an 执法事项 per category, as the demo's catalogue: a code, never a name.
ITEM_SLUG_PREFIXES = {
    "行政许可": "xk",
    "行政处罚": "cf",
    "行政检查": "jc",
    "行政强制": "qz",
    "行政征收": "zs",
    "行政裁决": "cj",
    "其他": "qt",
}


def match_headers(
    sheet: Sheet, headers: Sequence[object]
) -> tuple[list[str | None], list[CellError]]:
    """Map each header cell to its column (None: ignored) and list what is wrong with them."""
    known = {header_key(column): column for column in sheet.columns}
    matched: list[str | None] = []
    errors: list[CellError] = []
    for header in headers:
        key = header_key(header)
        column = known.get(key)
        if not key or key in IGNORED_HEADERS:
            matched.append(None)
            continue
        if column is None:
            errors.append(CellError(str(header).strip(), f"不是{sheet.title}导入模板中的字段"))
        elif column in matched:
            errors.append(CellError(column, "该列重复出现"))
        matched.append(column)
    for column in sheet.required:
        if column not in matched:
            errors.append(CellError(column, "缺少此列（必填字段）"))
    return matched, errors


def is_code_reference(text: str) -> bool:
    """Whether a cell naming a body gives its credit code (else it gives its name)."""
    return is_valid_credit_code(text)


def reference_key(text: str) -> str:
    """Return the comparable form of a body's name or code: NFKC, no spaces, upper case."""
    return normalise(text).upper()


def row_fields(sheet: Sheet, row: Mapping[str, Cell]) -> tuple[dict[str, Any], list[CellError]]:
    """Return one row's model fields (and its body reference under "body"/"parent").

    Only the columns present are returned, so a file without a column leaves that field
    of an existing record as it is. Errors name the column as the template does.
    """
    fields: dict[str, Any] = {}
    for column, field in sheet.columns.items():
        if column in row:
            fields[field] = cell_text(row[column])
    if "credit_code" in fields:
        fields["credit_code"] = normalise(fields["credit_code"]).upper()
    if sheet is OFFICERS and not fields.get("status"):
        fields.pop("status", None)  # not required: a new officer is 在岗, a known one keeps it
    errors: list[CellError] = []
    for column in sheet.required:
        if not fields.get(sheet.columns[column]):
            errors.append(CellError(column, "不能为空"))
    refused = {sheet.columns[e.column] for e in errors}
    for problem in _validate(sheet, fields):
        named = sheet.column_of(problem.field)
        if named is None or problem.field in refused:
            continue
        refused.add(problem.field)
        errors.append(CellError(named, problem.message.removeprefix(f"{problem.label}：")))
    return fields, errors


def record_key(sheet: Sheet, fields: Mapping[str, Any], body_key: object) -> tuple[object, ...]:
    """Return the key a row updates its record by (see the module docstring)."""
    if sheet is SUBJECTS:
        return ("code", fields.get("credit_code", ""))
    if sheet is OFFICERS:
        if fields.get("staff_kind") == vocab.STAFF_KINDS[0] or fields.get("certificate_no"):
            return ("certificate", normalise(fields.get("certificate_no", "")).upper())
        return ("name", body_key, fields.get("name", ""))
    if fields.get("code"):
        return ("code", body_key, normalise(fields["code"]).upper())
    return ("name", body_key, fields.get("name", ""))


def _validate(sheet: Sheet, fields: Mapping[str, Any]) -> list[Any]:
    values = {k: v for k, v in fields.items() if k not in ("body", "parent")}
    if sheet is SUBJECTS:
        return validate_subject(values)
    if sheet is OFFICERS:
        return validate_officer(values)
    problems = validate_item(values)
    return [p for p in problems if p.field != "legal_basis" or fields.get("legal_basis")]
