"""Workflow fixtures: one township whose accounts see it, and records to move through it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.domain import vocab
from admin.domain.passwords import hash_password
from admin.models import Body, InfoItem, Inspection, PenaltyDecision, User
from admin.models.db import db
from tests.backoffice.conftest import PASSWORD, login

PARTY = "王小明"
#: A valid 18-digit ID number (check digit computed below) of someone born in 1980.
ID_BASE = "11010519800101123"


def id_number(base: str = ID_BASE) -> str:
    """Return ``base`` with its ISO 7064 check digit."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(base, weights, strict=True))
    return base + "10X98765432"[total % 11]


ID_NUMBER = id_number()


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once: hashing is slow on purpose, and every test needs accounts."""
    return hash_password(PASSWORD)


@pytest.fixture
def accounts(app: Flask, password_hash: str) -> dict[str, int]:
    """The shared fixture's accounts (same names and roles), without hashing per test."""
    roles = {
        "officer": ["officer"],
        "reviewer": ["reviewer"],
        "admin": ["admin"],
        "both": ["officer", "reviewer"],
    }
    with app.app_context():
        users = [
            User(username=n, display_name=n, password_hash=password_hash, roles=r)
            for n, r in roles.items()
        ]
        db.session.add_all(users)
        db.session.commit()
        return {user.username: user.id for user in users}


@pytest.fixture
def township(app: Flask, accounts: dict[str, int]) -> int:
    """A township government every test account belongs to; returns its id."""
    with app.app_context():
        body = Body(slug="shi-fan-zhen", name="示范镇人民政府", kind="法定行政机关")
        db.session.add(body)
        for user in db.session.query(User):
            user.bodies = [body]
        db.session.commit()
        return body.id


@pytest.fixture
def make_penalty(app: Flask, accounts: dict[str, int], township: int) -> Callable[..., int]:
    """Create a penalty decision (a natural person, 普通程序) and return its id."""
    counter = iter(range(1, 1000))

    def make(author: str = "officer", **overrides: Any) -> int:
        n = next(counter)
        decided = dt.date.today() - dt.timedelta(days=2)
        fields: dict[str, Any] = dict(
            slug=f"penalty-{n}",
            body_id=township,
            party_kind=vocab.PARTY_NATURAL,
            party_name=PARTY,
            id_type="身份证",
            id_number=ID_NUMBER,
            decision_no=f"示范综执罚〔2026〕{n}号",
            violation_type="占道经营",
            facts=f"当事人{PARTY}（身份证号{ID_NUMBER}）在李家庄村口占道经营，证人张大山在场。",
            basis="《城市市容和环境卫生管理条例》第三十六条",
            kinds=["罚款"],
            content="罚款人民币200元",
            fine_fen=20000,
            decision_date=decided,
            authority="示范镇人民政府",
            procedure=vocab.PROCEDURE_ORDINARY,
            review_required=True,
            severity="一般",
            state=vocab.STATE_DRAFT,
            created_by_id=accounts[author],
        )
        fields.update(overrides)
        with app.app_context():
            decision = PenaltyDecision(**fields)
            db.session.add(decision)
            db.session.commit()
            return decision.id

    return make


@pytest.fixture
def make_inspection(app: Flask, accounts: dict[str, int], township: int) -> Callable[..., int]:
    """Create an inspection result of a firm and return its id."""

    def make(author: str = "officer", **overrides: Any) -> int:
        fields: dict[str, Any] = dict(
            slug="inspection-1",
            body_id=township,
            party_kind=vocab.PARTY_ORGANISATION,
            party_name="示范商贸有限公司",
            inspected_on=dt.date.today() - dt.timedelta(days=1),
            result="合格",
            findings="经营场所整洁，证照齐全。",
            created_by_id=accounts[author],
        )
        fields.update(overrides)
        with app.app_context():
            record = Inspection(**fields)
            db.session.add(record)
            db.session.commit()
            return record.id

    return make


@pytest.fixture
def make_info(app: Flask, accounts: dict[str, int], township: int) -> Callable[..., int]:
    """Create a draft item of government information and return its id."""

    def make(author: str = "officer", **overrides: Any) -> int:
        fields: dict[str, Any] = dict(
            slug="info-1",
            body_id=township,
            index_no="000000000/2026-00001",
            title="示范镇2026年春耕工作安排",
            body_md="各村做好春耕准备。",
            topic="乡村振兴",
            publisher="示范镇人民政府",
            written_on=dt.date.today() - dt.timedelta(days=1),
            created_by_id=accounts[author],
        )
        fields.update(overrides)
        with app.app_context():
            record = InfoItem(**fields)
            db.session.add(record)
            db.session.commit()
            return record.id

    return make


def page_token(client: FlaskClient, path: str) -> tuple[str, str]:
    """Return the CSRF token and the version a record page's forms carry."""
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    version = re.search(r'name="version" value="(\d+)"', html)
    assert token, f"no form on {path}"
    return token.group(1), version.group(1) if version else ""


def act(client: FlaskClient, dataset: str, record_id: int, action: str, **data: str) -> Any:
    """Post ``action`` from the record page as its form would (token and version)."""
    page = f"/records/{dataset}/{record_id}"
    token, version = page_token(client, page)
    form = {"csrf_token": token, "version": version, **data}
    return client.post(f"{page}/{action}", data=form)


def signed_in(client: FlaskClient, username: str) -> FlaskClient:
    """Sign ``client`` in as ``username`` and return it."""
    assert login(client, username).status_code == 302
    return client
