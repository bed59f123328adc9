"""Archive pages of a long list: fixed blocks keyed by date, so a publish changes few pages.

A list's own folder (``/penalties/``, ``/penalties/year/2026/``, a body's list …) shows its
newest :data:`PER_PAGE` records and the counts. Everything older sits on archive pages
``…/page/<n>/`` whose blocks depend only on the dates of their own records:

- a year of the list with at most :data:`PER_PAGE` records is one page, ``n = yyyy``;
- otherwise its consecutive months are packed, from January on, into pages of at most
  that many records, ``n = yyyymm`` of a page's first month;
- a month too long for a page has its days packed likewise, ``n = yyyymmdd``;
- a day too long for a page is cut into runs of :data:`PER_PAGE` from its oldest record
  on, ``n = yyyymmdd`` × 10000 + run (1, 2, …); undated records likewise with ``n = run``.
  Twelve digits, not eleven: ``yyyymmdd`` × 1000 + run of a year 1300–1999 reads as a
  mobile number (1[3-9] and nine digits) and the leak guard fails the build on it.

Numbering pages from the newest (the old scheme) shifted every page when one record came
in; counting fixed runs from the oldest still shifted every later page when a record left
(公示期满, 撤回: a notice's front matter keeps neither date, kinds nor body, so it cannot keep
its place) or came in with an older date (a backlog import). Keyed by date, a record coming
or going changes only pages of its own year (the months packed after its own; in a busy
year, the days of its own month after its own), and the 较新/较早 links of the pages
beside those. Nothing here depends on the list's length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from admin.site.content import Record, Site, date_of

#: A record with its date, looked up once.
Dated = tuple[dt.date, Record]
#: Records on a list's folder page, and at most on an archive page.
PER_PAGE = 20
#: Day runs are numbered ``yyyymmdd`` × RUNS + run: 9,999 runs a day at most.
RUNS = 10_000


@dataclass(frozen=True)
class Block:
    """One archive page: its number in the URL, what it holds, and its records (newest first)."""

    number: int
    label: str
    records: Sequence[Record]


@dataclass(frozen=True)
class Archive:
    """A list cut into its folder page and its archive blocks (oldest block first)."""

    listed: Sequence[Record]
    blocks: Sequence[Block]

    @property
    def newest(self) -> Sequence[Record]:
        """Return the records of the folder page."""
        return self.listed[:PER_PAGE]

    def index(self, number: int) -> int | None:
        """Return the position of block ``number`` in :attr:`blocks`, or None."""
        return self._positions.get(number)

    def folder_older(self) -> Block | None:
        """Return the block holding the newest record the folder page leaves out."""
        if len(self.listed) <= PER_PAGE:
            return None
        wanted = self.listed[PER_PAGE]
        return next(b for b in reversed(self.blocks) if any(r is wanted for r in b.records))

    def neighbours(self, number: int) -> tuple[Block | None, Block | None]:
        """Return the (newer, older) blocks beside block ``number``."""
        at = self._positions[number]
        newer = self.blocks[at + 1] if at + 1 < len(self.blocks) else None
        return newer, self.blocks[at - 1] if at > 0 else None

    @cached_property
    def _positions(self) -> dict[int, int]:
        return {block.number: at for at, block in enumerate(self.blocks)}


def archive_of(site: Site, folder: str, listed: Sequence[Record]) -> Archive:
    """Return the archive of the list whose folder is the site path ``folder``, cut once
    per build: the URL list, the input digests and every page of the list share it (and
    the freezing workers, forked after the URL list was made, inherit it)."""
    return site.memo(("archive-of", folder), lambda: archive(listed))


def archive(listed: Sequence[Record]) -> Archive:
    """Return ``listed`` (a list's records, newest first) cut into its archive blocks.

    A list the folder page shows whole has no archive pages.
    """
    if len(listed) <= PER_PAGE:
        return Archive(listed, ())
    # Each record's date is looked up once: a county's lists hold 100,000s of entries.
    dated = [(date_of(r), r) for r in reversed(listed)]
    blocks = _runs([r for d, r in dated if d is None], 0, "未注明日期")
    # Sorted by date again (stable: the list's order within a day), so that a record
    # whose sort field is not a date cannot split a year into two blocks of one number.
    known = sorted(((d, r) for d, r in dated if d is not None), key=lambda p: p[0])
    for year, in_year in _grouped(known, "year"):
        blocks += _year(year, in_year)
    return Archive(listed, tuple(blocks))


def _year(year: int, records: list[Dated]) -> list[Block]:
    if len(records) <= PER_PAGE:
        return [_block(year, f"{year}年", records)]
    blocks: list[Block] = []
    months = _grouped(records, "month")
    for first, last, in_months in _packed(months):
        if first is None:  # one month too long for a page: its days
            month = last
            days = _grouped(in_months, "day")
            label = f"{year}年{month}月"
            for day_first, day_last, on_days in _packed(days):
                if day_first is None:
                    number = (year * 100 + month) * 100 + day_last
                    plain = [r for _, r in on_days]
                    blocks += _runs(plain, number * RUNS, f"{label}{day_last}日")
                else:
                    to = f"—{day_last}日" if day_last != day_first else ""
                    number = (year * 100 + month) * 100 + day_first
                    blocks.append(_block(number, f"{label}{day_first}日{to}", on_days))
        else:
            to = f"—{last}月" if last != first else ""
            blocks.append(_block(year * 100 + first, f"{year}年{first}月{to}", in_months))
    return blocks


def _packed(
    groups: list[tuple[int, list[Dated]]],
) -> list[tuple[int | None, int, list[Dated]]]:
    """Pack consecutive groups (months, days) into pages of at most PER_PAGE records.

    Return ``(first, last, records)`` per page; a group too long for a page comes alone as
    ``(None, its key, records)``. Packing starts afresh in each year or month, so a record
    coming or going moves at most the pages of its own year (or month).
    """
    pages: list[tuple[int | None, int, list[Dated]]] = []
    for key, records in groups:
        if len(records) > PER_PAGE:
            pages.append((None, key, records))
        elif pages and pages[-1][0] is not None and len(pages[-1][2]) + len(records) <= PER_PAGE:
            first, _, held = pages[-1]
            pages[-1] = (first, key, held + records)
        else:
            pages.append((key, key, records))
    return pages


def _runs(records: list[Record], base: int, label: str) -> list[Block]:
    """Cut ``records`` (oldest first) into runs of PER_PAGE numbered ``base`` + 1, 2, …"""
    runs = [records[at : at + PER_PAGE] for at in range(0, len(records), PER_PAGE)]
    return [_block(base + i, f"{label}第{i}组", run) for i, run in enumerate(runs, 1)]


def _block(number: int, label: str, oldest_first: list[Record] | list[Dated]) -> Block:
    records = [r if isinstance(r, Record) else r[1] for r in oldest_first]
    return Block(number, label, tuple(reversed(records)))


def _grouped(records: list[Dated], part: str) -> list[tuple[int, list[Dated]]]:
    """Group dated records (oldest first) by ``part`` of their date, order kept."""
    return [
        (key, list(group)) for key, group in groupby(records, key=lambda p: getattr(p[0], part))
    ]
