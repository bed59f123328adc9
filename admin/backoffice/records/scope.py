"""Which bodies' records an account may see and edit: its own bodies and their children."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain.bodyscope import visible_bodies as visible_bodies_of
from admin.models import Body, User


def visible_body_ids(session: Session, user: User) -> set[int]:
    """Return the ids of ``user``'s bodies and of every body below them."""
    # A child office's records count for the accounts of the government above it.
    parents = {body: parent for body, parent in session.execute(sa.select(Body.id, Body.parent_id))}
    return visible_bodies_of((body.id for body in user.bodies), parents)


def visible_bodies(session: Session, user: User) -> list[Body]:
    """Return the bodies ``user`` may file records under, top-level ones first."""
    ids = visible_body_ids(session, user)
    if not ids:
        return []
    query = sa.select(Body).where(Body.id.in_(ids)).order_by(Body.parent_id.is_not(None), Body.id)
    return list(session.scalars(query))


def enforcement_subject_of(body: Body) -> Body:
    """Return the body in whose name ``body`` acts: itself, or the nearest subject above it."""
    current: Body | None = body
    while current is not None:
        if current.is_enforcement_subject:
            return current
        current = current.parent
    return body
