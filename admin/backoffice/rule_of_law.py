"""The 法治政府建设年度报告 in the back-office: write, check the figures, preview, submit,
review, publish, withdraw (docs/rule-of-law-report.md).

Every action re-reads the report, checks the version the page was loaded from and moves it
through the one state machine (admin.publish.rule_of_law → states.apply_transition).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length

from admin.backoffice.access import roles_required
from admin.backoffice.home import site_region, today
from admin.backoffice.queryargs import FIRST_YEAR, LAST_YEAR
from admin.backoffice.records.scope import visible_bodies
from admin.domain import rule_of_law as rl
from admin.domain import vocab
from admin.domain import workflow as rules
from admin.domain.markdown_render import render_markdown
from admin.errors import GongshiError
from admin.models import Body, RuleOfLawReport
from admin.models.db import db
from admin.publish import rule_of_law as report_store
from admin.publish import transaction as publishtx
from admin.store import revisions
from admin.store.calendar import load_calendar
from admin.store.states import situation_of

bp = Blueprint("rule_of_law", __name__, url_prefix="/annual-report/rule-of-law")
WRITERS = ("officer", "admin")
READERS = ("officer", "admin", "reviewer")
STALE = "版本：法治政府建设年度报告已被他人修改，请查看最新内容后再操作"
SECTION_LIMIT = 20000


class ReportForm(FlaskForm):
    """The administrator's part of the report: its title and five sections."""

    version = HiddenField()
    title = StringField(
        "标题", validators=[Length(max=rl.MAX_TITLE, message="标题：不能超过 200 字")]
    )
    section1_md = TextAreaField(rl.SECTIONS["section1_md"])
    section2_md = TextAreaField(rl.SECTIONS["section2_md"])
    section3_md = TextAreaField(rl.SECTIONS["section3_md"])
    section4_md = TextAreaField(rl.SECTIONS["section4_md"])
    section5_md = TextAreaField(rl.SECTIONS["section5_md"])


@bp.get("/<int:year>/")
@roles_required(*READERS)
def page(year: int) -> Any:
    """Show the report: the sections to write, the figures as the records give them now."""
    return _render(year)


def _render(year: int, posted: ReportForm | None = None, status: int = 200) -> Any:
    """Render the page; ``posted`` keeps what the author typed when a save was refused."""
    body = _body(year)
    report = report_store.find_report(db.session, body, year)
    shown = report or report_store.new_report(body, year, g.user.id)
    form = posted or ReportForm(obj=shown, formdata=None)
    form.version.data = str(report.version) if report else ""
    figures, frozen = report_store.shown_figures(db.session, shown, **_figure_settings())
    actions = _actions(report)
    reviews = revisions.approvals(db.session, rules.RULE_OF_LAW, report) if report else []
    return render_template(
        "rule_of_law/page.html",
        year=year,
        report=report,
        shown=shown,
        form=form,
        editable=_editable(report),
        figures=Markup(render_markdown(rl.figures_markdown(figures))),
        frozen=frozen,
        actions=actions,
        reviews=reviews,
        labels=rules.ACTION_LABELS,
        outcomes=vocab.REVIEW_OUTCOMES,
        public_path=f"/reports/{year}/rule-of-law/",
    ), status


@bp.post("/<int:year>/save")
@roles_required(*WRITERS)
def save(year: int) -> Any:
    """Store the title and sections; a new revision (an approval given before is void)."""
    body = _body(year)
    report = report_store.find_report(db.session, body, year)
    form = ReportForm()
    if (str(report.version) if report else "") != (form.version.data or ""):
        return _back(year, STALE, 409)  # what they see is not what is stored: show that
    title = (form.title.data or "").strip()
    problems = [e for errors in form.errors.values() for e in errors] if not form.validate() else []
    problems += [p for p in [rl.title_problem(title, year)] if p and not problems]
    problems += [
        f"{rl.SECTIONS[k]}：不能超过 {SECTION_LIMIT} 字"
        for k in rl.SECTIONS
        if len(form[k].data or "") > SECTION_LIMIT
    ]
    if problems:
        for problem in problems:
            flash(problem, "error")
        return _render(year, posted=form, status=400)  # nothing saved, the text kept
    creating = report is None
    if report is None:
        report = report_store.new_report(body, year, g.user.id)
        db.session.add(report)
    try:
        if not creating:
            # An edit is a move of the state machine too: a published report is not edited.
            report_store.move(db.session, report, rules.EDIT, _actor(), username=g.user.username)
        report.title = title
        for key in rl.SECTIONS:
            setattr(report, key, (form[key].data or "").replace("\r\n", "\n").strip())
        report_store.touch(db.session, report, g.user.id, "create" if creating else "edit")
        db.session.commit()
    except rules.Refused as refused:
        db.session.rollback()
        return _back(year, refused.message, 409)
    except (StaleDataError, IntegrityError):
        # IntegrityError: another session created the year's report since this page loaded.
        db.session.rollback()
        return _back(year, STALE, 409)
    flash("已保存", "info")
    return redirect(url_for("rule_of_law.page", year=year))


