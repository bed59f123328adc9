"""Import the catalogue (执法主体, 执法人员, 执法事项) from CSV or XLSX: all rows or none.

The file format is admin.domain.catalogue's; reading (encodings, XLSX guards) is the
penalty importer's. Each row finds its record by key (credit code, 执法证号, 事项编码 or
name within the body): a new key creates a record, a known one updates it where a value
differs, so importing the same file again changes nothing (no write, no audit entry).
A body may come before or after its parent in the file. Nothing is committed here.

Publishing: ``publish=True`` publishes every record of the file not yet public, or
changed; without it, a record already public whose values changed is republished, so the
site follows the catalogue (a page never shows values the database no longer holds).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.content.store import ContentStoreError, read_record_file, read_site_config
from admin.domain.catalogue import (
    ITEM_SLUG_PREFIXES,
    OFFICERS,
    SHEETS,
    SUBJECTS,
    Sheet,
    is_code_reference,
    match_headers,
    record_key,
    reference_key,
    row_fields,
)
from admin.domain.oserrors import describe_os_error
from admin.models import Body, EnforcementItem, Officer
from admin.publish import publishing
from admin.publish.bodyref import IMPORT_SUBJECTS_HINT, BodyDirectory
from admin.publish.importer import ImportFailed, ImportRefused, RowError, UnreadableFile, read_table
from admin.store import audit
from admin.store.accounts import give_bodies_to_accounts_without
from admin.store.slugs import allocate_slug

MODELS: dict[str, type] = {"subjects": Body, "officers": Officer, "items": EnforcementItem}
#: The column a duplicate key is reported on, by the key's kind.
KEY_COLUMNS = {
    ("subjects", "code"): "统一社会信用代码",
    ("officers", "certificate"): "执法证号",
    ("officers", "name"): "姓名",
    ("items", "code"): "事项编码",
    ("items", "name"): "事项名称",
}


@dataclass
class CatalogueSummary:
    """What an import did, counted by outcome."""

    dataset: str
    source: str
    sha256: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged

    def report(self) -> str:
        title = SHEETS[self.dataset].title
        return (
            f"{title}：新增 {self.created} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"
            f"（{self.source}，SHA-256 {self.sha256}）"
        )


@dataclass(eq=False)
class _Row:
    number: int
    fields: dict[str, Any]
    refused: set[str]
    record: Any = None  # the stored record the key finds, or the one created
    #: Subjects: the parent (a Body, another _Row, or None); others: the owning Body.
    owner: Any = None
    outcome: str = ""
    changed: dict[str, Any] = field(default_factory=dict)


def import_catalogue(
    session: Session,
    dataset: str,
    path: str | Path,
    *,
    actor: str,
    today: dt.date,
    publish: bool = False,
    content_root: str | Path = "content",
) -> CatalogueSummary:
    """Check every row of a catalogue file, then create or update its records; raise on errors."""
    sheet, path, root = SHEETS[dataset], Path(path), Path(content_root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件 {path}：{describe_os_error(exc)}") from None
    summary = CatalogueSummary(dataset, path.name, hashlib.sha256(data).hexdigest())
    table = read_table(data)
    columns, header_errors = match_headers(sheet, table.headers)
    if header_errors:
        raise ImportRefused([RowError(1, e.column, e.reason) for e in header_errors])
    if not table.rows:
        raise ImportFailed("文件中没有数据行（第1行应为表头，第2行起为数据）")
    rows, errors = [], []
    for number, cells in table.rows:
        cells_by_column = {c: cell for c, cell in zip(columns, cells, strict=False) if c}
        fields, problems = row_fields(sheet, cells_by_column)
        errors += [RowError(number, e.column, e.reason) for e in problems]
        rows.append(_Row(number, fields, {e.column for e in problems}))
    directory = BodyDirectory.of(session)
    if sheet is SUBJECTS:
        errors += _match_subjects(rows, directory)
    else:
        if not directory:
            raise ImportFailed(
                f"数据库中还没有执法主体，无法确定{sheet.body_column}：{IMPORT_SUBJECTS_HINT}"
            )
        errors += _match_members(session, sheet, rows, directory)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    slugs = _Slugs(root / dataset)
    for row in _parents_first(rows) if sheet is SUBJECTS else rows:
        _save(session, sheet, row, actor=actor, slugs=slugs, source=path.name)
        setattr(summary, row.outcome, getattr(summary, row.outcome) + 1)
    if summary.created or summary.updated:
        audit.record(
            session, actor, "import", publishing.KINDS[MODELS[dataset]][1], None,
            file=path.name, sha256=summary.sha256, rows=summary.rows, created=summary.created,
            updated=summary.updated, publish=publish,
        )  # fmt: skip
    summary.published = _publish(session, sheet, rows, publish, actor=actor, today=today, root=root)
    return summary


def _match_subjects(rows: list[_Row], directory: BodyDirectory) -> list[RowError]:
    """Find each row's stored body by code and its parent in the file or the database."""
    errors: list[RowError] = []
    by_code: dict[str, _Row] = {}
    by_name: dict[str, _Row] = {}
    for row in rows:
        code = reference_key(row.fields.get("credit_code", ""))
        if code and "统一社会信用代码" not in row.refused:
            if code in by_code:
                errors.append(_again(row, "统一社会信用代码", by_code[code]))
            by_code.setdefault(code, row)
            row.record = directory.by_code.get(code)
        name = reference_key(row.fields.get("name", ""))
        if name and name in by_name:
            errors.append(_again(row, "名称", by_name[name]))
        by_name.setdefault(name, row)
    of_record = {id(row.record): row for row in rows if row.record is not None}
    for row in rows:
        name = row.fields.get("name", "")
        for other in directory.by_name.get(reference_key(name), []):
            if other is not row.record and id(other) not in of_record:
                reason = f"已有同名的执法主体（统一社会信用代码 {other.credit_code or '未填'}）"
                errors.append(RowError(row.number, "名称", reason))
        reference = row.fields.get("parent", "")
        if not reference or "上级机关" in row.refused:
            continue
        key = reference_key(reference)
        if is_code_reference(reference):
            target: Any = by_code.get(key) or directory.by_code.get(key)
        else:
            target = by_name.get(key) or directory.find_name(reference)[0]
        target = of_record.get(id(target), target)
        if target is None:
            reason = f"文件和数据库中都没有「{reference}」（应填上级机关的名称或统一社会信用代码）"
            errors.append(RowError(row.number, "上级机关", reason))
        elif target is row:
            errors.append(RowError(row.number, "上级机关", "不能是本机关自己"))
        else:
            row.owner = target
    errors += _cycles(rows, of_record)
    return errors


