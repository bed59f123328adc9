"""Which page goes in which search shard, and what each shard is built from.

The pages search lists are cut into **disjoint shards**: one per section and year for the
sections whose records have a year (penalties, inspections, information, annual reports),
by quarter when a year is large and by month when a quarter is, one per section otherwise;
every page is in exactly one.
All of it follows from the pages' paths, the digests of the files the render wrote and
the site's records (year, listed or a notice): no page is read. A shard's digest changes
exactly when one of its pages or the copies' format does, so a rebuild re-indexes only
the shards whose pages changed. ``bundles.json`` (:func:`listing`) tells the search page
which shards, sections and years there are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from admin.freeze.checks import DETAIL_DATASETS, LISTING_FOLDERS
from admin.site.content import DISCLOSURES, Record, Site, record_year

#: Part of every shard's digest: change it when the search-only copy's format changes
#: (``search.search_copy``, :mod:`admin.freeze.searchtext`), the way Pagefind is given the
#: copies (their order numbers the pages) or Pagefind is upgraded.
COPY_FORMAT = "copy-3 pagefind-1.5.2 service"
#: A section's year with more pages than this is cut into quarters (by the record's date),
#: and such a quarter into months, so that no single Pagefind run nears 1 GiB: a quarter of
#: 5,360 decisions took 893 MiB at county scale (#16, bench/README.md).
SHARD_PAGES = 2000
#: Section folders and the names the search page shows for them.
SECTION_LABELS: dict[str, str] = {
    "penalties": "行政处罚决定",
    "licences": "行政许可决定",
    "inspections": "检查结果",
    "info": "政府信息公开",
    "projects": "重大建设项目",
    "items": "执法事项",
    "subjects": "执法主体",
    "officers": "执法人员",
    "reports": "年度报告",
    "pages": "公开指南与制度",
    "data": "开放数据",
    "stats": "统计",
}


@dataclass(frozen=True)
class Candidate:
    """A page search lists unless it turns out empty or ``noindex``: known from its path."""

    path: str
    section: str
    year: str
    quarter: str = ""
    #: "01"–"12" when the record has a date in ``year``, used when its quarter is large.
    month: str = ""


def shard_name(section: str, year: str, quarter: str = "", month: str = "") -> str:
    """Return a shard's folder name; no name is a prefix of another's ``name/``."""
    period = f"m{month}" if month else f"q{quarter}" if quarter else ""
    return "-".join([section, *([year] if year else []), *([period] if period else [])])


def prepare_candidates(site: Site) -> tuple[_Dates, set[tuple[str, str]]]:
    """Return what :func:`candidates` needs of ``site``'s records, worked out once per site.

    Half a second of a county's rebuild (#16), which the build does ahead, while it waits
    for other work, rather than after rendering, when nothing else can go on.
    """
    return (
        site.memo(_DATES_MEMO, lambda: _record_dates(site)),
        site.memo(_UNLISTED_MEMO, lambda: _unlisted(site)),
    )


def candidates(site: Site, files: Iterable[str]) -> list[Candidate]:
    """Return the pages among ``files`` (relative paths) that search should list."""
    dates, notices = prepare_candidates(site)
    found = []
    for relative in sorted(name for name in files if name.endswith(".html")):
        parts = relative.split("/")
        if not _is_listed(parts):
            continue
        if len(parts) == 3 and (parts[0], parts[1]) in notices:
            continue
        year, quarter, month = (
            dates.get((parts[0], parts[1]), _UNDATED) if len(parts) == 3 else _UNDATED
        )
        if _is_rule_of_law_page(parts):
            year = parts[1]  # filed under its year, as the 政府信息公开 report of that year
        found.append(Candidate(relative, parts[0], year, quarter, month))
    return found


def shards(pages: Iterable[Candidate], limit: int = SHARD_PAGES) -> dict[str, list[Candidate]]:
    """Group pages into disjoint shards: per section and year (by quarter, then by month,
    while a group is larger than ``limit``), or per section."""
    years: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for page in pages:
        years[(page.section, page.year)].append(page)
    grouped: dict[str, list[Candidate]] = {}
    for (section, year), members in years.items():
        if not year or len(members) <= limit:
            grouped[shard_name(section, year)] = members
            continue
        quarters: dict[str, list[Candidate]] = defaultdict(list)
        for page in members:
            quarters[page.quarter].append(page)
        for quarter, group in quarters.items():
            if len(group) <= limit:
                grouped[shard_name(section, year, quarter)] = group
                continue
            for page in group:
                name = shard_name(section, year, quarter, page.month)
                grouped.setdefault(name, []).append(page)
    return grouped


def shard_digest(name: str, members: list[Candidate], files: dict[str, str]) -> str:
    """Return the digest of what a shard is built from: its pages' paths and file digests."""
    # One line per page, joined: a JSON text per page took a quarter of a second of each
    # county rebuild (#16). Paths and years hold neither a NUL nor a newline.
    lines = [f"{page.path}\0{page.year}\0{files[page.path]}" for page in members]
    text = "\n".join([json.dumps([COPY_FORMAT, name]), *lines, ""])
    return hashlib.sha256(text.encode()).hexdigest()


