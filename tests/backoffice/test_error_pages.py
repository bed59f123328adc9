"""Chinese error pages that say what to do next, and no link to a page one may not open."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.backoffice.app import create_app
from tests.backoffice.conftest import PASSWORD, csrf_token, login

ENGLISH = re.compile(r"Forbidden|Not Found|Method Not Allowed|Bad Request|Internal Server Error")


def assert_chinese_page(response, status: int, title: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html and 'class="error-next"' in html
    assert not ENGLISH.search(html), html
    return html


def test_missing_page_is_chinese(client: FlaskClient, accounts) -> None:
    login(client, "officer")
    html = assert_chinese_page(client.get("/no-such-page"), 404, "找不到页面")
    assert 'href="/"' in html  # back to the 工作台


def test_missing_record_is_chinese(client: FlaskClient, accounts) -> None:
    login(client, "officer")
    assert_chinese_page(client.get("/records/penalties/99999"), 404, "找不到页面")


def test_reviewer_opening_the_new_decision_form_is_told_why(client, accounts) -> None:
    login(client, "reviewer")
    html = assert_chinese_page(client.get("/penalties/new"), 403, "无权访问")
    assert "联系管理员" in html


def test_wrong_method_is_chinese(client: FlaskClient, accounts) -> None:
    login(client, "officer")
    assert_chinese_page(client.get("/logout"), 405, "操作方式不对")


def test_expired_form_is_chinese(client: FlaskClient, accounts) -> None:
    login(client, "officer")
    response = client.post("/logout", data={"csrf_token": "stale"})
    html = assert_chinese_page(response, 400, "表单已过期")
    assert "刷新后重新提交" in html


def test_too_large_a_request_is_chinese(app: Flask, client: FlaskClient, accounts) -> None:
    login(client, "officer")
    token = csrf_token(client, "/")
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/logout", data=body, headers={"Content-Type": "application/octet-stream"}
    )
    assert token and assert_chinese_page(response, 413, "文件过大")


def test_internal_error_is_chinese_and_saves_nothing(
    instance_dir, content_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outside testing an exception becomes the 500 page; the view is made to fail here.
    from admin.models.db import db
    from admin.models.migrate import upgrade_database

    app = create_app({"SECRET_KEY": "test", "CONTENT_DIR": str(content_dir)})
    with app.app_context():
        upgrade_database(db.engine)
        from admin.store.accounts import create_user

        create_user(db.session, "officer", ["officer"], PASSWORD, actor="test")
        db.session.commit()

    from admin.backoffice.access import signed_in

    @signed_in
    def fail(*args, **kwargs):
        raise RuntimeError("disk on fire")

    client = app.test_client()
    login(client, "officer")
    monkeypatch.setitem(app.view_functions, "home.index", fail)
    html = assert_chinese_page(client.get("/"), 500, "系统内部错误")
    assert "disk on fire" not in html and "Traceback" not in html


@pytest.mark.parametrize("username", ["admin", "officer", "reviewer"])
def test_no_page_links_to_a_page_the_account_may_not_open(
    client: FlaskClient, demo, username: str
) -> None:
    login(client, username)
    start = ["/", "/penalties/", "/inspections/", "/info/", "/subjects/", "/officers/", "/items/"]
    seen: set[str] = set()
    for page in start:
        response = client.get(page)
        if response.status_code == 403:
            continue  # the menu does not offer it (checked below)
        html = response.get_data(as_text=True)
        links = {link for link in re.findall(r'href="(/[^"#?]*)', html)}
        links -= {"/logout", *(link for link in links if link.startswith("/static/"))}
        for link in sorted(links - seen)[:60]:
            seen.add(link)
            assert status(client, link) != 403, f"{page} links to {link}"
    menu = client.get("/").get_data(as_text=True).split('aria-label="主菜单"')[1]
    for link in re.findall(r'href="(/[^"#?]*)', menu.split("</nav>")[0]):
        assert status(client, link) == 200, link


def status(client: FlaskClient, path: str) -> int:
    with client.get(path) as response:
        return response.status_code
