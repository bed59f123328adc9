"""Every route of the back-office × {anonymous, officer, reviewer, admin}, from its declared rule.

The routes are read from the app's ``url_map`` at run time, so a route added later is in
the matrix without editing this file; a route whose URL takes an argument this file
cannot fill fails the test, naming the argument.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from admin.backoffice.access import PUBLIC, SIGNED_IN, rule_of
from admin.models import Attachment, PenaltyDecision, User
from admin.models.db import db
from admin.models.requests import InfoRequest
from admin.store.uploads import store_upload, upload_folder
from tests.backoffice.conftest import csrf_token, login

ROLES = ("anonymous", "officer", "reviewer", "admin")
#: Where the access check sends an anonymous visitor (signing out also lands on /login).
SIGN_IN = "/login?next="
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def url_arguments(app: Flask) -> dict[str, object]:
    """Real values from the demo township for every URL argument the routes use."""
    with app.app_context():
        decision = db.session.scalar(sa.select(PenaltyDecision).order_by(PenaltyDecision.id))
        stored = store_upload(upload_folder(app.instance_path), PNG)
        attachment = Attachment(
            record_type="penalties",
            record_id=decision.id,
            kind="证据",
            original_name="photo.png",
            stored_name=stored.stored_name,
            media_type=stored.media_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by="officer",
        )
        db.session.add(attachment)
        db.session.commit()
        officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
        info_request = db.session.scalar(sa.select(sa.func.min(InfoRequest.id)))
        return {
            "dataset": "penalties",
            "record_id": decision.id,
            "id": decision.id,
            "decision_id": decision.id,
            "slug": decision.slug,
            "attachment_id": attachment.id,
            "user_id": officer.id,
            "username": officer.username,
            "year": 2026,
            "request_id": info_request,
            "action": "archive",  # 依申请公开: a real action, refused here for want of a version
            "kind": "receipt",
            "path": "index.html",
            "filename": "admin.css",
        }


def routes(app: Flask) -> list[tuple[Rule, str]]:
    """Return each rule with the method to try: GET when it answers GET, else POST."""
    found = []
    for rule in app.url_map.iter_rules():
        method = "GET" if "GET" in rule.methods else "POST"
        found.append((rule, method))
    # Signing out last: it would end the session the other requests run in.
    return sorted(found, key=lambda pair: (pair[0].endpoint == "auth.logout", pair[0].rule))


def expected(rule: tuple[str, ...], role: str) -> str:
    """Return what the declared rule promises ``role``: open, login or forbidden."""
    if rule == PUBLIC:
        return "open"
    if role == "anonymous":
        return "login"
    if rule == SIGNED_IN or role in rule:
        return "open"
    return "forbidden"


def test_every_route_declares_an_access_rule(app: Flask) -> None:
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules() if rule_of(app, rule.endpoint) is None
    ]
    assert undeclared == []


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(app: Flask, demo, client: FlaskClient, role: str) -> None:
    arguments = url_arguments(app)
    if role != "anonymous":
        assert login(client, role).status_code == 302
    token = csrf_token(client, "/login" if role == "anonymous" else "/")
    problems = []
    tried = 0
    for rule, method in routes(app):
        missing = [name for name in rule.arguments if name not in arguments]
        assert not missing, f"{rule.rule}: no demo value for URL argument(s) {missing}"
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **{k: arguments[k] for k in rule.arguments})
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        tried += 1
        status, location = response.status_code, response.headers.get("Location", "")
        response.close()
        promise = expected(rule_of(app, rule.endpoint), role)
        if status >= 500:
            problems.append(f"{method} {url}: {status}")
        elif promise == "login" and not (status == 302 and location.startswith(SIGN_IN)):
            problems.append(f"{method} {url}: {status} {location}, expected a redirect to /login")
        elif promise == "forbidden" and status != 403:
            problems.append(f"{method} {url}: {status}, expected 403")
        elif promise == "open" and (status == 403 or location.startswith(SIGN_IN)):
            problems.append(f"{method} {url}: {status} {location}, expected access")
    assert problems == []
    assert tried == len(list(app.url_map.iter_rules()))


def test_an_undeclared_route_is_denied_to_everyone(app: Flask, accounts) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    app.add_url_rule("/undeclared", "undeclared_post", lambda: "secret", methods=["POST"])
    anonymous = app.test_client()
    assert anonymous.get("/undeclared").status_code == 403
    for username in ("officer", "reviewer", "admin", "both"):
        client = app.test_client()
        login(client, username)
        assert client.get("/undeclared").status_code == 403
        token = csrf_token(client, "/")
        assert client.post("/undeclared", data={"csrf_token": token}).status_code == 403
