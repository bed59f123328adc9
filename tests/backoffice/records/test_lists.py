"""Record lists: search safe against SQL/LIKE tricks, filters, pagination, body scoping."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.models import PenaltyDecision
from admin.models.db import db
from tests.backoffice.records.conftest import DECIDED, PREFIX, World, signed_in


def add_decisions(app: Flask, body_id: int, names: list[str], **fields) -> list[int]:
    """Store decisions directly (the list is under test here, not the form)."""
    ids = []
    with app.app_context():
        start = db.session.scalar(db.select(db.func.count(PenaltyDecision.id))) or 0
        for n, name in enumerate(names, start=start + 1):
            decision = PenaltyDecision(
                body_id=body_id,
                slug=f"{DECIDED.year}-{n:04d}",
                party_kind="法人及非法人组织",
                party_name=name,
                decision_no=f"{PREFIX}〔{DECIDED.year}〕{n}号",
                violation_type="违法建设",
                facts="事实",
                basis="依据",
                kinds=["警告"],
                content="警告",
                decision_date=fields.get("decision_date", DECIDED) + dt.timedelta(days=n % 20),
                authority="测试镇人民政府",
                procedure=fields.get("procedure", "普通程序"),
                state=fields.get("state", "草稿"),
            )
            db.session.add(decision)
            db.session.flush()
            ids.append(decision.id)
        db.session.commit()
    return ids


def names_listed(client: FlaskClient, query: str) -> list[str]:
    page = client.get(f"/penalties/?{query}").get_data(as_text=True)
    return re.findall(r"</a></td>\s*<td>([^<]*)</td>", page)


@pytest.fixture
def officer(client: FlaskClient, world: World) -> FlaskClient:
    return signed_in(client, "officer")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=甲", ["甲公司"]),
        ("q=%25", ["百分之%25公司"]),  # a literal %, not "anything"
        ("q=_", ["下划线_公司"]),  # a literal _, not "any one character"
        ("q=' OR 1=1--", []),
        ("q=%' OR '1'='1", []),
        ("q=\\", []),
        ("q=", ["甲公司", "乙公司", "百分之%公司", "下划线_公司"]),
    ],
)
def test_search_matches_text_literally(
    app: Flask, officer: FlaskClient, world: World, query: str, expected: list[str]
) -> None:
    add_decisions(app, world.township, ["甲公司", "乙公司", "百分之%公司", "下划线_公司"])
    assert sorted(names_listed(officer, query)) == sorted(e.replace("%25", "%") for e in expected)


def test_search_ignores_latin_case_on_every_database(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    add_decisions(app, world.township, ["ABC商行", "甲公司"])
    assert names_listed(officer, "q=abc") == ["ABC商行"]
    assert names_listed(officer, "q=Bc商") == ["ABC商行"]


def test_filters_by_state_year_and_procedure(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    add_decisions(app, world.township, ["草稿甲"])
    add_decisions(app, world.township, ["已公示乙"], state="已公示", procedure="简易程序")
    add_decisions(app, world.township, ["去年丙"], decision_date=dt.date(2020, 3, 1))
    assert names_listed(officer, "state=已公示") == ["已公示乙"]
    assert names_listed(officer, "procedure=简易程序") == ["已公示乙"]
    assert names_listed(officer, "year=2020") == ["去年丙"]
    # Unknown filter values are refused with a Chinese 400, never matched or a 500.
    response = officer.get("/penalties/?state=' OR 1=1--")
    assert response.status_code == 400 and "状态：不是可选的值" in response.get_data(as_text=True)
    assert officer.get("/penalties/?year=20x0").status_code == 400
    page = officer.get("/penalties/").get_data(as_text=True)
    assert '<option value="2020">2020 年</option>' in page
    assert '<span class="badge badge-published">已公示</span>' in page


def test_pagination_shows_twenty_newest_first(app: Flask, officer: FlaskClient, world) -> None:
    add_decisions(app, world.township, [f"公司{n:02d}" for n in range(1, 46)])
    first = names_listed(officer, "")
    assert len(first) == 20
    with app.app_context():
        dates = db.session.scalars(
            db.select(PenaltyDecision.decision_date).order_by(
                PenaltyDecision.decision_date.desc(), PenaltyDecision.id.desc()
            )
        ).all()
        newest = db.session.scalars(
            db.select(PenaltyDecision.party_name).order_by(
                PenaltyDecision.decision_date.desc(), PenaltyDecision.id.desc()
            )
        ).all()
    assert dates[0] >= dates[-1]
    assert first == newest[:20]
    page = officer.get("/penalties/?page=3").get_data(as_text=True)
    assert len(names_listed(officer, "page=3")) == 5
    assert 'href="/penalties/?page=2"' in page and '<span aria-current="page">3</span>' in page
    assert "共 45 条" in page
    # Past the end: the last page; nonsense: a Chinese 400, never a 500.
    assert len(names_listed(officer, "page=99")) == 5
    assert officer.get("/penalties/?page=-1").status_code == 400
    # Page links keep the search.
    search = officer.get("/penalties/?q=公司&page=1").get_data(as_text=True)
    assert "q=%E5%85%AC%E5%8F%B8" in search and "page=2" in search


def test_account_sees_only_its_bodies_records_including_child_offices(
    app: Flask, client: FlaskClient, world: World
) -> None:
    [own] = add_decisions(app, world.township, ["本镇公司"])
    [child] = add_decisions(app, world.office, ["办公室公司"])
    [foreign] = add_decisions(app, world.other, ["外镇公司"])
    signed_in(client, "officer")
    assert sorted(names_listed(client, "")) == ["办公室公司", "本镇公司"]
    assert client.get(f"/penalties/{own}/edit").status_code == 200
    assert client.get(f"/penalties/{child}/edit").status_code == 200
    assert client.get(f"/penalties/{foreign}/edit").status_code == 404
    other = signed_in(app.test_client(), "far")
    assert names_listed(other, "") == ["外镇公司"]
    assert other.get(f"/penalties/{own}/edit").status_code == 404


@pytest.mark.parametrize(
    "path", ["/penalties/", "/inspections/", "/info/", "/officers/", "/items/", "/subjects/"]
)
def test_every_list_is_readable_by_any_signed_in_account(
    app: Flask, client: FlaskClient, world: World, path: str
) -> None:
    assert client.get(path).status_code == 302  # anonymous: to the login page
    signed_in(client, "reviewer")
    page = client.get(path)
    assert page.status_code == 200
    assert "新建" not in page.get_data(as_text=True)  # reviewers don't create records


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        ("reviewer", "/penalties/new", 403),
        ("admin", "/penalties/new", 403),
        ("officer", "/subjects/new", 403),
        ("admin", "/subjects/new", 200),
        ("officer", "/officers/new", 200),
        ("officer", "/items/new", 200),
    ],
)
def test_who_may_create(app: Flask, client: FlaskClient, world, username, path, status) -> None:
    signed_in(client, username)
    assert client.get(path).status_code == status
