"""Find a record the signed-in account may see, and describe it for the workflow rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import abort, current_app

from admin.domain import workflow as rules
from admin.domain.datasets import DATASETS
from admin.models import DATASET_MODELS, AuditEntry, Body, User
from admin.models.db import db
from admin.store import revisions

MODELS: dict[str, type] = DATASET_MODELS
#: Keys of validation.FIELD_LABELS per dataset.
LABEL_KEYS = {key: d.label_key for key, d in DATASETS.items()}
DATASET_NAMES = {key: d.name for key, d in DATASETS.items()}


def settings() -> dict[str, Any]:
    """Return the deployment's settings."""
    return current_app.config["GONGSHI"]


def content_root() -> Path:
    """Return the content/ folder publishing writes to."""
    return Path(settings()["CONTENT_DIR"])


def today() -> dt.date:
    """Return today's date where the deployment is (Asia/Shanghai by default)."""
    return dt.datetime.now(ZoneInfo(settings().get("TIMEZONE") or "Asia/Shanghai")).date()


def load_record(dataset: str, record_id: int, user: User) -> Any:
    """Return the record, or answer 404 when it does not exist or lies outside the scope."""
    model = MODELS.get(dataset)
    if model is None:
        abort(404)
    record = db.session.get(model, record_id)
    if record is None or owning_body(record) not in visible_body_ids(user):
        # 404, not 403: an account learns nothing of records outside its bodies.
        abort(404)
    return record


def owning_body(record: Any) -> int:
    """Return the id of the body a record belongs to (a body belongs to itself)."""
    return record.id if isinstance(record, Body) else record.body_id


def visible_body_ids(user: User) -> set[int]:
    """Return the ids of the bodies ``user`` sees: its own and those under them."""
    parents = {
        body: parent for body, parent in db.session.execute(sa.select(Body.id, Body.parent_id))
    }
    return rules.visible_bodies((b.id for b in user.bodies), parents)


def situation(dataset: str, record: Any) -> rules.Situation:
    """Describe ``record`` for the workflow rules, from the database alone."""
    cfg = settings()
    second_eyes = bool(cfg.get(rules.SECOND_EYES_SETTING, False))
    if dataset == "licences":  # a setting of its own (docs/licences.md §7)
        second_eyes = bool(cfg.get("LICENCE_REVIEW_REQUIRED", False))
    required = rules.review_required(
        dataset,
        bool(getattr(record, "review_required", False)),
        getattr(record, "procedure", ""),
        str(cfg.get("REVIEW_REQUIRED_FOR", "")),
        second_eyes,
    )
    return rules.Situation(
        dataset=dataset,
        state=getattr(record, "state", None) if dataset in rules.STATEFUL else None,
        version=getattr(record, "version", None),
        author_id=getattr(record, "created_by_id", None),
        review_required=required and not getattr(record, "imported", False),
        repaired=getattr(record, "repaired_on", None) is not None,
        **revisions.eyes(db.session, dataset, record),
    )


def reviews_in_trail(dataset: str, record: Any, limit: int | None = None) -> list[AuditEntry]:
    """Return the review entries of an inspection or information item, newest first."""
    return revisions.review_entries(db.session, dataset, record.id, limit)


def edited_revisions(dataset: str, record: Any) -> list[int]:
    """Return the revisions of ``record`` that an edit made (not a submit or a publish)."""
    found = revisions.touches(db.session, dataset, record.id)
    return [touch.revision for touch in found if touch.action == "edit"]


def voided(outcome: str, revision: int | None, edits: list[int]) -> bool:
    """Return whether an approval of ``revision`` was voided by a later edit.

    Publishing and state changes move the version too, so a newer version alone does not
    void an approval: only an edit that made a later revision does.
    """
    if outcome != rules.AGREE or revision is None:
        return False
    return any(edit > revision for edit in edits)


def user_names(ids: set[int]) -> dict[int, str]:
    """Return display names of the accounts ``ids``."""
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(User.id, User.display_name, User.username).where(User.id.in_(ids))
    )
    return {uid: display or username for uid, display, username in rows}