def _is_listed(parts: list[str]) -> bool:
    """Tell whether a page at ``parts`` is one search lists (not home, 404, lists, search)."""
    if parts[0] in ("index.html", "404.html", "search", "sitemap"):
        return False
    if _is_rule_of_law_page(parts):
        return True
    if parts[0] in DETAIL_DATASETS:
        return len(parts) == 3 and parts[1] not in LISTING_FOLDERS and parts[2] == "index.html"
    return parts[-1] == "index.html"


def _is_rule_of_law_page(parts: list[str]) -> bool:
    """Tell whether ``parts`` is a 法治政府建设年度报告's page: reports/<yyyy>/rule-of-law/."""
    return len(parts) == 4 and parts[0] == "reports" and parts[2:] == ["rule-of-law", "index.html"]


#: Each record's (year, quarter, month), by (section, slug).
_Dates = dict[tuple[str, str], tuple[str, str, str]]
#: The keys of what :func:`prepare_candidates` keeps on the site.
_DATES_MEMO = "shards record dates"
_UNLISTED_MEMO = "shards unlisted"
#: A page's year, quarter and month when it has none.
_UNDATED = ("", "", "")


def _record_dates(site: Site) -> _Dates:
    """Map (dataset, slug) to the year the site files the record under, its quarter and month."""
    dates: dict[tuple[str, str], tuple[str, str, str]] = {}
    for dataset in DISCLOSURES:
        for record in site.all(dataset):
            year = record_year(record)
            if year is not None:
                month = _month(record, year)
                dates[(dataset, record.slug)] = (str(year), str((month + 2) // 3), f"{month:02d}")
    for record in site.all("reports"):
        if record.slug.isdigit():
            dates[("reports", record.slug)] = (record.slug, "", "")
    return dates


def _month(record: Record, year: int) -> int:
    """Return the month (1–12) of the date ``record_year`` took ``year`` from."""
    for key in ("decision_date", "inspected_on", "published_on", "published"):
        value = record.meta.get(key)  # record_year's keys, in its order
        if isinstance(value, dt.date) and value.year == year:
            return value.month
    return 1


def _unlisted(site: Site) -> set[tuple[str, str]]:
    """Return the records whose pages are notices (withdrawn, expired, repaired)."""
    return {
        (dataset, record.slug)
        for dataset in DETAIL_DATASETS
        for record in site.all(dataset)
        if not record.listed
    }


def listing(counts: dict[str, int], members: dict[str, list[Candidate]]) -> dict:
    """Describe the shards, sections and years for the search page's filters."""
    shard_of = {name: members[name][0] for name in counts}
    sections = sorted({page.section for page in shard_of.values()}, key=_section_order)
    years = sorted({page.year for page in shard_of.values() if page.year}, reverse=True)
    return {
        "sections": [
            {"id": section, "label": SECTION_LABELS.get(section, section)} for section in sections
        ],
        "years": years,
        "shards": {
            name: {"section": page.section, "year": page.year, "pages": counts[name]}
            for name, page in sorted(shard_of.items())
        },
    }


def _section_order(section: str) -> tuple[int, str]:
    order = list(SECTION_LABELS)
    return (order.index(section) if section in order else len(order), section)
