"""Public slugs: ASCII, never derived from personal data, stable once published."""

from __future__ import annotations

import hashlib
import re
import unicodedata

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Path segments the site uses for its own pages; a record may never take them.
RESERVED = frozenset({"page", "year", "kind", "index", "feed", "data", "search"})


def is_valid_slug(slug: str) -> bool:
    """Return whether ``slug`` may name a record's page."""
    return len(slug) <= 64 and SLUG_RE.fullmatch(slug) is not None and slug not in RESERVED


_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def project_key(name: str) -> str:
    """Return what makes two spellings of a 重大建设项目's name one project: NFKC (full-
    and half-width brackets alike) without any space or zero-width character, which a
    clerk's typing adds by accident (「红宝村 道路工程」 is 「红宝村道路工程」)."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _ZERO_WIDTH)


def project_slug(name: str) -> str:
    """Return the folder of a 重大建设项目's page (``/projects/<slug>/``) from its name.

    The first 8 hex digits of the SHA-256 of its :func:`project_key`: ASCII, the same on
    every build and every machine with no counter to keep, and the same for every item
    of the project. Renaming the project moves its page (docs/projects.md §3).
    """
    return hashlib.sha256(project_key(name).encode("utf-8")).hexdigest()[:8]
