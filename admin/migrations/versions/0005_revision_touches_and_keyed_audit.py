"""revision touches (four eyes by revision) and the keyed audit chain

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "revision_touch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_revision_touch_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision_touch")),
    )
    op.create_index("ix_revision_touch_record", "revision_touch", ["dataset", "record_id"])
    # A new nullable column: existing rows keep NULL (plain SHA-256) and still verify. An
    # ADD COLUMN is not an UPDATE, so the append-only triggers stay as they are.
    op.add_column("audit_entry", sa.Column("scheme", sa.String(length=10), nullable=True))
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("head", sa.String(length=64), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("keyed_from", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    bind = op.get_bind()
    last = bind.execute(sa.text("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1"))
    row = last.first()
    count = bind.execute(sa.text("SELECT count(*) FROM audit_entry")).scalar() or 0
    bind.execute(
        sa.text(
            "INSERT INTO audit_chain_head (id, head, entries, keyed_from) "
            "VALUES (1, :head, :entries, :keyed_from)"
        ),
        {
            "head": row[1] if row else GENESIS,
            "entries": count,
            "keyed_from": (row[0] + 1) if row else 1,
        },
    )


def downgrade() -> None:
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("scheme")
    op.drop_index("ix_revision_touch_record", table_name="revision_touch")
    op.drop_table("revision_touch")
