"""Copy a gongshi SQLite database into an empty gongshi PostgreSQL database (#16 item 6).

    python bench/sqlite_to_postgresql.py SQLITE_FILE POSTGRESQL_URL

The county benchmarks load a county once, on SQLite (13 minutes of imports at scale 0.2);
measuring the back office on PostgreSQL then needs the same rows there, not a second
import. Make the target with ``gongshi init`` first (``GONGSHI_DATABASE_URL=URL``), at
the same migration as the source: this copies every model table's rows, parents before
children (the models' ``metadata.sorted_tables``; a body after its parent body), in one
transaction, through the models' own column types (SQLite's text dates and 0/1 booleans
become PostgreSQL's). It skips ``alembic_version`` and the search index, whose SQLite
tables (FTS5) PostgreSQL cannot take: it fills PostgreSQL's from the copied records, as
migration 0011 does. Then it moves every id sequence past the copied ids and runs
VACUUM ANALYZE.
The audit rows are copied as they are, so ``gongshi audit verify`` still holds with the
instance's ``audit_key``. It refuses a target that holds any row but the chain head
migration 0005 writes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from admin.models import searchindex
from admin.models.db import Base

#: Rows read and written at a time.
BATCH = 2_000
#: Tables an empty database already holds a row of (migration 0005's audit chain head).
SEEDED = {"audit_chain_head"}


def copied_tables(source: sa.Connection, target: sa.Connection) -> list[sa.Table]:
    """Return the tables to copy, parents first; refuse when the two schemas differ."""
    revisions = [
        c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        for c in (source, target)
    ]
    if revisions[0] != revisions[1]:
        raise SystemExit(f"迁移版本不同：SQLite {revisions[0]}，PostgreSQL {revisions[1]}")
    tables = Base.metadata.sorted_tables
    known = {table.name for table in tables}
    for connection, name in ((source, "SQLite"), (target, "PostgreSQL")):
        present = {
            t
            for t in sa.inspect(connection).get_table_names()
            if t != "alembic_version" and not searchindex.is_index_table(t)
        }
        if present != known:
            raise SystemExit(f"{name} 的表与模型不符：{sorted(present ^ known)}")
    for table in tables:
        rows = target.scalar(sa.select(sa.func.count()).select_from(table))
        if rows and table.name not in SEEDED:
            raise SystemExit(f"目标数据库不是空的：{table.name} 已有数据")
    return tables


def source_rows(source: sa.Connection, table: sa.Table) -> Iterator[list[dict]]:
    """Yield the rows of ``table`` in batches, a parent row before its children."""
    order = list(table.primary_key.columns)
    rows = (dict(row._mapping) for row in source.execute(sa.select(table).order_by(*order)))
    own = [fk for fk in table.foreign_keys if fk.column.table is table]
    if own:
        rows = iter(parents_first(list(rows), own[0].parent.name, own[0].column.name))
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def parents_first(rows: list[dict], parent: str, key: str) -> list[dict]:
    """Order rows that refer to their own table (a body's parent body) parents first."""
    placed: set[object] = set()
    ordered: list[dict] = []
    waiting = rows
    while waiting:
        ready = [r for r in waiting if r[parent] is None or r[parent] in placed]
        if not ready:
            raise SystemExit(f"循环引用：{[r[key] for r in waiting][:10]}")
        ordered += ready
        placed.update(r[key] for r in ready)
        waiting = [r for r in waiting if r[key] not in placed]
    return ordered


def reset_sequences(target: sa.Connection, tables: list[sa.Table]) -> None:
    """Move each serial column's sequence past the largest copied value."""
    for table in tables:
        for column in table.columns:
            sequence = target.exec_driver_sql(
                "SELECT pg_get_serial_sequence(%(table)s, %(column)s)",
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence:
                target.exec_driver_sql(
                    f'SELECT setval(%(sequence)s, coalesce(max("{column.name}"), 0) + 1, false)'
                    f' FROM "{table.name}"',
                    {"sequence": sequence},
                )


def fill_search_index(target: sa.Connection) -> int:
    """Index every copied record, the GIN indexes built after (as migration 0011 does)."""
    for table in searchindex.SEARCHED:
        target.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{searchindex.index_table(table)}")
    count = searchindex.rebuild(target)
    searchindex.create_gin(target)
    return count


def copy_database(sqlite_file: Path, url: str) -> None:
    """Copy every row of ``sqlite_file`` into the database at ``url``, printing as it goes."""
    source_engine = sa.create_engine(f"sqlite:///{sqlite_file}")
    target_engine = sa.create_engine(url)
    if target_engine.dialect.name != "postgresql":
        raise SystemExit(f"{url}：不是 PostgreSQL 数据库")
    started = time.perf_counter()
    with source_engine.connect() as source, target_engine.begin() as target:
        tables = copied_tables(source, target)
        for name in SEEDED:
            target.exec_driver_sql(f'DELETE FROM "{name}"')
        for table in tables:
            began, count = time.perf_counter(), 0
            for batch in source_rows(source, table):
                target.execute(table.insert(), batch)
                count += len(batch)
            print(f"{table.name:<24} {count:>8,} 行 {time.perf_counter() - began:7.1f} 秒")
        reset_sequences(target, tables)
        began = time.perf_counter()
        indexed = fill_search_index(target)
        print(f"{'检索索引':<20} {indexed:>8,} 条 {time.perf_counter() - began:7.1f} 秒")
    with target_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as target:
        # What autovacuum would do by and by: without the visibility map a count reads
        # the table instead of an index (60 → 13 ms at 100,000 decisions).
        target.exec_driver_sql("VACUUM ANALYZE")
    source_engine.dispose()
    target_engine.dispose()
    print(f"共 {time.perf_counter() - started:.1f} 秒")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite_file", type=Path, help="the source, e.g. DIR/instance/gongshi.db")
    parser.add_argument("database_url", help="postgresql+psycopg://… made by gongshi init")
    args = parser.parse_args()
    if not args.sqlite_file.is_file():
        raise SystemExit(f"{args.sqlite_file}: no such database")
    copy_database(args.sqlite_file, args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
