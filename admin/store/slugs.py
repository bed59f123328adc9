"""The next free slug of a record type: numbered, never reused (the rule is domain/slugs.py)."""

from __future__ import annotations

import zlib
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session


def allocate_slug(
    session: Session, model: type, prefix: str, *, content_folder: Path | None = None
) -> str:
    """Return the next free ``<prefix>-<nnnn>`` slug of ``model`` (e.g. ``2021-0007``).

    The prefix is a year or a category code, never a name, so no personal data reaches
    a URL, and numbers are never reused because published slugs stay forever. With
    ``content_folder`` (e.g. ``content/penalties``), slugs whose file exists are skipped.
    """
    if session.connection().dialect.name == "postgresql":
        # Two clerks saving at once read the same largest number and the second save
        # failed on the unique slug (a 500, #16). SQLite's writers queue at BEGIN
        # IMMEDIATE; here the second waits until the first commits, then reads its slug.
        key = zlib.crc32(f"gongshi slug {model.__table__.name} {prefix}".encode())
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    pattern = f"{prefix}-%"
    taken = session.scalars(sa.select(model.slug).where(model.slug.like(pattern))).all()
    numbers = [int(s.rsplit("-", 1)[1]) for s in taken if s.rsplit("-", 1)[1].isdigit()]
    number = max(numbers, default=0) + 1
    # A file already in content/ keeps its number even when the database was recreated
    # beside it: a published URL must never come to name another record.
    while content_folder is not None and (content_folder / f"{prefix}-{number:04d}.md").exists():
        number += 1
    return f"{prefix}-{number:04d}"
