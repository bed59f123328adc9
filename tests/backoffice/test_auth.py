"""Sign-in, server-side sessions, throttling, CSRF and headers (SECURITY.md)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from flask import Flask

from admin.domain.passwords import verify_password
from admin.models import AuditEntry, User, UserSession
from admin.models.db import db
from tests.backoffice.conftest import PASSWORD, csrf_token, login


def test_login_then_dashboard(client, accounts) -> None:
    response = login(client, "officer")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "工作台" in client.get("/").get_data(as_text=True)


def test_anonymous_is_sent_to_login_with_next(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/")


@pytest.mark.parametrize(
    ("username", "password"), [("officer", "wrong-password-123"), ("nobody", PASSWORD)]
)
def test_unknown_user_and_wrong_password_give_the_same_message(
    client, accounts, username, password
) -> None:
    response = login(client, username, password)
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_failed_logins_are_throttled_per_account_and_logged(client, accounts) -> None:
    for _ in range(5):
        login(client, "officer", "wrong-password-123")
    response = login(client, "officer")  # the right password, but too late
    assert "登录失败次数过多" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    with client.application.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("login-failed") == 5 and "login-throttled" in actions
    # Another account from the same address is not locked by officer's failures.
    assert login(client, "reviewer").status_code == 302


def test_failed_logins_are_throttled_per_address(client, accounts) -> None:
    for n in range(20):
        login(client, f"guess{n}", "wrong-password-123")
    response = login(client, "officer")
    assert "登录失败次数过多" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_cannot_leave_the_site(client, accounts, target) -> None:
    response = login(client, "officer", next=target)
    assert response.headers["Location"] == "/"


def test_next_to_a_local_path_is_followed(client, accounts) -> None:
    assert login(client, "officer", next="/password").headers["Location"] == "/password"


def test_cookie_replayed_after_logout_is_refused(app: Flask, client, accounts) -> None:
    login(client, "officer")
    cookie = client.get_cookie("gongshi_session").value
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    thief = app.test_client()
    thief.set_cookie("gongshi_session", cookie)
    assert thief.get("/").status_code == 302


def test_password_change_ends_other_sessions(app: Flask, client, accounts) -> None:
    other = app.test_client()
    login(other, "officer")
    login(client, "officer")
    response = client.post(
        "/password",
        data={
            "current": PASSWORD,
            "new": "a-brand-new-passphrase",
            "confirm": "a-brand-new-passphrase",
            "csrf_token": csrf_token(client, "/password"),
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # the other one is over


def test_password_change_requires_the_current_password(client, accounts) -> None:
    login(client, "officer")
    response = client.post(
        "/password",
        data={
            "current": "not-my-password",
            "new": "a-brand-new-passphrase",
            "confirm": "a-brand-new-passphrase",
            "csrf_token": csrf_token(client, "/password"),
        },
    )
    assert response.status_code == 422
    assert "当前密码：不正确" in response.get_data(as_text=True)


@pytest.mark.parametrize("weak", ["passwordpassword", "qwertyuiopas", "1q2w3e4r5t6y"])
def test_password_change_refuses_a_guessable_password(client, accounts, weak) -> None:
    login(client, "officer")
    response = client.post(
        "/password",
        data={
            "current": PASSWORD,
            "new": weak,
            "confirm": weak,
            "csrf_token": csrf_token(client, "/password"),
        },
    )
    assert response.status_code == 422
    assert "密码：" in response.get_data(as_text=True)
    with client.application.app_context():
        user = db.session.scalars(sa.select(User).where(User.username == "officer")).one()
        assert verify_password(user.password_hash, PASSWORD)


def test_disabling_an_account_acts_on_the_next_request(client, accounts) -> None:
    login(client, "officer")
    with client.application.app_context():
        db.session.get(User, accounts["officer"]).active = False
        db.session.commit()
    assert client.get("/").status_code == 302


def test_idle_session_expires(client, accounts) -> None:
    login(client, "officer")
    with client.application.app_context():
        row = db.session.scalars(sa.select(UserSession)).one()
        row.last_seen_at -= dt.timedelta(minutes=31)
        db.session.commit()
    assert client.get("/").status_code == 302


def test_session_has_an_absolute_lifetime(client, accounts) -> None:
    login(client, "officer")
    with client.application.app_context():
        row = db.session.scalars(sa.select(UserSession)).one()
        row.created_at -= dt.timedelta(hours=13)
        db.session.commit()
    assert client.get("/").status_code == 302


def test_login_issues_a_new_session_token(client, accounts) -> None:
    client.get("/login")
    before = client.get_cookie("gongshi_session").value
    login(client, "officer")
    assert client.get_cookie("gongshi_session").value != before


def test_csrf_is_required(client, accounts) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "officer", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_csrf_token_of_another_session_is_refused(app: Flask, client, accounts) -> None:
    other = app.test_client()
    token = csrf_token(other)
    client.get("/login")
    response = client.post(
        "/login", data={"username": "officer", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 400


def test_logout_is_post_only(client, accounts) -> None:
    login(client, "officer")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_cookie_flags(client, accounts) -> None:
    response = login(client, "officer")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cookie_is_secure_over_https(client, accounts) -> None:
    https = "https://localhost"
    token = csrf_token(client, "/login", base_url=https)
    response = client.post(
        "/login",
        data={"username": "officer", "password": PASSWORD, "csrf_token": token},
        base_url=https,
        headers={"Referer": f"{https}/login"},  # Flask-WTF checks it over HTTPS
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_security_headers(client) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"]


def test_routes_without_a_declared_rule_are_denied(app: Flask, client, accounts) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    login(client, "admin")
    assert client.get("/undeclared").status_code == 403


def test_login_is_audited(client, accounts) -> None:
    login(client, "officer")
    with client.application.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor) == ("login", "officer")


def test_parallel_wrong_passwords_reach_the_hash_at_most_the_limit(
    app: Flask, accounts, monkeypatch
) -> None:
    """16 simultaneous guesses for one account: at most 5 are checked against its hash."""
    import threading

    import admin.store.accounts
    from admin.store.throttle import MAX_PER_ACCOUNT

    evaluated = []
    real_verify = admin.store.accounts.verify_password

    def counting_verify(password_hash: str, password: str) -> bool:
        evaluated.append(password)
        return real_verify(password_hash, password)

    monkeypatch.setattr(admin.store.accounts, "verify_password", counting_verify)
    clients = [app.test_client() for _ in range(16)]
    tokens = [csrf_token(each) for each in clients]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def guess(n: int) -> None:
        start.wait()
        response = clients[n].post(
            "/login",
            data={"username": "officer", "password": f"wrong-{n}-xyz", "csrf_token": tokens[n]},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 16
    assert len(evaluated) <= MAX_PER_ACCOUNT
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("login-failed") == len(evaluated)
    assert actions.count("login-throttled") == 16 - len(evaluated)
