"""The back office's search index: each record's characters and pairs (#16 item 6).

A search for a word found in few records used to read every record's long texts (≈0.4 s at
100,000 decisions, 2 s under 20 users). The index (admin.domain.searchgrams) names the few
records that can match; the list's exact ILIKE then runs on those alone, so the results
are the same as without it. One index per record table, ``search_<table>``:

- SQLite: a contentless FTS5 table (no positions, no text kept), ``rowid`` the record's id.
  Contentless rows cannot be deleted on SQLite 3.40, so an edit adds the record's new tokens
  beside the old ones: a candidate too many, which the ILIKE drops, never one too few.
- PostgreSQL: ``(record_id, tokens text[])`` with a GIN index, replaced on every write.

Every ORM flush that writes a searched column updates it (:func:`_after_flush`); a Core
INSERT (the penalties import) calls :func:`refresh` itself; migration 0011 fills it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from admin.domain.searchgrams import doc_tokens, query_tokens

#: The columns the back-office list of each table searches (admin.backoffice.records).
SEARCHED: dict[str, tuple[str, ...]] = {
    "penalty_decision": ("decision_no", "party_name", "violation_type", "facts", "content"),
    "inspection": ("party_name", "findings", "follow_up"),
    "info_item": ("title", "index_no", "doc_no", "summary", "body_md"),
    "licence": ("decision_no", "party_name", "certificate_name", "licence_no", "content"),
    "body": ("name", "short_name", "credit_code"),
    "officer": ("name", "certificate_no", "category", "area"),
    "enforcement_item": ("name", "code", "legal_basis"),
}
#: Records read at a time when the whole index is (re)built.
BATCH = 2_000


def index_table(table: str) -> str:
    return f"search_{table}"


def is_index_table(name: str | None) -> bool:
    """Return whether ``name`` is an index table or one of FTS5's own (search_x_data …)."""
    if not name:
        return False
    names = [index_table(table) for table in SEARCHED]
    return any(name == ours or name.startswith(f"{ours}_") for ours in names)


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Alembic's filter: the index tables are made by :func:`create`, not by the models."""
    return not (type_ == "table" and is_index_table(name))


def searched_columns(model: Any) -> tuple[Any, ...]:
    """Return the model's searched columns, for the list's ILIKE."""
    return tuple(getattr(model, name) for name in SEARCHED[model.__table__.name])


def create(connection: sa.Connection) -> None:
    """Create the (empty) index tables; on PostgreSQL, :func:`create_gin` after filling."""
    for table in SEARCHED:
        name = index_table(table)
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {name} USING fts5"
                "(tokens, content='', detail=none, columnsize=0)"
            )
        else:
            connection.exec_driver_sql(
                f"CREATE TABLE {name} (record_id BIGINT PRIMARY KEY, tokens TEXT[] NOT NULL)"
            )


def create_gin(connection: sa.Connection) -> None:
    """Create PostgreSQL's GIN indexes: built on the filled tables, several times faster
    than kept up row by row while the migration fills them (68 s at 100,000 decisions)."""
    if connection.dialect.name != "sqlite":
        for table in SEARCHED:
            name = index_table(table)
            connection.exec_driver_sql(f"CREATE INDEX ix_{name} ON {name} USING gin (tokens)")


def drop(connection: sa.Connection) -> None:
    for table in SEARCHED:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {index_table(table)}")


def rebuild(connection: sa.Connection) -> int:
    """Fill every index from the records, emptying it first; return the records indexed."""
    total = 0
    for table in SEARCHED:
        name = index_table(table)
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('delete-all')")
        else:
            connection.exec_driver_sql(f"DELETE FROM {name}")
        last = 0
        while True:
            rows = _rows(connection, table, sa.column("id") > last, limit=BATCH)
            if not rows:
                break
            _write(connection, table, rows)
            last = rows[-1][0]
            total += len(rows)
    return total


def refresh(session: Session, table: str, where: sa.ColumnElement[bool]) -> None:
    """Index again the records of ``table`` that ``where`` selects, as they are now."""
    fill(session.connection(), table, where)


def fill(connection: sa.Connection, table: str, where: sa.ColumnElement[bool]) -> None:
    """:func:`refresh` for a writer without a session (rows written in plain SQL)."""
    _write(connection, table, _rows(connection, table, where))


