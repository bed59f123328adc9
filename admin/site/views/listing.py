"""Lists, their archive pages and their static filter pages (``page/<n>/``, ``year/<yyyy>/``).

The folder page of a list shows its newest records; ``page/<n>/`` are the archive blocks
of :mod:`admin.site.archive`, fixed by date so that a publish changes few of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, request

from admin.site.archive import PER_PAGE, Archive, Block, archive_of
from admin.site.content import Record
from admin.site.views.helpers import (
    PageMeta,
    current_site,
    link_to,
    render_page,
    site_path,
)

__all__ = ["PER_PAGE", "Pager", "add_list_routes", "show_list"]


@dataclass(frozen=True)
class PagerLink:
    """One link of a pager: its text, where it goes, and its ``rel`` (or "")."""

    text: str
    href: str
    rel: str = ""


@dataclass(frozen=True)
class Pager:
    """The links from a list page to the pages beside it (admin.site.archive).

    Nothing in it depends on the list's length: 「最新」 is the list's folder, 「较新」 and
    「较早」 the archive blocks beside this one; only the folder page, which changes with
    every publish anyway, links 「最早」 (the oldest block changes as records expire).
    """

    #: The label of the archive page shown, or "" on the folder page.
    current: str
    before: tuple[PagerLink, ...] = ()
    after: tuple[PagerLink, ...] = ()

    @property
    def archive(self) -> bool:
        """Return whether the page is an archive page (not the list's folder)."""
        return bool(self.current)

    @property
    def shown(self) -> bool:
        """Return whether the pager has any link."""
        return bool(self.before or self.after)


def archive_url(endpoint: str, values: dict[str, Any], number: int) -> str:
    """Return the link to archive page ``number`` of a list."""
    return link_to(endpoint + "_page", n=number, **values)


def list_pager(found: Archive, block: Block | None, endpoint: str, values: dict[str, Any]) -> Pager:
    """Return the pager of the folder page (``block`` None) or of an archive page."""
    if block is None:
        older = found.folder_older()
        if older is None:
            return Pager("")
        after = [PagerLink("较早", archive_url(endpoint, values, older.number), "next")]
        if found.blocks[0] is not older:
            after.append(PagerLink("最早", archive_url(endpoint, values, found.blocks[0].number)))
        return Pager("", (), tuple(after))
    newer, older_block = found.neighbours(block.number)
    before = [PagerLink("最新", link_to(endpoint, **values))]
    if newer is not None:
        before.append(PagerLink("较新", archive_url(endpoint, values, newer.number), "prev"))
    after = ()
    if older_block is not None:
        after = (PagerLink("较早", archive_url(endpoint, values, older_block.number), "next"),)
    return Pager(block.label, tuple(before), after)


def list_archive(records: list[Record], endpoint: str, values: dict[str, Any]) -> Archive:
    """Return the archive of a list, shared with the URL list (same site path, same key)."""
    folder = site_path(endpoint, **values).removeprefix(request.script_root)
    return archive_of(current_site(), folder, records)


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
    number: int | None,
    *,
    endpoint: str,
    column: str,
    heading: str,
    template: str,
    values: dict[str, Any] | None = None,
    years: list[int] | None = None,
    **context: Any,
) -> str:
    """Render the folder page (``number`` None) or archive page ``number`` of ``records``.

    ``years`` are the year pages to link to (default: every year of ``dataset``). An
    archive page shows nothing that depends on the list's length (no count, no body
    filter with counts), so it changes only when its own records or neighbours do.
    """
    values = values or {}
    found = list_archive(records, endpoint, values)
    block = None
    if number is not None:
        at = found.index(number)
        if at is None:
            abort(404)
        block = found.blocks[at]
    context.setdefault("year", None)
    context.setdefault("kind", None)
    context.setdefault("body", None)
    pager = list_pager(found, block, endpoint, values)
    if block is None:
        context.setdefault("body_filter", body_filter(dataset))
        title, description = heading, f"{heading}，共{len(records)}条。"
    else:
        context["body_filter"] = []
        title = (
            f"{heading[:-1]}，{block.label}）"
            if heading.endswith("）")
            else (f"{heading}（{block.label}）")
        )
        description = f"{heading}：{block.label}。"
    meta = PageMeta(title=title, column=column, description=description)
    return render_page(
        template,
        meta,
        records=found.newest if block is None else block.records,
        total=len(records),
        pager=pager,
        heading=title if block is not None else heading,
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

    def index(n: int | None = None) -> str:
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

    def year(year: int, n: int | None = None) -> str:
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
