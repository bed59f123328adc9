"""Accounts, their roles and bodies, and server-side sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.bodies import Body
from admin.models.common import utcnow
from admin.models.db import db

user_bodies = sa.Table(
    "account_body",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("account.id"), primary_key=True),
    sa.Column("body_id", sa.ForeignKey("body.id"), primary_key=True),
)


class User(db.Model):
    __tablename__ = "account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(50), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(50), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    #: Any of vocab.ROLES; an account may hold several.
    roles: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Optimistic lock (migration 0006): two administrators changing one account at once
    #: cannot both write from the same state; the second is refused (errors.py, 409).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    bodies: Mapped[list[Body]] = relationship(secondary=user_bodies)

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}

    def has_role(self, role: str) -> bool:
        return role in self.roles


class UserSession(db.Model):
    """A server-side session: the cookie holds only a random token whose hash is stored here.

    Checked on every request, so logout, a password change, disabling an account and a
    role change take effect at once (a signed-cookie session would outlive them).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    address: Mapped[str] = mapped_column(sa.String(64), default="")

    user: Mapped[User | None] = relationship()


class LoginAttempt(db.Model):
    """A failed login, kept to throttle guessing per account and per address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    username: Mapped[str] = mapped_column(sa.String(50), index=True)
    address: Mapped[str] = mapped_column(sa.String(64), index=True)
