"""The order lists show records in: newest first, undated last, then by slug backwards."""

from __future__ import annotations

import datetime as dt

from admin.site.content import Record, Site

TODAY = dt.date(2026, 12, 1)
DAY = dt.date(2026, 3, 1)


def _record(dataset: str, slug: str, **meta: object) -> Record:
    return Record(dataset, slug, {"title": slug, **meta}, "", TODAY)


def _site(**records: list[Record]) -> Site:
    return Site(config={}, today=TODAY, records=records)


def test_decisions_are_newest_first_then_slug_backwards_a_slug_before_its_longer_ones() -> None:
    decisions = [
        _record("penalties", "2026-1", decision_date=DAY),
        _record("penalties", "b"),
        _record("penalties", "2026-10", decision_date=DAY),
        _record("penalties", "a", decision_date=dt.date(2026, 4, 1)),
        # A hand-edited date and time is filed under its day.
        _record("penalties", "2026-3", decision_date=dt.datetime(2026, 3, 1, 9, 30)),
        _record("penalties", "2026-2", decision_date=DAY),
        _record("penalties", "c", decision_date="2026-05-01"),  # not a date: undated
        _record("penalties", "gone", decision_date=DAY, status="withdrawn"),
    ]
    site = _site(penalties=decisions)
    assert [r.slug for r in site.listed("penalties")] == [
        "a",
        "2026-3",
        "2026-2",
        "2026-1",
        "2026-10",
        "c",
        "b",
    ]


def test_reports_are_by_slug_backwards_and_other_lists_by_their_own_key() -> None:
    reports = [_record("reports", slug) for slug in ("2024", "2025-rule-of-law", "2025", "2023")]
    items = [
        _record("items", "z", code="A02"),
        _record("items", "y", code="A01"),
        _record("items", "x", code="A02"),
    ]
    pages = [_record("pages", "b"), _record("pages", "a", order=5), _record("pages", "c", order=5)]
    site = _site(reports=reports, items=items, pages=pages)
    assert [r.slug for r in site.listed("reports")] == ["2025", "2025-rule-of-law", "2024", "2023"]
    assert [r.slug for r in site.listed("items")] == ["y", "x", "z"]
    assert [r.slug for r in site.listed("pages")] == ["a", "c", "b"]
