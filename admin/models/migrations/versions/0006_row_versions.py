"""row versions on the editable tables that had none: body, account, calendar_notice

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 16:40:00

The records' tables carry ``version`` (SQLAlchemy's version_id_col) since 0001; these
three were guarded by nothing (accounts, holiday notices) or by a fingerprint of the
form's values (执法主体), compared in Python before the UPDATE. Under SQLite's
BEGIN IMMEDIATE that was enough, but on PostgreSQL two saves read the same fingerprint,
both pass, and the second silently overwrites the first. ``UPDATE … WHERE version = :seen``
lets the database decide: the second save updates no row and is refused.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("body", "account", "calendar_notice")


def upgrade() -> None:
    for table in TABLES:
        # A plain ADD COLUMN on SQLite too (no batch copy): existing rows start at 1.
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "version")
