"""Dates as officers type them: 2026-12-06, 2026年12月6日, 20261206 (and 2026/12/6).

A text field with a tolerant parser, rather than ``<input type="date">``: the browser
shows a date input in the operating system's format (2026/12/06, 12/06/2026, 年/月/日),
which no hint can describe, and officers copy dates out of documents written as
2026年12月6日. One parser serves every back-office date field; its refusal names the
field in Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from admin.errors import GongshiError

#: What the hint beside a date field and every refusal show.
DATE_EXAMPLES = "2026-12-06、2026年12月6日 或 20261206"

_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


class DateError(GongshiError, ValueError):
    """A date that cannot be read; the message names the field and the accepted forms."""


def parse_day(text: str | None, label: str = "日期") -> dt.date | None:
    """Return the date ``text`` writes, None when blank; raise DateError otherwise."""
    # NFKC folds full-width digits and punctuation (２０２６／１２／０６) typed by an IME.
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    if not cleaned:
        return None
    match = _SEPARATED.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned)
    if match is None:
        raise DateError(f"{label}：「{text}」不是日期，请写作 {DATE_EXAMPLES}")
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"{label}：{year} 年 {month} 月没有 {day} 日，请核对") from None


def format_day(day: dt.date | None) -> str:
    """Return a date as a date field shows it (YYYY-MM-DD), '' for None."""
    return day.isoformat() if day else ""
