"""Multiply an instance's decisions in SQL, for the back office at 100,000 rows (#16).

    python bench/copy_decisions.py --instance DIR [--times 5]

The scale-0.2 county (``county_bench.py --scale 0.2 --skip build search load``) holds
20,000 decisions; importing 100,000 would take half an hour of CPU for nothing the back
office's lists care about. This copies every row of ``penalty_decision`` in
``DIR/instance/gongshi.db`` ``--times - 1`` more times with new ids, slugs (2025-1075 →
2025-11075, 2025-21075…) and 文号 (〔2025〕66号 → 〔2025〕100066号, 〔2025〕200066号…), so the
unique constraints hold and every copy keeps its body, dates, state and text. Only the
database changes: the copies have no page under content/ (the lists never read it). Run
it on a copy of the instance; it refuses a database already multiplied.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path


def copy_decisions(database: Path, times: int) -> int:
    """Copy the decisions ``times - 1`` times; return how many rows the table then holds."""
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(penalty_decision)")]
        top = connection.execute("SELECT max(id) FROM penalty_decision").fetchone()[0]
        if connection.execute(
            "SELECT 1 FROM penalty_decision WHERE slug GLOB '????-[1-9]????*' LIMIT 1"
        ).fetchone():
            raise SystemExit(f"{database}: its decisions were copied already")
        connection.execute("BEGIN IMMEDIATE")
        for k in range(1, times):
            values = {
                "id": f"id + {k * top}",
                # YYYY-NNNN: the copy's number gets k in front (5 digits, never an original).
                "slug": f"substr(slug, 1, 5) || ({k * 10000} + CAST(substr(slug, 6) AS INTEGER))",
                "decision_no": f"replace(decision_no, '〕', '〕{k}000')",
            }
            selected = ", ".join(values.get(column, column) for column in columns)
            connection.execute(
                f"INSERT INTO penalty_decision ({', '.join(columns)}) "
                f"SELECT {selected} FROM penalty_decision WHERE id <= ?",
                (top,),
            )
        connection.execute("COMMIT")
        count = connection.execute("SELECT count(*) FROM penalty_decision").fetchone()[0]
    finally:
        connection.close()
    index_copies(database, top)
    return count


def index_copies(database: Path, top: int) -> None:
    """Add the copies to the back office's search index (migration 0011 on), as a write
    through the application would: rows written in plain SQL pass no ORM flush."""
    import sqlalchemy as sa

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from admin.models import searchindex

    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        if sa.inspect(connection).has_table(searchindex.index_table("penalty_decision")):
            searchindex.fill(connection, "penalty_decision", sa.column("id") > top)
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, required=True, help="holds instance/gongshi.db")
    parser.add_argument("--times", type=int, default=5)
    args = parser.parse_args()
    database = args.instance / "instance" / "gongshi.db"
    if not database.is_file():
        raise SystemExit(f"{database}: no such database")
    print(f"{database}: {copy_decisions(database, args.times):,} decisions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
