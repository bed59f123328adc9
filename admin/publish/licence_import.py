"""Import and export 双公示 行政许可 files (CSV or XLSX): all rows or none (docs/licences.md).

The rules of the penalties' import (admin.publish.importer, whose file readers and error
types it uses): every row checked first, every error listed as ``第N行 字段：原因``, then
all saved or none; ``--publish`` publishes every licence or, on any refusal, none. The
export carries the private columns too (ID numbers): it is for the credit platform only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain import namechoices, vocab
from admin.domain.licence_columns import (
    COLUMN_FIELDS,
    COLUMNS,
    DECISION_NO_COLUMN,
    FIELD_COLUMNS,
    match_headers,
    record_to_row,
    row_to_fields,
    validate_licence,
)
from admin.domain.oserrors import describe_os_error
from admin.domain.shuanggongshi import Cell
from admin.models import Licence
from admin.publish.bodyref import BodyDirectory
from admin.publish.exporter import render_export
from admin.publish.importer import (
    ImportFailed,
    ImportRefused,
    RowError,
    Table,
    UnreadableFile,
    read_table,
)
from admin.publish.reimport import compare_stored
from admin.store import audit
from admin.store.slugs import allocate_slug

SHEET_TITLE = "行政许可"


@dataclass
class LicenceImport:
    """What an import did."""

    source: str
    sha256: str
    rows: int
    state: str
    unchanged: int = 0
    licences: list[Licence] = field(default_factory=list)


def import_licences(
    session: Session,
    path: str | Path,
    *,
    actor: str,
    today: dt.date,
    publish: bool = False,
    content_root: str | Path = "content",
) -> LicenceImport:
    """Check every row of a 双公示 行政许可 file, then add all its licences; raise on any error.

    Nothing is committed here: the caller commits, or rolls back on ``ImportFailed``.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件 {path}：{describe_os_error(exc)}") from None
    digest = hashlib.sha256(data).hexdigest()
    same: list[int] = []
    rows = check_rows(session, read_table(data), today=today, unchanged=same)
    state = vocab.STATE_PUBLISHED if publish else vocab.STATE_DRAFT
    summary = LicenceImport(path.name, digest, len(rows), state, len(same))
    if not rows:
        return summary  # the same file again: nothing to add, audit or publish
    for number, fields in rows:
        year = str(fields["decision_date"].year)
        body = fields.pop("body")
        licence = Licence(
            **fields,
            slug=allocate_slug(
                session, Licence, year, content_folder=Path(content_root) / "licences"
            ),
            body=body,
            state=vocab.STATE_DRAFT,
            imported=True,
            import_source=f"{path.name[:200]} 第{number}行 sha256:{digest[:16]}",
        )
        session.add(licence)
        session.flush()  # the next slug of the year counts this one
        summary.licences.append(licence)
    audit.record(
        session, actor, "import", "licence", None, file=path.name, sha256=digest, rows=len(rows)
    )
    if publish:
        _publish_all(session, summary, rows, actor=actor, today=today, root=Path(content_root))
    return summary


