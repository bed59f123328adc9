"""Paginated lists and their static filter pages (``page/<n>/``, ``year/<yyyy>/``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, request

from admin.site.content import Record
from admin.site.views.helpers import (
    PageMeta,
    current_site,
    link_to,
    render_page,
)

#: Records per list page: a phone screen or two, and pages stay small.
PER_PAGE = 20


def page_window(current: int, pages: int, around: int = 2) -> list[int | None]:
    """Return the page numbers a pager shows, None where numbers are left out.

    The first and last page and ``around`` pages each side of the current one. Linking
    every page made each list page grow with the list (600 numbers on each of 600 pages
    at 30,000 decisions): quadratic output, and no use on a phone. Every page stays
    reachable through its neighbours, and the year and kind pages cut a list short.
    """
    shown = {1, pages, *range(max(1, current - around), min(pages, current + around) + 1)}
    numbers: list[int | None] = []
    previous = 0
    for number in sorted(shown):
        if number - previous == 2:
            numbers.append(number - 1)  # one page left out: show it rather than "…"
        elif number - previous > 2:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


@dataclass(frozen=True)
class Pager:
    """Where a list page sits among its siblings, and how to link to them."""

    page: int
    pages: int
    endpoint: str
    values: dict[str, Any] = field(default_factory=dict)

    def link(self, number: int) -> str:
        """Return the link to page ``number`` (page 1 is the list's own folder)."""
        if number == 1:
            return link_to(self.endpoint, **self.values)
        return link_to(self.endpoint + "_page", n=number, **self.values)

    def numbered_links(self) -> list[tuple[int | None, str | None]]:
        """Return ``(number, link)`` for the pages of :func:`page_window`, in order.

        The current page has no link; a gap in the numbers is ``(None, None)``.
        """
        return [
            (n, None if n is None or n == self.page else self.link(n))
            for n in page_window(self.page, self.pages)
        ]


def page_count(total: int) -> int:
    """Return how many pages ``total`` records fill (at least one)."""
    return max(1, math.ceil(total / PER_PAGE))


def page_of(records: Sequence[Record], number: int) -> Sequence[Record]:
    """Return the records on page ``number``; 404 for a page that does not exist."""
    if not 1 <= number <= page_count(len(records)):
        abort(404)
    return records[(number - 1) * PER_PAGE : number * PER_PAGE]


def body_filter(dataset: str) -> list[tuple[Record, int]]:
    """Return ``(body, listed records of dataset)`` for the 按执法主体 filter of a list.

    Only on a site of more than one body (with one, the body's list is the list), and
    only the bodies with records of ``dataset``.
    """
    site = current_site()
    chosen = [body for body, _ in site.bodies()]
    if len(chosen) < 2:
        return []
    counted = [(body, len(site.of_body(dataset, body.slug))) for body in chosen]
    return [(body, n) for body, n in counted if n]


def in_year(dataset: str, year: int) -> list[Record]:
    """Return the listed records of ``dataset`` filed under ``year``; 404 when there is none."""
    chosen = current_site().listed_in_year(dataset, year)
    if not chosen:
        abort(404)
    return chosen


def show_list(
    dataset: str,
    records: list[Record],
    number: int,
    *,
    endpoint: str,
    column: str,
    heading: str,
    template: str,
    values: dict[str, Any] | None = None,
    years: list[int] | None = None,
    **context: Any,
) -> str:
    """Render page ``number`` of ``records`` with links to its sibling pages.

    ``years`` are the year pages to link to (default: every year of ``dataset``).
    """
    shown = page_of(records, number)
    context.setdefault("year", None)
    context.setdefault("kind", None)
    context.setdefault("body", None)
    context.setdefault("body_filter", body_filter(dataset))
    pager = Pager(number, page_count(len(records)), endpoint, values or {})
    title = heading if number == 1 else f"{heading}（第{number}页）"
    meta = PageMeta(title=title, column=column, description=f"{heading}，共{len(records)}条。")
    return render_page(
        template,
        meta,
        records=shown,
        total=len(records),
        pager=pager,
        heading=heading,
        years=current_site().years(dataset) if years is None else years,
        **context,
    )


def add_list_routes(
    bp: Blueprint,
    dataset: str,
    *,
    column: str,
    template: str,
    extra: Callable[[], dict[str, Any]] = dict,
) -> None:
    """Register ``/``, ``/page/<n>/``, ``/year/<yyyy>/`` and ``/year/<yyyy>/page/<n>/``.

    ``extra`` returns more template context for every one of these pages.
    """

    def index(n: int = 1) -> str:
        if n == 1 and "n" in (request.view_args or {}):
            abort(404)  # page 1 lives at the list's own folder only
        records = current_site().listed(dataset)
        return show_list(
            dataset,
            records,
            n,
            endpoint=f"{bp.name}.index",
            column=column,
            heading=column,
            template=template,
            **extra(),
        )

    def year(year: int, n: int = 1) -> str:
        if n == 1 and "n" in (request.view_args or {}):
            abort(404)
        records = in_year(dataset, year)
        return show_list(
            dataset,
            records,
            n,
            endpoint=f"{bp.name}.year",
            column=column,
            heading=f"{column}（{year}年）",
            template=template,
            values={"year": year},
            year=year,
            **extra(),
        )

    bp.add_url_rule("/", "index", index)
    bp.add_url_rule("/page/<int:n>/", "index_page", index)
    bp.add_url_rule("/year/<int:year>/", "year", year)
    bp.add_url_rule("/year/<int:year>/page/<int:n>/", "year_page", year)
