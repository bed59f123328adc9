"""The 工作台 weighs the same records as before, read through indexes (#16 item 6)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa

from admin.demo import load_demo
from admin.domain import vocab
from admin.models import InfoItem, Inspection, Licence, PenaltyDecision
from admin.models.db import db
from admin.store import dashboard

CUTOFFS = [dt.date(2020, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 9, 1), dt.date(2030, 1, 1)]
FINAL_PENALTY = (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN, vocab.STATE_REPAIRED)
FINAL_SIMPLE = (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN)


def before(cutoff: dt.date) -> set[tuple[str, int]]:
    """The records the dashboard weighed until 0012: its conditions as they were written."""
    own = PenaltyDecision.imported.is_(False)
    penalties = sa.select(PenaltyDecision.id).where(
        sa.or_(
            sa.and_(own, PenaltyDecision.state.notin_(FINAL_PENALTY)),
            sa.and_(own, PenaltyDecision.published_on >= cutoff),
            PenaltyDecision.decision_date >= cutoff,
            PenaltyDecision.withdrawn_on >= cutoff,
            sa.and_(
                PenaltyDecision.changed_on.is_not(None), PenaltyDecision.withdrawn_on.is_(None)
            ),
        )
    )
    found = {("penalties", i) for i in db.session.scalars(penalties)}
    for dataset, model in (("inspections", Inspection), ("info", InfoItem), ("licences", Licence)):
        query = sa.select(model.id).where(
            model.state != vocab.STATE_WITHDRAWN,
            sa.or_(model.state.notin_(FINAL_SIMPLE), model.published_on >= cutoff),
        )
        if model is Licence:
            query = query.where(Licence.imported.is_(False))
        found |= {(dataset, i) for i in db.session.scalars(query)}
    return found


def now(cutoff: dt.date) -> set[tuple[str, int]]:
    return {
        (dataset, record.id)
        for dataset, record, _ in dashboard._candidates(db.session, cutoff)
        if dataset != "requests"
    }


@pytest.fixture
def varied(app) -> None:
    """The demo, and decisions in every situation the conditions tell apart."""
    load_demo(db.session, actor="test")
    db.session.commit()
    ids = db.session.scalars(sa.select(PenaltyDecision.id).order_by(PenaltyDecision.id)).all()
    # Written in SQL: the test shapes situations, it does not run the workflow.
    situations = [
        {"imported": True, "state": vocab.STATE_IN_REVIEW},
        {"imported": True, "published_on": dt.date(2026, 10, 1)},
        {"changed_on": dt.date(2021, 1, 5), "withdrawn_on": None},
        {"changed_on": dt.date(2021, 1, 5), "withdrawn_on": dt.date(2021, 2, 1)},
        {"withdrawn_on": dt.date(2026, 10, 2), "state": vocab.STATE_WITHDRAWN},
        {"state": vocab.STATE_REPAIRED, "published_on": dt.date(2025, 1, 1)},
        {"state": vocab.STATE_RETURNED},
    ]
    for record_id, values in zip(ids, situations, strict=False):
        db.session.execute(
            sa.update(PenaltyDecision).where(PenaltyDecision.id == record_id).values(**values)
        )
    first = db.session.scalar(sa.select(Inspection.id).order_by(Inspection.id))
    db.session.execute(
        sa.update(Inspection)
        .where(Inspection.id == first)
        .values(state=vocab.STATE_WITHDRAWN, published_on=dt.date(2026, 10, 3))
    )
    db.session.commit()


@pytest.mark.parametrize("cutoff", CUTOFFS)
def test_the_dashboard_weighs_the_records_it_did(varied, cutoff: dt.date) -> None:
    expected = before(cutoff)
    assert expected  # the situations are not all outside every cutoff
    assert now(cutoff) == expected


@pytest.mark.sqlite_only
def test_the_dashboard_reads_each_table_through_its_indexes(varied) -> None:
    statements: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, *_args) -> None:
        statements.append((statement, tuple(parameters)))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        dashboard._candidates(db.session, dt.date(2026, 9, 1))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    connection = sqlite3.connect(str(db.engine.url.database))
    try:
        for statement, parameters in statements:
            values = tuple(str(v) if isinstance(v, dt.date) else v for v in parameters)
            plan = [
                row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", values)
            ]
            # A SCAN read every row of the table: 70 ms at 100,000 decisions.
            assert not [step for step in plan if step.startswith("SCAN")], (statement, plan)
    finally:
        connection.close()
