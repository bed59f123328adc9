"""Holiday calendar page: load a notice (upload or paste), errors with line, year status."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from admin.models import AuditEntry, CalendarNotice
from admin.models.db import db
from tests.backoffice.conftest import csrf_token, login

NOTICE = """year = 2027
region = "national"
source = "国务院办公厅关于2027年部分节假日安排的通知"
holidays = [2027-01-01, 2027-02-08]
workdays = [2027-02-06]
"""


@pytest.fixture
def admin_client(app, client, accounts):
    app.config["GONGSHI"]["TODAY"] = "2026-11-27"
    login(client, "admin")
    return client


def status_of(html: str, year: int) -> list[str]:
    """Return the status cells (national, ningxia) of ``year``'s row."""
    row = re.search(rf'<th scope="row">{year}</th>(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="(known|unconfirmed)">', row)


def stored(app) -> tuple[int, int]:
    with app.app_context():
        notices = db.session.scalar(sa.select(sa.func.count()).select_from(CalendarNotice))
        loads = db.session.scalar(
            sa.select(sa.func.count()).where(AuditEntry.action.like("calendar-%"))
        )
        return notices, loads


@pytest.mark.parametrize("username", ["officer", "reviewer"])
def test_non_admins_are_refused(client, accounts, username) -> None:
    login(client, username)
    assert client.get("/admin/calendar/").status_code == 403


def test_table_shows_known_and_unconfirmed_years_with_sources(admin_client) -> None:
    html = admin_client.get("/admin/calendar/").get_data(as_text=True)
    assert status_of(html, 2026) == ["known", "unconfirmed"]  # 宁夏 2026 not loaded
    assert status_of(html, 2027) == ["unconfirmed", "unconfirmed"]
    assert "国务院办公厅关于2026年部分节假日安排的通知" in html


@pytest.mark.parametrize("how", ["paste", "upload"])
def test_a_valid_notice_changes_the_years_status(app, admin_client, how) -> None:
    token = csrf_token(admin_client, "/admin/calendar/")
    if how == "paste":
        data = {"csrf_token": token, "text": NOTICE}
    else:
        data = {"csrf_token": token, "file": (io.BytesIO(NOTICE.encode("utf-8-sig")), "2027.toml")}
    response = admin_client.post("/admin/calendar/", data=data)
    assert response.status_code == 303
    html = admin_client.get("/admin/calendar/").get_data(as_text=True)
    assert "2027 年全国节假日安排：已载入" in html
    assert status_of(html, 2027) == ["known", "unconfirmed"]
    assert stored(app) == (1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (NOTICE.replace("2027-02-08", "2027-02-30"), "第 4 行：日期无效"),
        (
            NOTICE.replace("2027-02-08", "2025-02-08"),
            "第 4 行：holidays：2025-02-08 不在 2027 年内",
        ),
        (NOTICE.replace('region = "national"', 'region = "mars"'), "第 2 行：region：未知地区"),
        (NOTICE.replace("holidays", "holiday"), "第 4 行：holiday：不认识的键"),
        (NOTICE.replace("2027-02-06", "2027-01-01"), "第 5 行：workdays：2027-01-01 同时列在"),
        ("year = = 2027\n", "第 1 行：值无效"),
        ("year = 2027\nsource = [", "文件末尾：值无效"),
        ("", "通知内容：请上传文件或粘贴 TOML 文本"),
    ],
)
def test_a_malformed_notice_names_line_and_reason_and_stores_nothing(
    app, admin_client, text, message
) -> None:
    token = csrf_token(admin_client, "/admin/calendar/")
    response = admin_client.post("/admin/calendar/", data={"csrf_token": token, "text": text})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored(app) == (0, 0)


def test_a_file_that_is_not_utf8_is_refused(app, admin_client) -> None:
    token = csrf_token(admin_client, "/admin/calendar/")
    data = {"csrf_token": token, "file": (io.BytesIO(NOTICE.encode("gb18030")), "a.toml")}
    response = admin_client.post("/admin/calendar/", data=data)
    assert response.status_code == 422 and "不是 UTF-8" in response.get_data(as_text=True)
    assert stored(app) == (0, 0)


def test_loading_the_same_notice_twice_changes_nothing(app, admin_client) -> None:
    for _ in range(2):
        token = csrf_token(admin_client, "/admin/calendar/")
        admin_client.post("/admin/calendar/", data={"csrf_token": token, "text": NOTICE})
    html = admin_client.get("/admin/calendar/").get_data(as_text=True)
    assert "与已载入的相同，未改动" in html
    assert stored(app) == (1, 1)
