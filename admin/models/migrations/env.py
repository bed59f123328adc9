"""Alembic environment: the URL and connection come from gongshi, never from alembic.ini."""

from __future__ import annotations

from alembic import context

import admin.models  # noqa: F401 - registers every table on the metadata
from admin.models.db import db
from admin.models.searchindex import include_name

target_metadata = db.metadata
connection = context.config.attributes.get("connection")


def run_migrations() -> None:
    if connection is None:
        raise RuntimeError("gongshi runs migrations with an open connection (admin.models.migrate)")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=True,
        include_name=include_name,  # the search index is not a model's table
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
