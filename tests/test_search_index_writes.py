"""The back office's search index follows every write: demo, import, publish, withdraw (#16).

For every record type the lists search, words taken from the stored texts (one character,
two, three, upper and lower case) must find through the index exactly what the list's
ILIKE finds without it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from admin.backoffice.records.listing import search_clause
from admin.demo import load_demo
from admin.demo.bodies import TOWNSHIP_NAME
from admin.demo.publish import publish_demo
from admin.models import DATASET_MODELS, Body, PenaltyDecision
from admin.models.db import db
from admin.models.searchindex import narrowing, searched_columns
from admin.publish.importer import import_penalties
from admin.publish.publishing import withdraw_record
from tests.test_import_export import company, person, write_csv

#: Words per record type: enough to cover the demo's texts, few enough to stay quick.
PROBES = 120
TODAY = dt.date(2026, 3, 2)


def probes_of(session: Session, model: type) -> list[str]:
    """Return words cut from the stored texts of ``model``, and some found nowhere."""
    words: set[str] = {"草原牧场", "%", "_", "ＡＢ", "zz"}
    for row in session.execute(sa.select(*searched_columns(model))):
        for value in row:
            text = (value or "").strip()
            middle = len(text) // 2
            cuts = (text[:1], text[:2], text[-2:], text[middle : middle + 3], text[:4].upper())
            words.update(cut for cut in cuts if cut.strip())
    ordered = sorted(words)
    step = max(1, len(ordered) // PROBES)
    return ordered[::step]


def disagreements(session: Session) -> list[tuple[str, str, set[int]]]:
    """Return (table, word, ids the index lost or added) wherever the two answers differ."""
    dialect = session.get_bind().dialect.name
    wrong = []
    for model in DATASET_MODELS.values():
        for word in probes_of(session, model):
            plain = sa.select(model.id).where(search_clause(searched_columns(model), word))
            narrow = narrowing(model, word, dialect)
            assert narrow is not None, word
            exact = set(session.scalars(plain))
            fast = set(session.scalars(plain.where(narrow)))
            if exact != fast:
                wrong.append((model.__table__.name, word, exact ^ fast))
    return wrong


def test_the_index_follows_demo_import_publish_withdraw_and_delete(
    app: Flask, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    session = db.session
    load_demo(session, actor="test")
    publish_demo(session, content, actor="test")
    session.commit()
    assert disagreements(session) == []

    rows = [
        person(901, 行政相对人名称="牧草原种场", 违法事实="当事人在草原上非法开垦。"),
        company(902, 行政相对人名称="ＸＹＺ草业有限公司"),
    ]
    rows = [{**row, "处罚机关": TOWNSHIP_NAME, "数据来源单位": TOWNSHIP_NAME} for row in rows]
    import_penalties(
        session,
        write_csv(tmp_path / "p.csv", rows),
        actor="test",
        today=TODAY,
        content_root=content,
        publish=True,
    )
    session.commit()
    imported = session.scalars(
        sa.select(PenaltyDecision).where(PenaltyDecision.party_name == "牧草原种场")
    ).one()
    withdraw_record(
        session,
        imported,
        reason="经行政复议，该决定被撤销",
        actor="test",
        today=TODAY,
        content_root=content,
    )
    body = session.scalars(sa.select(Body).where(Body.name == TOWNSHIP_NAME)).one()
    body.short_name = "草原镇"  # an ORM edit of a searched column
    session.commit()
    assert disagreements(session) == []
    found = {
        word: set(
            session.scalars(
                sa.select(PenaltyDecision.party_name)
                .where(search_clause(searched_columns(PenaltyDecision), word))
                .where(narrowing(PenaltyDecision, word, session.get_bind().dialect.name))
            )
        )
        for word in ("原种", "草业", "ＸＹＺ")
    }
    assert found == {
        "原种": {"牧草原种场"},
        "草业": {"ＸＹＺ草业有限公司"},
        "ＸＹＺ": {"ＸＹＺ草业有限公司"},
    }
    narrowed = narrowing(Body, "草原镇", session.get_bind().dialect.name)
    assert session.scalars(sa.select(Body.id).where(narrowed)).all() == [body.id]

    # A deleted record is found no more (PostgreSQL drops its row; SQLite's id finds none).
    gone = Body(slug="gone", name="临时草原管理站", kind="法定行政机关")
    session.add(gone)
    session.commit()
    narrowed = narrowing(Body, "临时", session.get_bind().dialect.name)
    assert session.scalars(sa.select(Body.name).where(narrowed)).all() == ["临时草原管理站"]
    session.delete(gone)
    session.commit()
    assert session.scalars(sa.select(Body.name).where(narrowed)).all() == []
    assert disagreements(session) == []
