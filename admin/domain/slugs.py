"""Public slugs: ASCII, never derived from personal data, stable once published."""

from __future__ import annotations

import re

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Path segments the site uses for its own pages; a record may never take them.
RESERVED = frozenset({"page", "year", "kind", "index", "feed", "data", "search"})


def is_valid_slug(slug: str) -> bool:
    """Return whether ``slug`` may name a record's page."""
    return len(slug) <= 64 and SLUG_RE.fullmatch(slug) is not None and slug not in RESERVED
