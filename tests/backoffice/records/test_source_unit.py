"""数据来源单位 and its code: on the form, defaulted to the 处罚机关, required by the export."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.demo import fictional
from admin.domain import vocab
from admin.models import Body, PenaltyDecision
from admin.models.db import db
from tests.backoffice.records.conftest import (
    World,
    penalty_data,
    signed_in,
    stored_penalties,
    submit,
)
from tests.backoffice.workflow.conftest import act

OTHER_UNIT = "测试县综合行政执法局"
OTHER_CODE = fictional.credit_code("11", "测试县执法局")


@pytest.fixture
def officer(client: FlaskClient, world: World) -> FlaskClient:
    return signed_in(client, "officer")


def township_code(app: Flask, world: World) -> str:
    with app.app_context():
        return db.session.get(Body, world.township).credit_code


def test_new_form_offers_the_authority_as_source_unit(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    page = officer.get("/penalties/new").get_data(as_text=True)
    code = township_code(app, world)
    assert 'name="source_unit" type="text" value="测试镇人民政府"' in page
    assert f'name="source_unit_code" type="text" value="{code}"' in page
    assert "数据来源单位统一社会信用代码" in page


def test_a_decision_saved_without_source_unit_takes_the_authoritys(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    code = township_code(app, world)
    data = penalty_data(world, authority_code=code, source_unit="", source_unit_code="")
    assert submit(officer, "/penalties/new", data).status_code == 302
    [decision] = stored_penalties(app)
    assert (decision.source_unit, decision.source_unit_code) == ("测试镇人民政府", code)


def test_the_source_unit_is_editable(app: Flask, officer: FlaskClient, world: World) -> None:
    data = penalty_data(world, source_unit=OTHER_UNIT, source_unit_code=OTHER_CODE)
    assert submit(officer, "/penalties/new", data).status_code == 302
    [decision] = stored_penalties(app)
    assert (decision.source_unit, decision.source_unit_code) == (OTHER_UNIT, OTHER_CODE)
    page = officer.get(f"/penalties/{decision.id}/edit").get_data(as_text=True)
    assert f'value="{OTHER_UNIT}"' in page


def test_another_unit_without_its_code_does_not_borrow_the_authoritys(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    data = penalty_data(
        world,
        authority_code=township_code(app, world),
        source_unit=OTHER_UNIT,
        source_unit_code="",
    )
    assert submit(officer, "/penalties/new", data).status_code == 302
    [decision] = stored_penalties(app)
    assert (decision.source_unit, decision.source_unit_code) == (OTHER_UNIT, "")


def publish_in_database(app: Flask, **fields: str) -> None:
    with app.app_context():
        for decision in db.session.scalars(db.select(PenaltyDecision)):
            decision.state = vocab.STATE_PUBLISHED
            for name, value in fields.items():
                setattr(decision, name, value)
        db.session.commit()


def test_a_decision_entered_through_the_form_exports_its_source_unit(
    app: Flask, officer: FlaskClient, world: World, gongshi
) -> None:
    code = township_code(app, world)
    data = penalty_data(world, authority_code=code, source_unit="", source_unit_code="")
    assert submit(officer, "/penalties/new", data).status_code == 302
    publish_in_database(app)
    result = gongshi("export", "penalties")
    assert result.returncode == 0, result.stderr
    [row] = csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")))
    assert row["数据来源单位"] == "测试镇人民政府"
    assert row["数据来源单位统一社会信用代码"] == code


def test_the_export_refuses_decisions_without_source_unit_naming_each(
    app: Flask, officer: FlaskClient, world: World, gongshi, tmp_path
) -> None:
    # As decisions entered before the form had the fields: blank, and locked once published.
    code = township_code(app, world)
    created = submit(officer, "/penalties/new", penalty_data(world, authority_code=code))
    assert created.status_code == 302
    publish_in_database(app, source_unit="", source_unit_code="")
    [decision] = stored_penalties(app)
    refused = gongshi("export", "penalties", "--out", "out.csv")
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "错误：1 份行政处罚决定缺少信用平台必填的数据来源单位，未导出任何数据：\n"
        f"行政处罚决定 {decision.decision_no}（{decision.slug}）："
        "数据来源单位、数据来源单位统一社会信用代码未填写，信用平台要求必填\n"
    )
    assert "--fill-source-unit" in refused.stderr
    assert not (tmp_path / "out.csv").exists()
    filled = gongshi("export", "penalties", "--fill-source-unit")
    assert filled.returncode == 0, filled.stderr
    [row] = csv.DictReader(io.StringIO(filled.stdout.lstrip("\ufeff")))
    assert (row["数据来源单位"], row["数据来源单位统一社会信用代码"]) == ("测试镇人民政府", code)
    assert stored_penalties(app)[0].source_unit == ""  # the file is filled, not the record


def test_the_export_refuses_a_code_the_authority_cannot_supply(
    app: Flask, officer: FlaskClient, world: World, gongshi
) -> None:
    data = penalty_data(world, authority_code="", source_unit="", source_unit_code="")
    assert submit(officer, "/penalties/new", data).status_code == 302
    publish_in_database(app)
    for args in ((), ("--fill-source-unit",)):
        refused = gongshi("export", "penalties", *args)
        assert refused.returncode == 1
        assert "：数据来源单位统一社会信用代码未填写，信用平台要求必填" in refused.stderr


def test_a_decision_entered_through_the_form_publishes_its_source_unit(
    app: Flask, world: World, content_dir
) -> None:
    officer = signed_in(app.test_client(), "officer")
    code = township_code(app, world)
    data = penalty_data(world, authority_code=code, source_unit="", source_unit_code="")
    assert submit(officer, "/penalties/new", data).status_code == 302
    [decision] = stored_penalties(app)
    assert act(officer, "penalties", decision.id, "submit").status_code == 302
    reviewer = signed_in(app.test_client(), "reviewer")
    agreed = act(reviewer, "penalties", decision.id, "review", outcome="同意", opinion="同意。")
    assert agreed.status_code == 302
    assert act(officer, "penalties", decision.id, "publish").status_code == 302
    text = (content_dir / "penalties" / f"{decision.slug}.md").read_text(encoding="utf-8")
    assert 'source_unit = "测试镇人民政府"' in text
    assert f'source_unit_code = "{code}"' in text
