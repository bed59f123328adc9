"""Import 双公示 行政处罚 files (CSV or XLSX): every row checked, then all saved or none."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain import vocab
from admin.domain.decision_no import normalise_decision_no
from admin.domain.oserrors import describe_os_error
from admin.domain.shuanggongshi import (
    COLUMN_FIELDS,
    FIELD_COLUMNS,
    Cell,
    match_headers,
    row_to_fields,
)
from admin.domain.validation import validate_penalty
from admin.domain.workflow import policy_requires_review
from admin.errors import GongshiError
from admin.models import Officer, PenaltyDecision, searchindex
from admin.publish.bodyref import IMPORT_SUBJECTS_HINT, BodyDirectory, check_authority
from admin.publish.reimport import compare_stored
from admin.publish.transaction import batch
from admin.store import audit
from admin.store.slugs import allocate_slug
from admin.store.xlsxcheck import ArchiveRefused, check_xlsx_archive

DECISION_NO_COLUMN = "行政处罚决定书文号"
XLSX_MAGIC = b"PK\x03\x04"
#: Excel 97–2003 (.xls) and other OLE compound files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFailed(GongshiError):
    """The import saved nothing; ``message`` says why, in Chinese."""


class UnreadableFile(ImportFailed):
    """The file is not a CSV or XLSX this importer can read."""


@dataclass(frozen=True)
class RowError:
    """One refused cell: the row as the spreadsheet numbers it (header = 1), field, reason."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.field}：{self.reason}"


class ImportRefused(ImportFailed):
    """Rows were refused; ``errors`` lists every one of them."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"文件有 {len(errors)} 处错误，未导入任何记录")
        self.errors = list(errors)


@dataclass(frozen=True)
class Table:
    """A sheet's header cells and its data rows, each with its spreadsheet row number."""

    headers: list[Cell]
    rows: list[tuple[int, list[Cell]]]


@dataclass
class ImportSummary:
    """What an import did."""

    source: str
    sha256: str
    rows: int
    state: str
    unchanged: int = 0
    decisions: list[PenaltyDecision] = field(default_factory=list)
    rows_by_slug: dict[str, int] = field(default_factory=dict)


