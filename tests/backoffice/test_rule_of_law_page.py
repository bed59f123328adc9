"""The 法治政府建设年度报告 in the back-office: write, submit, four eyes, publish, withdraw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.domain.contentfile import parse_content_file
from admin.models import Body, RuleOfLawReport
from admin.models.db import db
from admin.store.accounts import create_user
from tests.backoffice.conftest import PASSWORD, csrf_token, login

YEAR = 2025
PAGE = f"/annual-report/rule-of-law/{YEAR}/"
TITLE = f"{YEAR}年大战场镇人民政府法治政府建设年度报告"


def version(client: FlaskClient) -> str:
    """Return the version the save form carries ("" for a new report or no form)."""
    html = client.get(PAGE).get_data(as_text=True)
    found = re.search(r'name="version" type="hidden" value="(\d*)"', html)
    return found.group(1) if found else ""


def act_version(client: FlaskClient) -> str:
    """Return the version the page's action forms (or, with none open, its save form) carry."""
    html = client.get(PAGE).get_data(as_text=True)
    found = re.search(r'name="version" (?:type="hidden" )?value="(\d+)"', html)
    assert found is not None
    return found.group(1)


def save(client: FlaskClient, **fields: str):
    form = {"csrf_token": csrf_token(client, PAGE), "version": version(client), "title": TITLE}
    return client.post(f"{PAGE}save", data=form | fields)


def act(client: FlaskClient, action: str, **fields: str):
    form = {"csrf_token": csrf_token(client, PAGE), "version": act_version(client), **fields}
    return client.post(f"{PAGE}{action}", data=form)


def report(app: Flask) -> RuleOfLawReport | None:
    with app.app_context():
        return db.session.scalar(sa.select(RuleOfLawReport).where(RuleOfLawReport.year == YEAR))


def test_write_submit_review_by_fresh_eyes_publish_and_withdraw(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    with app.app_context():
        township = db.session.scalar(sa.select(Body).where(Body.parent_id.is_(None)))
        create_user(
            db.session, "both", ["officer", "reviewer"], PASSWORD, actor="t", bodies=[township]
        )
        db.session.commit()
    login(client, "officer")
    page = client.get(PAGE).get_data(as_text=True)
    assert TITLE in page and "行政执法和政务公开数据" in page and "状态：<strong>未创建" in page
    refused = save(client, title="法治政府建设年度报告", section1_md="草稿文字。")
    assert refused.status_code == 400 and report(app) is None
    text = refused.get_data(as_text=True)
    assert "标题：须以“2025年”开头" in text and "草稿文字。" in text  # the text is kept
    assert save(client, section1_md="推行行政执法三项制度。").status_code == 302
    assert report(app).state == "草稿"

    both = app.test_client()
    login(both, "both")
    edit = {"section1_md": "推行行政执法三项制度。", "section2_md": "执法人员培训不足。"}
    assert save(both, **edit).status_code == 302  # a co-author now
    assert act(client, "submit").status_code == 302
    assert report(app).state == "待法制审核"
    denied = act(both, "review", outcome="同意", opinion="同意发布。")
    assert denied.status_code == 403 and report(app).state == "待法制审核"

    reviewer = app.test_client()
    login(reviewer, "reviewer")
    assert act(reviewer, "review", outcome="同意", opinion="同意发布。").status_code == 302
    assert report(app).state == "审核通过"
    assert act(client, "publish").status_code == 302
    stored = report(app)
    assert stored.state == "已公示" and stored.statistics is not None

    file = parse_content_file((content_dir / f"reports/{YEAR}-rule-of-law.md").read_text("utf-8"))
    assert file.meta["title"] == TITLE and file.meta["kind"] == "rule-of-law"
    assert "## 一、主要举措和成效" in file.body and "推行行政执法三项制度" in file.body
    assert file.body.index("行政执法和政务公开数据") < file.body.index("## 二、")
    assert not (content_dir / "reports" / f"{YEAR}.md").exists()  # the other report's name

    # Published figures are frozen: the page shows what the file holds, not a recount.
    with app.app_context():
        row = db.session.get(RuleOfLawReport, stored.id)
        row.statistics = {**row.statistics, "penalties": 987}
        db.session.commit()
    page = client.get(PAGE).get_data(as_text=True)
    assert "发布时已固定" in page and "行政处罚决定 987 件" in page
    assert 'name="section1_md"' not in page  # a published report is not edited

    empty = act(client, "withdraw", reason="")
    assert empty.status_code == 409 and "撤回原因：必须填写" in empty.get_data(as_text=True)
    assert act(client, "withdraw", reason="内容有误，更正后重新发布").status_code == 302
    notice = parse_content_file((content_dir / f"reports/{YEAR}-rule-of-law.md").read_text("utf-8"))
    assert notice.meta["status"] == "withdrawn" and notice.body.strip() == ""


def test_publishing_needs_an_approval_and_reviewers_do_not_write(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    login(client, "officer")
    save(client, section1_md="开展普法宣传。")
    assert act(client, "publish").status_code in (403, 409)
    assert report(app).state == "草稿"
    assert not (content_dir / "reports").exists()
    reviewer = app.test_client()
    login(reviewer, "reviewer")
    assert reviewer.get(PAGE).status_code == 200
    assert save(reviewer, section1_md="改写。").status_code == 403


def test_preview_masks_a_private_name(app: Flask, demo, client: FlaskClient) -> None:
    login(client, "officer")
    save(client, section5_md="群众张建国身份证号码110101199003071233来访。")
    html = client.get(f"{PAGE}preview").get_data(as_text=True)
    assert "110101199003071233" not in html and "张建国" not in html


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        ("2026-02-28", None),
        ("2026-03-01", "剩余 30 日"),
        ("2026-03-31", "剩余 0 日"),
        ("2026-04-02", "已逾期 2 日"),
    ],
)
def test_dashboard_reminds_from_1_march_with_the_1_april_deadline(
    app: Flask, demo, client: FlaskClient, today: str, shown: str | None
) -> None:
    app.config["GONGSHI"]["TODAY"] = today
    login(client, "officer")
    home = client.get("/").get_data(as_text=True)
    if shown is None:
        assert "年法治政府建设年度报告</h2>" not in home
    else:
        assert "2025 年法治政府建设年度报告</h2>" in home and shown in home
        assert f'href="{PAGE}"' in home


