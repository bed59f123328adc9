"""Hand out consecutive slugs for a batch of new records without a query per record."""

from __future__ import annotations

from sqlalchemy.orm import Session

from admin.store.slugs import allocate_slug


class SlugSequence:
    """Slugs ``<prefix>-0001``… of one model, counted on from the first free one per prefix.

    allocate_slug() sees only flushed rows; asking it once per prefix and counting on
    from there keeps a batch of a hundred records from flushing a hundred times.
    """

    def __init__(self, session: Session, model: type) -> None:
        self.session = session
        self.model = model
        self._next: dict[str, int] = {}

    def __call__(self, prefix: str) -> str:
        """Return the next free slug with ``prefix`` (a year or a category code)."""
        if prefix not in self._next:
            first = allocate_slug(self.session, self.model, prefix)
            self._next[prefix] = int(first.rsplit("-", 1)[1])
        number = self._next[prefix]
        self._next[prefix] += 1
        return f"{prefix}-{number:04d}"
