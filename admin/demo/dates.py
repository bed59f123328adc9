"""Dates of the demo: a fixed "today", working days, and record timestamps."""

from __future__ import annotations

import datetime as dt

import chinese_calendar

#: The demo is written as seen on this day; nothing in it depends on the real date.
DEMO_TODAY = dt.date(2026, 11, 1)

#: 宁夏's own days off (开斋节, 古尔邦节) in the demo's years that the national calendar
#: lacks (LAW.md §1). Unknown years are fine here: demo records are published two
#: working days after their decision, well inside the seven-day clock either way.
NINGXIA_DAYS_OFF = frozenset(
    {
        dt.date(2021, 5, 13),
        dt.date(2021, 5, 14),
        dt.date(2021, 7, 19),
        dt.date(2021, 7, 20),
    }
)


def is_working_day(day: dt.date) -> bool:
    """Return whether ``day`` is a working day in 宁夏."""
    return chinese_calendar.is_workday(day) and day not in NINGXIA_DAYS_OFF


def working_days_after(day: dt.date, count: int) -> dt.date:
    """Return the date ``count`` working days after ``day`` (the start day not counted)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    """Return a naive UTC timestamp on ``day`` (records' created_at/updated_at)."""
    # 09:00 in Beijing is 01:00 UTC: keep stamps on the same calendar day in both.
    return dt.datetime(day.year, day.month, day.day, max(hour - 8, 0))
