"""The annual 政府信息公开 report: gather a year's figures from the database, publish it.

Published as ``content/reports/<yyyy>.md``: the tables in the front matter, sections 一,
五 and 六 as the Markdown body. A report whose cross-checks fail is refused, naming the
cells, and nothing is written. The report counts requests; it never holds an applicant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from admin.content.store import (
    after_placed,
    commit_content_file,
    read_record_file,
    write_record_file,
)
from admin.domain import annual_report as ar
from admin.domain import public_forms, vocab
from admin.domain.contentfile import COMMON_KEYS, normalise_body
from admin.errors import GongshiError
from admin.models import (
    AnnualReport,
    Body,
    InfoItem,
    InfoRequest,
    Licence,
    PenaltyDecision,
)
from admin.publish import transaction as publishtx
from admin.publish.people import report_masker
from admin.store import audit

SECTION_HEADINGS = {
    "section1_md": "一、总体情况",
    "section5_md": "五、存在的主要问题及改进情况",
    "section6_md": "六、其他需要报告的事项",
}
#: The body's sections 五 and 六 follow the tables: the site splits the body here.
TABLES_GO_BEFORE = "## " + SECTION_HEADINGS["section5_md"]
KEY_ORDER = (*COMMON_KEYS, "year", "body_name", "table2", "table3", "table4")
_DECIDED = (
    vocab.STATE_APPROVED,
    vocab.STATE_PUBLISHED,
    vocab.STATE_WITHDRAWN,
    vocab.STATE_REPAIRED,
)


class ReportError(GongshiError):
    """The report cannot be published; ``message`` is Chinese and names the cells."""


@dataclass(frozen=True)
class ReportData:
    """A year's report as computed now: the tables, the sections, what fails the checks."""

    body: Body
    year: int
    table2: ar.Table2
    table3: list[ar.Row]
    table4: list[int]
    sections: dict[str, str]
    problems: list[str]

    @property
    def title(self) -> str:
        """Return the report's title, as the national format names it."""
        return f"{self.body.name}{self.year}年政府信息公开工作年度报告"


def report_body(session: Session, slug: str | None = None) -> Body:
    """Return the body whose report is made: ``slug``, else the only top-level body."""
    if slug:
        body = session.scalar(sa.select(Body).where(Body.slug == slug))
        if body is None:
            raise ReportError(f"--body：没有标识为 {slug} 的机关")
        return body
    tops = list(session.scalars(sa.select(Body).where(Body.parent_id.is_(None)).order_by(Body.id)))
    if len(tops) != 1:
        raise ReportError("--body：请指定报告机关（数据库中有多个或没有一级机关）")
    return tops[0]


def report_inputs(session: Session, body: Body, year: int) -> AnnualReport:
    """Return the year's stored inputs, or a fresh unsaved row of zeros."""
    found = session.scalar(
        sa.select(AnnualReport).where(AnnualReport.body_id == body.id, AnnualReport.year == year)
    )
    return found or AnnualReport(body=body, year=year, table4=[0] * 15, carried_over=None)


