"""Indexes for the 工作台's clocks: open records, recent publications and withdrawals (#16)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 02:20:00

The dashboard (admin.store.dashboard) asks each record table for the records that can
still have a clock to show: open ones, and those published, withdrawn or changed lately.
Without an index per condition the OR read every row (≈70 ms at 100,000 decisions, a
third of GET /); with one each, SQLite and PostgreSQL read only the rows it returns.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_penalty_decision_imported_state", "penalty_decision", ["imported", "state"]),
    ("ix_penalty_decision_imported_published", "penalty_decision", ["imported", "published_on"]),
    ("ix_penalty_decision_withdrawn_changed", "penalty_decision", ["withdrawn_on", "changed_on"]),
    ("ix_inspection_state_published", "inspection", ["state", "published_on"]),
    ("ix_info_item_state_published", "info_item", ["state", "published_on"]),
    ("ix_licence_state_published", "licence", ["state", "published_on"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
