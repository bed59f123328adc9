"""A fresh PostgreSQL database per test, when $GONGSHI_TEST_DATABASE_URL names a server.

The URL is the maintenance database of a server the tests may create databases on, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5433/postgres``. Each test gets its own database
(CREATE DATABASE from template0 takes ~0.1 s); a database already migrated to the newest
revision is cloned from a template made once per session. Databases are made with a
Chinese ICU collation where the server has ICU, as a county's DBA would (zh_CN): any
query whose result order depends on text collation then shows up as a difference from
SQLite, which compares bytes.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ENV = "GONGSHI_TEST_DATABASE_URL"
_counter = itertools.count(1)
_state: dict[str, object] = {}


def server_url() -> str | None:
    """Return the test server's URL, or None to test on SQLite."""
    return os.environ.get(ENV) or None


def describe(url: str) -> str:
    """Return ``host:port`` of ``url`` (never its password), for the session summary."""
    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


def _admin() -> sa.Engine:
    engine = _state.get("engine")
    if engine is None:
        url = server_url()
        assert url, f"{ENV} is not set"
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        _state["engine"] = engine
    return engine  # type: ignore[return-value]


def _database_url(name: str) -> str:
    url = server_url()
    assert url
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _locale_clause(connection: sa.Connection) -> str:
    if "locale" not in _state:
        icu = connection.exec_driver_sql(
            "SELECT count(*) FROM pg_collation WHERE collprovider = 'i'"
        ).scalar()
        _state["locale"] = " LOCALE_PROVIDER icu ICU_LOCALE 'zh'" if icu else ""
    return str(_state["locale"])


def create_database(name: str, template: str = "template0") -> str:
    """Create database ``name`` (UTF-8) as a copy of ``template``; return its URL."""
    with _admin().connect() as connection:
        clause = _locale_clause(connection) if template == "template0" else ""
        statement = f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'{clause}'
        for attempt in range(50):
            try:
                connection.exec_driver_sql(statement)
                break
            except sa.exc.OperationalError as exc:
                # "source database is being accessed by other users": autovacuum visits
                # the template now and then; it leaves within moments.
                if "accessed by other users" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.1)
    return _database_url(name)


def drop_database(name: str) -> None:
    """Drop ``name``, ending the connections a test left open (a server, a pool)."""
    with _admin().connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_name(kind: str = "t") -> str:
    return f"gongshi_{kind}{os.getpid()}_{next(_counter)}"


@contextmanager
def fresh_database() -> Iterator[str]:
    """Yield the URL of a new empty database, dropped afterwards."""
    name = new_name()
    url = create_database(name)
    try:
        yield url
    finally:
        drop_database(name)


def _template() -> str:
    """Return the session's database at the newest revision, made on first use."""
    name = _state.get("template")
    if name is None:
        from admin.models.migrate import upgrade_database

        name = new_name("tpl")
        engine = sa.create_engine(create_database(name), poolclass=NullPool)
        try:
            upgrade_database(engine)
        finally:
            engine.dispose()
        _state["template"] = name
    return str(name)


def replace_with_migrated(url: str) -> None:
    """Recreate the database of ``url`` as a copy of the migrated template."""
    name = make_url(url).database
    assert name
    template = _template()
    drop_database(name)
    create_database(name, template)


def drop_templates() -> None:
    """Drop the session's template database (at the end of the session)."""
    name = _state.pop("template", None)
    if name is not None:
        drop_database(str(name))
    engine = _state.pop("engine", None)
    if engine is not None:
        engine.dispose()  # type: ignore[attr-defined]


def database_url(instance: Path) -> str:
    """Return the URL of the database a test's ``gongshi`` commands use."""
    return os.environ.get("GONGSHI_DATABASE_URL") or f"sqlite:///{instance / 'gongshi.db'}"


@contextmanager
def raw_database(instance: Path) -> Iterator[sa.Connection]:
    """Yield a connection to the test's database in a transaction (committed on exit)."""
    engine = sa.create_engine(database_url(instance), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def drop_audit_guard(connection: sa.Connection, event: str = "UPDATE") -> None:
    """Drop the trigger refusing ``event`` on audit_entry, as an attacker with access would."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"DROP TRIGGER audit_entry_no_{event.lower()}")
    else:  # one PostgreSQL trigger refuses both
        connection.exec_driver_sql("DROP TRIGGER audit_entry_append_only ON audit_entry")


def forget_database(instance: Path) -> None:
    """Start the test's database over, empty, as deleting the SQLite file does."""
    url = os.environ.get("GONGSHI_DATABASE_URL")
    if url and server_url():
        name = make_url(url).database
        assert name
        drop_database(name)
        create_database(name)
    else:
        (instance / "gongshi.db").unlink()