def narrowing(model: Any, text: str, dialect: str) -> sa.ColumnElement[bool] | None:
    """Return "the record's id is among the index's candidates for ``text``", or None.

    The candidates hold every record whose searched columns contain ``text`` (and maybe
    a few more): ANDed to the exact ILIKE it changes no result, only what is read. None
    when ``text`` has no character the index can use.
    """
    tokens = query_tokens(text)
    if not tokens:
        return None
    name = index_table(model.__table__.name)
    if dialect == "sqlite":
        # Tokens are hex digits: no FTS5 syntax can hide in them.
        match = " AND ".join(f'"{token}"' for token in tokens)
        found = (
            sa.select(sa.literal_column("rowid"))
            .select_from(sa.table(name))
            .where(sa.literal_column(name).op("MATCH")(sa.literal(match)))
        )
    else:
        wanted = sa.literal(tokens, ARRAY(sa.Text))
        found = (
            sa.select(sa.column("record_id"))
            .select_from(sa.table(name))
            .where(sa.column("tokens", ARRAY(sa.Text)).contains(wanted))
        )
    return model.id.in_(found.scalar_subquery())


def _rows(
    connection: sa.Connection,
    table: str,
    where: sa.ColumnElement[bool],
    limit: int | None = None,
) -> list[tuple[int, set[str]]]:
    columns = SEARCHED[table]
    statement = (
        sa.select(sa.column("id"), *(sa.column(c) for c in columns))
        .select_from(sa.table(table))
        .where(where)
        .order_by(sa.column("id"))
        .limit(limit)
    )
    return [(row[0], doc_tokens(row[1:])) for row in connection.execute(statement)]


def _write(connection: sa.Connection, table: str, rows: Sequence[tuple[int, set[str]]]) -> None:
    if not rows:
        return
    name = index_table(table)
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            f"INSERT INTO {name} (rowid, tokens) VALUES (?, ?)",
            [(record_id, " ".join(sorted(tokens))) for record_id, tokens in rows],
        )
        return
    connection.execute(
        sa.text(
            # One string a row, split by the server: adapting 200 strings a row one by
            # one was most of the migration's time.
            f"INSERT INTO {name} (record_id, tokens) VALUES (:id, string_to_array(:tokens, ' '))"
            " ON CONFLICT (record_id) DO UPDATE SET tokens = excluded.tokens"
        ),
        [{"id": record_id, "tokens": " ".join(sorted(tokens))} for record_id, tokens in rows],
    )


def _forget(connection: sa.Connection, table: str, ids: Iterable[int]) -> None:
    # SQLite keeps a deleted record's tokens: its id finds no record any more.
    if connection.dialect.name != "sqlite":
        name = index_table(table)
        statement = sa.text(f"DELETE FROM {name} WHERE record_id = ANY(:ids)")
        connection.execute(statement, {"ids": list(ids)})


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    """Index the records this flush created or whose searched columns it changed."""
    changed: dict[str, set[int]] = {}
    gone: dict[str, set[int]] = {}
    for record in chain(session.new, session.dirty, session.deleted):
        table = getattr(getattr(record, "__table__", None), "name", None)
        if table not in SEARCHED:
            continue
        if record in session.deleted:
            gone.setdefault(table, set()).add(record.id)
            continue
        if record in session.dirty:
            state = sa.inspect(record)
            if not any(state.attrs[c].history.has_changes() for c in SEARCHED[table]):
                continue
        changed.setdefault(table, set()).add(record.id)
    if not (changed or gone):
        return
    connection = session.connection()
    inspector = sa.inspect(connection)
    # A migration before 0011 that writes records through the ORM: no index to keep yet
    # (0011 fills it from every record).
    changed = {t: ids for t, ids in changed.items() if inspector.has_table(index_table(t))}
    gone = {t: ids for t, ids in gone.items() if inspector.has_table(index_table(t))}
    for table, ids in changed.items():
        # Read back from the database: the values as flushed, defaults included.
        _write(connection, table, _rows(connection, table, sa.column("id").in_(sorted(ids))))
    for table, ids in gone.items():
        _forget(connection, table, ids)