def import_penalties(
    session: Session,
    path: str | Path,
    *,
    actor: str,
    today: dt.date,
    publish: bool = False,
    content_root: str | Path = "content",
    review_policy: str = "普通程序",
) -> ImportSummary:
    """Check every row of a 双公示 file, then add all its decisions; raise on any error.

    Nothing is committed here: the caller commits, or rolls back on ``ImportFailed``.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件 {path}：{describe_os_error(exc)}") from None
    digest = hashlib.sha256(data).hexdigest()
    table = read_table(data)
    directory = BodyDirectory.of(session)
    if not directory:
        raise ImportFailed(f"数据库中还没有执法主体，无法确定处罚机关：{IMPORT_SUBJECTS_HINT}")
    same: list[int] = []
    rows = check_rows(session, table, today=today, bodies=directory, unchanged=same)
    slugs = _SlugAllocator(session, Path(content_root))
    # Published ones go out through publishing (the state machine); the others wait for review.
    state = vocab.STATE_PUBLISHED if publish else vocab.STATE_IN_REVIEW
    summary = ImportSummary(path.name, digest, len(rows), state, len(same))
    if not rows:
        return summary  # the same file again: nothing to add, audit or publish
    values = []
    for number, fields in rows:
        slug = slugs.next(str(fields["decision_date"].year))
        summary.rows_by_slug[slug] = number
        values.append(
            {
                **fields,
                "slug": slug,
                "body_id": fields.pop("body").id,
                "review_required": policy_requires_review(fields["procedure"], review_policy),
                "state": vocab.STATE_IN_REVIEW,
                "imported": True,
                "import_source": f"{path.name[:200]} 第{number}行 sha256:{digest[:16]}",
            }
        )
    # One executemany INSERT instead of a unit-of-work flush of 10,000 objects: several
    # times faster. (INSERT … RETURNING in row order cannot be batched on SQLite.)
    first_new = session.scalar(sa.select(sa.func.max(PenaltyDecision.id))) or 0
    session.execute(sa.insert(PenaltyDecision), values)
    # A Core INSERT passes no flush: the search index learns the rows here.
    searchindex.refresh(session, "penalty_decision", sa.column("id") > first_new)
    details = {"file": path.name, "sha256": digest, "rows": len(rows), "publish": publish}
    audit.record(session, actor, "import", "penalty_decision", None, **details)
    if publish:
        summary.decisions = _load(session, list(summary.rows_by_slug))
        with batch():  # one fsync and one audit head for the file, not two per row (#16)
            _publish_all(
                session, summary, actor=actor, today=today, content_root=Path(content_root)
            )
    return summary


def check_rows(
    session: Session,
    table: Table,
    *,
    today: dt.date,
    bodies: BodyDirectory | None = None,
    unchanged: list[int] | None = None,
) -> list[tuple[int, dict[str, object]]]:
    """Return every new data row as model fields, or raise ImportRefused listing every error.

    With ``bodies``, each row's fields carry under "body" the body its 处罚机关 names.
    Rows already stored with the same values go to ``unchanged`` (admin.publish.reimport).
    """
    columns, header_errors = match_headers(table.headers)
    if header_errors:
        raise ImportRefused([RowError(1, e.column, e.reason) for e in header_errors])
    stored = {
        decision_key(no): no for no in session.scalars(sa.select(PenaltyDecision.decision_no))
    }
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
        problems = validate_penalty(fields, today=today, township=True, imported=True)
        for problem in problems:
            if problem.field not in refused:
                column = FIELD_COLUMNS.get(problem.field, problem.label)
                reason = problem.message.removeprefix(f"{problem.label}：")
                errors.append(RowError(number, column, reason))
        key = decision_key(str(fields["decision_no"]))
        if key in seen:
            errors.append(RowError(number, DECISION_NO_COLUMN, f"与第{seen[key]}行的文号重复"))
            duplicates.add(key)
        if key:
            seen.setdefault(key, number)
        if bodies is not None:
            refused |= {problem.field for problem in problems}
            problems_of_body = check_authority(fields, bodies, refused)
            errors.extend(RowError(number, column, reason) for column, reason in problems_of_body)
        if key in stored and key not in duplicates:
            again.append((number, fields, stored[key]))
        else:
            rows.append((number, fields))
    same, differing = compare_stored(session, again)
    errors.extend(RowError(*error) for error in differing)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda error: error.row))
    if not table.rows:
        raise ImportFailed("文件中没有数据行（第1行应为表头，第2行起为数据）")
    if unchanged is not None:
        unchanged.extend(same)
    return rows


def decision_key(decision_no: str) -> str:
    """Return the form of a 文号 under which two spellings of one number compare equal."""
    return re.sub(r"\s", "", normalise_decision_no(decision_no))


def read_table(data: bytes) -> Table:
    """Read the first sheet of an XLSX, or a CSV in UTF-8 (BOM or not) or GB18030."""
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile("不支持 Excel 97–2003（.xls）格式，请另存为 .xlsx 或 CSV")
    return _read_csv(decode_csv(data))


def decode_csv(data: bytes) -> str:
    """Decode CSV bytes as Excel and WPS save them, or refuse with the reason."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile("文件是 UTF-16 编码（Unicode 文本），请另存为“CSV UTF-8”")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile("文件标明为 UTF-8 编码，但内容不是有效的 UTF-8") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "无法识别文件编码：请另存为 CSV（UTF-8 或 GB18030 编码）或 XLSX"
        ) from None
    if "\0" in text:
        raise UnreadableFile("这不是文本文件：请提供 CSV 或 XLSX")
    return text


