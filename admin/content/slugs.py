"""Public slugs: ASCII, never derived from personal data, stable once published."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Path segments the site uses for its own pages; a record may never take them.
RESERVED = frozenset({"page", "year", "kind", "index", "feed", "data", "search"})


def is_valid_slug(slug: str) -> bool:
    """Return whether ``slug`` may name a record's page."""
    return len(slug) <= 64 and SLUG_RE.fullmatch(slug) is not None and slug not in RESERVED


def allocate_slug(
    session: Session, model: type, prefix: str, *, content_folder: Path | None = None
) -> str:
    """Return the next free ``<prefix>-<nnnn>`` slug of ``model`` (e.g. ``2021-0007``).

    The prefix is a year or a category code, never a name, so no personal data reaches
    a URL, and numbers are never reused because published slugs stay forever. With
    ``content_folder`` (e.g. ``content/penalties``), slugs whose file exists are skipped.
    """
    # Imported here: the static build checks slugs too, and needs no database.
    import sqlalchemy as sa

    pattern = f"{prefix}-%"
    taken = session.scalars(sa.select(model.slug).where(model.slug.like(pattern))).all()
    numbers = [int(s.rsplit("-", 1)[1]) for s in taken if s.rsplit("-", 1)[1].isdigit()]
    number = max(numbers, default=0) + 1
    # A file already in content/ keeps its number even when the database was recreated
    # beside it: a published URL must never come to name another record.
    while content_folder is not None and (content_folder / f"{prefix}-{number:04d}.md").exists():
        number += 1
    return f"{prefix}-{number:04d}"
