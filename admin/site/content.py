"""``content/`` loaded into memory for the public site: records per dataset, site identity.

The build date (``today``) decides what is listed: a penalty whose 公示截止期 has passed
shows the 【公示期满】 notice at its URL even before ``gongshi expire`` rewrote its file.
A record that is not listed keeps its URL, shows only its notice, and appears in no list,
sitemap, data file or figure.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup

from admin.content.store import ContentStoreError, read_dataset, read_site_config
from admin.domain import rule_of_law, vocab
from admin.domain.datasets import DATASETS as RECORD_TYPES
from admin.domain.datasets import WORKFLOW
from admin.domain.markdown_render import render_markdown, render_plain
from admin.domain.publicity import expiry_notice, is_visible
from admin.site import bodies as site_bodies
from admin.site.fragments import Fragments

#: The datasets with pages, in menu order.
DATASETS = (*RECORD_TYPES, "pages", "reports")
#: Datasets whose records are disclosures (feed, latest list, figures): those with the
#: review workflow.
DISCLOSURES = WORKFLOW

PUBLISHED = "published"
WITHDRAWN = "withdrawn"
EXPIRED = "expired"
REPAIRED = "repaired"
#: Set on a licence whose 有效期至 is before the build date (never in a file).
VALIDITY_PASSED = "validity_passed"
#: Title prefix of each notice (the status a file has, or expiry by date).
NOTICE_PREFIX = {WITHDRAWN: "【已撤回】", EXPIRED: "【公示期满】", REPAIRED: "【信用修复】"}
NOTICE_NAME = {WITHDRAWN: "撤回公示", EXPIRED: "公示期满", REPAIRED: "信用修复"}

T = TypeVar("T")


@dataclass(eq=False)
class Record:
    """One record of a dataset, as its page shows it on ``today``."""

    dataset: str
    slug: str
    meta: dict[str, Any]
    body: str
    today: dt.date
    #: The slug of the 执法主体 the record belongs to, resolved once (admin.site.bodies).
    body_slug: str = ""

    @property
    def raw_title(self) -> str:
        """Return the title the file gives."""
        return str(self.meta.get("title", "")) or self.slug

    @cached_property
    def notice(self) -> str | None:
        """Return why only a notice is shown (withdrawn, expired, repaired), else None."""
        status = self.meta.get("status", PUBLISHED)
        if self.dataset == "pages":
            return None
        if status != PUBLISHED:
            return status if status in NOTICE_PREFIX else WITHDRAWN
        return None  # expiry by date was turned into its notice by load_site

    @property
    def listed(self) -> bool:
        """Return whether the record appears in lists, data files, the sitemap and figures."""
        return self.notice is None

    @property
    def title(self) -> str:
        """Return the title to show, prefixed 【已撤回】/【公示期满】 for a notice."""
        prefix = NOTICE_PREFIX.get(self.notice or "", "")
        return prefix + self.raw_title

    @property
    def notice_date(self) -> dt.date | None:
        """Return the notice's date."""
        value = self.meta.get("notice_date")
        return value if isinstance(value, dt.date) else None

    @property
    def published(self) -> dt.date | None:
        """Return the date the record was first published."""
        value = self.meta.get("published")
        return value if isinstance(value, dt.date) else None

    @property
    def updated(self) -> dt.date | None:
        """Return the date of the last public change (the notice date for a notice)."""
        value = self.meta.get("updated")
        return value if isinstance(value, dt.date) else self.published

    @property
    def last_change(self) -> dt.date | None:
        """Return the date of the record's latest public change: an edit, a notice or its
        publication, whichever is latest (the sitemap's lastmod, the feed's updated)."""
        dates = [d for d in (self.updated, self.published, self.notice_date) if d]
        return max(dates, default=None)

    @property
    def feed_date(self) -> dt.date | None:
        """Return when the feed announces this record: its withdrawal, else its publication."""
        return self.notice_date if self.notice == WITHDRAWN else self.published

    @cached_property
    def html(self) -> Markup:
        """Return the body rendered by the one sanitising renderer (empty for a notice)."""
        return Markup("") if self.notice else render_markdown(self.body)

    @cached_property
    def plain(self) -> str:
        """Return the body as plain text (data files, descriptions)."""
        return "" if self.notice else render_plain(self.body)

    def get(self, key: str, default: Any = "") -> Any:
        """Return a front-matter value, or ``default``."""
        return self.meta.get(key, default)


