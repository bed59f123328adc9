"""The list, create and edit views every record type shares, registered per blueprint."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from admin.backoffice.access import may_open, roles_required, signed_in
from admin.backoffice.queryargs import BadQueryArgument, arg_page, arg_text
from admin.backoffice.records import formsupport as fs
from admin.backoffice.records.kinds import RecordType
from admin.backoffice.records.listing import (
    SEARCH_COUNT_CAP,
    index_narrowing,
    paginate,
    search_clause,
)
from admin.backoffice.records.scope import visible_body_ids
from admin.domain.markdown_render import render_markdown
from admin.domain.validation import FieldError
from admin.models.common import utcnow
from admin.models.db import db
from admin.models.searchindex import searched_columns
from admin.publish.publishing import KINDS
from admin.store import audit, revisions

CONFLICT = "保存失败：在您编辑期间，他人已修改并保存了这条记录。请核对下方列出的最新内容后再保存。"
LOCKED = "这条记录{state}，不能在此修改：变更须在详情页撤回后重新公示。"


def register_views(bp: Blueprint, kind: RecordType) -> None:
    """Add ``index``, ``new`` and ``edit`` of ``kind`` to ``bp``, each with its access rule."""

    @bp.route("/")
    @signed_in
    def index() -> Any:
        return list_view(kind)

    @bp.route("/new", methods=["GET", "POST"])
    @roles_required(*kind.write_roles)
    def new() -> Any:
        return form_view(kind, None)

    @bp.route("/<int:record_id>/edit", methods=["GET", "POST"])
    @roles_required(*kind.write_roles)
    def edit(record_id: int) -> Any:
        return form_view(kind, kind.get_or_404(record_id))


def detail_url(kind: RecordType, record: Any, visible: set[int] | None = None) -> str:
    """Return the record's detail page, or its list for an account that may not open it.

    ``visible``: the account's body ids, when the caller has them (a list of records).
    """
    # The detail page answers 404 outside the account's bodies: an administrator saving a
    # body of another township lands on the list instead (#16).
    owner = record.id if kind.dataset == "subjects" else record.body_id
    if visible is None:
        visible = visible_body_ids(db.session, g.user)
    if may_open("workflow.detail") and owner in visible:
        return url_for("workflow.detail", dataset=kind.dataset, record_id=record.id)
    return url_for(f"{kind.dataset}.index")


def list_view(kind: RecordType) -> Any:
    """Render one page of the records the account may see, searched and filtered."""
    base = kind.list_query()
    query = base
    text = arg_text("q", "搜索")
    clause = search_clause(searched_columns(kind.model), text)
    if clause is not None:
        query = query.where(clause)
    chosen = {}
    for item in kind.filters:
        value = arg_text(item.name, item.label)
        condition = item.clause(value) if value else None
        if value and condition is None:
            raise BadQueryArgument(f"{item.label}：不是可选的值")
        if condition is not None:
            query = query.where(condition)
            chosen[item.name] = value
    cap = SEARCH_COUNT_CAP if clause is not None else None
    narrow = index_narrowing(db.session, kind.model, text) if clause is not None else None
    page = paginate(db.session, query.order_by(*kind.order), arg_page(), cap=cap, narrow=narrow)
    options = {item.name: item.options(db.session, base) for item in kind.filters}
    can_write = any(g.user.has_role(role) for role in kind.write_roles)
    seen = visible_body_ids(db.session, g.user)
    return render_template(
        "records/list.html",
        kind=kind,
        page=page,
        q=text,
        chosen=chosen,
        options=options,
        can_write=can_write,
        detail_url=lambda record: detail_url(kind, record, seen),
    )


def form_view(kind: RecordType, record: Any | None) -> Any:
    """Show, preview or save the create or edit form of ``kind``."""
    if record is not None and kind.is_locked(record):
        message = LOCKED.format(state=f"已处于「{record.state}」状态")
        page = render_template(
            "records/locked.html", kind=kind, message=message, url=detail_url(kind, record)
        )
        return page, 409
    form = kind.form_class()
    kind.prepare(form, record)
    suggestions: dict[str, str] = {}
    if request.method == "GET":
        if record is None:
            suggestions = kind.defaults(form)
        else:
            kind.load(form, record)
            form.version.data = kind.version_of(record)
        return _render(kind, form, record, suggestions=suggestions)
    if "preview" in request.form:
        previews = {name: render_markdown(form[name].data or "") for name in kind.markdown}
        return _render(kind, form, record, previews=previews)
    values, errors = kind.values(form, record)
    if record is not None and form.version.data != kind.version_of(record):
        return _conflict(kind, form, record, values)
    # One message per field: a date that could not be read is not also "required".
    unread = {error.field for error in errors}
    errors += [e for e in kind.validate(values, record) if e.field not in unread]
    if errors:
        return _render(kind, form, record, errors=errors), 422
    try:
        saved = _save(kind, record, values)
    except StaleDataError:
        db.session.rollback()
        record = kind.get_or_404(record.id)
        kind.prepare(form, record)
        return _conflict(kind, form, record, values)
    except IntegrityError:
        # A unique number taken between the check and the write (another clerk's save).
        db.session.rollback()
        errors = kind.validate(values, record)
        if not errors:
            raise
        return _render(kind, form, record, errors=errors), 422
    flash(f"{kind.title}已保存", "info")
    return redirect(detail_url(kind, saved))


def _save(kind: RecordType, record: Any | None, values: dict[str, Any]) -> Any:
    entity = KINDS[kind.model][1]
    allowed = kind.fields + (kind.create_only if record is None else ())
    if record is None:
        record = kind.model()
        for name in allowed:
            if name in values:
                setattr(record, name, values[name])
        record.slug = kind.new_slug(values)
        kind.created(record)
        db.session.add(record)
        db.session.flush()
        before, after = fs.audit_change({}, kind.snapshot(record), kind.private)
        action = "create"
    else:
        old = kind.snapshot(record)
        for name in allowed:
            if name in values:
                setattr(record, name, values[name])
        before, after = fs.audit_change(old, kind.snapshot(record), kind.private)
        if not after:
            db.session.rollback()
            return record  # nothing changed: no new version, no audit entry
        kind.edited(record)
        if hasattr(record, "updated_at"):
            # Dirty the row even when only a list (officers) changed, so the version moves.
            record.updated_at = utcnow()
        db.session.flush()
        action = "edit"
    if kind.has_state:
        # Four eyes are judged by who made each revision (admin.domain.workflow).
        revisions.record_touch(db.session, kind.dataset, record, g.user.id, action)
    audit.record(
        db.session,
        g.user.username,
        action,
        entity,
        record.id,
        dataset=kind.dataset,
        slug=record.slug,
        before=before,
        after=after,
    )
    db.session.commit()
    return record


def _conflict(kind: RecordType, form: FlaskForm, record: Any, values: dict[str, Any]) -> Any:
    """Answer 409: the stored values that differ from the ones submitted, and a fresh version."""
    stored = kind.snapshot(record)
    mine = {name: fs.plain(values[name]) for name in stored if name in values}
    changes = [
        (kind.labels.get(name, name), fs.display(stored[name]), fs.display(mine[name]))
        for name in mine
        if stored[name] != mine[name]
    ]
    # Saving again after reading the notice is a decision, not an accident: it carries the
    # version just shown.
    form.version.data = kind.version_of(record)
    return _render(kind, form, record, conflict=changes, errors=[]), 409


def _render(
    kind: RecordType,
    form: FlaskForm,
    record: Any | None,
    *,
    errors: list[FieldError] | None = None,
    suggestions: dict[str, str] | None = None,
    previews: dict[str, Any] | None = None,
    conflict: list[tuple[str, str, str]] | None = None,
) -> str:
    by_field: dict[str, list[str]] = {}
    shown = {name for _, names in kind.layout for name in names}
    unplaced = []
    for error in errors or []:
        name = kind.error_fields.get(error.field, error.field)
        if name in shown:
            by_field.setdefault(name, []).append(error.message)
        else:
            unplaced.append(error.message)
    return render_template(
        "records/form.html",
        kind=kind,
        form=form,
        record=record,
        errors=errors or [],
        by_field=by_field,
        unplaced=unplaced,
        suggestions=suggestions or {},
        previews=previews or {},
        conflict=conflict,
        cancel_url=detail_url(kind, record) if record else url_for(f"{kind.dataset}.index"),
    )
