"""The one date parser of the back-office's date fields, and stored UTC shown locally."""

from __future__ import annotations

import datetime as dt

import pytest

from admin.domain.dates import DateError, parse_day
from admin.domain.localtime import format_local_time

DAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-06",
        "2026年12月6日",
        "2026年12月06日",
        "20261206",
        "2026/12/6",
        "2026.12.06",
        " 2026 年 12 月 6 日 ",
        "２０２６－１２－０６",
        "2026-12-6",
    ],
)
def test_officers_may_write_a_date_in_the_usual_ways(text: str) -> None:
    assert parse_day(text) == DAY


@pytest.mark.parametrize("text", ["", "  ", None])
def test_blank_is_no_date(text: str | None) -> None:
    assert parse_day(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "12/06/2026",
            "处罚决定日期：「12/06/2026」不是日期，请写作 2026-12-06、2026年12月6日 或 20261206",
        ),
        ("昨天", "处罚决定日期：「昨天」不是日期"),
        ("2026-13-01", "处罚决定日期：2026 年 13 月没有 1 日"),
        ("2026年2月30日", "处罚决定日期：2026 年 2 月没有 30 日"),
        ("2026120", "不是日期"),
        ("2026-W49-7", "不是日期"),
    ],
)
def test_anything_else_is_refused_in_chinese_naming_the_field(text: str, message: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_day(text, "处罚决定日期")
    assert message in str(refused.value)


def test_stored_utc_is_shown_in_beijing_time_to_the_minute() -> None:
    stored = dt.datetime(2026, 12, 6, 17, 5, 59, 123456)  # naive UTC, as utcnow() writes
    assert format_local_time(stored, "Asia/Shanghai") == "2026-12-07 01:05"


def test_the_configured_zone_decides_and_aware_times_are_converted() -> None:
    stored = dt.datetime(2026, 12, 6, 17, 5)
    assert format_local_time(stored, "UTC") == "2026-12-06 17:05"
    aware = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert format_local_time(aware, "Asia/Shanghai") == "2026-12-06 09:00"


def test_dates_and_nothing_pass_through() -> None:
    assert format_local_time(None) == ""
    assert format_local_time(DAY) == "2026-12-06"
