"""The search index narrows ?q= without changing what it finds, on every database (#16)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from flask import Flask
from flask.testing import FlaskClient

from admin.backoffice.records.listing import search_clause
from admin.models import Body, Officer, PenaltyDecision
from admin.models.db import db
from admin.models.migrate import alembic_config, head_revision, upgrade_database
from admin.models.searchindex import SEARCHED, index_table, narrowing, searched_columns
from tests.backoffice.records.conftest import World, penalty_data, signed_in, submit
from tests.backoffice.records.test_lists import add_decisions, names_listed

NAMES = [
    "甲公司",
    "ABC商行",
    "百分之%公司",
    "下划线_公司",
    "ＡＢＣ商店",  # full width: found by full-width input only, as before the index
    "CAFÉ 咖啡馆",  # PostgreSQL's ILIKE folds É, SQLite's does not: the index must not lose it
    "2026年度商行",
]
QUERIES = [
    "甲",
    "公司",
    "abc",
    "Bc商",
    "%",
    "_",
    "ＡＢ",
    "ａｂ",
    "ab",
    "café",
    "CAFÉ",
    "20",
    "2026",
    "6年",
    "草原",
    "\\",
    "' OR 1=1--",
    "商",
]


def ids_found(model: type, text: str, narrowed: bool) -> set[int]:
    """Return the ids the ILIKE of the list finds for ``text``, with or without the index."""
    statement = sa.select(model.id).where(search_clause(searched_columns(model), text))
    narrow = narrowing(model, text, db.session.get_bind().dialect.name)
    if narrowed:
        assert narrow is not None, text
        statement = statement.where(narrow)
    return set(db.session.scalars(statement))


@pytest.fixture
def officer(client: FlaskClient, world: World) -> FlaskClient:
    return signed_in(client, "officer")


def test_the_index_finds_what_the_ilike_finds(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    add_decisions(app, world.township, NAMES)
    with app.app_context():
        for text in QUERIES:
            assert ids_found(PenaltyDecision, text, True) == ids_found(
                PenaltyDecision, text, False
            ), text
        # And it narrows: a rare character names its record alone, a missing word none.
        dialect = db.session.get_bind().dialect.name
        candidates = sa.select(PenaltyDecision.id).where(narrowing(PenaltyDecision, "甲", dialect))
        assert len(db.session.scalars(candidates).all()) == 1
        missing = sa.select(PenaltyDecision.id).where(narrowing(PenaltyDecision, "草原", dialect))
        assert db.session.scalars(missing).all() == []
    # The list answers as before the index (tests/backoffice/records/test_lists.py).
    assert names_listed(officer, "q=甲") == ["甲公司"]
    assert names_listed(officer, "q=abc") == ["ABC商行"]
    assert names_listed(officer, "q=Bc商") == ["ABC商行"]
    assert names_listed(officer, "q=ＡＢ") == ["ＡＢＣ商店"]
    assert names_listed(officer, "q=%25") == ["百分之%公司"]
    assert names_listed(officer, "q=_") == ["下划线_公司"]
    assert names_listed(officer, "q=6年") == ["2026年度商行"]
    assert names_listed(officer, "q=草原") == []


def test_the_index_follows_a_back_office_edit(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    response = submit(officer, "/penalties/new", penalty_data(world, party_name="甲乙建材商行"))
    assert response.status_code == 302
    with app.app_context():
        decision_id = db.session.scalar(sa.select(PenaltyDecision.id))
    assert names_listed(officer, "q=乙建") == ["甲乙建材商行"]
    path = f"/penalties/{decision_id}/edit"
    response = submit(officer, path, penalty_data(world, party_name="丙丁砂石料场"))
    assert response.status_code == 302
    assert names_listed(officer, "q=丙丁") == ["丙丁砂石料场"]
    assert names_listed(officer, "q=砂") == ["丙丁砂石料场"]
    assert names_listed(officer, "q=乙建") == []
    with app.app_context():
        for text in ("丙丁", "砂", "乙建", "建材"):
            assert ids_found(PenaltyDecision, text, True) == ids_found(PenaltyDecision, text, False)


def _index_tables() -> set[str]:
    names = set(sa.inspect(db.engine).get_table_names())
    return {index_table(table) for table in SEARCHED} & names


def test_migration_0011_fills_the_index_of_records_made_before_it(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    add_decisions(app, world.township, ["草原牧业合作社", "甲公司"])
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0010")
        assert _index_tables() == set()
        before, after = upgrade_database(db.engine)
        assert (before, after) == ("0010", head_revision())
        assert _index_tables() == {index_table(table) for table in SEARCHED}
        found = ids_found(PenaltyDecision, "牧业", True)
        assert len(found) == 1
        assert found == ids_found(PenaltyDecision, "牧业", False)
        # The bodies and officers of the fixture were indexed too.
        assert ids_found(Body, "测试", True) == ids_found(Body, "测试", False) != set()
        assert ids_found(Officer, "王二", True) == ids_found(Officer, "王二", False) != set()
    assert names_listed(officer, "q=草原") == ["草原牧业合作社"]
    assert "测试镇人民政府" in officer.get("/subjects/?q=测试").get_data(as_text=True)
