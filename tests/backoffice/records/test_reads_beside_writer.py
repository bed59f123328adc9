"""On SQLite a GET reads beside a writer; what a GET writes waits for the lock (#16).

A GET's transactions begin deferred (WAL lets them read while another connection holds
the write lock); its writes (the session's touch and save) run in a transaction of their
own that takes the lock up front, so they wait for the writer instead of failing with
"database is locked" (a read transaction cannot wait for the lock, only fail).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.backoffice.access import public
from admin.backoffice.sessions import TOUCH_INTERVAL
from admin.models import LoginAttempt, UserSession
from admin.models import db as db_module
from admin.models.db import db, write_transaction
from tests.backoffice.conftest import PASSWORD
from tests.backoffice.records.conftest import World, signed_in, token_of

pytestmark = pytest.mark.sqlite_only


def _database(app: Flask) -> str:
    with app.app_context():
        return str(db.engine.url.database)


@contextlib.contextmanager
def lock_held(app: Flask, seconds: float | None = None) -> Iterator[None]:
    """Hold the write lock from another connection, until the block ends or for ``seconds``."""
    holder = sqlite3.connect(_database(app), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute(
        "INSERT INTO login_attempt (at, username, address) VALUES (?, 'x', 'y')", ("2026-01-01",)
    )
    release = threading.Timer(seconds, holder.execute, ("COMMIT",)) if seconds else None
    if release:
        release.start()
    try:
        yield
    finally:
        if release:
            release.join()
        else:
            holder.execute("ROLLBACK")
        holder.close()


def _short_timeout(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the app give up on the lock after 0.2 s (new connections take it)."""
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    with app.app_context():
        db.engine.dispose()


def _session_row(app: Flask) -> UserSession:
    with app.app_context():
        row = db.session.scalars(sa.select(UserSession).order_by(UserSession.id.desc())).first()
        assert row is not None
        db.session.expunge(row)
        return row


@pytest.mark.parametrize("path", ["/penalties/", "/penalties/?q=罚款", "/", "/audit"])
def test_a_page_answers_while_another_connection_holds_the_write_lock(
    app: Flask, client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    officer = signed_in(client, "admin" if path == "/audit" else "officer")
    assert officer.get(path).status_code == 200  # the session's form token is stored now
    _short_timeout(app, monkeypatch)
    with lock_held(app):
        started = time.monotonic()
        response = officer.get(path)
        elapsed = time.monotonic() - started
    # Before: every transaction began BEGIN IMMEDIATE, queued for the lock and answered 503.
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert elapsed < 5


def test_a_session_touch_on_get_waits_for_the_writer_and_is_kept(
    app: Flask, client: FlaskClient, world: World
) -> None:
    officer = signed_in(client, "officer")
    assert officer.get("/penalties/").status_code == 200
    stale = _session_row(app).last_seen_at - TOUCH_INTERVAL - dt.timedelta(seconds=5)
    with app.app_context():
        db.session.execute(sa.update(UserSession).values(last_seen_at=stale))
        db.session.commit()
    with lock_held(app, seconds=0.5):
        started = time.monotonic()
        response = officer.get("/penalties/")
        elapsed = time.monotonic() - started
    # Upgrading the GET's read transaction would have failed at once ("database is locked").
    assert response.status_code == 200
    assert elapsed >= 0.4  # it waited for the writer
    assert _session_row(app).last_seen_at > stale + TOUCH_INTERVAL


def test_a_new_session_saved_on_get_waits_for_the_writer_and_is_kept(
    app: Flask, client: FlaskClient, world: World
) -> None:
    with lock_held(app, seconds=0.5):
        response = client.get("/login")
    assert response.status_code == 200
    assert "Set-Cookie" in response.headers
    assert "csrf_token" in _session_row(app).data
    # The row was stored: the form's token signs in (a lost session would answer 400).
    data = {"username": "officer", "password": PASSWORD}
    answer = client.post(
        "/login", data={**data, "csrf_token": token_of(response.get_data(as_text=True))}
    )
    assert answer.status_code == 302


def test_a_get_that_writes_goes_through_write_transaction(app: Flask, client: FlaskClient) -> None:
    @public
    def writes_behind_the_helper() -> str:
        db.session.add(LoginAttempt(username="get", address="direct"))
        db.session.commit()
        return "written"

    @public
    def writes_through_the_helper() -> str:
        db.session.scalar(sa.select(sa.func.count(LoginAttempt.id)))  # a read first
        with write_transaction():
            db.session.add(LoginAttempt(username="get", address="helper"))
        return "written"

    app.add_url_rule("/test-direct", view_func=writes_behind_the_helper)
    app.add_url_rule("/test-helper", view_func=writes_through_the_helper)
    # In the tests a write inside a GET's read transaction is an error: found, not shipped.
    with pytest.raises(RuntimeError, match="write_transaction"):
        client.get("/test-direct")
    with lock_held(app, seconds=0.5):
        assert client.get("/test-helper").status_code == 200
    with app.app_context():
        addresses = db.session.scalars(
            sa.select(LoginAttempt.address).where(LoginAttempt.username == "get")
        ).all()
    assert addresses == ["helper"]


def test_a_post_still_takes_the_lock_up_front(
    app: Flask, client: FlaskClient, world: World
) -> None:
    """A POST reads then writes: it begins BEGIN IMMEDIATE, and waits for the writer."""
    html = client.get("/login").get_data(as_text=True)
    data = {"username": "officer", "password": "wrong-password", "csrf_token": token_of(html)}
    with lock_held(app, seconds=0.5):
        started = time.monotonic()
        response = client.post("/login", data=data)
        elapsed = time.monotonic() - started
    assert response.status_code == 200 and "用户名或密码错误" in response.get_data(as_text=True)
    assert elapsed >= 0.4
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(LoginAttempt.id)).where(LoginAttempt.username == "officer")
            )
            == 1
        )
