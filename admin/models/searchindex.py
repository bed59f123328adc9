"""The back office's search index: each record's characters and pairs (#16 item 6).

A search for a word found in few records used to read every record's long texts (≈0.4 s at
100,000 decisions, 2 s under 20 users). The index (admin.domain.searchgrams) names the few
records that can match; the list's exact ILIKE then runs on those alone, so the results
are the same as without it. One index per record table, ``search_<table>``:

- SQLite: a contentless FTS5 table (no positions, no text kept), ``rowid`` the record's id.
  Contentless rows cannot be deleted on SQLite 3.40, so an edit adds the record's new tokens
  beside the old ones: a candidate too many, which the ILIKE drops, never one too few.
- PostgreSQL: ``(record_id, tokens text[])`` with a GIN index, replaced on every write.
  The candidates are read first, through the GIN index alone (a MATERIALIZED CTE), and
  not at all for a word the table's statistics say most records hold (:func:`shares`).

Every ORM flush that writes a searched column updates it (:func:`_after_flush`); a Core
INSERT (the penalties import) calls :func:`refresh` itself; migration 0011 fills it.
"""

from __future__ import annotations

import math
import time
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
#: PostgreSQL: a search whose tokens this share of the records holds (by the planner's
#: statistics) is not narrowed: its ILIKE finds the list's count cap early without them,
#: and near half the planner reads the candidates by a scan of every row, which would
#: fetch every record's tokens (≈1 s at 100,000 decisions) instead of asking the index.
COMMON = 0.4
#: Seconds a process keeps a table's token statistics (they change with ANALYZE only).
SHARES_TTL = 600.0
_shares: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}


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
            connection.exec_driver_sql(EXTERNAL.format(name=name))


#: PostgreSQL: a record's tokens (≈4 KB at county scale) stored beside the index table's
#: rows, uncompressed, not compressed inside them. The GIN index answers ``@>`` with no
#: recheck, so the candidates' rows are read for their ids alone: 6 MB of rows at 100,000
#: decisions instead of 130 MB, and 17,000 candidates in 7 ms instead of 41 (#16).
EXTERNAL = "ALTER TABLE {name} ALTER COLUMN tokens SET STORAGE EXTERNAL"


def store_apart(connection: sa.Connection) -> None:
    """Move PostgreSQL's stored tokens out of the index tables' rows (migration 0013):
    each table copied anew, as a value keeps its storage until it is written again."""
    if connection.dialect.name == "sqlite":
        return
    for table in SEARCHED:
        name = index_table(table)
        for statement in (
            f"CREATE TABLE {name}_new (record_id BIGINT PRIMARY KEY, tokens TEXT[] NOT NULL)",
            EXTERNAL.format(name=f"{name}_new"),
            # Rebuilt arrays: a value copied as it is would stay compressed.
            f"INSERT INTO {name}_new SELECT record_id,"
            f" string_to_array(array_to_string(tokens, ' '), ' ') FROM {name}",
            f"DROP TABLE {name}",
            f"ALTER TABLE {name}_new RENAME TO {name}",
            f"ALTER TABLE {name} RENAME CONSTRAINT {name}_new_pkey TO {name}_pkey",
            f"CREATE INDEX ix_{name} ON {name} USING gin (tokens)",
            # The statistics :func:`shares` reads went with the old table.
            f"ANALYZE {name}",
        ):
            connection.exec_driver_sql(statement)


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


def narrowing(
    model: Any, text: str, dialect: str, shares: dict[str, float] | None = None
) -> sa.ColumnElement[bool] | None:
    """Return "the record's id is among the index's candidates for ``text``", or None.

    The candidates hold every record whose searched columns contain ``text`` (and maybe
    a few more): ANDed to the exact ILIKE it changes no result, only what is read. None
    when ``text`` has no character the index can use, or (``shares``, PostgreSQL's
    statistics of the table's tokens) when most records would be candidates anyway.
    """
    tokens = query_tokens(text)
    if not tokens:
        return None
    if shares is not None and math.prod(shares.get(t, 0.0) for t in tokens) >= COMMON:
        # The ILIKE finds the list's first 10,001 matches among the records themselves
        # sooner than the candidates could be read (#16: 罚款, in 80% of 100,000
        # decisions, 42 ms; 160 ms with the candidates).
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
        # MATERIALIZED: planned alone, the candidates come from a bitmap scan of the GIN
        # index. Inlined, the planner walked the index table by id under the list's LIMIT
        # and tested each row's compressed tokens (≈7 µs a row, not in its costs): 0.65 s
        # for 建筑 at 100,000 decisions; 0.12 s this way, 0.06 s with 0013's storage (#16).
        candidates = (
            sa.select(sa.column("record_id"))
            .select_from(sa.table(name))
            .where(sa.column("tokens", ARRAY(sa.Text)).contains(wanted))
            .cte(f"{name}_found")
            .prefix_with("MATERIALIZED")
        )
        return model.id.in_(sa.select(candidates.c.record_id))
    return model.id.in_(found.scalar_subquery())


def shares(connection: sa.Connection, table: str) -> dict[str, float] | None:
    """Return the share of ``table``'s records holding each of its common tokens, from
    PostgreSQL's statistics (kept a while per process); None on SQLite."""
    if connection.dialect.name == "sqlite":
        return None
    key = (connection.engine.url.render_as_string(), table)
    now = time.monotonic()
    kept = _shares.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    row = connection.execute(
        sa.text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = :name"
            " AND attname = 'tokens'"
        ),
        {"name": index_table(table)},
    ).first()
    found: dict[str, float] = {}
    if row is not None and row[0] is not None:
        # The frequencies end with three more: the least and greatest, the nulls' share.
        found = dict(zip(row[0], row[1], strict=False))
    _shares[key] = (now + SHARES_TTL, found)
    return found


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
