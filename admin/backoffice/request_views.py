"""依申请公开 in the back-office: register, follow every clock, act, print the notices.

Officers of a body see its requests and those of the bodies under it. Applicants' details
are private: they appear on these pages and the printed notices only, never in content/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from admin.backoffice.access import roles_required
from admin.backoffice.home import site_region, today
from admin.backoffice.records.scope import visible_bodies, visible_body_ids
from admin.domain import info_requests as rq
from admin.domain import request_intake as intake
from admin.domain import request_replies as replies
from admin.models import InfoRequest
from admin.models.db import db
from admin.store import audit
from admin.store.calendar import load_calendar

bp = Blueprint("requests", __name__, url_prefix="/requests")
TEXT_FIELDS = (
    "registration_no",
    "channel",
    "applicant_type",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_email",
    "information",
    "form_wanted",
)


@bp.get("/")
@roles_required("officer")
def index():
    """List the requests, open ones first, each with its reply clock."""
    ids = visible_body_ids(db.session, g.user)
    rows = db.session.scalars(
        sa.select(InfoRequest)
        .where(InfoRequest.body_id.in_(ids))
        .order_by(InfoRequest.replied_on.is_not(None), InfoRequest.counts_from.desc())
    )
    calendar, region, now = load_calendar(db.session), site_region(), today()
    entries = [(r, rq.request_clocks(r)[-1].evaluate(calendar, now, region)) for r in rows]
    return render_template("requests/list.html", entries=entries)


@bp.route("/new", methods=["GET", "POST"])
@roles_required("officer")
def register():
    """Register a request received in person, by post, online or by fax."""
    bodies = visible_bodies(db.session, g.user)
    values: dict[str, Any] = {"channel": intake.CHANNEL_IN_PERSON, "received_on": today()}
    errors: list[str] = []
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in TEXT_FIELDS}
        values["received_on"] = _date(request.form.get("received_on"))
        values["confirmed_on"] = _date(request.form.get("confirmed_on"))
        body = next((b for b in bodies if str(b.id) == request.form.get("body_id")), None)
        errors = intake.check_registration(values, today())
        if body is None:
            errors.insert(0, "受理机关：请选择本账户所属的机关")
        taken = body is not None and db.session.scalar(
            sa.select(InfoRequest.id).where(
                InfoRequest.body_id == body.id,
                InfoRequest.registration_no == values["registration_no"],
            )
        )
        if taken:
            errors.append("登记编号：已被使用")
        if not errors:
            start = intake.counting_start(
                values["channel"], values["received_on"], values["confirmed_on"]
            )
            record = InfoRequest(
                **values,
                body=body,
                counts_from=start,
                state=rq.REGISTERED,
                created_by_id=g.user.id,
                trail=[_trail(start, "登记", intake.CHANNEL_RULES[values["channel"]])],
            )
            db.session.add(record)
            db.session.flush()
            audit.record(db.session, g.user.username, "register", "info_request", record.id)
            db.session.commit()
            flash(f"已登记：{record.registration_no}，收到申请之日为 {start}", "info")
            return redirect(url_for("requests.detail", request_id=record.id))
    status = 400 if errors else 200
    return render_template(
        "requests/new.html", intake=intake, bodies=bodies, values=values, errors=errors
    ), status


@bp.get("/<int:request_id>/")
@roles_required("officer")
def detail(request_id: int):
    """Show a request with every clock and its trail, and the actions open to it."""
    record = _find(request_id)
    calendar, region, now = load_calendar(db.session), site_region(), today()
    results = [clock.evaluate(calendar, now, region) for clock in rq.request_clocks(record)]
    # The 补正 window is an option, not a duty: once it closed unused it is not shown.
    results = [
        r
        for r in results
        if r.clock.kind != "request_correction" or r.clock.stopped_on or r.state != "overdue"
    ]
    return render_template(
        "requests/detail.html",
        record=record,
        results=results,
        actions=rq.allowed_actions(record),
        rq=rq,
        intake=intake,
        replies=replies,
        today=now,
    )


@bp.post("/<int:request_id>/<action>")
@roles_required("officer")
def act(request_id: int, action: str):
    """Apply one action (补正, consultation, extension, reply, archive) to a request."""
    record = _find(request_id)
    if str(record.version) != request.form.get("version"):
        flash("本申请已被他人修改，请核对后重新操作", "error")
        return redirect(url_for("requests.detail", request_id=record.id)), 409
    data: dict[str, Any] = {
        "on": _date(request.form.get("on")),
        "deadline": _date(request.form.get("deadline")),
        "notified_on": _date(request.form.get("notified_on")),
        "note": request.form.get("note", ""),
        "approver": request.form.get("approver", ""),
        "reply_type": request.form.get("reply_type", ""),
        "reply_reason": request.form.get("reply_reason", ""),
    }
    days = request.form.get("days", "")
    data["days"] = int(days) if days.isdigit() else None
    try:
        change = rq.act(
            record,
            action,
            data,
            today=today(),
            calendar=load_calendar(db.session),
            region=site_region(),
        )
    except rq.RequestError as exc:
        flash(exc.message, "error")
        return redirect(url_for("requests.detail", request_id=record.id))
    for key, value in change.fields.items():
        setattr(record, key, value)
    record.trail = [*record.trail, {**change.trail, "by": g.user.username}]
    audit.record(db.session, g.user.username, action, "info_request", record.id)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash("本申请已被他人修改，请核对后重新操作", "error")
        return redirect(url_for("requests.detail", request_id=record.id)), 409
    flash(f"已{change.trail['action']}", "info")
    return redirect(url_for("requests.detail", request_id=record.id))


@bp.get("/<int:request_id>/notice/<kind>")
@roles_required("officer")
def notice(request_id: int, kind: str):
    """Show a printable notice (登记回执, 补正告知书, 征求意见函, 延期答复告知书, 答复书)."""
    record = _find(request_id)
    if kind not in replies.available_notices(record):
        abort(404)
    title, basis = replies.NOTICES[kind]
    if kind == "reply":
        basis = replies.REPLY_BASIS.get(record.reply_type, basis)
    due = rq.reply_due(record, load_calendar(db.session), site_region(), today())
    return render_template(
        f"requests/notice_{kind}.html",
        record=record,
        title=title,
        basis=basis,
        due=due,
        intake=intake,
    )


def _find(request_id: int) -> InfoRequest:
    record = db.session.get(InfoRequest, request_id)
    if record is None or record.body_id not in visible_body_ids(db.session, g.user):
        abort(404)
    return record


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _trail(on: dt.date, action: str, note: str) -> dict[str, str]:
    return {"on": on.isoformat(), "action": action, "note": note, "by": g.user.username}
