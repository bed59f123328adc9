"""Archive blocks and pager links: blocks fixed by date, links equal to links built one by one."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask, request

from admin.site.archive import PER_PAGE, Archive, archive
from admin.site.content import Record
from admin.site.views.helpers import ABSOLUTE_LINKS, link_to
from admin.site.views.listing import archive_url, list_pager

TODAY = dt.date(2026, 12, 1)


def decision(slug: str, day: dt.date | None) -> Record:
    meta = {"title": slug, "status": "published"}
    if day is not None:
        meta["decision_date"] = day
    return Record("penalties", slug, meta, "", TODAY)


def newest_first(records: list[Record]) -> list[Record]:
    """Sort as the site lists decisions: newest date first, then slug descending."""
    return sorted(records, key=lambda r: (r.meta.get("decision_date", dt.date.min), r.slug))[::-1]


def county_list(count: int = 205) -> list[Record]:
    """``count`` decisions, three a day from 2024-01-01 on (a busy list)."""
    start = dt.date(2024, 1, 1)
    return [decision(f"d{i:05d}", start + dt.timedelta(days=i // 3)) for i in range(count)]


def blocks_of(found: Archive) -> dict[int, tuple[str, list[str]]]:
    return {b.number: (b.label, [r.slug for r in b.records]) for b in found.blocks}


def test_a_list_the_folder_shows_whole_has_no_archive() -> None:
    assert archive(newest_first(county_list(PER_PAGE))).blocks == ()


def test_blocks_hold_every_record_once_at_most_per_page_in_list_order() -> None:
    listed = newest_first(county_list())
    found = archive(listed)
    slugs = [s for b in reversed(found.blocks) for s in (r.slug for r in b.records)]
    assert slugs == [r.slug for r in listed]
    assert all(0 < len(b.records) <= PER_PAGE for b in found.blocks)
    assert [b.number for b in found.blocks] == sorted(b.number for b in found.blocks)
    # Three a day, 90-odd a month: months are too long, days are packed six to a page.
    assert found.blocks[0].number == 20240101 and found.blocks[0].label == "2024年1月1日—6日"


def test_a_day_too_long_for_a_page_is_cut_into_runs_from_its_oldest() -> None:
    day = dt.date(2025, 3, 9)
    found = archive(newest_first([decision(f"s{i:03d}", day) for i in range(45)]))
    assert [(b.number, b.label, len(b.records)) for b in found.blocks] == [
        (202503090001, "2025年3月9日第1组", 20),
        (202503090002, "2025年3月9日第2组", 20),
        (202503090003, "2025年3月9日第3组", 5),
    ]
    undated = archive(newest_first([decision(f"u{i:03d}", None) for i in range(21)]))
    assert [b.number for b in undated.blocks] == [1, 2]


def test_a_publish_changes_only_the_newest_block() -> None:
    records = county_list()
    before = blocks_of(archive(newest_first(records)))
    newest_day = records[-1].meta["decision_date"]
    after = blocks_of(archive(newest_first([*records, decision("new", newest_day)])))
    differing = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    assert len(differing) == 1 and "new" in after[differing.pop()][1]


def test_a_backlog_decision_changes_only_pages_of_its_own_month() -> None:
    records = county_list()
    before = blocks_of(archive(newest_first(records)))
    late = decision("late", dt.date(2024, 1, 2))  # published today, decided long ago
    after = blocks_of(archive(newest_first([*records, late])))
    differing = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    assert differing and all(str(n).startswith("202401") for n in differing)


def test_expiry_of_the_oldest_records_moves_only_pages_of_their_month() -> None:
    records = county_list(1000)
    before = blocks_of(archive(newest_first(records)))
    after = blocks_of(archive(newest_first(records[3:])))  # the first day's three expired
    differing = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    # Days are packed from the 1st of the month on: January's pages move, no other.
    assert differing and all(str(n).startswith("202401") for n in differing)
    assert len(before) - len(differing) > 4 * len(differing)


@pytest.mark.parametrize(
    ("path", "script_root", "endpoint", "values"),
    [
        ("/penalties/", "", "penalties.index", {}),
        ("/penalties/page/20240107/", "", "penalties.index", {}),
        ("/penalties/year/2024/page/20240107/", "", "penalties.year", {"year": 2024}),
        ("/penalties/kind/fine/page/20240107/", "", "penalties.kind", {"kind": "fine"}),
        # A sub-path whose folder name is also a page number.
        ("/penalties/page/20240107/", "/12", "penalties.index", {}),
    ],
)
def test_pager_links_equal_links_built_one_by_one(
    site_app: Flask, path: str, script_root: str, endpoint: str, values: dict[str, object]
) -> None:
    found = archive(newest_first(county_list()))
    with site_app.test_request_context(path, base_url="http://localhost" + script_root):
        at = found.index(20240107)
        assert at is not None
        block = None if path.endswith(("/penalties/", "/2024/")) else found.blocks[at]
        pager = list_pager(found, block, endpoint, values)
        built = {link_to(endpoint, **values)} | {
            link_to(endpoint + "_page", n=b.number, **values) for b in found.blocks
        }
        assert archive_url(endpoint, values, 20240107) == link_to(
            endpoint + "_page", n=20240107, **values
        )
    links = [*pager.before, *pager.after]
    assert links and all(link.href in built for link in links)
    if block is None:
        assert [link.text for link in links] == ["较早", "最早"] and not pager.archive
    else:
        assert [link.text for link in links] == ["最新", "较新", "较早"]
        assert pager.current == "2024年1月7日—12日"


def test_pager_links_are_absolute_on_the_not_found_page(site_app: Flask) -> None:
    found = archive(newest_first(county_list()))
    with site_app.test_request_context("/404.html"):
        request.environ[ABSOLUTE_LINKS] = True  # as the not-found page sets it
        pager = list_pager(found, found.blocks[3], "penalties.index", {})
    assert all(link.href.startswith("http") for link in [*pager.before, *pager.after])


def test_a_record_out_of_date_order_does_not_split_a_year_in_two() -> None:
    # An information item sorted by a 发布日期 that is not a date (it sorts last) but
    # filed under its 公开日期: one block per number all the same.
    listed = newest_first(county_list(60))
    moved = [*listed[1:], listed[0]]
    numbers = [b.number for b in archive(moved).blocks]
    assert len(numbers) == len(set(numbers)) and sorted(numbers) == numbers
