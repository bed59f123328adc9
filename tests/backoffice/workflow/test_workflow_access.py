"""Who may open each workflow route: a role matrix, POST-only actions, CSRF, body scope."""

from __future__ import annotations

import pytest
from flask import Flask

from admin.domain import vocab
from admin.models import PenaltyDecision, User
from admin.models.db import db
from tests.backoffice.conftest import csrf_token
from tests.backoffice.workflow.conftest import signed_in

ALLOWED, FORBIDDEN = "allowed", "forbidden"
PAGES = ["", "/preview", "/public/penalties/penalty-1/"]
#: (method, suffix) → expected outcome for officer, reviewer, admin.
MATRIX = [
    ("GET", "", (ALLOWED, ALLOWED, FORBIDDEN)),
    ("GET", "/preview", (ALLOWED, ALLOWED, FORBIDDEN)),
    ("GET", "/public/penalties/penalty-1/", (ALLOWED, ALLOWED, FORBIDDEN)),
    ("GET", "/public/static/site.css", (ALLOWED, ALLOWED, FORBIDDEN)),
    ("POST", "/submit", (ALLOWED, FORBIDDEN, FORBIDDEN)),
    ("POST", "/review", (FORBIDDEN, ALLOWED, FORBIDDEN)),
    ("POST", "/publish", (ALLOWED, FORBIDDEN, FORBIDDEN)),
    ("POST", "/withdraw", (ALLOWED, FORBIDDEN, FORBIDDEN)),
    ("POST", "/repair", (ALLOWED, FORBIDDEN, FORBIDDEN)),
    ("POST", "/preview", (ALLOWED, FORBIDDEN, FORBIDDEN)),
]


def version_of(app: Flask, decision_id: int) -> str:
    with app.app_context():
        return str(db.session.get(PenaltyDecision, decision_id).version)


def test_anonymous_is_sent_to_login_everywhere(app, make_penalty) -> None:
    decision_id = make_penalty()
    client = app.test_client()
    data = {"version": version_of(app, decision_id), "csrf_token": csrf_token(client)}
    for method, suffix, _ in MATRIX:
        path = f"/records/penalties/{decision_id}{suffix}"
        answer = client.open(path, method=method, data=data if method == "POST" else None)
        assert answer.status_code == 302, path
        assert answer.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("column", "username"), [(0, "officer"), (1, "reviewer"), (2, "admin")])
def test_role_matrix(app, make_penalty, column, username) -> None:
    decision_id = make_penalty()
    client = signed_in(app.test_client(), username)
    for method, suffix, expected in MATRIX:
        path = f"/records/penalties/{decision_id}{suffix}"
        data = {"version": version_of(app, decision_id), "op": "mask", "text": "李家庄"}
        data["csrf_token"] = csrf_token(client, "/password")
        answer = client.open(path, method=method, data=data if method == "POST" else None)
        if expected[column] == FORBIDDEN:
            assert answer.status_code == 403, path
        else:
            assert answer.status_code in (200, 302, 400, 409), path
            assert not answer.headers.get("Location", "").startswith("/login")


@pytest.mark.parametrize("action", ["submit", "review", "publish", "withdraw", "repair"])
def test_actions_are_post_only(app, make_penalty, action) -> None:
    decision_id = make_penalty()
    client = signed_in(app.test_client(), "both")
    assert client.get(f"/records/penalties/{decision_id}/{action}").status_code == 405


def test_an_action_without_csrf_token_is_refused(app, make_penalty) -> None:
    decision_id = make_penalty()
    client = signed_in(app.test_client(), "officer")
    path = f"/records/penalties/{decision_id}/submit"
    answer = client.post(path, data={"version": version_of(app, decision_id)})
    assert answer.status_code == 400
    other = signed_in(app.test_client(), "reviewer")
    foreign = csrf_token(other, "/password")  # another session's token
    answer = client.post(
        path, data={"version": version_of(app, decision_id), "csrf_token": foreign}
    )
    assert answer.status_code == 400
    with app.app_context():
        assert db.session.get(PenaltyDecision, decision_id).state == vocab.STATE_DRAFT


def test_records_outside_the_accounts_bodies_are_not_found(app, make_penalty) -> None:
    decision_id = make_penalty()
    with app.app_context():
        user = db.session.query(User).filter_by(username="officer").one()
        user.bodies = []
        db.session.commit()
    client = signed_in(app.test_client(), "officer")
    assert client.get(f"/records/penalties/{decision_id}").status_code == 404
    assert client.get(f"/records/penalties/{decision_id}/preview").status_code == 404
    token = csrf_token(client, "/password")
    answer = client.post(
        f"/records/penalties/{decision_id}/submit",
        data={"csrf_token": token, "version": version_of(app, decision_id)},
    )
    assert answer.status_code == 404
    with app.app_context():
        assert db.session.get(PenaltyDecision, decision_id).state == vocab.STATE_DRAFT


@pytest.mark.parametrize("dataset", ["nothing", "users", "audit"])
def test_unknown_datasets_are_not_found(app, make_penalty, dataset) -> None:
    make_penalty()
    client = signed_in(app.test_client(), "officer")
    assert client.get(f"/records/{dataset}/1").status_code == 404


def test_pages_keep_the_back_office_headers(app, make_penalty) -> None:
    decision_id = make_penalty()
    client = signed_in(app.test_client(), "officer")
    for suffix in PAGES:
        answer = client.get(f"/records/penalties/{decision_id}{suffix}")
        assert answer.status_code == 200, suffix
        assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
        assert answer.headers["Cache-Control"] == "no-store"
