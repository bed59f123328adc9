"""PostgreSQL's search index keeps the tokens beside its rows, uncompressed (#16)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 06:30:00

Each record's tokens (≈4 KB at county scale) were compressed inside the index table's
rows: 130 MB of rows at 100,000 decisions that a search read to take the candidates' ids,
and that a plan testing the tokens row by row had to decompress. Stored apart and
uncompressed (STORAGE EXTERNAL), the rows hold the id alone (6 MB) and the GIN index
answers without reading the tokens at all. SQLite's FTS5 index is not concerned.
"""

from __future__ import annotations

from alembic import op

from admin.models import searchindex

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    searchindex.store_apart(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        for table in searchindex.SEARCHED:
            name = searchindex.index_table(table)
            connection.exec_driver_sql(
                f"ALTER TABLE {name} ALTER COLUMN tokens SET STORAGE EXTENDED"
            )
