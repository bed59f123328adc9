"""Create and edit 检查结果, 政府信息, 执法人员, 执法事项 and 执法主体 through the forms."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.demo import fictional
from admin.models import AuditEntry, Body, EnforcementItem, InfoItem, Inspection, Officer
from admin.models.db import db
from tests.backoffice.records.conftest import DECIDED, PERSON_ID, World, signed_in, submit

TOWNSHIP_CODE = fictional.credit_code("11", "测试镇")


def inspection_data(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "body_id": str(world.township),
        "party_kind": "法人及非法人组织",
        "party_name": "某某餐饮有限公司",
        "party_credit_code": fictional.credit_code("91", "某某餐饮"),
        "party_address": "测试镇幸福路 2 号",
        "inspected_on": DECIDED.isoformat(),
        "result": "责令整改",
        "findings": "后厨**卫生**不达标。",
        "follow_up": "责令 7 日内整改",
        "officers": [str(world.officers[0]), str(world.officers[1])],
        **overrides,
    }


def info_data(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "body_id": str(world.township),
        "index_no": f"{TOWNSHIP_CODE}/{DECIDED.year}-00001",
        "title": "关于开展安全生产检查的通知",
        "topic": "应急管理",
        "publisher": "测试镇人民政府",
        "doc_no": "",
        "written_on": DECIDED.isoformat(),
        "validity": "有效",
        "summary": "",
        "body_md": "# 通知\n\n各村：",
        **overrides,
    }


def officer_data(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "body_id": str(world.township),
        "name": "钱五",
        "staff_kind": "执法人员",
        "certificate_no": "6400099999",
        "category": "综合执法",
        "area": "测试镇",
        "status": "在岗",
        "id_number": PERSON_ID,
        "phone": "13912345678",
        **overrides,
    }


def item_data(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "body_id": str(world.township),
        "code": "T-JC-1",
        "name": "安全生产检查",
        "category": "行政检查",
        "legal_basis": "《安全生产法》第六十五条",
        **overrides,
    }


def subject_data(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "新设镇人民政府",
        "slug": "xs-gov",
        "kind": "法定行政机关",
        "is_enforcement_subject": "y",
        "credit_code": fictional.credit_code("11", "新设镇"),
        "decision_prefix": "新设综执罚",
        "duties": "负责**全镇**行政执法。",
        **overrides,
    }


CASES = [
    # (path, username, model, valid data, edit change, field to check, refusal, error field)
    (
        "inspections",
        "officer",
        Inspection,
        inspection_data,
        {"party_name": "另一家餐饮有限公司"},
        "party_name",
        {"follow_up": ""},
        "follow_up",
    ),
    (
        "info",
        "officer",
        InfoItem,
        info_data,
        {"title": "新标题"},
        "title",
        {"index_no": "abc"},
        "index_no",
    ),
    (
        "officers",
        "officer",
        Officer,
        officer_data,
        {"area": "全镇"},
        "area",
        {"certificate_no": ""},
        "certificate_no",
    ),
    (
        "items",
        "officer",
        EnforcementItem,
        item_data,
        {"name": "消防安全检查"},
        "name",
        {"category": "随便"},
        "category",
    ),
    (
        "subjects",
        "admin",
        Body,
        lambda _world, **o: subject_data(**o),
        {"name": "新设镇政府"},
        "name",
        {"credit_code": "123"},
        "credit_code",
    ),
]


@pytest.mark.parametrize(
    ("dataset", "username", "model", "make", "change", "field", "bad", "bad_field"), CASES
)
def test_create_refuse_and_edit(
    app: Flask,
    client: FlaskClient,
    world: World,
    dataset,
    username,
    model,
    make,
    change,
    field,
    bad,
    bad_field,
) -> None:
    signed_in(client, username)
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(model))
    refused = submit(client, f"/{dataset}/new", make(world, **bad))
    assert refused.status_code == 422
    assert f'id="{bad_field}-error"' in refused.get_data(as_text=True)
    created = submit(client, f"/{dataset}/new", make(world))
    assert created.status_code == 302, html.unescape(created.get_data(as_text=True))[-3000:]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == count + 1
        record_id = db.session.scalar(sa.select(model.id).order_by(model.id.desc()).limit(1))
    edited = submit(client, f"/{dataset}/{record_id}/edit", make(world, **change))
    assert edited.status_code == 302
    with app.app_context():
        record = db.session.get(model, record_id)
        assert getattr(record, field) == change[field]
        actions = db.session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.entity_id == record_id)
        ).all()
    assert {"create", "edit"} <= set(actions)


def test_slugs_follow_the_demo_conventions(app: Flask, client: FlaskClient, world) -> None:
    signed_in(client, "officer")
    submit(client, "/inspections/new", inspection_data(world))
    submit(client, "/info/new", info_data(world))
    submit(client, "/items/new", item_data(world))
    submit(client, "/officers/new", officer_data(world))
    with app.app_context():
        slugs = [
            db.session.scalar(sa.select(m.slug).order_by(m.id.desc()).limit(1))
            for m in (Inspection, InfoItem, EnforcementItem, Officer)
        ]
    year = DECIDED.year
    assert slugs == [
        f"{year}-0001",
        f"{year}-0001",
        "jc-0001",
        "officer-0013",
    ]  # world holds 0001–0003, 0011–0012


def test_a_slug_whose_file_exists_in_content_is_skipped(
    app: Flask, client: FlaskClient, world: World, content_dir: Path
) -> None:
    folder = content_dir / "inspections"
    folder.mkdir()
    (folder / f"{DECIDED.year}-0001.md").write_text("+++\n+++\n", encoding="utf-8")
    signed_in(client, "officer")
    assert submit(client, "/inspections/new", inspection_data(world)).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Inspection.slug)) == f"{DECIDED.year}-0002"


def test_duplicate_index_number_is_refused(app: Flask, client: FlaskClient, world) -> None:
    signed_in(client, "officer")
    assert submit(client, "/info/new", info_data(world)).status_code == 302
    again = submit(client, "/info/new", info_data(world, title="另一条"))
    assert again.status_code == 422
    assert "已被另一条信息使用" in again.get_data(as_text=True)
    # The next form suggests the following number.
    page = client.get("/info/new").get_data(as_text=True)
    assert f"{TOWNSHIP_CODE}/{dt.date.today().year}-0000" in page


def test_officer_audit_masks_id_number_and_phone(app: Flask, client: FlaskClient, world) -> None:
    signed_in(client, "officer")
    submit(client, "/officers/new", officer_data(world))
    with app.app_context():
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.entity == "officer").order_by(AuditEntry.id)
        )
        after = entry.detail["after"]
    assert after["name"] == "钱五"
    assert after["id_number"] == "*" * 14 + PERSON_ID[-4:]
    assert after["phone"] == "*******5678"


def test_subject_cannot_become_its_own_parent(app: Flask, client: FlaskClient, world) -> None:
    signed_in(client, "admin")
    data = subject_data(parent_id=str(world.office), credit_code=TOWNSHIP_CODE)
    data["name"], data["decision_prefix"] = "测试镇人民政府", "测试镇综执罚"
    response = submit(client, f"/subjects/{world.township}/edit", data)
    assert response.status_code == 422
    assert "上级机关：请从列表中选择" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Body, world.township).parent_id is None


def test_inspection_hidden_state_is_ignored(app: Flask, client: FlaskClient, world) -> None:
    signed_in(client, "officer")
    submit(client, "/inspections/new", inspection_data(world, state="已公示", body_id="1"))
    with app.app_context():
        inspection = db.session.scalar(sa.select(Inspection))
        assert inspection.state == "草稿"


def test_an_information_item_records_that_it_is_a_normative_document(
    app: Flask, client: FlaskClient, world: World
) -> None:
    """Table 二 of the annual report counts normative documents by 制发/废止 dates."""
    signed_in(client, "officer")
    data = info_data(world, is_normative="y", issued_on=DECIDED.isoformat(), repealed_on="")
    assert submit(client, "/info/new", data).status_code == 302
    with app.app_context():
        item = db.session.scalars(sa.select(InfoItem)).one()
        assert (item.is_normative, item.issued_on, item.repealed_on) == (True, DECIDED, None)


def test_a_licence_item_is_offered_first_and_gets_its_own_code(
    app: Flask, client: FlaskClient, world
) -> None:
    signed_in(client, "officer")
    form = client.get("/items/new").get_data(as_text=True)
    assert form.index('value="行政许可"') < form.index('value="行政处罚"')
    data = item_data(world, code="T-XK-1", name="农村村民宅基地审批", category="行政许可")
    submit(client, "/items/new", data)
    with app.app_context():
        item = db.session.scalars(
            sa.select(EnforcementItem).where(EnforcementItem.code == "T-XK-1")
        )
        assert item.one().slug == "xk-0001"
