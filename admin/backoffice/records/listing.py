"""Search, filters and pagination of the record lists, safe against LIKE and SQL tricks."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

PER_PAGE = 20
LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """Return a ``%text%`` pattern in which ``%``, ``_`` and the escape match themselves."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def search_clause(columns: Sequence[Any], text: str) -> sa.ColumnElement[bool] | None:
    """Return a clause matching ``text`` in any of ``columns`` (bound parameter), or None."""
    text = text.strip()
    if not text:
        return None
    pattern = like_pattern(text)
    # ILIKE: SQLite's LIKE ignores Latin case and PostgreSQL's does not; a credit code or
    # a firm's Latin name is found however it is typed, on both.
    return sa.or_(*(column.ilike(pattern, escape=LIKE_ESCAPE) for column in columns))


@dataclass(frozen=True)
class Filter:
    """One drop-down filter of a list: its query parameter, label, options and clause."""

    name: str
    label: str
    options: Callable[[Session, sa.Select], list[tuple[str, str]]]
    clause: Callable[[str], sa.ColumnElement[bool] | None]


def choice_filter(name: str, label: str, column: Any, values: Sequence[str]) -> Filter:
    """Return a filter on ``column`` equal to one of the fixed ``values``."""
    allowed = tuple(values)
    return Filter(
        name,
        label,
        lambda _session, _query: [(value, value) for value in allowed],
        lambda value: column == value if value in allowed else None,
    )


def year_filter(column: Any, label: str = "年份") -> Filter:
    """Return a filter on the year of the date ``column``, offering the years present."""

    def options(session: Session, query: sa.Select) -> list[tuple[str, str]]:
        # EXTRACT, not SQLite's strftime: the same query runs on PostgreSQL.
        year = sa.extract("year", column)
        found = session.scalars(
            query.with_only_columns(year).where(column.is_not(None)).distinct().order_by(None)
        )
        years = sorted({int(y) for y in found if y is not None}, reverse=True)
        return [(str(y), f"{y} 年") for y in years]

    def clause(value: str) -> sa.ColumnElement[bool] | None:
        if not (value.isascii() and value.isdigit() and len(value) == 4 and value[0] != "0"):
            return None
        year = int(value)
        # A range on the column itself: portable, and an index on it can serve it.
        return sa.and_(column >= dt.date(year, 1, 1), column < dt.date(year + 1, 1, 1))

    return Filter("year", label, options, clause)


@dataclass
class Page:
    """One page of a list, with what the page links need."""

    items: list[Any]
    number: int
    pages: int
    total: int
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def numbers(self) -> list[int]:
        """Page numbers to link: the first, the last and a window around the current one."""
        near = range(max(1, self.number - 3), min(self.pages, self.number + 3) + 1)
        return sorted({1, self.pages, *near} - {0})


def paginate(session: Session, query: sa.Select, number: int, per_page: int = PER_PAGE) -> Page:
    """Run ``query`` for page ``number``; a page past the end shows the last one."""
    total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, math.ceil((total or 0) / per_page))
    number = min(number, pages)
    items = list(session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, pages=pages, total=total or 0)