@dataclass
class Site:
    """Everything the public site shows, read from ``content/`` once."""

    config: dict[str, Any]
    today: dt.date
    records: dict[str, list[Record]] = field(default_factory=dict)
    #: The body whose column this site is (``gongshi build --body``), or None.
    scope: str | None = None
    #: Records' entries in whole-dataset files remembered by the build (admin.site.fragments).
    fragments: Fragments = field(default_factory=Fragments, repr=False)
    _listed: dict[str, list[Record]] = field(default_factory=dict, init=False, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)

    def all(self, dataset: str) -> list[Record]:
        """Return every record of ``dataset``, listed or not, in slug order."""
        return self.records.get(dataset, [])

    def listed(self, dataset: str) -> list[Record]:
        """Return the listed records of ``dataset``, newest first where dates apply."""
        # Content is read once and never changes: every page of a build shares the sort.
        if dataset not in self._listed:
            chosen = (r for r in self.all(dataset) if r.listed)
            self._listed[dataset] = _in_list_order(dataset, chosen)
        return list(self._listed[dataset])

    def find(self, dataset: str, slug: str) -> Record | None:
        """Return the record ``slug`` of ``dataset``, or None."""
        return self._index.get((dataset, slug))

    def years(self, dataset: str) -> list[int]:
        """Return the years the listed records of ``dataset`` fall in, newest first."""
        return sorted(self._by_year(dataset), reverse=True)

    def listed_in_year(self, dataset: str, year: int) -> list[Record]:
        """Return the listed records of ``dataset`` filed under ``year``, in list order."""
        return list(self._by_year(dataset).get(year, ()))

    def listed_with_kind(self, kind: str) -> list[Record]:
        """Return the listed decisions that impose the penalty kind ``kind``, in list order."""

        # One pass for every kind: a county has 100,000 decisions and ten kinds.
        groups = self._groups("penalties", "kinds", lambda r: dict.fromkeys(r.get("kinds", ())))
        return list(groups.get(kind, ()))

    def penalty_kinds(self) -> list[tuple[str, str]]:
        """Return (kind, URL slug) of each kind the listed decisions impose, in statutory order."""

        def used() -> list[tuple[str, str]]:
            kinds = {kind for r in self.listed("penalties") for kind in r.get("kinds", ())}
            return [(k, slug) for k, slug in vocab.PENALTY_KIND_SLUGS.items() if k in kinds]

        return list(self._grouping("penalty_kinds", used))

    def bodies(self) -> list[tuple[Record, int]]:
        """Return ``(body, depth)`` of the listed bodies, each followed by those under it."""
        return list(
            self._grouping("bodies", lambda: site_bodies.tree_order(self.listed("subjects")))
        )

    def of_body(self, dataset: str, slug: str) -> list[Record]:
        """Return the listed records of ``dataset`` that belong to body ``slug``, in list order."""

        return list(self._groups(dataset, "body", lambda r: (r.body_slug,)).get(slug, ()))

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """Return ``compute()`` once per ``key`` for groupings made outside this class."""
        return self._grouping(("memo", key), compute)

    def _grouping(self, key: Any, compute: Callable[[], T]) -> T:
        """Return ``compute()``, computed once for ``key``: the content never changes."""
        # List and filter pages of a dataset share their groupings; computing them on
        # every page made county-scale builds scan all records once per page.
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _by_year(self, dataset: str) -> dict[Any, list[Record]]:
        return self._groups(dataset, "year", lambda r: (y,) if (y := record_year(r)) else ())

    def _groups(
        self, dataset: str, by: str, keys: Callable[[Record], Iterable[Any]]
    ) -> dict[Any, list[Record]]:
        """Return the listed records of ``dataset`` under each of their ``keys``, in list
        order, grouped once per build for ``by``."""

        def group() -> dict[Any, list[Record]]:
            groups: dict[Any, list[Record]] = {}
            for record in self.listed(dataset):
                for key in keys(record):
                    groups.setdefault(key, []).append(record)
            return groups

        return self._grouping(("groups", dataset, by), group)

    def latest(self, count: int) -> list[Record]:
        """Return the ``count`` most recent listed disclosures of every kind."""
        listed = (r for dataset in DISCLOSURES for r in self.listed(dataset))
        # nlargest is sorted(..., reverse=True)[:count] without sorting a county's 135,000.
        return heapq.nlargest(
            count, listed, key=lambda r: (r.published or dt.date.min, r.dataset, r.slug)
        )

    def feed_records(self, count: int) -> list[Record]:
        """Return the ``count`` newest disclosures and withdrawals for the feed, newest
        change first (the 法治政府建设年度报告 too: a yearly disclosure the public waits for)."""
        laws = [r for r in self.all("reports") if r.get("kind") == rule_of_law.CONTENT_KIND]
        chosen = [
            r
            for r in [*(r for dataset in DISCLOSURES for r in self.all(dataset)), *laws]
            if r.notice in (None, WITHDRAWN)
        ]

        return heapq.nlargest(
            count, chosen, key=lambda r: (r.last_change or dt.date.min, r.dataset, r.slug)
        )

    @cached_property
    def _index(self) -> dict[tuple[str, str], Record]:
        return {(r.dataset, r.slug): r for rs in self.records.values() for r in rs}