def check_rows(
    session: Session, table: Table, *, today: dt.date, unchanged: list[int] | None = None
) -> list[tuple[int, dict[str, object]]]:
    """Return every new data row as model fields, or raise ImportRefused listing every error.

    Rows already stored with the same values go to ``unchanged``, as for penalties
    (admin.publish.reimport); stored with other values, they are refused.
    """
    columns, header_errors = match_headers(table.headers)
    if header_errors:
        raise ImportRefused([RowError(1, e.column, e.reason) for e in header_errors])
    stored = {_key(no): no for no in session.scalars(sa.select(Licence.decision_no))}
    bodies = BodyDirectory.of(session)
    seen: dict[str, int] = {}
    duplicates: set[str] = set()
    again: list[tuple[int, dict[str, object], str]] = []
    errors: list[RowError] = []
    rows: list[tuple[int, dict[str, object]]] = []
    for number, cells in table.rows:
        row = {column: cell for column, cell in zip(columns, cells, strict=False) if column}
        fields, cell_errors = row_to_fields(row)
        errors.extend(RowError(number, e.column, e.reason) for e in cell_errors)
        refused = {COLUMN_FIELDS[e.column] for e in cell_errors}
        for problem in validate_licence(fields, today=today):
            if problem.field not in refused:
                column = FIELD_COLUMNS.get(problem.field, problem.label)
                reason = problem.message.removeprefix(f"{problem.label}：")
                errors.append(RowError(number, column, reason))
        if not {"authority", "authority_code"} & refused:
            # Never a default body: a licence filed under the wrong 许可机关 is published so.
            name, code = str(fields.get("authority") or ""), str(fields.get("authority_code") or "")
            body, reason = bodies.authority(name, code)
            if body is None:
                errors.append(RowError(number, "许可机关", reason.replace("处罚机关", "许可机关")))
            fields["body"] = body
        key = _key(str(fields["decision_no"] or ""))
        if key in seen:
            errors.append(RowError(number, DECISION_NO_COLUMN, f"与第{seen[key]}行的文书号重复"))
            duplicates.add(key)
        if key:
            seen.setdefault(key, number)
        if key in stored and key not in duplicates:
            again.append((number, fields, stored[key]))
        else:
            rows.append((number, fields))
    same, differing = compare_stored(
        session, again, model=Licence, column_fields=COLUMN_FIELDS, key_column=DECISION_NO_COLUMN
    )
    errors.extend(RowError(*error) for error in differing)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda error: error.row))
    if not table.rows:
        raise ImportFailed("文件中没有数据行（第1行应为表头，第2行起为数据）")
    if unchanged is not None:
        unchanged.extend(same)
    return rows


def export_rows(session: Session) -> list[list[Cell]]:
    """Return the 28 cells of every licence decided: published or imported, not withdrawn."""
    decided = sa.or_(Licence.state == vocab.STATE_PUBLISHED, Licence.imported.is_(True))
    query = (
        sa.select(Licence)
        .where(decided)
        .where(Licence.state != vocab.STATE_WITHDRAWN)
        .order_by(Licence.decision_date, Licence.id)
    )
    return [record_to_row(licence) for licence in session.scalars(query)]


def export_bytes(rows: list[list[Cell]], fmt: str) -> bytes:
    """Return ``rows`` under the 双公示 行政许可 headers as csv or xlsx."""
    return render_export(rows, fmt, COLUMNS, SHEET_TITLE)


def _key(decision_no: str) -> str:
    return re.sub(r"\s", "", decision_no)


def _publish_all(
    session: Session,
    summary: LicenceImport,
    rows: list[tuple[int, dict[str, object]]],
    *,
    actor: str,
    today: dt.date,
    root: Path,
) -> None:
    """Publish every imported licence, or raise listing each refusal (nothing is placed:
    the caller's ``all_or_nothing`` stages the files and drops them on an error)."""
    from admin.content.store import ContentStoreError, read_site_config
    from admin.domain.public_forms import NotPublishable
    from admin.publish.licences import publish_licence
    from admin.publish.preparation import officer_roster
    from admin.publish.transaction import PublishError

    try:
        site = read_site_config(root)
    except ContentStoreError as exc:
        raise ImportFailed(f"无法公示：{exc}") from None
    roster = officer_roster(session)
    errors: list[RowError] = []
    for (number, _), licence in zip(rows, summary.licences, strict=True):
        # Decisions already made and posted elsewhere come in bulk, with no officer to
        # decide each name candidate: mask them all (the preview lists them as 遮蔽).
        undecided = namechoices.undecided_names(
            "licences", licence, today=today, site=site, public_names=roster
        )
        if undecided:
            licence.masks = namechoices.with_choices(
                licence.masks, mask=[c.text for c in undecided]
            )
        try:
            publish_licence(session, licence, actor=actor, today=today, content_root=root)
        except (PublishError, NotPublishable) as exc:
            column, sep, reason = exc.message.partition("：")
            errors.append(RowError(number, column if sep else "公示", reason or exc.message))
    if errors:
        raise ImportRefused(errors)
