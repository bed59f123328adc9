"""The database handle, and the SQLite settings that make concurrent writers safe."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Milliseconds a writer waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 15_000

#: Set inside write_transaction(): the transaction it begins takes the lock up front.
_writing: ContextVar[bool] = ContextVar("gongshi_writing", default=False)
#: Key in a connection's info: whether its current transaction began deferred.
_DEFERRED = "gongshi_deferred"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def configure_sqlite(
    engine: sa.Engine, *, may_defer: Callable[[], bool] | None = None, strict: bool = False
) -> None:
    """Make SQLite transactions take the write lock up front (WAL, busy timeout).

    A deferred transaction that reads and then writes fails at once with "database is
    locked" whatever the timeout, because SQLite cannot upgrade its read lock while
    another writer holds the database. Beginning with BEGIN IMMEDIATE makes it wait for
    the lock instead. Reads stay concurrent with the writer thanks to WAL.

    ``may_defer`` says when a transaction may begin deferred instead (plain BEGIN: it
    reads beside the writer and never queues for the lock): the back office answers yes
    for a GET, whose writes then go through :func:`write_transaction`. A write reached
    inside such a transaction anyway is logged, or raised when ``strict`` (the tests), so
    a GET that writes behind the helper's back is found before it meets a busy database.
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        deferred = may_defer is not None and not _writing.get() and may_defer()
        connection.info[_DEFERRED] = deferred
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    if may_defer is None:
        return

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _check_write(connection: sa.Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if not connection.info.get(_DEFERRED) or not may_defer():
            return  # a test's own writes after a GET's transaction are not the GET's
        if statement.lstrip()[:6].upper() not in _WRITES:
            return
        message = f"a write inside a read transaction (use write_transaction): {statement[:80]}"
        if strict:
            raise RuntimeError(message)
        logging.getLogger(__name__).warning(message)


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block's writes in a transaction of their own that takes the lock first.

    The transaction open so far ends first (for a GET, its read snapshot: a read
    transaction cannot wait for the write lock, only fail), so the block waits for a
    concurrent writer up to the busy timeout instead. Commits at the end, rolls back on
    an error. On PostgreSQL it is a commit and a new transaction, as any other.
    """
    db.session.commit()
    token = _writing.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _writing.reset(token)
