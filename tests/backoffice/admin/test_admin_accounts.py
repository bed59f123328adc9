"""Account administration: create, roles, disable, reset; sessions end at once; audited."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.domain.passwords import password_problem, verify_password
from admin.models import AuditEntry, User
from admin.models.db import db
from tests.backoffice.conftest import PASSWORD, csrf_token, login

COOKIE = "gongshi_session"


def signed_in_cookie(app: Flask, username: str) -> str:
    """Sign ``username`` in on its own client and return the session cookie's value."""
    other = app.test_client()
    assert login(other, username).status_code == 302
    return other.get_cookie(COOKIE).value


def replay(app: Flask, cookie: str) -> int:
    """Open the dashboard with a copied cookie, as a thief would; return the status."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie)
    return thief.get("/").status_code


def post(client: FlaskClient, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/admin/accounts/"), **data})


def user(app: Flask, username: str) -> User:
    with app.app_context():
        found = db.session.scalar(sa.select(User).where(User.username == username))
        db.session.expunge(found)
        return found


def last_audit(app: Flask) -> AuditEntry:
    with app.app_context():
        return db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))


@pytest.mark.parametrize("username", ["officer", "reviewer", "both"])
def test_non_admins_are_refused(client, accounts, username) -> None:
    login(client, username)
    assert client.get("/admin/accounts/").status_code == 403
    token = csrf_token(client, "/password")
    response = client.post(
        f"/admin/accounts/{accounts['admin']}/active",
        data={"csrf_token": token, "active": "0"},
    )
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client) -> None:
    assert client.get("/admin/accounts/").headers["Location"].startswith("/login")


def test_create_shows_a_generated_password_once(app, client, accounts) -> None:
    login(client, "admin")
    response = post(client, "/admin/accounts/", username="clerk", roles=["officer", "reviewer"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    password = re.search(r"<code>([^<]+)</code>", html).group(1)
    created = user(app, "clerk")
    assert created.roles == ["officer", "reviewer"]
    assert verify_password(created.password_hash, password)
    assert password_problem(password, "clerk") is None  # zxcvbn score ≥ 3, not common
    assert (last_audit(app).action, last_audit(app).actor) == ("user-add", "admin")
    assert password not in client.get("/admin/accounts/").get_data(as_text=True)
    assert login(app.test_client(), "clerk", password).status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"username": "officer", "roles": ["officer"]}, "用户名：officer 已存在"),
        ({"username": "new one", "roles": ["officer"]}, "用户名：不能为空、不能含空格"),
        ({"username": "clerk"}, "角色：必须是"),
        ({"username": "clerk", "roles": ["root"]}, "角色：必须是"),
    ],
)
def test_create_refusals_name_the_field(client, accounts, form, message) -> None:
    login(client, "admin")
    response = post(client, "/admin/accounts/", **form)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "data", "action"),
    [
        ("roles", {"roles": ["officer", "reviewer"]}, "user-roles"),
        ("active", {"active": "0"}, "user-disable"),
        ("password", {}, "user-password-reset"),
    ],
)
def test_a_change_ends_the_targets_sessions_at_once(app, client, accounts, path, data, action):
    cookie = signed_in_cookie(app, "officer")
    assert replay(app, cookie) == 200
    login(client, "admin")
    response = post(client, f"/admin/accounts/{accounts['officer']}/{path}", **data)
    assert response.status_code in (200, 303)
    assert replay(app, cookie) == 302  # the copied cookie no longer opens anything
    entry = last_audit(app)
    assert (entry.action, entry.actor, entry.entity_id) == (action, "admin", accounts["officer"])
    assert client.get("/").status_code == 200  # the admin stays signed in


def test_role_change_is_audited_with_before_and_after(app, client, accounts) -> None:
    login(client, "admin")
    post(client, f"/admin/accounts/{accounts['reviewer']}/roles", roles=["officer"])
    assert user(app, "reviewer").roles == ["officer"]
    detail = last_audit(app).detail
    assert detail["before"] == {"roles": ["reviewer"]} and detail["after"] == {"roles": ["officer"]}


def test_reset_password_gives_a_new_working_password(app, client, accounts) -> None:
    login(client, "admin")
    html = post(client, f"/admin/accounts/{accounts['officer']}/password").get_data(as_text=True)
    password = re.search(r"<code>([^<]+)</code>", html).group(1)
    assert login(app.test_client(), "officer", PASSWORD).status_code == 200  # old one refused
    assert login(app.test_client(), "officer", password).status_code == 302


def test_disabled_account_cannot_log_in_and_can_be_enabled(app, client, accounts) -> None:
    login(client, "admin")
    post(client, f"/admin/accounts/{accounts['officer']}/active", active="0")
    assert login(app.test_client(), "officer").status_code == 200
    post(client, f"/admin/accounts/{accounts['officer']}/active", active="1")
    assert login(app.test_client(), "officer").status_code == 302
    assert last_audit(app).action == "login"


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("roles", {"roles": ["officer"]}, "角色：不能取消自己的管理员角色"),
        ("active", {"active": "0"}, "账户状态：不能停用自己的账户"),
        ("password", {}, "密码：请在“修改密码”页面修改自己的密码"),
    ],
)
def test_an_admin_cannot_demote_or_disable_themselves(app, client, accounts, path, data, message):
    login(client, "admin")
    response = post(client, f"/admin/accounts/{accounts['admin']}/{path}", **data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    me = user(app, "admin")
    assert me.roles == ["admin"] and me.active
    assert client.get("/admin/accounts/").status_code == 200


def test_an_admin_may_add_a_role_to_themselves_and_stay_signed_in(app, client, accounts) -> None:
    login(client, "admin")
    post(client, f"/admin/accounts/{accounts['admin']}/roles", roles=["officer", "admin"])
    assert user(app, "admin").roles == ["officer", "admin"]
    assert client.get("/admin/accounts/").status_code == 200


def test_role_change_needs_one_known_role(app, client, accounts) -> None:
    login(client, "admin")
    response = post(client, f"/admin/accounts/{accounts['officer']}/roles")
    assert response.status_code == 422 and "至少选择一个" in response.get_data(as_text=True)
    assert user(app, "officer").roles == ["officer"]


def test_a_change_racing_another_admins_is_refused_not_500(app, client, accounts) -> None:
    """The account's row version (0006): an UPDATE from a state another admin changed."""
    login(client, "admin")

    def other_admin(_mapper, connection, target) -> None:
        # Another administrator's change commits between our read and our write.
        connection.execute(
            sa.text("UPDATE account SET version = version + 1, display_name = '别人改的'")
        )

    sa.event.listen(User, "before_update", other_admin)
    try:
        response = post(client, f"/admin/accounts/{accounts['reviewer']}/roles", roles=["officer"])
    finally:
        sa.event.remove(User, "before_update", other_admin)
    assert response.status_code == 409
    assert "别人修改了这条记录，您的操作没有保存" in response.get_data(as_text=True)
    assert user(app, "reviewer").roles == ["reviewer"]  # nothing of either write is kept
