"""The annual report page: compute the tables, enter table 四, refuse or publish."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.domain.contentfile import parse_content_file
from tests.backoffice.conftest import csrf_token, login

PAGE = "/annual-report/?year=2021"


def save(client: FlaskClient, table4: list[int], **fields: str):
    form = {f"t4_{i}": str(n) for i, n in enumerate(table4)}
    form |= {"csrf_token": csrf_token(client, PAGE), "version": "", "fees_yuan": "0", **fields}
    version = client.get(PAGE).get_data(as_text=True).split('name="version" value="')[1]
    form["version"] = version.split('"')[0]
    return client.post("/annual-report/2021/save", data=form)


def page_version(client: FlaskClient) -> str:
    """Return the version the page's forms carry."""
    return client.get(PAGE).get_data(as_text=True).split('name="version" value="')[1].split('"')[0]


def publish(client: FlaskClient, version: str | None = None):
    version = page_version(client) if version is None else version
    form = {"csrf_token": csrf_token(client, PAGE), "version": version}
    return client.post("/annual-report/2021/publish", data=form)


def test_officer_computes_refuses_then_publishes(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    login(client, "officer")
    page = client.get(PAGE).get_data(as_text=True)
    assert '<th scope="row">行政处罚</th><td>15</td>' in page
    assert "一、本年新收政府信息公开申请数量</th><td>1</td>" in page
    save(client, [1] + [0] * 14, section1_md="全年收到申请 1 件。")
    page = client.get(PAGE).get_data(as_text=True)
    assert "核对未通过，不能发布" in page and "表四「行政复议·总计」：填报 0，应为 1" in page
    refused = client.get(publish(client).location).get_data(as_text=True)
    assert "年度报告未通过核对，未发布" in refused
    assert not (content_dir / "reports").exists()
    save(client, [1, 0, 0, 0, 1] + [0] * 10, section1_md="全年收到申请 1 件。", fees_yuan="12.5")
    done = client.get(publish(client).location).get_data(as_text=True)
    assert "已发布 2021 年度报告" in done
    meta = parse_content_file((content_dir / "reports/2021.md").read_text("utf-8")).meta
    assert meta["table4"]["cells"][:5] == [1, 0, 0, 0, 1]
    assert meta["table2"]["fees_fen"] == 1250


def test_sections_naming_an_applicant_are_refused(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    login(client, "officer")
    save(client, [0] * 15, section6_md="申请人柏秋云对答复满意。")
    assert "含有申请人或第三方的个人信息" in client.get(PAGE).get_data(as_text=True)
    publish(client)
    assert not (content_dir / "reports").exists()


@pytest.mark.parametrize(("username", "status"), [("admin", 200), ("reviewer", 403)])
def test_who_may_open_the_report(
    app: Flask, demo, client: FlaskClient, username: str, status: int
) -> None:
    login(client, username)
    assert client.get(PAGE).status_code == status


def test_a_stale_page_publishes_nothing(app: Flask, demo, content_dir: Path) -> None:
    """Publishing carries the version the page showed; a save since then refuses it (409)."""
    mine, theirs = app.test_client(), app.test_client()
    login(mine, "officer")
    login(theirs, "officer")
    save(mine, [1, 0, 0, 0, 1] + [0] * 10, section1_md="全年收到申请 1 件。")
    seen = page_version(mine)
    save(theirs, [1, 0, 0, 0, 1] + [0] * 10, section1_md="全年收到申请 1 件，已全部答复。")
    answer = publish(mine, seen)
    assert answer.status_code == 409
    assert "已被他人修改或发布" in mine.get(PAGE).get_data(as_text=True)
    assert not (content_dir / "reports").exists()
    assert publish(mine).status_code == 302
    assert "已全部答复" in (content_dir / "reports/2021.md").read_text("utf-8")


def test_an_unwritable_audit_head_publishes_no_report(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    login(client, "officer")
    save(client, [1, 0, 0, 0, 1] + [0] * 10, section1_md="全年收到申请 1 件。")
    (content_dir / "audit-head.toml").mkdir()
    answer = publish(client)
    assert answer.status_code == 409
    assert "数据库和公开内容均未改动" in client.get(PAGE).get_data(as_text=True)
    assert not (content_dir / "reports").exists() or not any((content_dir / "reports").iterdir())


@pytest.mark.parametrize("year", ["99999", "1999", "2100", "0"])
@pytest.mark.parametrize("action", ["save", "publish"])
def test_a_year_out_of_range_in_the_address_is_not_found(client, demo, year, action) -> None:
    login(client, "officer")
    token = csrf_token(client, "/annual-report/")
    response = client.post(f"/annual-report/{year}/{action}", data={"csrf_token": token})
    assert response.status_code == 404
    assert "年份" in response.get_data(as_text=True)


def test_an_account_of_a_body_below_publishes_no_report(
    app: Flask, demo, content_dir: Path
) -> None:
    # One file per year (content/reports/<yyyy>.md): the 综合执法办's own report, counting
    # only its records, replaced the government's on the site.
    import sqlalchemy as sa

    from admin.models import Body
    from admin.models.db import db
    from admin.store.accounts import create_user
    from tests.backoffice.conftest import PASSWORD

    with app.app_context():
        office = db.session.scalar(sa.select(Body).where(Body.parent_id.is_not(None)))
        create_user(db.session, "office", ["officer"], PASSWORD, actor="t", bodies=[office])
        db.session.commit()
    client = app.test_client()
    login(client, "office")
    form = {"csrf_token": csrf_token(client, "/"), "version": ""}
    client.post("/annual-report/2021/publish", data=form)
    assert not (content_dir / "reports").exists()
    assert client.get(PAGE).status_code == 403


def test_people_the_records_name_are_masked_in_the_published_report(
    app: Flask, demo, client: FlaskClient, content_dir: Path
) -> None:
    # 马国福 holds one of the demo's licences, 马玉兰 is a penalty party: natural persons the
    # database knows, named in prose without a role word the guesser would catch.
    login(client, "officer")
    text = "全年收到申请 1 件。为马国福办理乡村建设规划许可；张德全、马玉兰夫妇。"
    save(client, [1, 0, 0, 0, 1] + [0] * 10, section1_md=text)
    done = client.get(publish(client).location).get_data(as_text=True)
    assert "已发布 2021 年度报告" in done
    published = (content_dir / "reports/2021.md").read_text("utf-8")
    assert "乡村建设规划许可" in published
    for name in ("马国福", "马玉兰"):
        assert name not in published