@bp.get("/<int:year>/preview")
@roles_required(*READERS)
def preview(year: int) -> Any:
    """Show the report as it would be published now: masked, with today's figures."""
    report = _report(year)
    figures, _ = report_store.shown_figures(db.session, report, **_figure_settings())
    text = report_store.public_text(db.session, report, figures)
    return render_template(
        "rule_of_law/preview.html", year=year, report=report, html=render_markdown(text)
    )


@bp.post("/<int:year>/submit")
@roles_required("officer")
def submit(year: int) -> Any:
    """Send the report to 法制审核."""
    return _act(year, rules.SUBMIT, lambda report: _move(report, rules.SUBMIT), "已提交审核")


@bp.post("/<int:year>/review")
@roles_required("reviewer")
def review(year: int) -> Any:
    """Agree (同意) or return (存在问题) the report, with a written opinion."""
    outcome = request.form.get("outcome", "")
    opinion = request.form.get("opinion", "").strip()

    def perform(report: RuleOfLawReport) -> None:
        if not opinion or len(opinion) > 5000:
            raise rules.Refused("审核意见：必须填写，且不超过 5000 字")
        _move(report, rules.REVIEW, outcome=outcome, opinion=opinion)

    return _act(year, rules.REVIEW, perform, f"审核意见已保存（{outcome}）")


@bp.post("/<int:year>/publish")
@roles_required("officer")
def publish(year: int) -> Any:
    """Publish the reviewed report into content/: its figures are frozen now."""

    def perform(report: RuleOfLawReport) -> None:
        report_store.publish(
            db.session,
            report,
            actor=_actor(),
            username=g.user.username,
            today=today(),
            content_root=_root(),
            **{k: v for k, v in _figure_settings().items() if k != "today"},
        )

    return _act(year, rules.PUBLISH, perform, f"已发布（content/reports/{year}-rule-of-law.md）")


@bp.post("/<int:year>/withdraw")
@roles_required("officer")
def withdraw(year: int) -> Any:
    """Withdraw the published report: its page becomes a notice with the reason."""
    reason = request.form.get("reason", "")

    def perform(report: RuleOfLawReport) -> None:
        report_store.withdraw(
            db.session,
            report,
            reason=reason,
            actor=_actor(),
            username=g.user.username,
            today=today(),
            content_root=_root(),
        )

    return _act(year, rules.WITHDRAW, perform, "已撤回")


def _act(year: int, action: str, perform: Callable[[RuleOfLawReport], None], done: str) -> Any:
    report = _report(year)
    if request.form.get("version", "") != str(report.version):
        return _back(year, STALE, 409)
    try:
        with publishtx.all_or_nothing(db.session):
            perform(report)
    except rules.Refused as refused:
        db.session.rollback()
        if refused.forbidden:
            abort(403, refused.message)
        return _back(year, refused.message, 409)
    except publishtx.NotPlaced as exc:  # the database committed: nothing to roll back
        flash(exc.message, "error")
        return redirect(url_for("rule_of_law.page", year=year))
    except GongshiError as exc:
        db.session.rollback()
        return _back(year, exc.message, 409)
    except StaleDataError:
        db.session.rollback()
        return _back(year, STALE, 409)
    flash(done, "info")
    return redirect(url_for("rule_of_law.page", year=year))


def _move(report: RuleOfLawReport, action: str, **how: str) -> None:
    report_store.move(db.session, report, action, _actor(), username=g.user.username, **how)


def _actor() -> rules.Actor:
    return rules.Actor(g.user.id, frozenset(g.user.roles))


def _actions(report: RuleOfLawReport | None) -> list[str]:
    if report is None:
        return []
    situation = _situation(report)
    return rules.allowed_actions(situation, g.user.id, g.user.roles)


def _situation(report: RuleOfLawReport) -> rules.Situation:
    return situation_of(db.session, rules.RULE_OF_LAW, report)


def _editable(report: RuleOfLawReport | None) -> bool:
    writer = any(g.user.has_role(role) for role in WRITERS)
    if report is None or report.state not in rules.LOCKED_STATES:
        return writer
    # Withdrawn, it is corrected here and goes through review again (rl.reopens).
    return writer and rl.reopens(rules.RULE_OF_LAW, report.state)


def _figure_settings() -> dict[str, Any]:
    return {"calendar": load_calendar(db.session), "region": site_region(), "today": today()}


def _root() -> Path:
    return Path(current_app.config["GONGSHI"]["CONTENT_DIR"])


def _back(year: int, message: str, status: int) -> Any:
    """Show the page as stored now, with why the action was refused (nothing changed)."""
    db.session.rollback()
    flash(message, "error")
    return _render(year, status=status)


def _report(year: int) -> RuleOfLawReport:
    report = report_store.find_report(db.session, _body(year), year)
    if report is None:
        abort(404, f"{year} 年法治政府建设年度报告尚未创建")
    return report


def _body(year: int) -> Body:
    # A year in the address outside the years a report can be for names nothing: 404.
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404, f"年份：{year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    # The report is the government's: the top-level body the account belongs to.
    bodies = visible_bodies(db.session, g.user)
    if not bodies:
        abort(403, "本账户未关联任何机关，无法编制年度报告")
    # One file per year (content/reports/<yyyy>-rule-of-law.md): a body below writing its
    # own would replace the government's published report on the site.
    if bodies[0].parent_id is not None:
        abort(403, "法治政府建设年度报告由本级人民政府编制：本账户只关联下属机构")
    return bodies[0]
