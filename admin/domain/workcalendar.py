"""Working days by region, from official notices, and never a guess passed off as known.

The national base is the ``chinese-calendar`` package for the years its data covers;
loaded notices add years and regions (a region's days off come on top of the national
calendar). A day in a year whose notices are missing is still computed (weekends plus
whatever is loaded) but reported as unconfirmed, so callers can say 未确认.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from chinese_calendar import constants as bundled

from admin.domain.calendar_notice import ISSUERS, NATIONAL, REGION_NAMES, REGIONS, Notice
from admin.errors import GongshiError

WEEKEND = "周末"
MAKEUP = "调休上班"
NATIONAL_HOLIDAY = "法定节假日"
ONE_DAY = dt.timedelta(days=1)

#: The years chinese-calendar has notices for, read from its data: it raises for others.
BUNDLED_YEARS = frozenset(day.year for day in bundled.holidays)
_BUNDLED_VERSION = getattr(chinese_calendar, "__version__", "")


class CalendarError(GongshiError, ValueError):
    """A calendar question cannot be answered as asked; the message is Chinese."""


@dataclass(frozen=True)
class DayStatus:
    """Whether a day is worked in a region, why, on whose notice, and whether that is known."""

    day: dt.date
    working: bool
    reason: str  # "" for an ordinary working day
    source: str = ""
    confirmed: bool = True

    @property
    def label(self) -> str:
        """Return the reason with its notice, as the trail shows it."""
        return f"{self.reason}（{self.source}）" if self.source else self.reason


@dataclass(frozen=True)
class TrailDay:
    """One day of a count: counted (its ordinal) or skipped (and why)."""

    day: dt.date
    counted: bool
    ordinal: int
    reason: str
    source: str = ""


@dataclass(frozen=True)
class WorkdayResult:
    """The date a count reached, the years it relied on without a notice, and its trail."""

    date: dt.date
    unconfirmed_years: tuple[int, ...]
    trail: tuple[TrailDay, ...]
    #: What is missing for those years, in words: 「宁夏回族自治区 2026 年放假通知未载入」.
    missing: tuple[str, ...] = ()

    @property
    def confirmed(self) -> bool:
        """Return whether every day the count relied on is in a known year."""
        return not self.unconfirmed_years


def bundled_source(year: int) -> str:
    """Return the title of the State Council notice chinese-calendar carries for ``year``."""
    return (
        f"国务院办公厅关于{year}年部分节假日安排的通知（chinese-calendar {_BUNDLED_VERSION} 收录）"
    )


def check_region(region: str) -> str:
    """Return ``region`` if it is one the calendar knows, else raise CalendarError."""
    if region not in REGIONS:
        raise CalendarError(f"地区：未知地区 {region!r}（可选：{'、'.join(REGIONS)}）")
    return region


class WorkCalendar:
    """A working-day calendar built from the bundled national data plus ``notices``."""

    def __init__(self, notices: Iterable[Notice] = ()) -> None:
        self.notices: tuple[Notice, ...] = tuple(notices)
        # Later notices override earlier ones for the same day (a correcting notice).
        self._days: dict[str, dict[dt.date, DayStatus]] = {region: {} for region in REGIONS}
        self._loaded_years: dict[str, set[int]] = {region: set() for region in REGIONS}
        # chinese_calendar validates each day against its whole table (about 0.05 ms a day):
        # the dashboard asks for the same few days thousands of times per request.
        self._bundled: dict[dt.date, DayStatus] = {}
        for notice in self.notices:
            check_region(notice.region)
            self._loaded_years[notice.region].add(notice.year)
            days = self._days[notice.region]
            off = NATIONAL_HOLIDAY if notice.region == NATIONAL else _regional_off(notice.region)
            for day in notice.holidays:
                days[day] = DayStatus(day, False, off, notice.source)
            for day in notice.workdays:
                days[day] = DayStatus(day, True, MAKEUP, notice.source)

    def known_years(self, region: str = NATIONAL) -> tuple[int, ...]:
        """Return the years whose notices are all there for ``region``, in order."""
        national = BUNDLED_YEARS | self._loaded_years[NATIONAL]
        if check_region(region) == NATIONAL:
            return tuple(sorted(national))
        return tuple(sorted(national & self._loaded_years[region]))

    def is_known(self, year: int, region: str = NATIONAL) -> bool:
        """Return whether every notice ``region`` needs for ``year`` is bundled or loaded."""
        if year not in BUNDLED_YEARS and year not in self._loaded_years[NATIONAL]:
            return False
        return check_region(region) == NATIONAL or year in self._loaded_years[region]

    def missing_notices(self, years: Iterable[int], region: str = NATIONAL) -> tuple[str, ...]:
        """Say which notice each of ``years`` lacks: the national one first, then the region's."""
        missing = []
        for year in sorted(set(years)):
            national = year in BUNDLED_YEARS or year in self._loaded_years[NATIONAL]
            lacking = NATIONAL if not national else region
            if not self.is_known(year, region):
                missing.append(f"{ISSUERS[lacking]} {year} 年放假通知未载入")
        return tuple(missing)

    def sources(self, year: int, region: str = NATIONAL) -> list[tuple[str, str]]:
        """Return (region, notice title) for every notice ``region`` uses in ``year``."""
        found: list[tuple[str, str]] = []
        if year in BUNDLED_YEARS:
            found.append((NATIONAL, bundled_source(year)))
        wanted = (NATIONAL,) if check_region(region) == NATIONAL else (NATIONAL, region)
        for notice in self.notices:
            pair = (notice.region, notice.source)
            if notice.year == year and notice.region in wanted and pair not in found:
                found.append(pair)
        return found

    def day_status(self, day: dt.date, region: str = NATIONAL) -> DayStatus:
        """Return whether ``day`` is worked in ``region`` and why not, if not."""
        confirmed = self.is_known(day.year, region)
        status = self._national_status(day)
        if region != NATIONAL:
            regional = self._days[region].get(day)
            # A regional notice only matters where it changes the national answer.
            if regional is not None and regional.working != status.working:
                status = regional
        if status.confirmed != confirmed:
            status = DayStatus(status.day, status.working, status.reason, status.source, confirmed)
        return status

    def is_working_day(self, day: dt.date, region: str = NATIONAL) -> bool:
        """Return whether ``day`` is a working day in ``region`` (see day_status for why)."""
        return self.day_status(day, region).working

    def working_days_after(
        self,
        start: dt.date,
        n: int,
        region: str = NATIONAL,
        skip: Mapping[dt.date, str] | None = None,
    ) -> WorkdayResult:
        """Return the date ``n`` working days after ``start`` (the start day never counts).

        ``skip`` maps days not to count whatever the calendar says (a paused clock) to why.
        """
        check_region(region)
        if n < 0:
            raise CalendarError("天数：不能小于 0")
        day, counted = start, 0
        trail: list[TrailDay] = []
        unconfirmed: set[int] = set()
        while counted < n:
            day += ONE_DAY
            if skip and day in skip:
                trail.append(TrailDay(day, False, 0, skip[day]))
                continue
            status = self.day_status(day, region)
            if not status.confirmed:
                unconfirmed.add(day.year)
            if status.working:
                counted += 1
                trail.append(TrailDay(day, True, counted, status.reason, status.source))
            else:
                trail.append(TrailDay(day, False, 0, status.reason, status.source))
        return self._result(day, unconfirmed, trail, region)

    def calendar_days_after(
        self,
        start: dt.date,
        n: int,
        region: str = NATIONAL,
        skip: Mapping[dt.date, str] | None = None,
    ) -> WorkdayResult:
        """Return the end of an ``n``-calendar-day period from ``start``, moved off days off.

        Every day counts (the start day excepted, and ``skip`` days); a last day that is
        not worked moves to the next working day (民事诉讼法 Art 85).
        """
        check_region(region)
        if n < 0:
            raise CalendarError("天数：不能小于 0")
        day, counted = start, 0
        trail: list[TrailDay] = []
        while counted < n:
            day += ONE_DAY
            if skip and day in skip:
                trail.append(TrailDay(day, False, 0, skip[day]))
            else:
                counted += 1
                trail.append(TrailDay(day, True, counted, ""))
        rolled = self.roll_forward(day, region)
        return self._result(rolled.date, rolled.unconfirmed_years, (*trail, *rolled.trail), region)

    def roll_forward(self, day: dt.date, region: str = NATIONAL) -> WorkdayResult:
        """Return ``day`` if it is a working day, else the next one (the trail lists the skip)."""
        trail: list[TrailDay] = []
        unconfirmed: set[int] = set()
        while True:
            status = self.day_status(day, region)
            if not status.confirmed:
                unconfirmed.add(day.year)
            if status.working:
                return self._result(day, unconfirmed, trail, region)
            trail.append(TrailDay(day, False, 0, status.reason, status.source))
            day += ONE_DAY

    def _result(
        self, day: dt.date, unconfirmed: Iterable[int], trail: Iterable[TrailDay], region: str
    ) -> WorkdayResult:
        years = tuple(sorted(set(unconfirmed)))
        return WorkdayResult(day, years, tuple(trail), self.missing_notices(years, region))

    def next_working_day(self, day: dt.date, region: str = NATIONAL) -> dt.date:
        """Return the first working day after ``day``."""
        return self.roll_forward(day + ONE_DAY, region).date

    def year_days(self, year: int, region: str = NATIONAL) -> list[DayStatus]:
        """Return the days of ``year`` a notice changes: days off and make-up working days."""
        day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        found = []
        while day <= end:
            status = self.day_status(day, region)
            if status.reason not in ("", WEEKEND):
                found.append(status)
            day += ONE_DAY
        return found

    def _national_status(self, day: dt.date) -> DayStatus:
        loaded = self._days[NATIONAL].get(day)
        if loaded is not None:
            return loaded
        known = self._bundled.get(day)
        if known is None:
            known = self._bundled[day] = self._bundled_status(day)
        return known

    def _bundled_status(self, day: dt.date) -> DayStatus:
        if day.year in BUNDLED_YEARS:
            is_off, name = _bundled_detail(day)
            if name is not None:
                holiday = bundled.Holiday(name).chinese
                reason = holiday if is_off else f"{MAKEUP}（{holiday}）"
                # Late-December New Year days come from the following year's notice.
                year = day.year + 1 if day.month == 12 and holiday == "元旦" else day.year
                return DayStatus(day, not is_off, reason, bundled_source(year))
        if day.weekday() >= 5:
            return DayStatus(day, False, WEEKEND)
        return DayStatus(day, True, "")


@lru_cache(maxsize=8192)
def _bundled_detail(day: dt.date) -> tuple[bool, str | None]:
    """Return chinese_calendar's (is off, holiday) for ``day``: fixed for its version.

    It validates every date at length (50 µs); the dashboard asked 50,000 times at 5,000
    records (ten days a clock), nine tenths of its time at county scale (#16).
    """
    is_off, name = chinese_calendar.get_holiday_detail(day)
    return bool(is_off), name


def _regional_off(region: str) -> str:
    return f"{REGION_NAMES[region]}地方放假"
