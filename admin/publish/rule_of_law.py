"""法治政府建设年度报告 (docs/rule-of-law-report.md): its figures, its workflow, its file.

The figures come from the year's records of the reporting body and every body below it
(admin.domain.bodyscope), as plain rows for :func:`admin.domain.rule_of_law.compute_statistics`.
Every move goes through the one state machine (``states.apply_transition``); publishing
freezes the figures into ``content/reports/<yyyy>-rule-of-law.md`` and the row, so a record
changed later does not change what was published.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from admin.content.store import after_placed, commit_content_file, write_record_file
from admin.domain import rule_of_law as rl
from admin.domain import workflow as rules
from admin.domain.bodyscope import visible_bodies
from admin.domain.contentfile import COMMON_KEYS, NOTICE_KEYS, notice_meta
from admin.domain.publishable import NotPublishable, assert_publishable
from admin.domain.workcalendar import WorkCalendar
from admin.models import (
    Body,
    InfoItem,
    InfoRequest,
    Inspection,
    Licence,
    PenaltyDecision,
    RuleOfLawReport,
)
from admin.publish.people import report_masker
from admin.publish.transaction import PublishError, anchor
from admin.store import audit, revisions, states

DATASET = rules.RULE_OF_LAW
ENTITY = "rule_of_law_report"
CONTENT_DATASET = "reports"
#: The front matter's ``kind``: the site tells the two annual reports apart by it.
KIND = rl.CONTENT_KIND
FIGURE_KEYS = tuple(rl.to_front_matter(rl.from_front_matter(0, {})))
KEY_ORDER = (*COMMON_KEYS, "kind", "year", "body_name", *FIGURE_KEYS)
BASIS = "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）"


def find_report(session: Session, body: Body, year: int) -> RuleOfLawReport | None:
    """Return the body's report of ``year``, or None."""
    return session.scalar(
        sa.select(RuleOfLawReport).where(
            RuleOfLawReport.body_id == body.id, RuleOfLawReport.year == year
        )
    )


def new_report(body: Body, year: int, author_id: int | None) -> RuleOfLawReport:
    """Return an unsaved draft with the usual title and empty sections."""
    return RuleOfLawReport(
        body=body,
        year=year,
        title=rl.default_title(year, body.name),
        created_by_id=author_id,
        **dict.fromkeys(rl.SECTIONS, ""),
    )


def body_scope(session: Session, body: Body) -> set[int]:
    """Return the body and every body under it: whose records the figures count."""
    parents = {body: parent for body, parent in session.execute(sa.select(Body.id, Body.parent_id))}
    return visible_bodies([body.id], parents)


def compute_figures(
    session: Session,
    body: Body,
    year: int,
    *,
    calendar: WorkCalendar,
    region: str,
    today: dt.date,
) -> rl.Statistics:
    """Return the year's figures from the records as they are now."""
    ids = body_scope(session, body)

    def rows(model: Any) -> list[Any]:
        return list(session.scalars(sa.select(model).where(model.body_id.in_(ids))))

    return rl.compute_statistics(
        year,
        penalties=[
            rl.PenaltyRow(
                tuple(p.kinds or ()),
                p.fine_fen or 0,
                p.decision_date,
                p.state,
                bool(p.imported),
                p.published_on,
                p.withdrawn_on,
            )
            for p in rows(PenaltyDecision)
        ],
        licences=[
            rl.LicenceRow(
                x.licence_kind,
                x.decision_date,
                x.state,
                bool(x.imported),
                x.published_on,
                x.withdrawn_on,
            )
            for x in rows(Licence)
        ],
        inspections=[
            rl.InspectionRow(i.result, i.inspected_on, i.state, i.published_on, i.withdrawn_on)
            for i in rows(Inspection)
        ],
        info=[
            rl.InfoRow(i.written_on or i.created_at.date(), i.state, i.published_on, i.withdrawn_on)
            for i in rows(InfoItem)
        ],
        requests=[rl.RequestRow(r.received_on, r.replied_on) for r in rows(InfoRequest)],
        calendar=calendar,
        region=region,
        today=today,
    )


def shown_figures(
    session: Session, report: RuleOfLawReport, **how: Any
) -> tuple[rl.Statistics, bool]:
    """Return the figures the report shows and whether they are frozen (published)."""
    if report.statistics is not None and report.state in rules.LOCKED_STATES:
        return rl.from_front_matter(report.year, report.statistics), True
    return compute_figures(session, report.body, report.year, **how), False


def touch(session: Session, report: RuleOfLawReport, account_id: int, action: str) -> None:
    """Note the revision an account made (create, edit, submit): four eyes read it."""
    revisions.record_touch(session, DATASET, report, account_id, action)


