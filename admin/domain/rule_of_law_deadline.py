"""The 法治政府建设年度报告's deadline: the 工作台's reminder (docs/rule-of-law-report.md).

Pure, like admin.domain.rule_of_law, which holds the report's title and figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

#: The report of a year is published before 1 April of the next (厅字〔2019〕28号 第二十四条).
DEADLINE_MONTH_DAY = (4, 1)
#: The 工作台 reminds from 1 March: township reports go to the county before then.
REMIND_FROM = (3, 1)


@dataclass(frozen=True)
class Reminder:
    """The 工作台's clock for last year's report: due the day before 1 April."""

    year: int
    due: dt.date  # the last day it may be published
    days_left: int  # calendar days from today to ``due``; negative once overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def reminder(today: dt.date, published_years: Iterable[int]) -> Reminder | None:
    """Return the reminder to publish last year's report, or None.

    From 1 March (the township's report is due at the county then) until it is
    published; from 1 April it is overdue, until the year ends.
    """
    year = today.year - 1
    if today < dt.date(today.year, *REMIND_FROM) or year in set(published_years):
        return None
    due = dt.date(today.year, *DEADLINE_MONTH_DAY) - dt.timedelta(days=1)
    return Reminder(year=year, due=due, days_left=(due - today).days)
