"""The schema comes from migrations; SQLite runs in WAL with writers that wait, not fail."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from admin.models.db import db
from admin.models.migrate import current_revision, head_revision, upgrade_database


def test_migrations_create_every_table_from_an_empty_database(app: Flask) -> None:
    tables = set(sa.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert current_revision(db.engine) == head_revision()


def test_migrations_match_the_models(app: Flask) -> None:
    """A model change without a migration would make this fail (autogenerate finds a diff)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from admin.models.searchindex import include_name

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_upgrade_is_idempotent(app: Flask) -> None:
    before, after = upgrade_database(db.engine)
    assert before == after == head_revision()


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_with_foreign_keys(app: Flask) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_audit_rows_cannot_be_changed_or_deleted(app: Flask) -> None:
    from admin.store import audit

    audit.record(db.session, "tester", "create", "body", 1, name="x")
    db.session.commit()
    for statement in ("UPDATE audit_entry SET actor = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(sa.text(statement))
        db.session.rollback()


@pytest.mark.sqlite_only
def test_concurrent_read_then_write_transactions_wait_instead_of_failing(
    app: Flask, tmp_path: Path
) -> None:
    """Deferred SQLite transactions that read then write fail with 'database is locked'."""
    engine = db.engine
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
        connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(20):
                with engine.begin() as connection:
                    n = connection.exec_driver_sql("SELECT n FROM counter").scalar()
                    connection.exec_driver_sql("UPDATE counter SET n = ?", (n + 1,))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as connection:
        # No lost update either: every read-modify-write was serialised.
        assert connection.exec_driver_sql("SELECT n FROM counter").scalar() == 80