def move(
    session: Session,
    report: RuleOfLawReport,
    action: str,
    actor: rules.Actor,
    *,
    username: str,
    outcome: str = "",
    opinion: str = "",
) -> None:
    """Submit, review or edit through the state machine; audit and touch as the records do."""
    states.apply_transition(session, report, action, actor, dataset=DATASET, outcome=outcome)
    session.flush()  # the state change bumps the version: bind the touch or opinion after it
    if action == rules.SUBMIT and actor.user_id is not None:
        touch(session, report, actor.user_id, "submit")
        audit.record(session, username, "submit", ENTITY, report.id, dataset=DATASET)
    elif action == rules.REVIEW:
        audit.record(
            session,
            username,
            "review",
            ENTITY,
            report.id,
            dataset=DATASET,
            reviewer_id=actor.user_id,
            outcome=outcome,
            opinion=opinion,
            revision=report.version,
        )


def public_text(session: Session, report: RuleOfLawReport, figures: rl.Statistics) -> str:
    """Return the report's body as published: private names and personal numbers masked.

    Masked, not refused, as the 政府信息公开 report's prose (admin.publish.reports): the
    masker of the catalogue pages, with officials and bodies public.
    """
    masker = report_masker(session)
    sections = {key: getattr(report, key) or "" for key in rl.SECTIONS}
    body = rl.report_markdown(sections, rl.figures_markdown(figures))
    return masker.mask("sections", "报告正文", body)


def publish(
    session: Session,
    report: RuleOfLawReport,
    *,
    actor: rules.Actor,
    username: str,
    today: dt.date,
    content_root: Path,
    calendar: WorkCalendar,
    region: str,
) -> Path:
    """Publish the report (after 法制审核 of its current revision): figures frozen now."""
    problem = rl.title_problem(report.title, report.year)
    if problem:
        raise PublishError(problem)
    states.apply_transition(session, report, rules.PUBLISH, actor, dataset=DATASET)
    figures = compute_figures(
        session, report.body, report.year, calendar=calendar, region=region, today=today
    )
    body = public_text(session, report, figures)
    title = report_masker(session).mask("title", "标题", report.title)
    meta = {
        "title": title,
        "status": "published",
        "published": today,
        "updated": today,
        "kind": KIND,
        "year": report.year,
        "body_name": report.body.name,
        **rl.to_front_matter(figures),
    }
    try:
        assert_publishable(meta, body)
    except NotPublishable as exc:
        raise PublishError(exc.message) from None
    report.statistics = rl.to_front_matter(figures)
    report.published_on = today
    path = _write(session, report, meta, body, "publish", username, content_root, KEY_ORDER)
    if actor.user_id is not None:
        touch(session, report, actor.user_id, "publish")
    return path


def withdraw(
    session: Session,
    report: RuleOfLawReport,
    *,
    reason: str,
    actor: rules.Actor,
    username: str,
    today: dt.date,
    content_root: Path,
) -> Path:
    """Withdraw the published report: its page becomes a notice with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise PublishError("撤回原因：必须填写")
    masker = report_masker(session)
    if masker.mask("reason", "撤回原因", reason) != reason:
        raise PublishError("撤回原因：会公开发布，不能含有姓名、身份证号、手机号或银行卡号")
    states.apply_transition(session, report, rules.WITHDRAW, actor, dataset=DATASET)
    # The notice's title is the published one: masked as publish masked it.
    title = masker.mask("title", "标题", report.title)
    old = {"title": title, "published": report.published_on}
    meta = notice_meta(old, status="withdrawn", notice_date=today, reason=reason, basis=BASIS)
    meta |= {"kind": KIND, "year": report.year}
    report.withdrawn_on, report.withdraw_reason = today, reason
    order = (*NOTICE_KEYS, "kind", "year")
    return _write(session, report, meta, "", "withdraw", username, content_root, order)


def _write(
    session: Session,
    report: RuleOfLawReport,
    meta: dict[str, Any],
    body: str,
    action: str,
    username: str,
    root: Path,
    key_order: tuple[str, ...],
) -> Path:
    written = write_record_file(root, CONTENT_DATASET, report.slug, meta, body, key_order)
    session.flush()
    entry = audit.record(
        session, username, action, ENTITY, report.id, dataset=CONTENT_DATASET, slug=report.slug
    )
    anchor(session, root, entry)
    if written.changed and has_app_context() and current_app.config.get("GIT_COMMIT_CONTENT"):
        word = "发布" if action == "publish" else "撤回"
        message = f"{word}法治政府建设年度报告 {report.year}（reports/{report.slug}）"
        after_placed(
            lambda: commit_content_file(root, written.path, author="gongshi", message=message)
        )
    return written.path
