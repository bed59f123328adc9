"""Saving a body: the administrator lands on a page it may open; bodiless accounts get it (#16)."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.models import AuditEntry, Body, User
from admin.models.db import db
from tests.backoffice.conftest import csrf_token
from tests.backoffice.records.conftest import password_hash, signed_in, submit
from tests.backoffice.records.test_other_records import item_data, subject_data


@pytest.mark.parametrize("roles", [["admin"], ["admin", "officer"], ["admin", "reviewer"]])
def test_after_saving_a_body_the_administrator_lands_on_a_page_it_may_open(
    app: Flask, client: FlaskClient, world, roles
) -> None:
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.username == "admin")).roles = roles
        db.session.commit()
    signed_in(client, "admin")
    # A body of another township: outside the administrator's own bodies.
    response = submit(client, "/subjects/new", subject_data())
    assert response.status_code == 302
    landed = client.get(response.headers["Location"])
    assert landed.status_code == 200
    assert "新设镇人民政府" in landed.get_data(as_text=True)


def test_an_account_without_a_body_gets_each_new_top_level_body(
    app: Flask, client: FlaskClient, world
) -> None:
    with app.app_context():
        db.session.add(User(username="early", roles=["officer"], password_hash=password_hash()))
        db.session.commit()
    signed_in(client, "admin")
    assert submit(client, "/subjects/new", subject_data()).status_code == 302
    child = subject_data(name="新设镇综合执法办公室", slug="xs-zfb", credit_code="")
    child.update(is_enforcement_subject="", decision_prefix="")
    with app.app_context():
        new = db.session.scalar(sa.select(Body).where(Body.slug == "xs-gov"))
        child["parent_id"] = str(new.id)
    assert submit(client, "/subjects/new", child).status_code == 302
    with app.app_context():
        early = db.session.scalar(sa.select(User).where(User.username == "early"))
        assert [b.slug for b in early.bodies] == ["xs-gov"]  # the top one; the child follows
        admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
        assert "xs-gov" not in [b.slug for b in admin.bodies]  # had a body: left as it was
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user-bodies"))
        assert entry.detail["after"] == {"bodies": ["xs-gov"]} and entry.actor == "admin"


def test_the_accounts_page_attaches_an_account_to_bodies(
    app: Flask, client: FlaskClient, world
) -> None:
    signed_in(client, "admin")
    with app.app_context():
        far = db.session.scalar(sa.select(User).where(User.username == "far")).id
    page = "/admin/accounts/"
    html = client.get(page).get_data(as_text=True)
    assert f'action="{page}{far}/bodies"' in html
    bodies = [str(world.township), str(world.other)]
    response = submit_to(client, page, f"{page}{far}/bodies", {"bodies": bodies})
    assert response.status_code == 303
    refused = submit_to(client, page, f"{page}{far}/bodies", {"bodies": ["99999"]})
    assert refused.status_code == 422 and "所属主体（far）：只能从列表中选择" in refused.get_data(
        as_text=True
    )
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "far"))
        assert sorted(b.id for b in user.bodies) == sorted([world.township, world.other])
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "user-bodies")
        ).one()
        assert entry.actor == "admin" and entry.detail["username"] == "far"


def submit_to(client: FlaskClient, form_page: str, path: str, data: dict):
    """POST ``data`` to ``path`` with the CSRF token of ``form_page``."""
    return client.post(path, data={"csrf_token": csrf_token(client, form_page), **data})


def test_an_account_without_a_body_is_told_the_way_out(
    app: Flask, client: FlaskClient, world
) -> None:
    with app.app_context():
        db.session.add(User(username="early", roles=["officer"], password_hash=password_hash()))
        db.session.commit()
    signed_in(client, "early")
    response = submit(client, "/items/new", item_data(world))
    assert response.status_code == 422
    assert "gongshi user bodies early 主体名称" in html.unescape(response.get_data(as_text=True))
