"""A database locked by another writer past the busy timeout: a Chinese 503, no second error.

Reads run beside the lock (test_reads_beside_writer.py); these pages must write: the
session's first form token after signing in, a new session on the login page, a view's
write_transaction.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.backoffice.access import public
from admin.models import Body, LoginAttempt
from admin.models import db as db_module
from admin.models.db import db, write_transaction
from tests.backoffice.records.conftest import World, signed_in


@contextlib.contextmanager
def write_lock_held(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Hold SQLite's write lock from another connection; the app waits only 0.2 s for it."""
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    with app.app_context():
        db.engine.dispose()  # new connections take the short timeout
        path = db.engine.url.database
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("path", ["/penalties/", "/login"])
def test_a_locked_database_answers_a_chinese_busy_page(
    app: Flask,
    client: FlaskClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    path: str,
) -> None:
    officer = signed_in(client, "officer")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page is sent
    with caplog.at_level(logging.ERROR), write_lock_held(app, monkeypatch):
        response = officer.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 503, html
    assert "系统繁忙，请稍后重试" in html
    # One logged error at most (the lock timeout); never the error page failing too.
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) <= 1, [r.getMessage() for r in failures]
    # The lock gone, the same client works again: its session was not lost.
    assert officer.get("/penalties/").status_code == 200


@pytest.mark.sqlite_only
def test_a_lock_timeout_inside_a_view_answers_the_busy_page_too(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    @public
    def writes_on_get() -> str:
        count = db.session.scalar(sa.select(sa.func.count(Body.id)))  # reads beside the lock
        with write_transaction():  # then waits for it, and gives up
            db.session.add(LoginAttempt(username="busy", address=str(count)))
        return "written"

    # A page of its own: the session of a client without a cookie needs no database, so
    # the lock is first met in the view, as when it is taken between two queries.
    app.add_url_rule("/test-writes", view_func=writes_on_get)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with write_lock_held(app, monkeypatch):
        response = client.get("/test-writes")
    assert response.status_code == 503
    assert "系统繁忙，请稍后重试" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers  # nothing written while busy
    assert client.get("/test-writes").status_code == 200
