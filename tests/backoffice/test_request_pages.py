"""依申请公开 in the back-office: a clerk registers, answers on time and archives a request."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.models import AuditEntry, InfoRequest
from admin.models.db import db
from tests.backoffice.conftest import csrf_token, login

NEW = {
    "registration_no": "大政依申〔2021〕7号",
    "channel": "当面",
    "received_on": "2021-09-01",
    "confirmed_on": "",
    "applicant_type": "自然人",
    "applicant_name": "柳青禾",
    "applicant_id_number": "",
    "applicant_phone": "13800001234",
    "applicant_address": "",
    "applicant_email": "",
    "information": "本镇2021年秸秆禁烧通告",
    "form_wanted": "纸质文本",
}


@pytest.fixture
def clerk(app: Flask, demo, client: FlaskClient) -> FlaskClient:
    """The demo officer signed in, on a fixed day in 2021."""
    app.config["GONGSHI"]["TODAY"] = "2021-10-20"
    login(client, "officer")
    return client


def register(client: FlaskClient, **changes: str):
    token = csrf_token(client, "/requests/new")
    body_id = re.search(
        r'name="body_id">\s*<option value="(\d+)"',
        client.get("/requests/new").get_data(as_text=True),
    ).group(1)
    data = {**NEW, **changes, "body_id": body_id, "csrf_token": token}
    return client.post("/requests/new", data=data)


def act(client: FlaskClient, app: Flask, action: str, **data: str):
    with app.app_context():
        record = db.session.scalars(
            sa.select(InfoRequest).where(InfoRequest.registration_no == NEW["registration_no"])
        ).one()
        request_id, version = record.id, record.version
    token = csrf_token(client, f"/requests/{request_id}/")
    form = {"csrf_token": token, "version": str(version), **data}
    return client.post(f"/requests/{request_id}/{action}", data=form)


def stored(app: Flask) -> InfoRequest:
    with app.app_context():
        record = db.session.scalars(
            sa.select(InfoRequest).where(InfoRequest.registration_no == NEW["registration_no"])
        ).one()
        db.session.expunge(record)
        return record


def test_register_extend_reply_archive(app: Flask, clerk: FlaskClient) -> None:
    response = register(clerk)
    assert response.status_code == 302
    page = clerk.get(response.location).get_data(as_text=True)
    # 20 working days from 9-01 across 中秋, with the worked Saturday 9-18 and Sunday 9-26.
    assert "依申请公开答复：2021-09-29" in page
    assert "不计：中秋" in page and "登记回执" in page
    response = act(
        clerk,
        app,
        "extend",
        on="2021-09-24",
        days="20",
        approver="李主任",
        notified_on="2021-09-24",
    )
    assert response.status_code == 302
    page = clerk.get(response.location).get_data(as_text=True)
    # 20 more across 国庆 (10-1..10-7 off, Saturday 10-9 worked).
    assert "依申请公开答复：2021-11-02" in page and "延长 20个工作日（李主任 批准" in page
    act(clerk, app, "reply", on="2021-10-20", reply_type="予以公开", note="提供通告一份。")
    record = stored(app)
    assert (record.state, record.reply_type, str(record.replied_on)) == (
        "已答复",
        "予以公开",
        "2021-10-20",
    )
    page = clerk.get(f"/requests/{record.id}/").get_data(as_text=True)
    assert "依申请公开答复：2021-11-02（按期完成" in page
    notice = clerk.get(f"/requests/{record.id}/notice/reply").get_data(as_text=True)
    assert "政府信息公开申请答复书" in notice and "第三十六条第（二）项" in notice
    extension = clerk.get(f"/requests/{record.id}/notice/extension").get_data(as_text=True)
    assert "延期答复告知书" in extension and "第三十三条第二款" in extension
    assert "李主任" in extension and "2021-11-02" in extension
    receipt = clerk.get(f"/requests/{record.id}/notice/receipt").get_data(as_text=True)
    assert "登记回执" in receipt and "第三十一条" in receipt and "2021-11-02 前" in receipt
    act(clerk, app, "archive", on="2021-10-20")
    record = stored(app)
    assert record.state == "已归档"
    listing = clerk.get("/requests/").get_data(as_text=True)
    assert NEW["registration_no"] in listing and "2021-11-02（按期完成）" in listing
    assert [t["action"] for t in record.trail] == ["登记", "延期答复", "答复", "归档"]
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.entity == "info_request")
        ).all()
    assert actions == ["register", "extend", "reply", "archive"]


def test_correction_consultation_and_notices(app: Flask, clerk: FlaskClient) -> None:
    register(clerk, received_on="2021-09-30")
    late = act(clerk, app, "correction", on="2021-10-18", deadline="2021-10-25", note="写明年份")
    assert "7 个工作日内（2021-10-15 前）" in clerk.get(late.location).get_data(as_text=True)
    act(clerk, app, "correction", on="2021-10-14", deadline="2021-10-25", note="写明年份")
    record = stored(app)
    assert record.state == "待补正"
    notice = clerk.get(f"/requests/{record.id}/notice/correction").get_data(as_text=True)
    assert "补正告知书" in notice and "第三十条" in notice and "写明年份" in notice
    act(clerk, app, "corrected", on="2021-10-18")
    page = clerk.get(f"/requests/{record.id}/").get_data(as_text=True)
    # Restarted from the corrected request: 20 working days from 10-18.
    assert "依申请公开答复：2021-11-15" in page and "2021-10-18 起重新计算" in page
    assert "一次性告知补正" not in page.split("<h2>办理</h2>")[1]  # only once
    act(clerk, app, "consult", on="2021-10-19", note="某农业合作社")
    page = clerk.get(f"/requests/{record.id}/").get_data(as_text=True)
    assert "暂停中" in page and "暂停：等待第三方意见" in page
    letter = clerk.get(f"/requests/{record.id}/notice/consultation").get_data(as_text=True)
    assert "征求第三方意见函" in letter and "第三十二条" in letter


def test_refusals_name_the_field(app: Flask, clerk: FlaskClient) -> None:
    response = register(clerk, channel="网络", applicant_name="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        "申请人姓名或名称：不能为空" in page
        and "确认日期：网络提交的申请须填写与申请人确认之日" in page
    )
    register(clerk)
    response = act(clerk, app, "reply", on="2021-10-20", reply_type="不予公开")
    assert "具体理由：不予公开须选择" in clerk.get(response.location).get_data(as_text=True)
    stale = act(clerk, app, "archive", on="2021-10-20")
    assert "当前状态（已登记）不能归档" in clerk.get(stale.location).get_data(as_text=True)


def test_stale_form_is_refused(app: Flask, clerk: FlaskClient) -> None:
    register(clerk)
    record = stored(app)
    token = csrf_token(clerk, f"/requests/{record.id}/")
    form = {"csrf_token": token, "version": "99", "on": "2021-10-20", "reply_type": "予以公开"}
    assert clerk.post(f"/requests/{record.id}/reply", data=form).status_code == 409
    assert stored(app).state == "已登记"


@pytest.mark.parametrize("username", ["reviewer", "admin"])
def test_only_officers_handle_requests(
    app: Flask, demo, client: FlaskClient, username: str
) -> None:
    login(client, username)
    assert client.get("/requests/").status_code == 403
