"""The audit trail pages: admin only, filters, pagination, masking, chain status, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from flask import Flask
from pgsupport import drop_audit_guard

from admin.models import AuditEntry, PenaltyDecision
from admin.models.db import db
from admin.store import audit
from tests.backoffice.conftest import csrf_token, login

ID_NUMBER = "11010519491231002X"


def add_entries(app: Flask, *entries: tuple[str, str, dict]) -> None:
    with app.app_context():
        for actor, action, detail in entries:
            audit.record(db.session, actor, action, "penalty_decision", 7, **detail)
        db.session.commit()


@pytest.mark.parametrize("path", ["/audit", "/audit?page=2&actor=x"])
def test_anonymous_is_sent_to_login(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("username", ["officer", "reviewer", "both"])
def test_non_admins_are_refused(client, accounts, username) -> None:
    login(client, username)
    assert client.get("/audit").status_code == 403
    token = csrf_token(client, "/password")
    assert client.post("/audit/export", data={"csrf_token": token}).status_code == 403


def test_admin_sees_the_trail_and_an_intact_chain(client, accounts) -> None:
    login(client, "admin")
    html = client.get("/audit").get_data(as_text=True)
    assert "链条校验：完整" in html
    assert "新建账户" in html and "登录" in html


def test_filters_by_actor_action_and_date(app, client, accounts) -> None:
    add_entries(
        app, ("clerk-a", "edit", {"n": "A-entry"}), ("clerk-b", "publish", {"n": "B-entry"})
    )
    login(client, "admin")
    html = client.get("/audit?actor=clerk-a").get_data(as_text=True)
    assert "A-entry" in html and "B-entry" not in html
    html = client.get("/audit?action=publish").get_data(as_text=True)
    assert "B-entry" in html and "A-entry" not in html
    today = dt.date.today()
    tomorrow, yesterday = today + dt.timedelta(days=2), today - dt.timedelta(days=2)
    assert "A-entry" not in client.get(f"/audit?date_from={tomorrow}").get_data(as_text=True)
    assert "A-entry" not in client.get(f"/audit?date_to={yesterday}").get_data(as_text=True)
    html = client.get(f"/audit?date_from={yesterday}&date_to={tomorrow}").get_data(as_text=True)
    assert "A-entry" in html and "B-entry" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2026-13-01", "起始日期：格式应为 YYYY-MM-DD"),
        ("date_to=yesterday", "截止日期："),
    ],
)
def test_a_bad_date_is_refused_naming_the_field(client, accounts, query, message) -> None:
    login(client, "admin")
    response = client.get(f"/audit?{query}")
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_pagination(app, client, accounts) -> None:
    add_entries(app, *[("pager", "edit", {"n": f"row-{i:03d}"}) for i in range(60)])
    login(client, "admin")
    first = client.get("/audit?actor=pager").get_data(as_text=True)
    second = client.get("/audit?actor=pager&page=2").get_data(as_text=True)
    assert "row-059" in first and "row-010" in first and "row-009" not in first
    assert "row-009" in second and "row-000" in second and "row-059" not in second
    assert "第 2 / 2 页" in second


def test_field_changes_are_shown_with_personal_values_masked(app, client, accounts) -> None:
    before = {"party_name": "张三丰", "id_number": ID_NUMBER, "facts": "电话 13812345678"}
    after = {"party_name": "宁夏宏达砂石料有限公司", "id_number": "", "facts": "已改"}
    add_entries(app, ("officer", "edit", {"before": before, "after": after}))
    login(client, "admin")
    html = client.get("/audit?action=edit").get_data(as_text=True)
    assert ID_NUMBER not in html and "1101**********002X" in html
    assert "13812345678" not in html and "138****5678" in html
    assert "张三丰" not in html and "张某某" in html
    assert "宁夏宏达砂石料有限公司" in html  # organisations stay public


def test_tampering_shows_on_the_page(app, client, accounts) -> None:
    with app.app_context(), db.engine.begin() as connection:
        drop_audit_guard(connection)
        connection.exec_driver_sql("UPDATE audit_entry SET actor = 'mallory' WHERE id = 1")
    login(client, "admin")
    html = client.get("/audit").get_data(as_text=True)
    assert "发现" in html and "第 1 条：内容与哈希不符" in html


def read_csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_export_neutralises_formulas_has_bom_and_is_audited(app, client, accounts) -> None:
    add_entries(
        app,
        ("=cmd|' /C calc'!A0", "edit", {"note": "+SUM(1,2)"}),
        ("clerk", "edit", {"before": {"id_number": ID_NUMBER}, "after": {"id_number": ""}}),
    )
    login(client, "admin")
    token = csrf_token(client, "/audit")
    response = client.post("/audit/export", data={"csrf_token": token, "action": "edit"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:4] == ["编号", "时间", "操作人", "操作"]
    assert len(rows) == 3
    cells = [cell for row in rows for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert ID_NUMBER not in response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert (entry.actor, entry.action) == ("admin", "audit-export")
        assert entry.detail == {"filters": {"action": "edit"}, "rows": 2}


def test_csv_export_needs_the_csrf_token(client, accounts) -> None:
    login(client, "admin")
    assert client.post("/audit/export", data={}).status_code == 400


def test_the_trail_speaks_chinese(app, client, demo) -> None:
    with app.app_context():
        decision = db.session.scalar(sa.select(PenaltyDecision).order_by(PenaltyDecision.id))
        number = decision.decision_no
        audit.record(
            db.session,
            "officer",
            "edit",
            "penalty_decision",
            decision.id,
            dataset="penalties",
            before={"violation_type": "旧的违法行为"},
            after={"violation_type": "新的违法行为"},
        )
        db.session.commit()
    login(client, "admin")
    html = client.get("/audit?action=edit").get_data(as_text=True)
    # The object by its number, the field by its label, the filters in words.
    assert f"行政处罚决定 {number}" in html
    assert "<td>违法行为类型</td><td>旧的违法行为</td><td>新的违法行为</td>" in html
    assert "violation_type" not in html
    assert '<option value="penalty_decision">行政处罚决定</option>' in html
    assert '<option value="edit" selected>修改</option>' in html
    assert re.search(r"<td>\d{4}-\d{2}-\d{2} \d{2}:\d{2}</td>", html)  # local, to the minute

    token = csrf_token(client, "/audit")
    exported = client.post("/audit/export", data={"csrf_token": token, "action": "edit"})
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][4:6] == ["对象类型", "对象"]
    assert rows[1][4:6] == ["行政处罚决定", f"行政处罚决定 {number}"]
