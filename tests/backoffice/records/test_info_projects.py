"""The 政府信息 form's 重大建设项目 fields: a select of 94号's eight, saved together or not."""

from __future__ import annotations

import html

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.domain import vocab
from admin.domain.slugs import project_slug
from admin.models import InfoItem
from admin.models.db import db
from tests.backoffice.records.conftest import World, signed_in, submit
from tests.backoffice.records.test_other_records import info_data

PROJECT = "测试镇示范村道路硬化工程"


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(InfoItem)) or 0


def test_the_form_offers_the_eight_stages_in_order(client: FlaskClient, world: World) -> None:
    signed_in(client, "officer")
    page = html.unescape(client.get("/info/new").get_data(as_text=True))
    assert "<legend>重大建设项目</legend>" in page
    assert 'name="project"' in page
    options = page[page.index('name="project_stage"') :]
    options = options[: options.index("</select>")]
    positions = [options.index(f'value="{stage}"') for stage in vocab.PROJECT_STAGES]
    assert positions == sorted(positions)
    assert options.startswith('name="project_stage"><option value="">（非重大建设项目）</option>')


def test_a_short_stage_is_stored_in_94hao_spelling(
    app: Flask, client: FlaskClient, world: World
) -> None:
    signed_in(client, "officer")
    data = info_data(world, project=f" {PROJECT} ", project_stage="竣工")
    answer = submit(client, "/info/new", data)
    assert answer.status_code == 302, html.unescape(answer.get_data(as_text=True))[-2000:]
    with app.app_context():
        item = db.session.scalars(sa.select(InfoItem).order_by(InfoItem.id.desc())).first()
        assert (item.project, item.project_stage) == (PROJECT, "竣工有关信息")
        item_id = item.id
    # The edit form shows the stored stage selected.
    page = client.get(f"/info/{item_id}/edit").get_data(as_text=True)
    assert '<option selected value="竣工有关信息">竣工有关信息</option>' in page


def test_one_without_the_other_is_refused_and_nothing_saved(
    app: Flask, client: FlaskClient, world: World
) -> None:
    signed_in(client, "officer")
    before = _count(app)
    for bad, field in (
        ({"project": PROJECT, "project_stage": ""}, "project_stage"),
        ({"project": "", "project_stage": "施工有关信息"}, "project"),
        ({"project": PROJECT, "project_stage": "运营信息"}, "project_stage"),
    ):
        answer = submit(client, "/info/new", info_data(world, **bad))
        assert answer.status_code == 422
        text = html.unescape(answer.get_data(as_text=True))
        assert f'id="{field}-error"' in text
        label = "项目信息类别" if field == "project_stage" else "项目名称"
        assert f"{label}：" in text
    assert _count(app) == before


def test_the_public_preview_links_the_project_and_names_the_stage(
    app: Flask, client: FlaskClient, world: World
) -> None:
    signed_in(client, "officer")
    data = info_data(world, project=PROJECT, project_stage="招标投标")
    assert submit(client, "/info/new", data).status_code == 302
    with app.app_context():
        item_id = db.session.scalar(sa.select(InfoItem.id).order_by(InfoItem.id.desc()))
    start = client.get(f"/records/info/{item_id}/public/")
    assert start.status_code == 302
    page = client.get(start.headers["Location"]).get_data(as_text=True)
    assert f'../../projects/{project_slug(PROJECT)}/index.html">{PROJECT}</a>' in page
    assert "<dt>项目信息类别</dt><dd>招标投标信息</dd>" in page
