"""Server-side sessions: the cookie carries a random token, the data stays in the database.

Flask's default session is a signed cookie that stays valid after logout; a copy taken
before logout could be replayed (SECURITY.md). Here the cookie names a row, and removing
the row ends the session everywhere at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import sqlalchemy as sa
from flask import Flask, Request, Response, request
from flask import session as current_session
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict
from werkzeug.exceptions import ServiceUnavailable

from admin.models import UserSession
from admin.models.common import utcnow
from admin.models.db import db, write_transaction

#: Without activity for this long, a session ends (ASVS 3.3.2 allows up to 30 minutes).
IDLE_TIMEOUT = dt.timedelta(minutes=30)
#: However active, a session ends after this long and the user logs in again.
ABSOLUTE_TIMEOUT = dt.timedelta(hours=12)
#: Refresh ``last_seen_at`` at most this often, so reads don't all become writes.
TOUCH_INTERVAL = dt.timedelta(seconds=60)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class ServerSession(CallbackDict, SessionMixin):
    """The session dictionary, remembering its row and whether it changed."""

    def __init__(
        self,
        initial: dict[str, Any] | None = None,
        token: str | None = None,
        row_id: int | None = None,
        busy: bool = False,
    ) -> None:
        def on_update(_self: ServerSession) -> None:
            _self.modified = True

        super().__init__(initial or {}, on_update)
        self.token = token
        self.row_id = row_id
        self.modified = False
        self.regenerate = False  # set at login and logout: a fresh token, no fixation
        #: The database could not be read (locked past the busy timeout): the request is
        #: answered 503 before anything else runs, and nothing is saved.
        self.busy = busy


class DatabaseSessionInterface(SessionInterface):
    def open_session(self, app: Flask, request: Request) -> ServerSession:
        token = request.cookies.get(self.get_cookie_name(app))
        if not token:
            return ServerSession()
        try:
            return self._open(token)
        except sa.exc.OperationalError:
            # Raising here would leave Flask without a session, and the error page (which
            # reads the session for its flashes and form token) would fail in turn.
            db.session.rollback()
            app.logger.warning("session not opened: the database is busy", exc_info=True)
            return ServerSession(busy=True)

    def _open(self, token: str) -> ServerSession:
        row = db.session.scalar(
            sa.select(UserSession).where(UserSession.token_hash == hash_token(token))
        )
        now = utcnow()
        if row is None or _expired(row, now):
            if row is not None:
                _delete_row(row.id)
            return ServerSession()
        session = ServerSession(dict(row.data), token=token, row_id=row.id)
        if now - row.last_seen_at > TOUCH_INTERVAL:
            # Its own short write: on a GET the read above began deferred, and a read
            # transaction cannot wait for the write lock, only fail.
            with write_transaction():
                db.session.execute(
                    sa.update(UserSession)
                    .where(UserSession.id == session.row_id)
                    .values(last_seen_at=now)
                )
        return session

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        if session is None or session.busy or response.status_code == 503:
            # Opening it failed, or the database is busy: a write now would wait and fail
            # again; the session keeps its row and cookie as they were.
            return
        name = self.get_cookie_name(app)
        cookie = {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "httponly": True,
            # Secure whenever the request came over HTTPS (directly or via the trusted proxy).
            "secure": self.get_cookie_secure(app) or request.is_secure,
            "samesite": self.get_cookie_samesite(app) or "Lax",
        }
        if session.regenerate and session.row_id is not None:
            _delete_row(session.row_id)
            session.row_id, session.token = None, None
        if not session:
            if session.row_id is not None:
                _delete_row(session.row_id)
            if session.token or session.regenerate:
                response.delete_cookie(name, **{k: cookie[k] for k in ("domain", "path")})
            return
        if session.row_id is None:
            token = secrets.token_urlsafe(32)
            with write_transaction():
                db.session.add(
                    UserSession(
                        token_hash=hash_token(token),
                        data=dict(session),
                        user_id=session.get("user_id"),
                        address=_address(),
                    )
                )
            response.set_cookie(name, token, **cookie)
        elif session.modified:
            # An UPDATE of a row that may be gone (logged out elsewhere): no row, no change.
            with write_transaction():
                db.session.execute(
                    sa.update(UserSession)
                    .where(UserSession.id == session.row_id)
                    .values(data=dict(session), user_id=session.get("user_id"))
                )
        response.vary.add("Cookie")


def init_app(app: Flask) -> None:
    """Keep sessions in the database; call before anything that reads the session."""
    app.session_interface = DatabaseSessionInterface()
    # First of the before_request functions: CSRF and the signed-in account would read
    # an empty session and answer 400 or the login page instead of "busy".
    app.before_request(_refuse_when_busy)


def _refuse_when_busy() -> None:
    if getattr(current_session, "busy", False):
        raise ServiceUnavailable()


def end_sessions_of(user_id: int, keep_row_id: int | None = None) -> None:
    """End every session of a user (password change, disabling, role change)."""
    statement = sa.delete(UserSession).where(UserSession.user_id == user_id)
    if keep_row_id is not None:
        statement = statement.where(UserSession.id != keep_row_id)
    db.session.execute(statement)


def _expired(row: UserSession, now: dt.datetime) -> bool:
    return now - row.last_seen_at > IDLE_TIMEOUT or now - row.created_at > ABSOLUTE_TIMEOUT


def _delete_row(row_id: int) -> None:
    with write_transaction():
        db.session.execute(sa.delete(UserSession).where(UserSession.id == row_id))


def _address() -> str:
    return request.remote_addr or ""