def _read_csv(text: str) -> Table:
    first_line = text.split("\n", 1)[0]
    # Excel's "Text (tab delimited)" is the other format officers save by mistake.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise UnreadableFile(f"CSV 格式错误：{exc}") from None
    if not records:
        raise UnreadableFile("文件是空的")
    # Numbered by record, as a spreadsheet shows them, not by line (cells may hold newlines).
    rows = [(n, list(r)) for n, r in enumerate(records[1:], start=2) if any(c.strip() for c in r)]
    return Table(list(records[0]), rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_xlsx_archive(data)  # sizes and ratios before openpyxl inflates anything
    except ArchiveRefused as exc:
        raise UnreadableFile(exc.message) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        # openpyxl's own messages are English ("File is not a zip file"): say it plainly.
        raise UnreadableFile(
            "无法读取 XLSX 文件：文件已损坏或不是 Excel 工作簿"
            "（请用 Excel 或 WPS 另存为 .xlsx 或 CSV）"
        ) from None
    try:
        sheet = book.worksheets[0]
        headers: list[Cell] | None = None
        rows: list[tuple[int, list[Cell]]] = []
        # From row 1, with blank rows filled in, so the numbering is the sheet's own.
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if headers is None:
                headers = list(values)
            elif any(v is not None and str(v).strip() for v in values):
                rows.append((number, list(values)))
    finally:
        book.close()
    if headers is None:
        raise UnreadableFile("工作表是空的")
    return Table(headers, rows)


class _SlugAllocator:
    """Hand out ``<year>-<nnnn>`` slugs free in the database and in ``content/penalties/``.

    One query per year, not per row (allocate_slug reads every slug of the year). A file
    already on disk keeps its number too: a published URL never changes its record, even
    when the database was recreated beside an existing ``content/``.
    """

    def __init__(self, session: Session, content_root: Path) -> None:
        self.session = session
        folder = content_root / "penalties"
        self.on_disk = {p.stem for p in folder.glob("*.md")} if folder.is_dir() else set()
        self.numbers: dict[str, int] = {}

    def next(self, year: str) -> str:
        """Return the next free slug of ``year``."""
        if year not in self.numbers:
            first = allocate_slug(self.session, PenaltyDecision, year)
            self.numbers[year] = int(first.rsplit("-", 1)[1])
        while f"{year}-{self.numbers[year]:04d}" in self.on_disk:
            self.numbers[year] += 1
        slug = f"{year}-{self.numbers[year]:04d}"
        self.numbers[year] += 1
        return slug


def _load(session: Session, slugs: list[str]) -> list[PenaltyDecision]:
    """Return the decisions of ``slugs``, in that order."""
    found: dict[str, PenaltyDecision] = {}
    for start in range(0, len(slugs), 500):  # under SQLite's limit on bound parameters
        query = sa.select(PenaltyDecision).where(
            PenaltyDecision.slug.in_(slugs[start : start + 500])
        )
        found.update((d.slug, d) for d in session.scalars(query))
    return [found[slug] for slug in slugs]


def _publish_all(
    session: Session, summary: ImportSummary, *, actor: str, today: dt.date, content_root: Path
) -> None:
    """Publish every imported decision; on any refusal remove the files written, then raise."""
    from admin.content.store import AUDIT_HEAD_FILE, ContentStoreError, read_site_config
    from admin.domain import namechoices
    from admin.domain.public_forms import NotPublishable
    from admin.publish.publishing import PublishError, publish_penalty

    try:
        read_site_config(content_root)
    except ContentStoreError as exc:
        raise ImportFailed(f"无法公示：{exc.message}") from None
    head = content_root / AUDIT_HEAD_FILE
    head_before = head.read_bytes() if head.is_file() else None
    written: list[Path] = []
    errors: list[RowError] = []
    site = read_site_config(content_root)
    roster = [o.name for o in session.scalars(sa.select(Officer)) if o.is_certified]
    try:
        for decision in summary.decisions:
            target = content_root / "penalties" / f"{decision.slug}.md"
            # Postings already public elsewhere come in bulk, with no officer to decide
            # each name candidate: mask them all (the safe choice; the preview lists them
            # as 遮蔽, so an officer can still keep one and republish).
            undecided = namechoices.undecided_names(
                "penalties", decision, today=today, site=site, public_names=roster
            )
            if undecided:
                # The public 文号's 代字 may read as a name (中宁徐套综执罚): masked, it refuses.
                keep = [c.text for c in undecided if c.text in decision.decision_no]
                mask = [c.text for c in undecided if c.text not in keep]
                decision.masks = namechoices.with_choices(decision.masks, mask=mask, keep=keep)
            try:
                publish_penalty(
                    session, decision, actor=actor, today=today, content_root=content_root
                )
            except (PublishError, NotPublishable) as exc:
                number = summary.rows_by_slug[decision.slug]
                field, sep, reason = exc.message.partition("：")
                if not sep:
                    field, reason = "公示", exc.message
                errors.append(RowError(number, field, reason))
            if target.is_file():
                written.append(target)
        if errors:
            raise ImportRefused(errors)
    except BaseException:
        # The database rolls back with the caller; the files must follow it by hand.
        for target in written:
            target.unlink(missing_ok=True)
        if head_before is None:
            if head.is_file():  # staged publishing (all_or_nothing) may never have made it
                head.unlink()
        else:
            head.write_bytes(head_before)
        raise
