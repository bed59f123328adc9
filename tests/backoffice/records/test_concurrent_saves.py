"""Two people saving at the same moment, on SQLite and on PostgreSQL (issue 16 item 5).

Each round opens the forms first, then lets two threads post at once through their own
test clients and sessions, as two browsers would. Under SQLite the second writer waits
for the first (BEGIN IMMEDIATE); on PostgreSQL both read the same version and the row
version (``UPDATE … WHERE version = :seen``) and the audit head's row lock decide.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.models import AuditEntry, Body
from admin.models.db import db
from admin.store import audit
from tests.backoffice.records.conftest import World, signed_in, token_of, version_of

ROUNDS = 8


def at_once(*posts: Callable[[], Any]) -> list[Any]:
    """Run ``posts`` in threads released together; return their results in order."""
    gate = threading.Barrier(len(posts))
    results: list[Any] = [None] * len(posts)

    def run(n: int) -> None:
        gate.wait()
        try:
            results[n] = posts[n]()
        except BaseException as exc:  # a thread's failure must fail the test
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def opened(client: FlaskClient, body_id: int) -> Callable[..., Any]:
    """Open the 执法主体 form now; return a function that saves it with changed values."""
    path = f"/subjects/{body_id}/edit"
    page = client.get(path).get_data(as_text=True)
    field = lambda name: html.unescape(re.search(rf'id="{name}"[^>]*value="([^"]*)"', page)[1])  # noqa: E731
    data = {
        "csrf_token": token_of(page),
        "version": version_of(page),
        "name": field("name"),
        "kind": "法定行政机关",
        "is_enforcement_subject": "y",
        "credit_code": field("credit_code"),
        "decision_prefix": field("decision_prefix"),
    }

    def save(**changes: str) -> Any:
        response = client.post(path, data={**data, **changes})
        return response.status_code, html.unescape(response.get_data(as_text=True))

    return save


def stored_phone(app: Flask, body_id: int) -> str:
    with app.app_context():
        return db.session.get(Body, body_id).phone


def test_two_saves_of_one_subject_at_once_one_wins_the_other_is_told(
    app: Flask, world: World
) -> None:
    first = signed_in(app.test_client(), "admin")
    second = signed_in(app.test_client(), "admin")
    for n in range(ROUNDS):
        save_first, save_second = opened(first, world.township), opened(second, world.township)
        mine, theirs = f"0955-1{n:06d}", f"0955-2{n:06d}"
        results = at_once(
            lambda a=save_first, p=mine: a(phone=p), lambda b=save_second, p=theirs: b(phone=p)
        )
        statuses = sorted(status for status, _ in results)
        assert statuses == [302, 409], (n, statuses)
        winner = mine if results[0][0] == 302 else theirs
        loser_page = next(page for status, page in results if status == 409)
        assert "他人已修改并保存了这条记录" in loser_page
        assert winner in loser_page  # the stored value the loser is shown
        assert stored_phone(app, world.township) == winner
    with app.app_context():
        edits = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "body", AuditEntry.action == "edit")
        )
        assert edits == ROUNDS  # one save per round, nothing written by the loser


def test_saves_of_different_records_at_once_keep_one_audit_chain(app: Flask, world: World) -> None:
    first = signed_in(app.test_client(), "admin")
    second = signed_in(app.test_client(), "admin")
    for n in range(ROUNDS):
        save_first, save_second = opened(first, world.township), opened(second, world.other)
        results = at_once(
            lambda a=save_first, p=f"0955-1{n:06d}": a(phone=p),
            lambda b=save_second, p=f"0955-2{n:06d}": b(phone=p),
        )
        assert [status for status, _ in results] == [302, 302], n
    with app.app_context():
        forks = db.session.execute(
            sa.select(AuditEntry.prev_hash)
            .group_by(AuditEntry.prev_hash)
            .having(sa.func.count() > 1)
        ).all()
        assert forks == []  # no two entries follow the same one
        assert audit.verify_chain(db.session) == []
    assert stored_phone(app, world.township) == f"0955-1{ROUNDS - 1:06d}"
    assert stored_phone(app, world.other) == f"0955-2{ROUNDS - 1:06d}"