def load_site(content_dir: Path, today: dt.date, body: str | None = None) -> Site:
    """Read ``content_dir`` (site.toml and every dataset) into a :class:`Site`.

    ``body`` (default: the one :func:`admin.site.bodies.only_body` names) narrows the
    site to that body's column: its records and those of the bodies below it, so every
    page, list, figure, feed and data file of the site is that column's. Raise
    :class:`admin.site.bodies.UnknownBody` when no published body has that slug.
    """
    body = body if body is not None else site_bodies.scope_requested()
    site = Site(config=read_site_config(content_dir), today=today, scope=body)
    for dataset in DATASETS:
        site.records[dataset] = [
            Record(dataset, f.slug, *_as_of(dataset, dict(f.meta), f.body, today), today)
            for f in read_dataset(content_dir, dataset)
        ]
    _check_rule_of_law_names(content_dir, site.records["reports"])
    site_bodies.assign_bodies(site.records)
    if body is not None:
        site_bodies.narrow(site.records, body)
    return site


def _check_rule_of_law_names(content_dir: Path, reports: list[Record]) -> None:
    """Refuse a 法治政府建设年度报告 file not named ``<yyyy>-rule-of-law.md``: its URL is
    /reports/<yyyy>/rule-of-law/, read from the name (a hand-made file could miss it)."""
    for record in reports:
        if record.get("kind") == rule_of_law.CONTENT_KIND and not rule_of_law.slug_year(
            record.slug
        ):
            path = content_dir / "reports" / f"{record.slug}.md"
            raise ContentStoreError(
                f"{path}：kind：法治政府建设年度报告的文件名必须是「年份-rule-of-law.md」，"
                f"如 {rule_of_law.content_slug(2021)}.md"
            )


def _as_of(dataset: str, meta: dict[str, Any], body: str, today: dt.date):
    """Return (meta, body) as ``gongshi expire`` would leave them on ``today``.

    A penalty past its 公示截止期 shows exactly the notice ``expire`` writes, whether or not
    it has run yet (LAW.md §3: visible through the 公示截止期 inclusive).
    """
    until = meta.get("publicity_until")
    if (
        dataset == "penalties"
        and meta.get("status", PUBLISHED) == PUBLISHED
        and isinstance(until, dt.date)
        and not is_visible(until, today)
    ):
        return expiry_notice(meta), ""
    valid_until = meta.get("valid_until")
    if dataset == "licences" and isinstance(valid_until, dt.date) and valid_until < today:
        # In the record's state (not worked out by the page) so that an incremental build
        # re-renders the page on the day its 有效期 passes (docs/licences.md §4).
        return {**meta, VALIDITY_PASSED: True}, body
    return meta, body


def record_year(record: Record) -> int | None:
    """Return the year a record is filed under: decision, inspection or publication date."""
    for key in ("decision_date", "inspected_on", "published_on", "published"):
        value = record.meta.get(key)
        if isinstance(value, dt.date):
            return value.year
    return None


def _in_list_order(dataset: str, records: Iterable[Record]) -> list[Record]:
    """Return ``records`` of ``dataset`` in the order its lists show them."""
    if dataset in DATE_FIELDS:
        # Newest first (undated last), then by slug backwards. Sorting backwards on the
        # day number and the slug took half the time of a key of negated characters (a
        # county's lists, #16); slugs are unique, so there are no ties to keep in order.
        return sorted(records, key=lambda r: (_day(date_of(r)), r.slug + _LAST), reverse=True)
    if dataset == "pages":
        return sorted(records, key=lambda r: (int(r.meta.get("order", 1000)), r.slug))
    if dataset == "items":
        return sorted(records, key=lambda r: (str(r.meta.get("code", "")), r.slug))
    if dataset == "reports":
        return sorted(records, key=lambda r: r.slug + _LAST, reverse=True)
    return sorted(records, key=lambda r: r.slug)


#: After every character a slug holds (admin.domain.safepath: ASCII): with it at the end,
#: a slug sorted backwards comes before the longer slugs it begins (2026-1 before
#: 2026-10), as lists have always shown them.
_LAST = "\U0010ffff"


#: The date a record of a dated list is filed under: its list is sorted by it and its
#: archive page (admin.site.archive) is chosen by it, so both must read the same field.
DATE_FIELDS = {
    "penalties": ("decision_date",),
    "licences": ("decision_date",),
    "inspections": ("inspected_on",),
    "info": ("published_on", "published"),
}


def date_of(record: Record) -> dt.date | None:
    """Return the date the record is filed under in its lists (the first of its dataset's
    DATE_FIELDS that holds a date)."""
    for key in DATE_FIELDS.get(record.dataset, ("published",)):
        value = record.meta.get(key)
        # A hand-edited file may give a date and time (TOML's local datetime): the list
        # files it under its day, and a datetime cannot be compared with a date.
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
    return None


def _day(value: dt.date | None) -> int:
    """Return the day number of a list's date; 0, before every day, for an undated record."""
    return value.toordinal() if isinstance(value, dt.date) else 0


def listed_of(records: Iterable[Record]) -> list[Record]:
    """Return the listed records among ``records``, order kept."""
    return [r for r in records if r.listed]
