"""Which bodies an account sees: its own and every body under them (a county's tree)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def visible_bodies(own: Iterable[int], parents: Mapping[int, int | None]) -> set[int]:
    """Return the bodies an account sees: its own and every body under them."""
    seen = set(own)
    changed = True
    while changed:  # bodies form a shallow tree: a few passes reach every descendant
        changed = False
        for body, parent in parents.items():
            if parent in seen and body not in seen:
                seen.add(body)
                changed = True
    return seen
