"""Choices the record forms offer from the database: officers and items of the account's bodies."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask import g

from admin.backoffice.records.scope import visible_body_ids
from admin.domain.validation import FieldError
from admin.models import EnforcementItem, Officer
from admin.models.db import db


def officer_options(current: Iterable[Officer] = ()) -> list[Officer]:
    """Return the certified officers of the account's bodies, plus those already named."""
    ids = visible_body_ids(db.session, g.user)
    query = sa.select(Officer).where(Officer.body_id.in_(ids)).order_by(Officer.name)
    found = [officer for officer in db.session.scalars(query) if officer.is_certified]
    known = {officer.id for officer in found}
    return found + [officer for officer in current if officer.id not in known]


def item_options(category: str | None = None) -> list[EnforcementItem]:
    """Return the 执法事项 of the account's bodies (of one category, if given)."""
    ids = visible_body_ids(db.session, g.user)
    query = sa.select(EnforcementItem).where(EnforcementItem.body_id.in_(ids))
    if category:
        query = query.where(EnforcementItem.category == category)
    return list(db.session.scalars(query.order_by(EnforcementItem.slug)))


def chosen_officers(raw: Iterable[Any], options: list[Officer]) -> list[Officer]:
    """Return the offered officers whose ids were ticked; anything else is ignored."""
    by_id = {str(officer.id): officer for officer in options}
    return [by_id[value] for value in dict.fromkeys(str(v) for v in raw) if value in by_id]


def chosen_item(
    raw: Any, options: list[EnforcementItem], label: str, errors: list[FieldError]
) -> int | None:
    """Return the chosen item's id, None for none; an item not offered is refused."""
    value = "" if raw is None else str(raw).strip()
    if not value:
        return None
    if value in {str(item.id) for item in options}:
        return int(value)
    errors.append(FieldError("item_id", label, f"{label}：请从列表中选择"))
    return None


def item_label(item: EnforcementItem) -> str:
    return f"{item.code} {item.name}".strip()
