"""The audit trail is a hash chain: any change to a stored entry is detected."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from admin import audit
from admin.db import db
from admin.models import AuditEntry


def _three_entries() -> None:
    audit.record(db.session, "officer", "create", "penalty_decision", 1, after={"a": 1})
    audit.record(db.session, "reviewer", "review", "penalty_decision", 1, outcome="同意")
    audit.record(db.session, "officer", "publish", "penalty_decision", 1)
    db.session.commit()


def test_entries_chain_to_their_predecessor(app: Flask) -> None:
    _three_entries()
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert entries[0].prev_hash == audit.GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert audit.chain_head(db.session) == entries[-1].hash
    assert audit.verify_chain(db.session) == []


def test_tampering_with_a_stored_entry_is_detected(app: Flask) -> None:
    _three_entries()
    with db.engine.begin() as connection:
        # An attacker with file access drops the trigger, edits, and puts it back.
        connection.exec_driver_sql("DROP TRIGGER audit_entry_no_update")
        connection.exec_driver_sql("UPDATE audit_entry SET actor = 'someone' WHERE id = 2")
    db.session.expire_all()
    problems = audit.verify_chain(db.session)
    assert problems == ["第 2 条：内容与哈希不符（记录被修改）"]


def test_deleting_an_entry_breaks_the_chain(app: Flask) -> None:
    _three_entries()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_entry_no_delete")
        connection.exec_driver_sql("DELETE FROM audit_entry WHERE id = 2")
    db.session.expire_all()
    assert audit.verify_chain(db.session) == ["第 3 条：前一条的哈希不符（记录被删除或插入）"]
