"""rule_of_law_reports: the 法治政府建设年度报告 (issue 18, docs/rule-of-law-report.md)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 19:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule_of_law_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("section1_md", sa.Text(), nullable=False),
        sa.Column("section2_md", sa.Text(), nullable=False),
        sa.Column("section3_md", sa.Text(), nullable=False),
        sa.Column("section4_md", sa.Text(), nullable=False),
        sa.Column("section5_md", sa.Text(), nullable=False),
        sa.Column("statistics", sa.JSON(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdraw_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_rule_of_law_report_body_id_body")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["account.id"],
            name=op.f("fk_rule_of_law_report_created_by_id_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_of_law_report")),
        sa.UniqueConstraint("body_id", "year", name=op.f("uq_rule_of_law_report_body_id")),
    )
    with op.batch_alter_table("rule_of_law_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rule_of_law_report_body_id"), ["body_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rule_of_law_report_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rule_of_law_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_of_law_report_state"))
        batch_op.drop_index(batch_op.f("ix_rule_of_law_report_body_id"))
    op.drop_table("rule_of_law_report")
