"""Scans and evidence attached to a record: upload, list, download, delete.

Attachments are internal records (全过程记录): they are served only here, to the accounts
that may open the record's own page (its declared roles, and the record's body or one above
it), always as a download, and nothing copies them into ``content/`` or ``build/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from admin.backoffice.access import PUBLIC, SIGNED_IN, roles_required, rule_of
from admin.backoffice.records.scope import visible_body_ids
from admin.domain.datasets import WORKFLOW
from admin.models import DATASET_MODELS, Attachment, User
from admin.models.db import db
from admin.store import audit
from admin.store.uploads import (
    DEFAULT_MAX_BYTES,
    KINDS,
    UploadError,
    delete_upload,
    read_limited,
    store_upload,
    upload_folder,
    upload_path,
)

bp = Blueprint("uploads", __name__)

#: The records that take attachments, by the dataset name used in URLs.
MODELS: dict[str, type] = {key: DATASET_MODELS[key] for key in WORKFLOW}
#: The record page whose access the attachments follow (admin/backoffice/workflow/views.py),
#: and the roles it declares: declared here too, so the role matrix knows; a test and the
#: check in _load_record keep the two from drifting apart.
RECORD_PAGE = "workflow.detail"
RECORD_PAGE_ROLES = ("officer", "reviewer")
#: Longest original file name kept (the column's width); only ever shown, never a path.
NAME_WIDTH = 255


@bp.route("/records/<dataset>/<int:record_id>/attachments")
@roles_required(*RECORD_PAGE_ROLES)
def index(dataset: str, record_id: int):
    """List a record's attachments, with the upload form for officers."""
    return _render_index(dataset, _load_record(dataset, record_id))


@bp.route("/records/<dataset>/<int:record_id>/attachments", methods=["POST"])
@roles_required("officer")
def upload(dataset: str, record_id: int):
    """Check an uploaded file by its content and keep it beside the record."""
    record = _load_record(dataset, record_id)
    kind = request.form.get("kind", "")
    file = request.files.get("file")
    try:
        if kind not in KINDS:
            raise UploadError(f"类别：请选择{'、'.join(KINDS)}之一")
        if file is None or not file.filename:
            raise UploadError("文件：请选择要上传的文件")
        data = read_limited(file.stream, _max_bytes())
        stored = store_upload(_folder(), data, max_bytes=_max_bytes())
    except UploadError as exc:
        return _render_index(dataset, record, error=exc.message), 422
    attachment = Attachment(
        record_type=dataset,
        record_id=record_id,
        kind=kind,
        original_name=_display_name(file.filename),
        stored_name=stored.stored_name,
        media_type=stored.media_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=g.user.username,
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        db.session,
        g.user.username,
        "attachment-upload",
        dataset,
        record_id,
        attachment=attachment.id,
        kind=kind,
        sha256=stored.sha256,
        size=stored.size,
    )
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        delete_upload(_folder(), stored.stored_name)  # no file without its row
        raise
    flash(f"已上传：{attachment.original_name}", "info")
    return _back(dataset, record_id)


@bp.route("/attachments/<int:attachment_id>")
@roles_required(*RECORD_PAGE_ROLES)
def download(attachment_id: int):
    """Send an attachment as a download, never rendered inline."""
    attachment = _load_attachment(attachment_id)
    path = upload_path(_folder(), attachment.stored_name)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.media_type,
        as_attachment=True,
        download_name=attachment.original_name,
        max_age=0,
        conditional=False,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/attachments/<int:attachment_id>/delete", methods=["POST"])
@roles_required("officer")
def delete(attachment_id: int):
    """Delete an attachment and its file, leaving the fact in the audit trail."""
    attachment = _load_attachment(attachment_id)
    dataset, record_id = attachment.record_type, attachment.record_id
    audit.record(
        db.session,
        g.user.username,
        "attachment-delete",
        dataset,
        record_id,
        attachment=attachment.id,
        kind=attachment.kind,
        sha256=attachment.sha256,
    )
    stored_name = attachment.stored_name
    db.session.delete(attachment)
    db.session.commit()
    # The file goes after the commit: a failed commit must not leave a row without its file.
    delete_upload(_folder(), stored_name)
    flash("附件已删除", "info")
    return _back(dataset, record_id)


def _render_index(dataset: str, record: Any, error: str | None = None) -> str:
    return render_template(
        "uploads/index.html",
        dataset=dataset,
        record=record,
        label=_label(dataset, record),
        attachments=_attachments_of(dataset, record.id),
        kinds=KINDS,
        max_mb=_max_bytes() // (1024 * 1024),
        error=error,
    )


def _label(dataset: str, record: Any) -> str:
    if dataset == "penalties":
        return record.decision_no
    if dataset == "inspections":
        return f"{record.inspected_on.isoformat()} {record.party_name}"
    return record.title


def _load_record(dataset: str, record_id: int) -> Any:
    """Return the record, refusing who may not open its page (403) or see it (404)."""
    if not _may_open_record_page(g.user):
        # The record page's own rule, read from its declaration so the two cannot drift:
        # an account refused the page is refused its scans and evidence too.
        abort(403)
    model = MODELS.get(dataset)
    record = db.session.get(model, record_id) if model else None
    if record is None or record.body_id not in _visible_body_ids(g.user):
        # 404, not 403: an account learns nothing of records outside its bodies.
        abort(404)
    return record


def _may_open_record_page(user: User) -> bool:
    rule = rule_of(current_app, RECORD_PAGE)
    if rule is None:
        return False  # no record page, no attachments: deny by default
    return rule in (PUBLIC, SIGNED_IN) or any(user.has_role(role) for role in rule)


def _load_attachment(attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    _load_record(attachment.record_type, attachment.record_id)
    return attachment


def _attachments_of(dataset: str, record_id: int) -> list[Attachment]:
    query = (
        sa.select(Attachment)
        .where(Attachment.record_type == dataset, Attachment.record_id == record_id)
        .order_by(Attachment.uploaded_at, Attachment.id)
    )
    return list(db.session.scalars(query))


def _visible_body_ids(user: User) -> set[int]:
    """Return the ids of ``user``'s bodies and every body below them."""
    return visible_body_ids(db.session, user)


def _display_name(filename: str) -> str:
    # Only the last path component, without control characters: it is shown and offered
    # as the download name, never used to build a path.
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "附件")[:NAME_WIDTH]


def _max_bytes() -> int:
    return int(current_app.config["GONGSHI"].get("UPLOAD_MAX_BYTES") or DEFAULT_MAX_BYTES)


def _folder() -> Path:
    return upload_folder(current_app.instance_path)


def _back(dataset: str, record_id: int):
    return redirect(url_for("uploads.index", dataset=dataset, record_id=record_id), 303)