def test_no_reminder_once_published_nor_for_a_reviewer(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    app.config["GONGSHI"]["TODAY"] = "2026-03-10"
    reviewer = app.test_client()
    login(reviewer, "reviewer")
    assert "年法治政府建设年度报告</h2>" not in reviewer.get("/").get_data(as_text=True)
    login(client, "officer")
    save(client, section1_md="开展普法宣传。")
    act(client, "submit")
    act(reviewer, "review", outcome="同意", opinion="同意。")
    assert act(client, "publish").status_code == 302
    assert "年法治政府建设年度报告</h2>" not in client.get("/").get_data(as_text=True)
    act(client, "withdraw", reason="数据有误，更正后重新发布")
    assert "2025 年法治政府建设年度报告</h2>" in client.get("/").get_data(as_text=True)


def test_the_withdrawal_notice_keeps_the_title_masked(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    # Publishing masked the title, but the notice was written from the stored title.
    login(client, "officer")
    title = f"{YEAR}年法治政府建设工作报告（执笔人王小明 13812345678）报告"
    assert save(client, title=title, section1_md="开展普法宣传。").status_code == 302
    act(client, "submit")
    reviewer = app.test_client()
    login(reviewer, "reviewer")
    act(reviewer, "review", outcome="同意", opinion="同意。")
    assert act(client, "publish").status_code == 302
    assert act(client, "withdraw", reason="数据有误，更正后重新发布").status_code == 302
    notice = (content_dir / f"reports/{YEAR}-rule-of-law.md").read_text("utf-8")
    assert "withdrawn" in notice and "王小明" not in notice and "13812345678" not in notice


def test_an_account_of_a_body_below_writes_no_report(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    # The file is content/reports/<yyyy>-rule-of-law.md whoever writes it: the 综合执法办's
    # own "report" replaced the township's published one on the site.
    with app.app_context():
        office = db.session.scalar(sa.select(Body).where(Body.parent_id.is_not(None)))
        create_user(db.session, "office", ["officer"], PASSWORD, actor="t", bodies=[office])
        db.session.commit()
    app.config["GONGSHI"]["TODAY"] = "2026-03-10"
    office = app.test_client()
    login(office, "office")
    assert office.get(PAGE).status_code == 403
    assert "年法治政府建设年度报告</h2>" not in office.get("/").get_data(as_text=True)
    token = csrf_token(office, "/")
    posted = office.post(f"{PAGE}save", data={"csrf_token": token, "version": "", "title": TITLE})
    assert posted.status_code == 403 and report(app) is None


def test_people_the_records_name_are_masked_without_a_role_word(
    app: Flask, demo, client: FlaskClient
) -> None:
    # The demo's licence holder 马国福 and penalty party 马玉兰 are natural persons the
    # database knows; the report's masker knew only officials and guessed the rest.
    login(client, "officer")
    text = (
        "为马国福办理乡村建设规划许可。\n\n张德全、马玉兰夫妇。\n\n白玉成、杨正清申请。\n\n马 国 福"
    )
    assert save(client, section5_md=text).status_code == 302
    html = client.get(f"{PAGE}preview").get_data(as_text=True)
    for name in ("马国福", "马玉兰", "白玉成", "马 国 福"):
        assert name not in html
    assert "乡村建设规划许可" in html


def saved_at_once(clients: list[FlaskClient], page: str, forms: list[dict]) -> list[int]:
    """Post each client's save form at the same moment; return the status codes."""
    import threading

    barrier = threading.Barrier(len(clients))
    codes: list[int] = []

    def post(one: FlaskClient, form: dict) -> None:
        barrier.wait()
        codes.append(one.post(f"{page}save", data=form).status_code)

    threads = [
        threading.Thread(target=post, args=pair) for pair in zip(clients, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(codes)


def test_two_officers_creating_the_report_at_once_get_a_409_not_a_500(
    app: Flask, demo, content_dir: Path
) -> None:
    # Both pages were loaded before the report existed (version ""); the second insert
    # breaks the (body, year) unique key. PostgreSQL runs them at once (SQLite serialises
    # them); a race, so tried for eight years: without the fix most runs meet a 500.
    clients = [app.test_client() for _ in range(2)]
    for one in clients:
        login(one, "officer")
    for year in (2017, 2018, 2019, 2020, 2022, 2023, 2024, 2025):  # the demo has 2021's
        page = f"/annual-report/rule-of-law/{year}/"
        title = f"{year}年大战场镇人民政府法治政府建设年度报告"
        forms = [
            {"csrf_token": csrf_token(one, page), "version": "", "title": title} for one in clients
        ]
        # A 500 kills its thread (the test client raises): one code, not two.
        assert saved_at_once(clients, page, forms) in ([302, 302], [302, 409]), year


def test_a_withdrawn_report_is_corrected_reviewed_and_published_again(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    # One report per body and year: withdrawn 「更正后重新发布」, it was locked for good and
    # the 工作台 kept reminding of a report nobody could publish.
    app.config["GONGSHI"]["TODAY"] = "2026-03-10"
    login(client, "officer")
    reviewer = app.test_client()
    login(reviewer, "reviewer")
    save(client, section1_md="开展普法宣传。")
    act(client, "submit")
    act(reviewer, "review", outcome="同意", opinion="同意。")
    act(client, "publish")
    act(client, "withdraw", reason="数据有误，更正后重新发布")
    assert 'name="section1_md"' in client.get(PAGE).get_data(as_text=True)
    assert save(client, section1_md="开展普法宣传，更正后。").status_code == 302
    assert report(app).state == "草稿"
    assert act(client, "submit").status_code == 302
    assert act(reviewer, "review", outcome="同意", opinion="同意。").status_code == 302
    assert act(client, "publish").status_code == 302
    file = parse_content_file((content_dir / f"reports/{YEAR}-rule-of-law.md").read_text("utf-8"))
    assert file.meta["status"] == "published" and "更正后" in file.body
    assert "年法治政府建设年度报告</h2>" not in client.get("/").get_data(as_text=True)
