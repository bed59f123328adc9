"""Which 执法主体 each record belongs to, and a site narrowed to one body's column.

Officers, items, inspections and information name their body by slug (``subject``). A
decision names the body that decided it as the 双公示 standard does, by 处罚机关 and its
统一社会信用代码, and an imported decision may carry no slug at all: its body is the one
whose credit code is the decision's ``authority_code``, else the one named exactly
``authority``, else the slug it carries. An annual report names its body by
``body_name``. Pages belong to the whole site. This is resolved once, when the site
is loaded, so every page, list and figure asks :attr:`Record.body_slug` alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from admin.errors import GongshiError

if TYPE_CHECKING:
    from admin.site.content import Record

#: The body whose column is being built (``gongshi build --body``); None: the whole site.
_SCOPE: ContextVar[str | None] = ContextVar("gongshi_body_scope", default=None)


class UnknownBody(GongshiError, ValueError):
    """``--body`` names no published body of the content; ``valid`` lists those that exist."""

    def __init__(self, slug: str, valid: list[str]) -> None:
        choices = "、".join(valid) if valid else "（content 中还没有公示的执法主体）"
        super().__init__(f"--body：没有标识为 {slug!r} 的执法主体；可选：{choices}")
        self.slug = slug
        self.valid = valid


@contextmanager
def only_body(slug: str | None) -> Iterator[None]:
    """Load every site inside the block narrowed to ``slug`` and the bodies below it.

    The build loads its site deep inside the freezer: a context keeps the freezer's
    signatures as they are while ``gongshi build --body`` narrows what it loads.
    """
    token = _SCOPE.set(slug)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def scope_requested() -> str | None:
    """Return the body the current block narrows sites to, or None."""
    return _SCOPE.get()


def assign_bodies(records: Mapping[str, list[Record]]) -> None:
    """Set each record's ``body_slug`` (empty when it belongs to no known body)."""
    subjects = records.get("subjects", [])
    slugs = {r.slug for r in subjects}
    by_code = {str(r.get("credit_code")): r.slug for r in subjects if r.get("credit_code")}
    by_name = {str(r.get("name")): r.slug for r in subjects if r.get("name")}
    for dataset, chosen in records.items():
        for record in chosen:
            record.body_slug = _body_of(dataset, record, slugs, by_code, by_name)


def _body_of(
    dataset: str,
    record: Record,
    slugs: set[str],
    by_code: Mapping[str, str],
    by_name: Mapping[str, str],
) -> str:
    if dataset == "subjects":
        return record.slug
    if dataset == "penalties":
        code, name = str(record.get("authority_code")), str(record.get("authority"))
        found = by_code.get(code) or by_name.get(name)
        if found:
            return found
    if dataset == "reports":
        return by_name.get(str(record.get("body_name")), "")
    slug = str(record.get("subject"))
    return slug if slug in slugs else ""


def tree_order(subjects: Iterable[Record]) -> list[tuple[Record, int]]:
    """Return ``(body, depth)`` depth-first: each body followed by the bodies under it.

    A body whose parent is not among ``subjects`` counts as a top-level body.
    """
    chosen = list(subjects)
    known = {r.slug for r in chosen}
    children: dict[str, list[Record]] = {}
    for record in chosen:
        parent = str(record.get("parent") or "")
        children.setdefault(parent if parent in known else "", []).append(record)
    ordered: list[tuple[Record, int]] = []
    seen: set[str] = set()

    def visit(parent: str, depth: int) -> None:
        for record in children.get(parent, []):
            if record.slug not in seen:  # a cycle in hand-edited files must not loop
                seen.add(record.slug)
                ordered.append((record, depth))
                visit(record.slug, depth + 1)

    visit("", 0)
    ordered += [(r, 0) for r in chosen if r.slug not in seen]  # bodies only in a cycle
    return ordered


def descendants(slug: str, subjects: Iterable[Record]) -> set[str]:
    """Return ``slug`` and the slugs of every body below it."""
    parents = {r.slug: str(r.get("parent") or "") for r in subjects}
    chosen = {slug}
    changed = True
    while changed:  # a shallow tree: a few passes reach every descendant
        changed = False
        for body, parent in parents.items():
            if parent in chosen and body not in chosen:
                chosen.add(body)
                changed = True
    return chosen


def narrow(records: dict[str, list[Record]], slug: str) -> None:
    """Keep only the records of ``slug`` and the bodies below it; the site's pages stay.

    Raise :class:`UnknownBody` when no published body has that slug.
    """
    subjects = records.get("subjects", [])
    valid = sorted(r.slug for r in subjects if r.listed)
    if slug not in valid:
        raise UnknownBody(slug, valid)
    scope = descendants(slug, subjects)
    for dataset, chosen in records.items():
        if dataset != "pages":
            records[dataset] = [r for r in chosen if r.body_slug in scope]
