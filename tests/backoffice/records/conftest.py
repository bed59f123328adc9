"""Record-form fixtures: two townships (one with an office below it), staff, items, accounts."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pgsupport
import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.backoffice.app import create_app
from admin.demo import fictional
from admin.domain.passwords import hash_password
from admin.models import Body, EnforcementItem, Officer, PenaltyDecision, User
from admin.models.db import db
from admin.models.migrate import upgrade_database
from tests.backoffice.conftest import PASSWORD, login

TODAY = dt.date.today()
DECIDED = dt.date(TODAY.year, 1, 1)  # never later than today, same year as today
PREFIX = "测试镇综执罚"
PERSON_ID = fictional.id_number("张三", dt.date(1980, 5, 6), "男")
PERSON_PHONE = fictional.mobile("张三")


@dataclass
class World:
    township: int
    office: int
    other: int
    officers: list[int]
    other_officers: list[int]
    item: int


@pytest.fixture
def world(app: Flask) -> World:
    """Township 测试镇 (with its office), another township, and an account per role."""
    with app.app_context():
        township = _body("t-gov", "测试镇人民政府", None, fictional.credit_code("11", "测试镇"))
        office = _body("t-office", "测试镇综合执法办公室", township, "")
        office.is_enforcement_subject = False
        other = _body("o-gov", "别处镇人民政府", None, fictional.credit_code("11", "别处镇"))
        db.session.add_all([township, office, other])
        db.session.flush()
        staff = [_officer(name, township, n) for n, name in enumerate(["王一", "王二", "王三"])]
        far = [_officer(name, other, n + 10) for n, name in enumerate(["赵一", "赵二"])]
        item = EnforcementItem(
            body=township, slug="cf-0001", code="T-CF-1", name="违法建设", category="行政处罚"
        )
        db.session.add_all([*staff, *far, item])
        for username, role, body in [
            ("officer", "officer", township),
            ("clerk", "officer", township),
            ("far", "officer", other),
            ("reviewer", "reviewer", township),
            ("admin", "admin", township),
        ]:
            # One slow password hash per test run, not five per test.
            db.session.add(
                User(username=username, roles=[role], password_hash=password_hash(), bodies=[body])
            )
        db.session.commit()
        return World(
            township.id,
            office.id,
            other.id,
            [o.id for o in staff],
            [o.id for o in far],
            item.id,
        )


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, made once: copying it is much faster than migrating."""
    path = tmp_path_factory.mktemp("records-db") / "gongshi.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{path}"})
    with app.app_context():
        upgrade_database(db.engine)
        db.engine.dispose()
    return path


@pytest.fixture
def app(instance_dir: Path, content_dir: Path, migrated_database: Path) -> Iterator[Flask]:
    """The back-office app (as tests/backoffice/conftest.py's) on a copy of the migrated file."""
    if pgsupport.server_url():
        pgsupport.replace_with_migrated(os.environ["GONGSHI_DATABASE_URL"])
    else:
        shutil.copyfile(migrated_database, instance_dir / "gongshi.db")
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "CONTENT_DIR": str(content_dir)})
    yield app
    with app.app_context():
        db.engine.dispose()


@functools.cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def _body(slug: str, name: str, parent: Body | None, code: str) -> Body:
    return Body(
        slug=slug,
        name=name,
        parent=parent,
        kind="法定行政机关",
        credit_code=code,
        decision_prefix=PREFIX,
    )


def _officer(name: str, body: Body, n: int) -> Officer:
    return Officer(
        body=body, slug=f"officer-{n + 1:04d}", name=name, certificate_no=f"64000{n:05d}"
    )


def signed_in(client: FlaskClient, username: str) -> FlaskClient:
    """Sign ``client`` in as ``username``."""
    assert login(client, username).status_code == 302
    return client


def token_of(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token"
    return match.group(1)


def version_of(html: str) -> str:
    match = re.search(r'name="version" type="hidden" value="([^"]*)"', html)
    assert match, "no version field"
    return match.group(1)


def submit(client: FlaskClient, path: str, data: dict[str, Any], **kwargs: Any):
    """GET the form at ``path`` for its CSRF token and version, then POST ``data``."""
    html = client.get(path).get_data(as_text=True)
    fields = {"csrf_token": token_of(html)}
    if 'name="version"' in html:
        fields["version"] = version_of(html)
    return client.post(path, data={**fields, **data}, **kwargs)


def penalty_data(world: World, **overrides: Any) -> dict[str, Any]:
    """A valid 普通程序 decision against an organisation, as the form posts it."""
    data: dict[str, Any] = {
        "body_id": str(world.township),
        "party_kind": "法人及非法人组织",
        "party_name": "某某建材有限公司",
        "party_credit_code": fictional.credit_code("91", "某某建材"),
        "legal_rep": "张三",
        "legal_rep_id_type": "身份证",
        "legal_rep_id_number": PERSON_ID,
        "party_address": "测试镇幸福路 1 号",
        "party_phone": PERSON_PHONE,
        "related_persons": f"李四,{PERSON_ID},{PERSON_PHONE},证人",
        "decision_no": f"{PREFIX}〔{DECIDED.year}〕1号",
        "violation_type": "未经批准擅自建设",
        "facts": "经查，当事人**未经批准**建设厂房。",
        "basis": "《中华人民共和国城乡规划法》第六十五条",
        "kinds": ["罚款"],
        "content": "罚款人民币 3000 元",
        "fine_yuan": "3000",
        "confiscation_yuan": "",
        "licence_info": "",
        "filed_date": DECIDED.isoformat(),
        "decision_date": DECIDED.isoformat(),
        "validity_until": "",
        "authority": "测试镇人民政府",
        "authority_code": "",
        "procedure": "普通程序",
        "severity": "一般",
        "item_id": str(world.item),
        "officers": [str(world.officers[0]), str(world.officers[1])],
        "remarks": "",
    }
    data.update(overrides)
    return data


def stored_penalties(app: Flask) -> list[PenaltyDecision]:
    with app.app_context():
        found = db.session.scalars(db.select(PenaltyDecision).order_by(PenaltyDecision.id)).all()
        for decision in found:
            _ = decision.officers  # load before the context closes
        db.session.expunge_all()
        return list(found)
