"""Throttle password guessing per account and per address (Flask has no such thing)."""

from __future__ import annotations

import datetime as dt
import zlib

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.models import LoginAttempt
from admin.models.common import utcnow

WINDOW = dt.timedelta(minutes=15)
MAX_PER_ACCOUNT = 5
#: An address may try more accounts (a township office shares one public address).
MAX_PER_ADDRESS = 20


def is_throttled(session: Session, username: str, address: str) -> bool:
    """Return whether logins for this account or from this address must wait.

    Called in the transaction that then records the attempt: on SQLite it began with
    BEGIN IMMEDIATE, so no other attempt counts in between. PostgreSQL's READ COMMITTED
    would let two attempts count the same rows; a transaction-scoped advisory lock on the
    account serialises them there.
    """
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(username.encode("utf-8"))
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    since = utcnow() - WINDOW
    recent = sa.select(sa.func.count(LoginAttempt.id)).where(LoginAttempt.at > since)
    per_account = session.scalar(recent.where(LoginAttempt.username == username)) or 0
    per_address = session.scalar(recent.where(LoginAttempt.address == address)) or 0
    return per_account >= MAX_PER_ACCOUNT or per_address >= MAX_PER_ADDRESS


def record_attempt(session: Session, username: str, address: str) -> None:
    """Count a login attempt before its password is checked; old ones are pruned.

    A successful login clears its account's attempts again, so only failures remain.
    """
    session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < utcnow() - 2 * WINDOW))
    session.add(LoginAttempt(username=username[:50], address=address[:64]))


def clear_failures(session: Session, username: str) -> None:
    """Forget an account's failures after a successful login."""
    session.execute(sa.delete(LoginAttempt).where(LoginAttempt.username == username))
