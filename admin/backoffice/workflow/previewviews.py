"""The preview pages: masks highlighted, manual mask / unmask, and the public page itself.

The public page is served under the record's own path by the public site app, so its
relative links (CSS, scripts) resolve to this prefix, and the back-office's CSP applies:
no frame is needed (the back-office forbids framing), the officer opens it in a tab.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from admin.backoffice.access import roles_required
from admin.content.store import ContentStoreError
from admin.domain import public_forms
from admin.models.db import db
from admin.publish import publishing
from admin.store import audit

from . import preview as pages
from . import records

MASKABLE = ("penalties", "licences", "inspections", "info")
MASK_OPS = {
    "mask": ("mask", True, "已加入“始终遮蔽”"),
    "unmask": ("unmask", True, "已加入“不遮蔽”"),
    # The preview's buttons on one name candidate: the same lists, the officer's words.
    "candidate-mask": ("mask", True, "已确认遮蔽"),
    "candidate-keep": ("unmask", True, "已确认保留（不遮蔽）"),
    "unmask-remove": ("unmask", False, "已移出“不遮蔽”"),
    "mask-remove": ("mask", False, "已移出“始终遮蔽”"),
}
MAX_MASK_LENGTH = 50


@roles_required("officer", "reviewer")
def preview(dataset: str, record_id: int) -> Any:
    """Show what will be published (GET); change the manual masks (POST, officers only)."""
    record = records.load_record(dataset, record_id, g.user)
    if request.method == "GET":
        return render_preview(dataset, record)
    if not g.user.has_role("officer"):
        abort(403)
    if dataset not in MASKABLE:
        abort(404)
    return change_masks(dataset, record)


def change_masks(dataset: str, record: Any) -> Any:
    """Add a string to always mask or never mask, or take one out (version-checked)."""
    op = MASK_OPS.get(request.form.get("op", ""))
    text = request.form.get("text", "").strip()
    if op is None:
        return render_preview(dataset, record, error="操作：未知的遮蔽操作", status=400)
    if not text or len(text) > MAX_MASK_LENGTH:
        message = f"遮蔽内容：必须填写，最长 {MAX_MASK_LENGTH} 个字符"
        return render_preview(dataset, record, error=message, status=400)
    if request.form.get("version", "") != str(record.version):
        return render_preview(dataset, record, error=STALE, status=409)
    key, add, message = op
    masks = {k: list(v) for k, v in (record.masks or {}).items()}
    chosen = masks.setdefault(key, [])
    if add and text not in chosen:
        chosen.append(text)
        other = masks.setdefault("unmask" if key == "mask" else "mask", [])
        if text in other:
            other.remove(text)  # a string is masked or unmasked, never both
    elif not add and text in chosen:
        chosen.remove(text)
    record.masks = masks  # a new object, so the JSON column is seen as changed
    try:
        db.session.flush()
        entity = publishing.KINDS[type(record)][1]
        audit.record(
            db.session,
            g.user.username,
            "masks",
            entity,
            record.id,
            dataset=dataset,
            op=request.form["op"],
            text=pages.masked_for_audit(text),
            revision=record.version,
        )
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        record = records.load_record(dataset, record.id, g.user)
        return render_preview(dataset, record, error=STALE, status=409)
    flash(message, "info")
    return redirect(url_for("workflow.preview", dataset=dataset, record_id=record.id))


@roles_required("officer", "reviewer")
def public_page(dataset: str, record_id: int, path: str = "") -> Any:
    """Serve the public site's page (and its assets) for this record, unpublished."""
    record = records.load_record(dataset, record_id, g.user)
    today, root = records.today(), records.content_root()
    try:
        # Shown with undecided candidates as they stand (unmasked), so the officer can judge.
        masker = pages.review_masker(dataset, record, root=root)
        form = pages.public_form(dataset, record, today=today, root=root, masker=masker)
    except (public_forms.NotPublishable, ContentStoreError) as exc:
        return render_preview(dataset, record, error=exc.message, status=409)
    if not path:
        target = pages.page_path(dataset, record.slug)
        start = url_for("workflow.public_page", dataset=dataset, record_id=record_id)
        return redirect(start + target.lstrip("/"))
    if ".." in path.split("/"):
        abort(404)  # browsers resolve relative links before asking
    with pages.preview_site(dataset, record.slug, form, today=today, root=root) as site:
        answer = site.get("/" + path)
        data, status, mimetype = answer.get_data(), answer.status_code, answer.mimetype
        answer.close()
    return Response(data, status=status, mimetype=mimetype)


STALE = "版本：该记录已被他人修改，请查看最新内容后再操作"


def render_preview(dataset: str, record: Any, *, error: str = "", status: int = 200) -> Any:
    """Render the preview page."""
    root = records.content_root()
    refusal, fields = "", []
    try:
        masker = pages.review_masker(dataset, record, root=root)
        pages.public_form(dataset, record, today=records.today(), root=root, masker=masker)
        fields = pages.masked_fields(record, masker, root=root)
    except (public_forms.NotPublishable, ContentStoreError) as exc:
        refusal = exc.message
    pending = sum(len(f.candidates) for f in fields)
    page = render_template(
        "workflow/preview.html",
        dataset=dataset,
        dataset_name=records.DATASET_NAMES[dataset],
        record=record,
        fields=fields,
        shown_original=pages.shown_original,
        maskable=dataset in MASKABLE,
        masks=record.masks or {} if dataset in MASKABLE else {},
        refusal=refusal,
        pending=pending,
        can_edit_masks=g.user.has_role("officer"),
        error=error,
    )
    return page, status