def gather_report(session: Session, body: Body, year: int) -> ReportData:
    """Compute the year's tables from the records of ``body`` and the bodies under it."""
    ids = [body.id, *session.scalars(sa.select(Body.id).where(Body.parent_id == body.id))]
    inputs = report_inputs(session, body, year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    penalties = session.scalar(
        sa.select(sa.func.count())
        .select_from(PenaltyDecision)
        .where(
            PenaltyDecision.body_id.in_(ids),
            PenaltyDecision.decision_date.between(start, end),
            sa.or_(PenaltyDecision.imported, PenaltyDecision.state.in_(_DECIDED)),
        )
    )
    # 行政许可: the decisions recorded here, plus those the body counted outside gongshi.
    licences = session.scalar(
        sa.select(sa.func.count())
        .select_from(Licence)
        .where(
            Licence.body_id.in_(ids),
            Licence.decision_date.between(start, end),
            sa.or_(Licence.imported, Licence.state.in_(_DECIDED)),
        )
    )
    normative = session.execute(
        sa.select(InfoItem.issued_on, InfoItem.repealed_on).where(
            InfoItem.body_id.in_(ids),
            InfoItem.is_normative.is_(True),
            InfoItem.published_on.is_not(None),
        )
    )
    table2 = ar.compute_table2(
        [tuple(row) for row in normative],
        year,
        licensing=(licences or 0) + (inputs.licensing_decisions or 0),
        penalties=penalties or 0,
        coercion=inputs.coercion_decisions or 0,
        fees_fen=inputs.fees_fen or 0,
    )
    requests = session.scalars(sa.select(InfoRequest).where(InfoRequest.body_id.in_(ids)))
    facts = [
        ar.RequestFacts(r.applicant_type, r.counts_from, r.replied_on, r.reply_type, r.reply_reason)
        for r in requests
    ]
    table3 = ar.compute_table3(facts, year, inputs.carried_over)
    table4 = list(inputs.table4 or [0] * 15)
    sections = {key: getattr(inputs, key) or "" for key in SECTION_HEADINGS}
    problems = ar.check_table3(table3) + ar.check_table4(table4)
    problems += _applicant_data_in(session, sections)
    return ReportData(body, year, table2, table3, table4, sections, problems)


def report_markdown(sections: dict[str, str]) -> str:
    """Return the report's body: sections 一, 五 and 六 under their headings."""
    parts = []
    for key, heading in SECTION_HEADINGS.items():
        text = sections.get(key, "").strip() or "无。"
        parts.append(f"## {heading}\n\n{text}\n")
    return "\n".join(parts)


def publish_report(
    session: Session, data: ReportData, *, actor: str, today: dt.date, content_root: Path
) -> Path:
    """Write ``content/reports/<yyyy>.md``; refuse a report that fails its checks.

    The caller commits (the audit entry and the report's publication date).
    """
    if data.problems:
        raise ReportError("年度报告未通过核对，未发布：" + "；".join(data.problems))
    slug = str(data.year)
    body = public_report_text(session, data)
    meta = {
        "title": data.title,
        "status": "published",
        "year": data.year,
        "body_name": data.body.name,
        **ar.front_matter_tables(data.table2, data.table3, data.table4),
    }
    try:
        public_forms.assert_publishable(meta, body)
    except public_forms.NotPublishable as exc:
        raise ReportError(exc.message) from None
    existing = read_record_file(content_root, "reports", slug)
    old = existing.meta if existing else {}
    meta["published"] = old.get("published") or today
    same = existing is not None and existing.body == normalise_body(body)
    same = same and {**old, "updated": None} == {**meta, "updated": None}
    meta["updated"] = old.get("updated", today) if same else today
    written = write_record_file(content_root, "reports", slug, meta, body, KEY_ORDER)
    inputs = report_inputs(session, data.body, data.year)
    inputs.published_on = inputs.published_on or today
    session.add(inputs)
    session.flush()
    entry = audit.record(
        session, actor, "publish", "annual_report", inputs.id, dataset="reports", slug=slug
    )
    publishtx.write_head(session, content_root, entry)  # the anchor, on every publish
    if written.changed and has_app_context() and current_app.config.get("GIT_COMMIT_CONTENT"):
        message = f"发布政府信息公开年度报告 {data.year}（reports/{slug}）"
        # Once the file is in place: inside all_or_nothing that is after the commit.
        after_placed(
            lambda: commit_content_file(
                content_root, written.path, author="gongshi", message=message
            )
        )
    return written.path


def public_report_text(session: Session, data: ReportData) -> str:
    """Return the report's body as published: private names and personal numbers masked.

    Masked, not refused: the sections are prose, like 违法事实, and the report has no
    preview to decide candidates in. Officers and bodies keep their names (public
    officials); the people the records name are masked wherever they appear (as in the
    法治政府建设年度报告); an applicant known to the database is refused before this
    (gather_report).
    """
    masker = report_masker(session)
    return masker.mask("sections", "年度报告正文", report_markdown(data.sections))


def format_tables(data: ReportData) -> list[str]:
    """Return the tables as lines of text for the terminal."""
    lines = [data.title, ""]
    for number, rows in ((2, ar.table2_rows(data.table2)), (3, ar.table3_rows(data.table3))):
        lines.append(ar.TABLE_TITLES[number])
        lines += ["  " + " | ".join(cell for cell in row if cell) for row in rows]
        lines.append("")
    lines.append(ar.TABLE_TITLES[4])
    for index, group in enumerate(ar.TABLE4_GROUPS):
        cells = data.table4[index * 5 : index * 5 + 5]
        pairs = "，".join(f"{name} {n}" for name, n in zip(ar.TABLE4_CELLS, cells, strict=True))
        lines.append(f"  {group}：{pairs}")
    return lines


def _applicant_data_in(session: Session, sections: dict[str, str]) -> list[str]:
    # Sections are written by hand: refuse one that names an applicant or their details.
    text = "\n".join(sections.values())
    if not text.strip():
        return []
    columns = (
        InfoRequest.applicant_name,
        InfoRequest.applicant_id_number,
        InfoRequest.applicant_phone,
        InfoRequest.applicant_address,
        InfoRequest.applicant_email,
        InfoRequest.consult_party,
    )
    for row in session.execute(sa.select(*columns)):
        if any(value and value.strip() and value.strip() in text for value in row):
            return ["第一、五、六部分：含有申请人或第三方的个人信息，不予发布"]
    return []
