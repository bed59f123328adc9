"""The working-day calendar: national notices, 宁夏's days off, unknown years never guessed.

Every expected date below was worked out by hand from the notices (国务院办公厅关于2020年、
2021年部分节假日安排的通知; 宁夏回族自治区人民政府办公厅's notices for the same years),
not by running this code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from admin.domain.calendar_notice import NATIONAL, Notice, parse_notice
from admin.domain.workcalendar import BUNDLED_YEARS, CalendarError, WorkCalendar

DATA = Path(__file__).resolve().parents[2] / "admin" / "data" / "calendar"
BUNDLED = [parse_notice(path.read_text(encoding="utf-8")) for path in sorted(DATA.glob("*.toml"))]
NX = "ningxia"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar(BUNDLED)


@pytest.mark.parametrize(
    ("start", "n", "region", "expected"),
    [
        # 2021 中秋/国庆: 9-18 (Sat), 9-26 (Sun), 10-9 (Sat) worked; 9-19..21, 10-1..7 off.
        ("2021-09-17", 1, NATIONAL, "2021-09-18"),
        ("2021-09-17", 7, NATIONAL, "2021-09-28"),
        ("2021-09-30", 1, NATIONAL, "2021-10-08"),
        ("2021-09-30", 2, NATIONAL, "2021-10-09"),
        ("2021-09-30", 2, NX, "2021-10-09"),  # national make-up days hold in 宁夏 too
        # 2021 春节: 2-11..2-17 off; 2-7 (Sun) and 2-20 (Sat) worked.
        ("2021-02-05", 1, NATIONAL, "2021-02-07"),
        ("2021-02-10", 1, NATIONAL, "2021-02-18"),
        ("2021-02-10", 3, NATIONAL, "2021-02-20"),
        ("2021-02-08", 7, NATIONAL, "2021-02-23"),
        # 宁夏 开斋节 2021-05-13/14 and 古尔邦节 07-19/20; 2020: 05-25/26 and 07-30/31.
        ("2021-05-12", 1, NATIONAL, "2021-05-13"),
        ("2021-05-12", 1, NX, "2021-05-17"),
        ("2021-05-06", 7, NATIONAL, "2021-05-14"),
        ("2021-05-06", 7, NX, "2021-05-18"),
        ("2021-07-16", 1, NATIONAL, "2021-07-19"),
        ("2021-07-16", 1, NX, "2021-07-21"),
        ("2020-05-22", 1, NATIONAL, "2020-05-25"),
        ("2020-05-22", 1, NX, "2020-05-27"),
        ("2020-07-29", 1, NX, "2020-08-03"),
        # The start day is never counted, whatever it is; N = 0 is the start itself.
        ("2021-06-01", 1, NATIONAL, "2021-06-02"),
        ("2021-06-05", 1, NATIONAL, "2021-06-07"),
        ("2021-10-01", 1, NATIONAL, "2021-10-08"),
        ("2021-10-01", 0, NATIONAL, "2021-10-01"),
    ],
)
def test_working_days_after(calendar, start: str, n: int, region: str, expected: str) -> None:
    result = calendar.working_days_after(D(start), n, region)
    assert result.date == D(expected)
    assert result.confirmed


def test_trail_names_every_skipped_day(calendar) -> None:
    result = calendar.working_days_after(D("2021-09-30"), 2)
    skipped = [(t.day.isoformat(), t.reason) for t in result.trail if not t.counted]
    assert skipped == [(f"2021-10-0{i}", "国庆节") for i in range(1, 8)]
    counted = [(t.day.isoformat(), t.ordinal, t.reason) for t in result.trail if t.counted]
    assert counted == [("2021-10-08", 1, ""), ("2021-10-09", 2, "调休上班（国庆节）")]


@pytest.mark.parametrize(
    ("day", "region", "working", "reason", "source_has"),
    [
        ("2021-10-01", NATIONAL, False, "国庆节", "国务院办公厅关于2021年"),
        ("2021-02-20", NATIONAL, True, "调休上班（春节）", "国务院办公厅关于2021年"),
        ("2021-05-15", NATIONAL, False, "周末", ""),
        ("2021-05-13", NATIONAL, True, "", ""),
        ("2021-05-13", NX, False, "宁夏地方放假", "宁夏回族自治区人民政府办公厅关于2021年"),
        ("2021-10-03", NX, False, "国庆节", "国务院办公厅"),  # national reason kept
        ("2018-12-29", NATIONAL, True, "调休上班（元旦）", "关于2019年"),
    ],
)
def test_day_status_says_why(calendar, day, region, working, reason, source_has) -> None:
    status = calendar.day_status(D(day), region)
    assert (status.working, status.reason) == (working, reason)
    assert source_has in status.source
    assert calendar.is_working_day(D(day), region) is working


def test_known_years_come_from_the_data() -> None:
    calendar = WorkCalendar(BUNDLED)
    assert {2004, 2021, 2026} <= set(calendar.known_years(NATIONAL))
    assert 2091 not in calendar.known_years(NATIONAL)
    assert set(range(min(BUNDLED_YEARS), max(BUNDLED_YEARS) + 1)) == BUNDLED_YEARS
    # A region is known only where its own notice is there too.
    assert calendar.known_years(NX) == (2019, 2020, 2021, 2022)
    assert not calendar.is_known(2023, NX) and calendar.is_known(2023, NATIONAL)


NOTICE_2091 = Notice(
    2091,
    NATIONAL,
    "国务院办公厅关于2091年部分节假日安排的通知",
    holidays=(D("2091-01-01"), D("2091-01-08"), D("2091-01-09")),
    workdays=(D("2091-01-13"),),
)


@pytest.mark.parametrize(
    ("notices", "region", "expected", "unconfirmed"),
    [
        # 2091-01-05 is a Friday. Unknown: weekends only, and said so.
        ((), NATIONAL, "2091-01-12", (2091,)),
        ((), NX, "2091-01-12", (2091,)),
        # Its notice: 1-8, 1-9 off, Saturday 1-13 worked.
        ((NOTICE_2091,), NATIONAL, "2091-01-15", ()),
        # 宁夏 still needs its own notice for that year, even an empty one.
        ((NOTICE_2091,), NX, "2091-01-15", (2091,)),
        ((NOTICE_2091, Notice(2091, NX, "宁夏2091", ())), NX, "2091-01-15", ()),
        ((NOTICE_2091, Notice(2091, NX, "宁夏2091", (D("2091-01-15"),))), NX, "2091-01-16", ()),
    ],
)
def test_unknown_year_is_computed_but_unconfirmed(notices, region, expected, unconfirmed) -> None:
    result = WorkCalendar(notices).working_days_after(D("2091-01-05"), 5, region)
    assert (result.date, result.unconfirmed_years) == (D(expected), unconfirmed)
    assert result.confirmed is (not unconfirmed)


def test_a_count_reaching_into_an_unknown_year_names_only_that_year() -> None:
    calendar = WorkCalendar([Notice(2090, NATIONAL, "2090年通知", ())])
    # 2090-12-28 is a Thursday: 12-29 (1), 2091-01-01 (2), 01-02 (3).
    result = calendar.working_days_after(D("2090-12-28"), 3)
    assert (result.date, result.unconfirmed_years) == (D("2091-01-02"), (2091,))
    both = WorkCalendar().working_days_after(D("2090-12-28"), 3)
    assert both.unconfirmed_years == (2090, 2091)


def test_a_loaded_national_notice_overrides_the_bundled_day() -> None:
    correction = Notice(2021, NATIONAL, "更正通知", holidays=(D("2021-10-08"),))
    calendar = WorkCalendar([correction])
    assert calendar.working_days_after(D("2021-09-30"), 1).date == D("2021-10-09")
    assert calendar.day_status(D("2021-10-08")).source == "更正通知"


def test_regional_make_up_day_is_worked_there_only() -> None:
    notice = Notice(2091, NX, "宁夏2091", workdays=(D("2091-01-06"),))  # a Saturday
    calendar = WorkCalendar([notice])
    assert calendar.is_working_day(D("2091-01-06"), NX)
    assert not calendar.is_working_day(D("2091-01-06"), NATIONAL)


def test_next_working_day_and_roll_forward(calendar) -> None:
    assert calendar.next_working_day(D("2021-09-30")) == D("2021-10-08")
    assert calendar.next_working_day(D("2021-10-08")) == D("2021-10-09")
    assert calendar.next_working_day(D("2021-05-12"), NX) == D("2021-05-17")
    assert calendar.roll_forward(D("2021-10-08")).date == D("2021-10-08")
    assert calendar.roll_forward(D("2021-10-03")).date == D("2021-10-08")


@pytest.mark.parametrize(
    ("start", "n", "region", "expected"),
    [
        ("2021-07-03", 90, NATIONAL, "2021-10-08"),  # day 90 is 10-01, 国庆节
        ("2021-07-11", 90, NATIONAL, "2021-10-09"),  # day 90 is a worked Saturday: stays
        ("2021-03-08", 90, NATIONAL, "2021-06-07"),  # day 90 is a Sunday
        ("2021-04-20", 90, NATIONAL, "2021-07-19"),
        ("2021-04-20", 90, NX, "2021-07-21"),  # 7-19 is 宁夏's 古尔邦节
    ],
)
def test_calendar_days_after_moves_off_days_off(calendar, start, n, region, expected) -> None:
    assert calendar.calendar_days_after(D(start), n, region).date == D(expected)


def test_year_days_lists_what_the_notices_change(calendar) -> None:
    days = {s.day.isoformat(): s.reason for s in calendar.year_days(2021, NX)}
    assert days["2021-05-13"] == "宁夏地方放假"
    assert days["2021-09-18"] == "调休上班（中秋）"
    assert "2021-05-15" not in days  # an ordinary weekend


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.working_days_after(D("2021-01-01"), 1, "gansu"),
        lambda c: c.day_status(D("2021-01-01"), "Ningxia"),
        lambda c: c.known_years("beijing"),
        lambda c: c.working_days_after(D("2021-01-01"), -1),
    ],
)
def test_bad_questions_are_refused(calendar, call) -> None:
    with pytest.raises(CalendarError):
        call(calendar)


def test_missing_notices_name_the_notice_a_year_lacks() -> None:
    calendar = WorkCalendar()
    # chinese-calendar carries the national 2026 notice; 宁夏's own is a notice of its own.
    assert calendar.missing_notices([2026], "ningxia") == ("宁夏回族自治区 2026 年放假通知未载入",)
    assert calendar.missing_notices([2026], "national") == ()
    # Without the national notice the national one is what is missing, whatever the region.
    assert calendar.missing_notices([2091, 2091], "ningxia") == ("国务院 2091 年放假通知未载入",)
    result = calendar.working_days_after(dt.date(2026, 5, 12), 5, "ningxia")
    assert result.missing == ("宁夏回族自治区 2026 年放假通知未载入",)


def test_each_bundled_day_is_looked_up_once(calendar: WorkCalendar, monkeypatch) -> None:
    """The dashboard counts ten days for each of thousands of clocks: chinese_calendar's
    slow lookup (50 µs a date) was nine tenths of its time at county scale (#16)."""
    import chinese_calendar

    from admin.domain import workcalendar

    asked: list[dt.date] = []
    real = chinese_calendar.get_holiday_detail
    monkeypatch.setattr(
        chinese_calendar, "get_holiday_detail", lambda day: (asked.append(day), real(day))[1]
    )
    workcalendar._bundled_detail.cache_clear()
    for _ in range(100):
        calendar.working_days_after(dt.date(2025, 9, 26), 7)
    assert asked and len(asked) == len(set(asked))