def _cycles(rows: list[_Row], of_record: dict[int, _Row]) -> list[RowError]:
    """Refuse rows whose chain of parents comes back to them (file and database together)."""
    errors = []
    for row in rows:
        node: Any = row.owner
        for _ in range(len(rows) + 1000):
            if node is None:
                break
            if node is row:
                errors.append(RowError(row.number, "上级机关", "上下级关系成环"))
                break
            node = (
                node.owner
                if isinstance(node, _Row)
                else of_record.get(id(node.parent), node.parent)
            )
    return errors


def _match_members(
    session: Session, sheet: Sheet, rows: list[_Row], directory: BodyDirectory
) -> list[RowError]:
    """Find each officer's or item's body, and its stored record by key."""
    errors: list[RowError] = []
    model = MODELS[sheet.dataset]
    stored: dict[tuple[object, ...], Any] = {}
    for record in session.scalars(sa.select(model).order_by(model.id)):
        stored.setdefault(record_key(sheet, _values_of(sheet, record), record.body_id), record)
        if sheet is not OFFICERS:  # an item keyed by code is found by its name as well
            stored.setdefault(("name", record.body_id, record.name), record)
    seen: dict[tuple[object, ...], _Row] = {}
    for row in rows:
        reference = row.fields.get("body", "")
        if not reference or sheet.body_column in row.refused:
            continue
        body, reason = directory.find(reference)
        if body is None:
            errors.append(RowError(row.number, sheet.body_column, reason))
            continue
        row.owner = body
        key = record_key(sheet, row.fields, body.id)
        column = KEY_COLUMNS[(sheet.dataset, str(key[0]))]
        if column in row.refused:
            continue
        if key in seen:
            errors.append(_again(row, column, seen[key]))
            continue
        seen[key] = row
        row.record = stored.get(key)
        if row.record is None and key[0] == "code":
            found = stored.get(("name", body.id, row.fields.get("name", "")))
            row.record = found if found is not None and not found.code else None
    return errors


def _again(row: _Row, column: str, first: _Row) -> RowError:
    return RowError(row.number, column, f"与第{first.number}行重复")


def _values_of(sheet: Sheet, record: Any) -> dict[str, Any]:
    return {f: getattr(record, f) for f in sheet.columns.values() if f not in ("body", "parent")}


