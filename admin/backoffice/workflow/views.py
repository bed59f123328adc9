"""The record page and its workflow actions: submit, review, publish, withdraw, repair.

Every action re-reads the record, asks ``admin.domain.workflow`` whether the signed-in
account may take it, and checks the version the page was loaded from; nothing the
browser sends beyond the named fields (opinion, reason, …) is read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from admin.backoffice.access import may_open, roles_required
from admin.backoffice.records.kinds import LOCKED_STATES
from admin.content.store import ContentStoreError, read_site_config
from admin.domain import namechoices, vocab
from admin.domain import workflow as rules
from admin.domain.fields import FIELD_LABELS
from admin.errors import GongshiError
from admin.freeze.status import LIVE_LABELS, record_live_state, site_status
from admin.models import Review
from admin.models.db import db
from admin.publish import publishing
from admin.store import audit, revisions, states

from . import preview, previewviews, records
from .clockview import record_clocks
from .display import shown_fields

bp = Blueprint("workflow", __name__, url_prefix="/records")


#: Columns never shown as fields (shown elsewhere on the page, or internal).
HIDDEN_COLUMNS = ("id", "masks")


def _publishing_context() -> dict[str, Any]:
    """Who acts, on which day, into which content/: what every publishing call needs."""
    return {
        "actor": g.user.username,
        "account": records.actor(),
        "today": records.today(),
        "content_root": records.content_root(),
    }


def _move(record: Any, action: str, dataset: str, **detail: Any) -> None:
    """Take a workflow step through the one state machine; a refusal answers 409."""
    try:
        states.apply_transition(
            db.session, record, action, records.actor(), dataset=dataset, **detail
        )
    except rules.Refused as refused:
        raise ActionFailed(refused.message, 403 if refused.forbidden else 409) from None


class ActionFailed(GongshiError):
    """An action refused after the checks: Chinese message and HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@bp.get("/<dataset>/<int:record_id>")
@roles_required("officer", "reviewer")
def detail(dataset: str, record_id: int) -> Any:
    """Show every field of a record, its reviews, clocks and the actions open to the user."""
    record = records.load_record(dataset, record_id, g.user)
    return render_detail(dataset, record)


@bp.post("/<dataset>/<int:record_id>/submit")
@roles_required("officer")
def submit(dataset: str, record_id: int) -> Any:
    """Send a record to review (待法制审核)."""

    def perform(record: Any, _situation: rules.Situation) -> str:
        undecided = namechoices.undecided_names(
            dataset,
            record,
            today=records.today(),
            site=read_site_config(records.content_root()),
            public_names=preview.officer_roster(),
        )
        _move(record, rules.SUBMIT, dataset, undecided=undecided)
        revisions.record_touch(db.session, dataset, record, g.user.id, "submit")
        _audit("submit", dataset, record, state=record.state, revision=record.version)
        return "已提交审核"

    return _act(dataset, record_id, rules.SUBMIT, perform)


@bp.post("/<dataset>/<int:record_id>/review")
@roles_required("reviewer")
def review(dataset: str, record_id: int) -> Any:
    """Agree (同意) or return (存在问题) a record with a written opinion."""
    outcome = request.form.get("outcome", "")
    opinion = request.form.get("opinion", "").strip()

    def perform(record: Any, _situation: rules.Situation) -> str:
        if outcome not in vocab.REVIEW_OUTCOMES:
            raise ActionFailed(f"审核结论：必须是 {' / '.join(vocab.REVIEW_OUTCOMES)} 之一", 400)
        if not opinion:
            raise ActionFailed("审核意见：必须填写", 400)
        if len(opinion) > 5000:
            raise ActionFailed("审核意见：不能超过 5000 字", 400)
        _move(record, rules.REVIEW, dataset, outcome=outcome)
        db.session.flush()  # the state change bumps the version: bind the opinion after it
        if dataset == "penalties":
            db.session.add(
                Review(
                    decision=record,
                    reviewer_id=g.user.id,
                    outcome=outcome,
                    opinion=opinion,
                    revision=record.version,
                )
            )
        _audit(
            "review",
            dataset,
            record,
            reviewer_id=g.user.id,
            outcome=outcome,
            opinion=opinion,
            revision=record.version,
        )
        return f"审核意见已保存（{outcome}）"

    return _act(dataset, record_id, rules.REVIEW, perform)


