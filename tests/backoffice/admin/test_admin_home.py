"""The dashboard page: overdue first with due date and state; reviews waiting; menu."""

from __future__ import annotations

import re

import pytest

from tests.backoffice.conftest import login

ADMIN_MENU = ("审计日志", "账户", "网站信息", "节假日", "公示期限")
IN_REVIEW = "中宁大战场综执罚〔2026〕12号"


@pytest.fixture
def after_deadline(app):
    # 90 calendar days after the in-review decision's 立案 (2026-10-09) ended 2027-01-07.
    app.config["GONGSHI"]["TODAY"] = "2027-01-12"


def clock_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="clock clock-[a-z_]+">(.*?)</tr>', html, re.S)


def test_overdue_demo_clock_is_listed_first_with_due_date_and_state(
    client, demo, after_deadline
) -> None:
    login(client, "officer")
    html = client.get("/").get_data(as_text=True)
    first = clock_rows(html)[0]
    assert IN_REVIEW in first and "已逾期" in first and "2027-01-07" in first
    assert "作出行政处罚决定" in first
    assert "未确认" in first and "国务院 2027 年放假通知未载入" in first  # not loaded yet
    assert html.index("与我有关的期限") < html.index(IN_REVIEW)


def test_reviewer_sees_decisions_waiting_for_review(client, demo) -> None:
    login(client, "reviewer")
    html = client.get("/").get_data(as_text=True)
    section = html[html.index("待我审核的处罚决定") : html.index("与我有关的期限")]
    assert "（1）" in section and IN_REVIEW in section and "占用、堵塞疏散通道" in section


def test_officer_has_no_review_section(client, demo) -> None:
    login(client, "officer")
    assert "待我审核" not in client.get("/").get_data(as_text=True)


def test_no_clock_concerns_a_fresh_account(client, accounts) -> None:
    login(client, "officer")
    assert "没有与您有关的正在计算的期限" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("username", "shown"), [("admin", True), ("officer", False)])
def test_admin_menu_entries(client, accounts, username, shown) -> None:
    login(client, username)
    nav = client.get("/").get_data(as_text=True).split('aria-label="主菜单"')[1].split("</nav>")[0]
    assert all((label in nav) == shown for label in ADMIN_MENU)


def test_dashboard_says_when_the_site_was_built_and_how_the_last_rebuild_went(
    tmp_path, instance_dir, content_dir
) -> None:
    from admin.backoffice.app import create_app
    from admin.freeze.status import write_rebuild_status
    from admin.models.db import db
    from admin.models.migrate import upgrade_database
    from tests.backoffice.conftest import PASSWORD
    from tests.conftest import run_gongshi

    out = tmp_path / "site"
    built = run_gongshi("build", "--content", str(content_dir), "--out", str(out), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "CONTENT_DIR": str(content_dir)})
    app.config["GONGSHI"]["BUILD_DIR"] = str(out)
    with app.app_context():
        upgrade_database(db.engine)
        from admin.store.accounts import create_user

        create_user(db.session, "officer", ["officer"], PASSWORD, actor="test")
        db.session.commit()
    client = app.test_client()
    login(client, "officer")
    html = client.get("/").get_data(as_text=True)
    assert "最近一次构建上线：" in html and "下次构建后才对公众可见" in html
    assert "自动构建" not in html  # never ran

    write_rebuild_status(instance_dir, "failed", "错误：构建失败，build 未改动。磁盘空间不足")
    html = client.get("/").get_data(as_text=True)
    assert 'role="alert">自动构建：' in html and "失败，网站仍是上一次的版本" in html
    assert "磁盘空间不足" in html
