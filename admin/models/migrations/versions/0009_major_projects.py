"""info_item: 重大建设项目 name and 94号 category (issue 18, docs/projects.md)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 19:30:00

Two columns on the 政府信息 table, no table of their own: a project is the set of items
that name it, so it needs no row, no workflow and no publishing step beyond its items'.
Existing items become ordinary items ("" and "").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS = (("project", 200), ("project_stage", 20))


def upgrade() -> None:
    for name, size in COLUMNS:
        # A plain ADD COLUMN on SQLite too (no batch copy): existing rows get "".
        op.add_column(
            "info_item",
            sa.Column(name, sa.String(length=size), nullable=False, server_default=""),
        )


def downgrade() -> None:
    with op.batch_alter_table("info_item", schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