@bp.post("/<dataset>/<int:record_id>/publish")
@roles_required("officer")
def publish(dataset: str, record_id: int) -> Any:
    """Publish the record into content/ (its public form, masked)."""

    def perform(record: Any, _situation: rules.Situation) -> str:
        publishing.publish_record(
            db.session,
            record,
            **_publishing_context(),
        )
        if dataset in rules.STATEFUL:
            # Publishing is not authoring, but it makes the account one of the record's team.
            revisions.record_touch(db.session, dataset, record, g.user.id, "publish")
        return "已公示"

    return _act(dataset, record_id, rules.PUBLISH, perform)


@bp.post("/<dataset>/<int:record_id>/withdraw")
@roles_required("officer")
def withdraw(dataset: str, record_id: int) -> Any:
    """Withdraw a published record: its page becomes a notice with the reason."""
    reason = request.form.get("reason", "")

    def perform(record: Any, _situation: rules.Situation) -> str:
        publishing.withdraw_record(
            db.session,
            record,
            reason=reason,
            **_publishing_context(),
        )
        return "已撤回公示"

    return _act(dataset, record_id, rules.WITHDRAW, perform)


@bp.post("/<dataset>/<int:record_id>/repair")
@roles_required("officer")
def repair(dataset: str, record_id: int) -> Any:
    """Take a penalty off early after 信用修复, citing the repair's reference."""
    repair_ref = request.form.get("repair_ref", "")

    def perform(record: Any, _situation: rules.Situation) -> str:
        publishing.repair_record(
            db.session,
            record,
            repair_ref=repair_ref,
            **_publishing_context(),
        )
        return "已信用修复，公示页面已改为说明"

    return _act(dataset, record_id, rules.REPAIR, perform)


def render_detail(dataset: str, record: Any, *, error: str = "", status: int = 200) -> Any:
    """Render the record page (with ``error`` shown, and ``status``)."""
    situation = records.situation(dataset, record)
    actions = rules.allowed_actions(situation, g.user.id, g.user.roles)
    labels = FIELD_LABELS[records.LABEL_KEYS[dataset]]
    reviews = _reviews(dataset, record)
    people = records.user_names({r["reviewer_id"] for r in reviews} | {situation.author_id or 0})
    fields = shown_fields(
        record, labels, HIDDEN_COLUMNS, zone=records.settings().get("TIMEZONE"), people=people
    )
    page = render_template(
        "workflow/detail.html",
        dataset=dataset,
        dataset_name=records.DATASET_NAMES[dataset],
        record=record,
        situation=situation,
        approval_current=rules.approval_current(situation),
        actions=actions,
        fields=fields,
        reviews=reviews,
        people=people,
        clocks=record_clocks(
            dataset, record, today=records.today(), content_root=records.content_root()
        ),
        outcomes=vocab.REVIEW_OUTCOMES,
        licence_statuses=vocab.LICENCE_STATUSES,
        review_blocked=_review_blocked(situation),
        edit_url=_edit_url(dataset, record),
        withdraw_rule=rules.WITHDRAW_RULE,
        live=_live_state(dataset, record),
        error=error,
    )
    return page, status


def _live_state(dataset: str, record: Any) -> dict[str, Any] | None:
    """Say whether the public site already shows the record's published file, and since when."""
    if getattr(record, "state", vocab.STATE_PUBLISHED) not in (
        vocab.STATE_PUBLISHED,
        vocab.STATE_WITHDRAWN,
    ) or not getattr(record, "published_on", True):
        return None
    settings = records.settings()
    zone = settings.get("TIMEZONE") or "Asia/Shanghai"
    build_dir = Path(settings["BUILD_DIR"])
    state = record_live_state(build_dir, records.content_root(), dataset, record.slug)
    return {"state": state, "label": LIVE_LABELS[state], "site": site_status(build_dir, zone)}


