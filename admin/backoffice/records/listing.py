"""Search, filters and pagination of the record lists, safe against LIKE and SQL tricks."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.models import searchindex

PER_PAGE = 20
#: A search counts its matches up to this many: every further match would cost a LIKE over
#: another row's long texts (≈0.3 s for 80,000 matches, #16); the list says "以上".
SEARCH_COUNT_CAP = 10_000
#: Up to this many matches, a search's page is read among their ids (no second scan of
#: the texts); more would make a long IN list, and a common word is found early anyway.
FEW_MATCHES = 1_000
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


def index_narrowing(session: Session, model: Any, text: str) -> sa.ColumnElement[bool] | None:
    """Return the search index's narrowing of a search for ``text`` (None: none)."""
    if not text.strip():
        return None
    connection = session.connection()
    shares = searchindex.shares(connection, model.__table__.name)
    return searchindex.narrowing(model, text.strip(), connection.dialect.name, shares)


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
        # Not a DISTINCT over every row's year (it read every visible row: ≈1 s at 100,000
        # decisions, #16): the first and last dates, which an index on (body_id, date)
        # answers without the rows, then one EXISTS per year between them.
        first, last = session.execute(
            query.with_only_columns(
                sa.func.min(column), sa.func.max(column), maintain_column_froms=True
            ).order_by(None)
        ).one()
        if first is None or last is None:
            return []
        years = []
        for year in range(last.year, first.year - 1, -1):
            within = sa.and_(column >= dt.date(year, 1, 1), column < dt.date(year + 1, 1, 1))
            probe = query.with_only_columns(sa.literal(1), maintain_column_froms=True)
            if session.scalar(sa.select(probe.where(within).order_by(None).limit(1).exists())):
                years.append(year)
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
    #: True when ``total`` is only a lower bound (a search with more matches than the cap):
    #: ``pages`` then reaches one past the current page while there are more.
    capped: bool = False

    @property
    def numbers(self) -> list[int]:
        """Page numbers to link: the first, the last and a window around the current one."""
        near = range(max(1, self.number - 3), min(self.pages, self.number + 3) + 1)
        last = set() if self.capped else {self.pages}
        return sorted({1, *last, *near} - {0})


def paginate(
    session: Session,
    query: sa.Select,
    number: int,
    per_page: int = PER_PAGE,
    cap: int | None = None,
    narrow: sa.ColumnElement[bool] | None = None,
) -> Page:
    """Run ``query`` for page ``number``; a page past the end shows the last one.

    ``cap``: count at most this many and one more (a search); past it the total is a
    lower bound and the pages go on as long as there are records.
    ``narrow``: a clause true of every match (the search index's candidates) that makes
    counting cheaper; the ordered page leaves it out, as it finds a common word early
    by the date index (with it, SQLite would read every candidate and sort them).
    """
    # Only ids until the page is known: counting and sorting the full rows read every
    # record's long texts (#16); an index on (body_id, date) holds what these two need.
    model = query.column_descriptions[0]["entity"]
    ids_query = query.with_only_columns(model.id, maintain_column_froms=True)
    if cap is None:
        count = query.with_only_columns(sa.func.count(), maintain_column_froms=True)
        if narrow is not None:
            count = count.where(narrow)
        total = session.scalar(count.order_by(None)) or 0
        head: list[int] = []
    else:
        # A search reads the texts of the index's candidates (of every row without it):
        # unordered, counting stops at cap + 1 matches
        # (a common word: early); the page of a rarer one is then read among those ids.
        counted = ids_query if narrow is None else ids_query.where(narrow)
        head = list(session.scalars(counted.order_by(None).limit(cap + 1)))
        total = len(head)
    capped = cap is not None and total > cap
    pages = max(1, math.ceil(total / per_page))
    if not capped:
        number = min(number, pages)
    start = (number - 1) * per_page
    window = ids_query.limit(per_page + 1).offset(start)
    if cap is not None and not capped and len(head) <= FEW_MATCHES:
        window = window.where(model.id.in_(head)) if head else window.where(sa.false())
    elif cap is not None and not capped and narrow is not None:
        # Up to the cap: sorting the candidates beats walking the date index past every
        # record that does not match (a word in 1% of the records: most of the table).
        window = window.where(narrow)
    # One id more than the page: whether a next page exists, when the total is not known.
    ids = list(session.scalars(window))
    if capped and not ids and number > 1:
        # Past the end of a long search: count it all once and show its last page.
        return paginate(session, query, number, per_page, cap=None, narrow=narrow)
    if capped:
        pages = max(pages, number + (len(ids) > per_page))
    ids = ids[:per_page]
    rows = {row.id: row for row in session.scalars(sa.select(model).where(model.id.in_(ids)))}
    items = [rows[i] for i in ids if i in rows]
    return Page(items=items, number=number, pages=pages, total=total, capped=capped)
