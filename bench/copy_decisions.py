"""Multiply an instance's decisions in SQL, for the back office at 100,000 rows (#16).

    python bench/copy_decisions.py --instance DIR [--times 5]
    python bench/copy_decisions.py --database-url postgresql+psycopg://… [--times 5]

The scale-0.2 county (``county_bench.py --scale 0.2 --skip build search load``) holds
20,000 decisions; importing 100,000 would take half an hour of CPU for nothing the back
office's lists care about. This copies every row of ``penalty_decision`` in
``DIR/instance/gongshi.db`` (or the database at ``--database-url``: SQLite or PostgreSQL)
``--times - 1`` more times with new ids, slugs (2025-1075 → 2025-11075, 2025-21075…) and
文号 (〔2025〕66号 → 〔2025〕100066号, 〔2025〕200066号…), so the unique constraints hold and
every copy keeps its body, dates, state and text, then adds the copies to the search
index. Only the database changes: the copies have no page under content/ (the lists never
read it). Run it on a copy of the instance; it refuses a database already multiplied.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from admin.models import searchindex

#: A slug whose number has 5 digits or more, the first not 0: a copy's (YYYY-kNNNN).
COPIED_SLUG = {
    "sqlite": "slug GLOB '????-[1-9]????*'",
    "postgresql": "slug ~ '^....-[1-9]....'",
}


def copy_decisions(url: str, times: int) -> int:
    """Copy the decisions ``times - 1`` times; return how many rows the table then holds."""
    engine = sa.create_engine(url)
    dialect = engine.dialect.name
    with engine.begin() as connection:
        if dialect == "sqlite":
            # Take the write lock before reading the largest id the copies count from.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        columns = [c["name"] for c in sa.inspect(connection).get_columns("penalty_decision")]
        top = connection.exec_driver_sql("SELECT max(id) FROM penalty_decision").scalar()
        copied = f"SELECT 1 FROM penalty_decision WHERE {COPIED_SLUG[dialect]} LIMIT 1"
        if connection.exec_driver_sql(copied).first():
            raise SystemExit(f"{engine.url!r}: its decisions were copied already")
        for k in range(1, times):
            values = {
                "id": f"id + {k * top}",
                # YYYY-NNNN: the copy's number gets k in front (5 digits, never an original).
                "slug": "substr(slug, 1, 5) || "
                f"CAST({k * 10000} + CAST(substr(slug, 6) AS INTEGER) AS VARCHAR)",
                "decision_no": f"replace(decision_no, '〕', '〕{k}000')",
            }
            selected = ", ".join(values.get(column, column) for column in columns)
            connection.execute(
                sa.text(
                    f"INSERT INTO penalty_decision ({', '.join(columns)}) "
                    f"SELECT {selected} FROM penalty_decision WHERE id <= :top"
                ),
                {"top": top},
            )
        if dialect == "postgresql":
            # The copies took ids past the sequence: the next decision must not reuse one.
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('penalty_decision', 'id'), max(id))"
                " FROM penalty_decision"
            )
        count = connection.exec_driver_sql("SELECT count(*) FROM penalty_decision").scalar()
        index_copies(connection, top)
    if dialect == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # As autovacuum would by and by: index-only counts need the visibility map.
            connection.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    return count


def index_copies(connection: sa.Connection, top: int) -> None:
    """Add the copies to the back office's search index (migration 0011 on), as a write
    through the application would: rows written in plain SQL pass no ORM flush."""
    name = searchindex.index_table("penalty_decision")
    if not sa.inspect(connection).has_table(name):
        return
    gin = connection.dialect.name == "postgresql"
    if gin:
        # Built once on the filled table, several times faster than kept up row by row.
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{name}")
    searchindex.fill(connection, "penalty_decision", sa.column("id") > top)
    if gin:
        connection.exec_driver_sql(f"CREATE INDEX ix_{name} ON {name} USING gin (tokens)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--instance", type=Path, help="holds instance/gongshi.db")
    where.add_argument("--database-url", help="the database itself (SQLite or PostgreSQL)")
    parser.add_argument("--times", type=int, default=5)
    args = parser.parse_args()
    url = args.database_url
    if args.instance is not None:
        database = args.instance / "instance" / "gongshi.db"
        if not database.is_file():
            raise SystemExit(f"{database}: no such database")
        url = f"sqlite:///{database}"
    print(f"{url}: {copy_decisions(url, args.times):,} decisions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