def _act(
    dataset: str,
    record_id: int,
    action: str,
    perform: Callable[[Any, rules.Situation], str],
) -> Any:
    record = records.load_record(dataset, record_id, g.user)
    situation = records.situation(dataset, record)
    refused = rules.refusal(action, situation, g.user.id, g.user.roles)
    if refused is not None and refused.forbidden:
        abort(403, refused.message)
    try:
        if refused is not None:
            raise ActionFailed(refused.message, 409)
        _check_version(record)
        # Database, audit chain and content/ together: files staged, commit, then renamed.
        with publishing.all_or_nothing(db.session):
            message = perform(record, situation)
    except ActionFailed as failed:
        db.session.rollback()
        return render_detail(dataset, record, error=failed.message, status=failed.status)
    except (publishing.PublishError, ContentStoreError) as exc:
        db.session.rollback()
        message = exc.message
        record = records.load_record(dataset, record_id, g.user)
        return render_detail(dataset, record, error=message, status=409)
    except StaleDataError:
        db.session.rollback()
        record = records.load_record(dataset, record_id, g.user)
        return render_detail(dataset, record, error=STALE_MESSAGE, status=409)
    except publishing.NotPlaced as exc:
        flash(exc.message, "error")
        return redirect(url_for("workflow.detail", dataset=dataset, record_id=record_id))
    flash(message, "info")
    return redirect(url_for("workflow.detail", dataset=dataset, record_id=record.id))


STALE_MESSAGE = "版本：该记录已被他人修改，请查看最新内容后再操作"


def _check_version(record: Any) -> None:
    """Refuse an action on a page loaded before the record last changed (no lost update)."""
    current = getattr(record, "version", None)
    if current is None:
        return  # 执法主体 rows carry no version
    if request.form.get("version", "") != str(current):
        raise ActionFailed(STALE_MESSAGE, 409)


def _audit(action: str, dataset: str, record: Any, **detail: Any) -> None:
    entity = publishing.KINDS[type(record)][1]
    audit.record(db.session, g.user.username, action, entity, record.id, dataset=dataset, **detail)


def _edit_url(dataset: str, record: Any) -> str:
    """Return the record's edit form if the account may change it now, else ''."""
    endpoint = f"{dataset}.edit"
    if getattr(record, "state", None) in LOCKED_STATES or not may_open(endpoint):
        return ""  # published records change by withdrawal; never link to a refusal
    return url_for(endpoint, record_id=record.id)


def _review_blocked(situation: rules.Situation) -> str:
    """Return why a reviewer looking at a record in review may not judge it ("" if they may)."""
    if situation.state != vocab.STATE_IN_REVIEW or not g.user.has_role("reviewer"):
        return ""
    refused = rules.refusal(rules.REVIEW, situation, g.user.id, g.user.roles)
    return refused.message if refused is not None and refused.forbidden else ""


def _reviews(dataset: str, record: Any) -> list[dict[str, Any]]:
    """Return every review opinion on the record, oldest first, approvals voided marked."""
    if dataset == "penalties":
        found = [
            {
                "reviewer_id": r.reviewer_id,
                "outcome": r.outcome,
                "opinion": r.opinion,
                "revision": r.revision,
                "at": r.created_at,
            }
            for r in record.reviews
        ]
    else:
        entries = reversed(records.reviews_in_trail(dataset, record))
        found = [{**e.detail, "at": e.at} for e in entries]
    if not found:
        return found
    edits = records.edited_revisions(dataset, record)
    for review in found:
        review["voided"] = records.voided(review["outcome"], review.get("revision"), edits)
    return found


bp.add_url_rule(
    "/<dataset>/<int:record_id>/preview",
    "preview",
    previewviews.preview,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<dataset>/<int:record_id>/public/", "public_page", previewviews.public_page, methods=["GET"]
)
bp.add_url_rule(
    "/<dataset>/<int:record_id>/public/<path:path>",
    "public_asset",
    previewviews.public_page,
    methods=["GET"],
)
