"""PostgreSQL's search index at county scale: how it is stored and when it is asked (#16).

At 100,000 decisions a search on PostgreSQL took 0.65 s alone (the planner tested each
candidate's compressed tokens row by row) and 3 s under 20 users. The candidates are now
read through the GIN index alone, the tokens kept beside the index table's rows
(migration 0013), and a word most records hold is not narrowed at all.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.dialects import postgresql

from admin.domain.searchgrams import query_tokens
from admin.models import PenaltyDecision
from admin.models.db import db
from admin.models.migrate import alembic_config, upgrade_database
from admin.models.searchindex import COMMON, SEARCHED, index_table, narrowing, shares
from tests.backoffice.records.conftest import World, signed_in
from tests.backoffice.records.test_lists import add_decisions, names_listed
from tests.backoffice.records.test_search_index import ids_found

#: Distinct characters enough for a record's tokens to pass PostgreSQL's 2 KB, past which
#: a value is compressed or moved out of its row.
LONG = "".join(chr(0x4E00 + 7 * n) for n in range(300))


def test_the_candidates_are_read_apart_from_the_list_on_postgresql() -> None:
    # Inlined into the list's query, the planner may test every row's tokens in turn.
    narrow = narrowing(PenaltyDecision, "建筑", "postgresql")
    assert narrow is not None
    statement = sa.select(PenaltyDecision.id).where(narrow).limit(10_001)
    sql = " ".join(str(statement.compile(dialect=postgresql.dialect())).split())
    assert "AS MATERIALIZED (SELECT record_id FROM search_penalty_decision" in sql


def test_a_word_most_records_hold_is_not_narrowed() -> None:
    pair = query_tokens("罚款")
    assert len(pair) == 1
    common = {pair[0]: 0.9}
    assert narrowing(PenaltyDecision, "罚款", "postgresql", common) is None
    assert narrowing(PenaltyDecision, "罚款", "postgresql", {pair[0]: COMMON - 0.01}) is not None
    # A word is as common as all its tokens together: 罚款罚 holds a rare pair too.
    assert narrowing(PenaltyDecision, "罚款罚", "postgresql", common) is not None
    assert narrowing(PenaltyDecision, "罚款", "postgresql", None) is not None


@pytest.fixture
def officer(client: FlaskClient, world: World) -> FlaskClient:
    return signed_in(client, "officer")


@pytest.mark.postgresql_only
def test_shares_come_from_the_statistics_and_leave_common_words_to_the_ilike(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    names = [f"罚款{n}号商行" for n in range(30)] + ["草原牧业合作社"]
    add_decisions(app, world.township, names)
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"ANALYZE {index_table('penalty_decision')}")
            found = shares(connection, "penalty_decision")
        assert found is not None and found
        assert narrowing(PenaltyDecision, "罚款", "postgresql", found) is None
        assert narrowing(PenaltyDecision, "牧业", "postgresql", found) is not None
    # Narrowed or not, the list finds what the ILIKE finds.
    assert len(names_listed(officer, "q=罚款")) == 20
    assert names_listed(officer, "q=牧业") == ["草原牧业合作社"]


@pytest.mark.postgresql_only
def test_migration_0013_stores_the_tokens_apart_and_uncompressed(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0012")
    ids = add_decisions(app, world.township, ["长名商行", "甲公司"])
    with_long_facts(app, ids[0])
    table = index_table("penalty_decision")
    compressed = f"SELECT pg_column_compression(tokens) FROM {table} WHERE record_id = :id"
    with app.app_context():
        with db.engine.connect() as connection:
            # Before: the long record's tokens compressed inside its row.
            assert connection.execute(sa.text(compressed), {"id": ids[0]}).scalar() == "pglz"
        upgrade_database(db.engine)
        with db.engine.connect() as connection:
            for name in SEARCHED:
                storage = connection.execute(
                    sa.text(
                        "SELECT attstorage FROM pg_attribute"
                        " WHERE attrelid = CAST(:table AS regclass) AND attname = 'tokens'"
                    ),
                    {"table": index_table(name)},
                ).scalar()
                assert storage == "e", name
            assert connection.execute(sa.text(compressed), {"id": ids[0]}).scalar() is None
        # The index answers as before, for the records it held and those written after.
        assert ids_found(PenaltyDecision, "长名", True) == {ids[0]}
        assert ids_found(PenaltyDecision, LONG[100:103], True) == {ids[0]}
        assert ids_found(PenaltyDecision, "甲", True) == ids_found(PenaltyDecision, "甲", False)
    later = add_decisions(app, world.township, ["后来商行"])
    with_long_facts(app, later[0])
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(sa.text(compressed), {"id": later[0]}).scalar() is None
    assert names_listed(officer, "q=后来") == ["后来商行"]


def with_long_facts(app: Flask, decision_id: int) -> None:
    """Give a decision facts long enough for its tokens to leave the row (an ORM edit,
    which keeps the index)."""
    with app.app_context():
        db.session.get(PenaltyDecision, decision_id).facts = LONG
        db.session.commit()
