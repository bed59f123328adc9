"""Creating and editing 行政处罚决定 through the real forms: rules, numbers, audit, tampering."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.domain import vocab
from admin.models import AuditEntry, PenaltyDecision
from admin.models.db import db
from tests.backoffice.conftest import csrf_token
from tests.backoffice.records.conftest import (
    DECIDED,
    PERSON_ID,
    PERSON_PHONE,
    PREFIX,
    World,
    penalty_data,
    signed_in,
    stored_penalties,
    submit,
)


@pytest.fixture
def officer(client: FlaskClient, world: World) -> FlaskClient:
    return signed_in(client, "officer")


def create(client: FlaskClient, world: World, **overrides) -> PenaltyDecision:
    response = submit(client, "/penalties/new", penalty_data(world, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def test_create_saves_a_draft_with_exact_amount_officers_and_slug(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    create(officer, world, fine_yuan="3,000.50", kinds=["罚款", "警告"])
    [decision] = stored_penalties(app)
    assert decision.state == vocab.STATE_DRAFT
    assert decision.fine_fen == 300050
    assert decision.kinds == ["罚款", "警告"]
    assert decision.slug == f"{DECIDED.year}-0001"
    assert decision.body_id == world.township
    assert sorted(o.id for o in decision.officers) == world.officers[:2]
    assert decision.related_persons == [
        {"name": "李四", "id_number": PERSON_ID, "phone": PERSON_PHONE, "role": "证人"}
    ]
    assert decision.review_required is True  # 普通程序 needs 法制审核 by default
    assert decision.created_by_id is not None


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"party_name": ""}, "party_name", "行政相对人名称：不能为空"),
        (
            {"party_credit_code": ""},
            "party_credit_code",
            "统一社会信用代码：法人及非法人组织必须填写",
        ),
        ({"decision_no": "第1号"}, "decision_no", "行政处罚决定书文号：格式应为"),
        ({"fine_yuan": "3000.001"}, "fine_yuan", "罚款金额："),
        ({"fine_yuan": "abc"}, "fine_yuan", "罚款金额："),
        ({"kinds": ["罚款", "行政拘留"]}, "kinds", "处罚类别：行政拘留只能由公安机关决定"),
        ({"decision_date": "2999-01-01"}, "decision_date", "处罚决定日期：不能晚于今天"),
        ({"officers": []}, "officers", "执法人员：普通程序须由两名以上持证执法人员办理"),
        ({"item_id": "999"}, "item_id", "执法事项：请从列表中选择"),
        ({"body_id": "999"}, "body_id", "所属主体：请选择"),
        ({"related_persons": "李四,1,2,3,4"}, "related_persons", "其他涉案人员：第 1 行"),
        ({"party_phone": "12345"}, "party_phone", "联系电话：不是有效的"),
    ],
)
def test_refusal_is_shown_beside_its_field_and_nothing_is_saved(
    app: Flask, officer: FlaskClient, world: World, overrides, field_id, message
) -> None:
    response = submit(officer, "/penalties/new", penalty_data(world, **overrides))
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    # The message sits in the field's own error element, tied to it for screen readers.
    assert f'<span class="error" id="{field_id}-error">{message}' in page
    assert stored_penalties(app) == []


def test_a_refused_save_writes_no_audit_entry(app: Flask, officer: FlaskClient, world) -> None:
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    submit(officer, "/penalties/new", penalty_data(world, party_name=""))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == before


def test_new_form_suggests_the_next_free_decision_number(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    create(officer, world, decision_no=f"{PREFIX}〔{DECIDED.year}〕7号")
    page = officer.get("/penalties/new").get_data(as_text=True)
    assert f'value="{PREFIX}〔{DECIDED.year}〕8号"' in page
    assert "建议下一个文号" in page


@pytest.mark.parametrize(
    "spelling", [f"{PREFIX}〔{DECIDED.year}〕1号", f"{PREFIX}[{DECIDED.year}]1号"]
)
def test_duplicate_decision_number_is_refused_in_any_bracket_spelling(
    app: Flask, officer: FlaskClient, world: World, spelling: str
) -> None:
    create(officer, world)
    response = submit(officer, "/penalties/new", penalty_data(world, decision_no=spelling))
    assert response.status_code == 422
    assert "已被另一份决定使用" in response.get_data(as_text=True)
    assert len(stored_penalties(app)) == 1


def test_hidden_and_extra_fields_change_nothing(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    create(
        officer,
        world,
        state="已公示",
        approved_by="1",
        created_by_id="999",
        slug="evil",
        imported="1",
        publicity_until="2099-01-01",
    )
    [decision] = stored_penalties(app)
    assert decision.state == vocab.STATE_DRAFT
    assert decision.slug != "evil" and not decision.imported
    assert decision.publicity_until is None
    # On edit the body cannot be moved to a body of another account either.
    response = submit(
        officer,
        f"/penalties/{decision.id}/edit",
        penalty_data(world, body_id=str(world.other), state="审核通过", party_name="新名称"),
    )
    assert response.status_code == 302
    [decision] = stored_penalties(app)
    assert (decision.body_id, decision.state, decision.party_name) == (
        world.township,
        vocab.STATE_DRAFT,
        "新名称",
    )


def test_edit_moves_an_approved_decision_back_to_draft_and_bumps_the_version(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    create(officer, world)
    [decision] = stored_penalties(app)
    with app.app_context():
        db.session.get(PenaltyDecision, decision.id).state = vocab.STATE_APPROVED
        db.session.commit()
    version = stored_penalties(app)[0].version
    response = submit(
        officer, f"/penalties/{decision.id}/edit", penalty_data(world, fine_yuan="2000")
    )
    assert response.status_code == 302
    [decision] = stored_penalties(app)
    assert decision.state == vocab.STATE_DRAFT
    assert decision.fine_fen == 200000
    assert decision.version > version


def test_changing_only_the_officers_is_a_new_revision(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    create(officer, world)
    [decision] = stored_penalties(app)
    officers = [str(world.officers[0]), str(world.officers[2])]
    submit(officer, f"/penalties/{decision.id}/edit", penalty_data(world, officers=officers))
    [after] = stored_penalties(app)
    assert sorted(o.id for o in after.officers) == [world.officers[0], world.officers[2]]
    assert after.version > decision.version


@pytest.mark.parametrize("state", [vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN])
def test_published_or_withdrawn_decision_cannot_be_edited(
    app: Flask, officer: FlaskClient, world: World, state: str
) -> None:
    create(officer, world)
    [decision] = stored_penalties(app)
    with app.app_context():
        db.session.get(PenaltyDecision, decision.id).state = state
        db.session.commit()
    page = officer.get(f"/penalties/{decision.id}/edit")
    assert page.status_code == 409
    assert "不能在此修改" in page.get_data(as_text=True)
    response = officer.post(
        f"/penalties/{decision.id}/edit",
        data={**penalty_data(world, party_name="改"), "csrf_token": csrf_token(officer, "/")},
    )
    assert response.status_code == 409
    assert stored_penalties(app)[0].party_name == decision.party_name


def test_audit_entry_holds_field_changes_with_personal_values_masked(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    create(officer, world)
    [decision] = stored_penalties(app)
    new_phone = "13912345678"
    submit(
        officer,
        f"/penalties/{decision.id}/edit",
        penalty_data(world, party_phone=new_phone, party_name="新名称"),
    )
    with app.app_context():
        entries = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.entity == "penalty_decision", AuditEntry.entity_id == decision.id)
            .order_by(AuditEntry.id)
        ).all()
        created, edited = [(e.action, e.actor, e.detail) for e in entries]
    assert created[:2] == ("create", "officer")
    assert created[2]["after"]["legal_rep_id_number"] == "*" * 14 + PERSON_ID[-4:]
    assert edited[:2] == ("edit", "officer")
    detail = edited[2]
    assert set(detail["after"]) == {"party_phone", "party_name"}
    assert detail["before"]["party_name"] == "某某建材有限公司"
    assert detail["after"]["party_name"] == "新名称"
    assert detail["before"]["party_phone"] == "*******" + PERSON_PHONE[-4:]
    assert detail["after"]["party_phone"] == "*******5678"
    text = str([created, edited])
    for secret in (PERSON_ID, PERSON_PHONE, new_phone, "幸福路"):
        assert secret not in text


def test_preview_renders_the_facts_sanitised_without_saving(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    facts = "**当事人**<script>alert(1)</script>[x](javascript:alert(1))"
    response = submit(officer, "/penalties/new", penalty_data(world, facts=facts, preview="1"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<strong>当事人</strong>" in page
    assert "<script>alert" not in page and 'href="javascript' not in page
    assert stored_penalties(app) == []


def test_detention_is_not_offered_to_a_township(officer: FlaskClient, world: World) -> None:
    page = officer.get("/penalties/new").get_data(as_text=True)
    assert 'value="罚款"' in page
    assert 'value="行政拘留"' not in page


@pytest.mark.parametrize(
    ("procedure", "ticked", "setting", "required"),
    [
        ("普通程序", False, "普通程序", True),  # the law's default cannot be unticked
        ("简易程序", False, "普通程序", False),
        ("简易程序", True, "普通程序", True),  # an officer may ask for review anyway
        ("简易程序", False, "全部", True),
    ],
)
def test_review_required_follows_the_setting(
    app: Flask, officer: FlaskClient, world: World, procedure, ticked, setting, required
) -> None:
    app.config["GONGSHI"]["REVIEW_REQUIRED_FOR"] = setting
    data = penalty_data(world, procedure=procedure, kinds=["警告"], fine_yuan="", content="警告")
    if ticked:
        data["review_required"] = "y"
    assert submit(officer, "/penalties/new", data).status_code == 302
    assert stored_penalties(app)[0].review_required is required


def test_a_textarea_saved_untouched_is_no_change(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    # Browsers send a textarea's lines ending in \r\n; the stored text has \n.
    facts = "经查，当事人未经批准建设厂房。\r\n现场有施工人员。"
    create(officer, world, facts=facts)
    [decision] = stored_penalties(app)
    assert decision.facts == "经查，当事人未经批准建设厂房。\n现场有施工人员。"
    submit(officer, f"/penalties/{decision.id}/edit", penalty_data(world, facts=facts))
    [after] = stored_penalties(app)
    assert after.version == decision.version  # nothing changed: no new revision
    with app.app_context():
        edits = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "edit"))
        assert list(edits) == []