def _parents_first(rows: list[_Row]) -> list[_Row]:
    ordered: list[_Row] = []
    placed: set[int] = set()

    def place(row: _Row) -> None:
        if id(row) in placed:
            return
        placed.add(id(row))
        if isinstance(row.owner, _Row):
            place(row.owner)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


def _save(
    session: Session, sheet: Sheet, row: _Row, *, actor: str, slugs: _Slugs, source: str
) -> None:
    """Create or update the row's record; set ``row.outcome``; audit what changed."""
    values = {k: v for k, v in row.fields.items() if k not in ("body", "parent")}
    owner = row.owner.record if isinstance(row.owner, _Row) else row.owner
    values["parent_id" if sheet is SUBJECTS else "body_id"] = owner.id if owner else None
    record, entity = row.record, publishing.KINDS[MODELS[sheet.dataset]][1]
    if record is None:
        record = row.record = MODELS[sheet.dataset]()
        for name, value in values.items():
            setattr(record, name, value)
        record.slug = slugs.next(session, type(record), _slug_prefix(sheet, values))
        session.add(record)
        session.flush()
        row.outcome, action, before, after = "created", "create", {}, values
        if sheet is SUBJECTS and record.parent_id is None:
            # Accounts made before any body was there get the top-level bodies as they come.
            give_bodies_to_accounts_without(session, [record], actor=actor)
    else:
        before = {k: getattr(record, k) for k, v in values.items() if getattr(record, k) != v}
        after = {k: values[k] for k in before}
        if not after:
            row.outcome = "unchanged"
            return
        for name, value in after.items():
            setattr(record, name, value)
        session.flush()
        row.outcome, action, row.changed = "updated", "edit", after
    audit.record(
        session, actor, action, entity, record.id, dataset=sheet.dataset, slug=record.slug,
        before=before, after=after, source=f"{source} 第{row.number}行",
    )  # fmt: skip


class _Slugs:
    """``<prefix>-<nnnn>`` slugs: one query per prefix, not per record (allocate_slug's)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.numbers: dict[str, int] = {}

    def next(self, session: Session, model: type, prefix: str) -> str:
        if prefix not in self.numbers:
            first = allocate_slug(session, model, prefix, content_folder=self.folder)
            self.numbers[prefix] = int(first.rsplit("-", 1)[1])
        # A file on disk keeps its number (content/slugs.py): skip past it.
        while (self.folder / f"{prefix}-{self.numbers[prefix]:04d}.md").exists():
            self.numbers[prefix] += 1
        self.numbers[prefix] += 1
        return f"{prefix}-{self.numbers[prefix] - 1:04d}"


def _slug_prefix(sheet: Sheet, values: dict[str, Any]) -> str:
    # Never a name: a person's or a body's page URL carries no words (content/slugs.py).
    if sheet is SUBJECTS:
        return "subject"
    if sheet is OFFICERS:
        return "officer"
    return ITEM_SLUG_PREFIXES[values["category"]]


def _publish(
    session: Session,
    sheet: Sheet,
    rows: list[_Row],
    publish: bool,
    *,
    actor: str,
    today: dt.date,
    root: Path,
) -> int:
    """Publish what the import asks (see the module docstring); return how many were written."""
    chosen = [
        row
        for row in (_parents_first(rows) if sheet is SUBJECTS else rows)
        if (row.outcome != "unchanged" and (publish or _is_public(root, sheet, row.record)))
        or (publish and not _is_public(root, sheet, row.record))
    ]
    if not chosen:
        return 0
    try:
        read_site_config(root)
    except ContentStoreError as exc:
        hint = "" if root.is_dir() else "；运行 gongshi init --new-site 名称 新建本站内容"
        raise ImportFailed(f"无法公示：{exc}{hint}") from None
    errors, written = [], 0
    with publishing.batch():
        for row in chosen:
            try:
                path = publishing.publish_record(
                    session, row.record, actor=actor, today=today, content_root=root
                )
            except publishing.PublishError as exc:
                column, sep, reason = exc.message.partition("：")
                errors.append(
                    RowError(row.number, column if sep else "公示", reason or exc.message)
                )
                continue
            written += path is not None
    if errors:
        raise ImportRefused(errors)
    return written


def _is_public(root: Path, sheet: Sheet, record: Any) -> bool:
    existing = read_record_file(root, sheet.dataset, record.slug)
    return existing is not None and existing.meta.get("status") == publishing.PUBLISHED
