"""The audit trail is a hash chain: any change to a stored entry is detected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from pgsupport import drop_audit_guard

from admin.models import AuditEntry
from admin.models.db import db
from admin.store import audit


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
        drop_audit_guard(connection, "UPDATE")
        connection.exec_driver_sql("UPDATE audit_entry SET actor = 'someone' WHERE id = 2")
    db.session.expire_all()
    problems = audit.verify_chain(db.session)
    assert problems == ["第 2 条：内容与哈希不符（记录被修改）"]


def test_deleting_an_entry_breaks_the_chain(app: Flask) -> None:
    _three_entries()
    with db.engine.begin() as connection:
        drop_audit_guard(connection, "DELETE")
        connection.exec_driver_sql("DELETE FROM audit_entry WHERE id = 2")
    db.session.expire_all()
    assert audit.verify_chain(db.session) == ["第 3 条：前一条的哈希不符（记录被删除或插入）"]


def _recompute_plain(connection: sa.Connection, from_id: int, *, legacy: bool) -> None:
    """What an attacker without the key can do: recompute the unkeyed chain from a row on."""
    rows = connection.execute(
        sa.select(AuditEntry.__table__).where(AuditEntry.id >= from_id).order_by(AuditEntry.id)
    ).all()
    prev = connection.execute(
        sa.select(AuditEntry.hash).where(AuditEntry.id == from_id - 1)
    ).scalar_one()
    for row in rows:
        at = row.at if not isinstance(row.at, str) else dt.datetime.fromisoformat(row.at)
        digest = audit.entry_hash(
            prev, at, row.actor, row.action, row.entity, row.entity_id, row.detail
        )
        values = {"prev_hash": prev, "hash": digest}
        if legacy:
            values["scheme"] = None
        connection.execute(
            sa.update(AuditEntry.__table__).where(AuditEntry.id == row.id).values(**values)
        )
        prev = digest


@pytest.mark.parametrize("legacy", [False, True], ids=["keyed-label-kept", "relabelled-plain"])
def test_a_rewritten_and_recomputed_chain_fails_without_the_key(app: Flask, legacy) -> None:
    """With the triggers dropped, rows rewritten and the plain SHA chain recomputed: caught."""
    _three_entries()
    with db.engine.begin() as connection:
        drop_audit_guard(connection, "UPDATE")
        connection.exec_driver_sql("UPDATE audit_entry SET actor = 'someone' WHERE id = 2")
        _recompute_plain(connection, 2, legacy=legacy)
    db.session.expire_all()
    problems = audit.verify_chain(db.session)
    assert problems and all(p.startswith(("第 2 条", "第 3 条")) for p in problems)
    expected = "应为带密钥的哈希" if legacy else "内容与哈希不符"
    assert expected in problems[0]


def test_the_key_lives_in_the_instance_folder_only(app: Flask, instance_dir: Path) -> None:
    _three_entries()
    key = instance_dir / audit.KEY_FILE
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600
    text = key.read_text().strip()
    entries = db.session.scalars(sa.select(AuditEntry)).all()
    assert all(e.scheme == audit.KEYED for e in entries)
    assert all(text not in str(e.detail) for e in entries)
    key.unlink()  # without it nothing keyed can be checked: said, not passed
    assert "不存在" in audit.verify_chain(db.session)[-1]


def test_rows_written_before_the_key_still_verify(instance_dir: Path) -> None:
    """A trail from before migration 0005 (plain SHA-256) verifies, and keyed rows follow."""
    from alembic import command

    from admin.backoffice.app import create_app
    from admin.models.common import utcnow
    from admin.models.migrate import alembic_config, upgrade_database

    app = create_app({"TESTING": True, "SECRET_KEY": "test"})
    with app.app_context():
        with db.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0004")
            prev = audit.GENESIS
            for n in range(2):
                at = utcnow()
                digest = audit.entry_hash(prev, at, "old", "create", "penalty_decision", n, {})
                connection.execute(
                    sa.text(
                        "INSERT INTO audit_entry (at, actor, action, entity, entity_id, detail,"
                        " prev_hash, hash) VALUES (:at, 'old', 'create', 'penalty_decision',"
                        " :n, '{}', :prev, :hash)"
                    ),
                    {"at": at, "n": n, "prev": prev, "hash": digest},
                )
                prev = digest
        upgrade_database(db.engine)
        audit.record(db.session, "officer", "publish", "penalty_decision", 1)
        db.session.commit()
        schemes = db.session.scalars(sa.select(AuditEntry.scheme).order_by(AuditEntry.id)).all()
        assert schemes == [None, None, audit.KEYED]
        assert audit.verify_chain(db.session) == []
        db.session.remove()
        db.engine.dispose()


def test_the_upgrade_derives_who_touched_a_record_in_review(instance_dir: Path) -> None:
    """Migration 0005 reads the trail: whoever edited or submitted since the last review."""
    from alembic import command

    from admin.backoffice.app import create_app
    from admin.domain import vocab
    from admin.models import PenaltyDecision, User
    from admin.models.migrate import alembic_config, upgrade_database
    from admin.store import revisions

    app = create_app({"TESTING": True, "SECRET_KEY": "test"})
    with app.app_context():
        with db.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0004")
            # Rows as revision 0004 holds them: today's models have columns 0004 lacks.
            for name in ("a", "both"):
                connection.execute(
                    sa.text(
                        "INSERT INTO account (username, display_name, password_hash, roles,"
                        " active, created_at, password_changed_at) VALUES (:name, '', 'x',"
                        " '[\"officer\"]', :yes, :at, :at)"
                    ),
                    {"name": name, "yes": True, "at": dt.datetime(2026, 1, 1)},
                )
            connection.execute(
                sa.text(
                    "INSERT INTO body (slug, name, short_name, kind, is_enforcement_subject,"
                    " credit_code, address, phone, office_hours, legal_basis, delegation_basis,"
                    " duties, supervisor, complaint_channel, review_body, court,"
                    " decision_prefix, created_at) VALUES ('town', '示范镇人民政府', '',"
                    " '法定行政机关', :yes, '', '', '', '', '', '', '', '', '', '', '', '', :at)"
                ),
                {"yes": True, "at": dt.datetime(2026, 1, 1)},
            )
        body_id = db.session.scalar(sa.text("SELECT id FROM body WHERE slug = 'town'"))
        decision = PenaltyDecision(
            slug="p-1",
            body_id=body_id,
            party_kind=vocab.PARTY_ORGANISATION,
            party_name="示范公司",
            decision_no="示范罚〔2026〕1号",
            violation_type="占道经营",
            facts="占道经营。",
            basis="条例",
            content="罚款",
            decision_date=dt.date(2026, 1, 1),
            authority="示范镇人民政府",
            procedure=vocab.PROCEDURE_ORDINARY,
            state=vocab.STATE_IN_REVIEW,
        )
        db.session.add(decision)
        db.session.commit()
        rows = [("a", "create"), ("a", "review"), ("both", "edit"), ("both", "submit")]
        prev = audit.GENESIS
        with db.engine.begin() as connection:
            for n, (actor, action) in enumerate(rows):
                at = dt.datetime(2026, 1, 1, 0, 0, n)
                digest = audit.entry_hash(prev, at, actor, action, "penalty_decision", 1, {})
                connection.execute(
                    sa.text(
                        "INSERT INTO audit_entry (at, actor, action, entity, entity_id, detail,"
                        " prev_hash, hash) VALUES (:at, :actor, :action, 'penalty_decision',"
                        " 1, '{}', :prev, :hash)"
                    ),
                    {"at": at, "actor": actor, "action": action, "prev": prev, "hash": digest},
                )
                prev = digest
        db.session.remove()
        upgrade_database(db.engine)
        decision = db.session.get(PenaltyDecision, 1)
        both = db.session.scalar(sa.select(User.id).where(User.username == "both"))
        assert revisions.eyes(db.session, "penalties", decision)["touchers"] == {both}
        assert audit.verify_chain(db.session) == []
        db.session.remove()
        db.engine.dispose()


def test_concurrent_appenders_keep_one_chain(app: Flask) -> None:
    """Two writers at once: each append reads and moves the head under its lock."""
    import threading

    from admin.models import AuditChainHead

    errors: list[BaseException] = []

    def append(name: str) -> None:
        try:
            with app.app_context():
                for n in range(15):
                    audit.record(db.session, name, "edit", "penalty_decision", n)
                    db.session.commit()
                db.session.remove()
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    db.session.commit()  # the fixture's context holds no transaction open meanwhile
    threads = [threading.Thread(target=append, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert audit.verify_chain(db.session) == []
    head = db.session.get(AuditChainHead, 1)
    assert head.entries == audit.entry_count(db.session) == 30
    assert head.head == audit.chain_head(db.session)
