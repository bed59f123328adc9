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
    _backfill_touches()
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


#: (audit entity, table, dataset) of the records with a workflow.
WORKFLOW_TABLES = (
    ("penalty_decision", "penalty_decision", "penalties"),
    ("inspection", "inspection", "inspections"),
    ("info_item", "info_item", "info"),
)


def _backfill_touches() -> None:
    """Derive, from the audit trail, who authored the revisions a review would judge now.

    The trail names the actor of every create, edit and submit but not always the revision,
    so each one after the record's last review counts as touching its current version:
    strict, never lenient, for records waiting for review during the upgrade.
    """
    bind = op.get_bind()
    accounts = dict(bind.execute(sa.text("SELECT username, id FROM account")).all())
    for entity, table, dataset in WORKFLOW_TABLES:
        versions = dict(bind.execute(sa.text(f"SELECT id, version FROM {table}")).all())
        last_review: dict[int, int] = {}
        rows = bind.execute(
            sa.text(
                "SELECT id, entity_id, actor, action, at FROM audit_entry "
                "WHERE entity = :entity AND action IN ('create', 'edit', 'submit', 'review') "
                "ORDER BY id"
            ),
            {"entity": entity},
        ).all()
        for entry_id, record_id, _actor, action, _at in rows:
            if action == "review":
                last_review[record_id] = entry_id
        for entry_id, record_id, actor, action, at in rows:
            if action == "review" or record_id not in versions or actor not in accounts:
                continue
            if entry_id < last_review.get(record_id, 0):
                continue
            bind.execute(
                sa.text(
                    "INSERT INTO revision_touch (dataset, record_id, revision, account_id,"
                    " action, at) VALUES (:dataset, :record_id, :revision, :account, :action,"
                    " :at)"
                ),
                {
                    "dataset": dataset,
                    "record_id": record_id,
                    "revision": versions[record_id],
                    "account": accounts[actor],
                    "action": action,
                    "at": at,
                },
            )


def downgrade() -> None:
    # Older code verifies every row as plain SHA-256: keyed rows written since 0005 will
    # then be reported as modified. Downgrade only to restore a backup taken before.
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("scheme")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's batch mode rebuilt the table without its triggers: the trail stays
        # append-only.
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
                "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END"
            )
    op.drop_index("ix_revision_touch_record", table_name="revision_touch")
    op.drop_table("revision_touch")
