"""The holiday-notice file: one year's days off and make-up working days for one region.

```toml
year = 2027
region = "national"        # or "ningxia": days off on top of the national calendar
source = "国务院办公厅关于2027年部分节假日安排的通知"
holidays = [2027-01-01]
workdays = [2027-02-06]    # make-up working days (调休上班); may be left out
```

A file is taken whole or refused whole; every refusal names the key and, where the text
shows it, the line.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from admin.errors import GongshiError

NATIONAL = "national"
REGIONS = (NATIONAL, "ningxia")
REGION_NAMES = {NATIONAL: "全国", "ningxia": "宁夏"}
#: Who issues each region's notice, as a message about a missing notice names it.
ISSUERS = {NATIONAL: "国务院", "ningxia": "宁夏回族自治区"}
KEYS = ("year", "region", "source", "holidays", "workdays")
MAX_SOURCE_LENGTH = 300  # the CalendarNotice.source column
YEAR_RANGE = (1900, 2999)

# tomllib speaks English; the officer loading the file reads Chinese.
_TOML_MESSAGES = {
    "Invalid date or datetime": "日期无效",
    "Unclosed array": "数组缺少右方括号 ]",
    "Cannot overwrite a value": "同一个键出现了两次",
    "Invalid value": "值无效",
    "Invalid statement": "无法识别的语句",
    "Expected '=' after a key in a key/value pair": "键后面缺少 =",
    "Unterminated string": "字符串缺少结束引号",
    "Invalid initial character for a key part": "键名无效",
}


class NoticeError(GongshiError, ValueError):
    """A notice file was refused; ``str()`` is one Chinese line naming the line and key."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(f"第 {line} 行：{reason}" if line else reason)


@dataclass(frozen=True)
class Notice:
    """One official notice: a region's days off and make-up working days for one year."""

    year: int
    region: str
    source: str
    holidays: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()


def parse_notice(text: str) -> Notice:
    """Parse and check a notice file's text; raise NoticeError on the first problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(str(exc), text) from None
    return check_notice(data, text)


def check_notice(data: dict[str, Any], text: str = "") -> Notice:
    """Check the parsed TOML of a notice; ``text`` lets refusals name the line."""
    lines = text.splitlines()
    for key in data:
        if key not in KEYS:
            raise NoticeError(
                f"{key}：不认识的键（只能有 {'、'.join(KEYS)}）", _line_of(lines, key)
            )
    for key in ("year", "region", "source", "holidays"):
        if key not in data:
            raise NoticeError(f"{key}：缺少这一项")
    year = data["year"]
    if not isinstance(year, int) or isinstance(year, bool) or not _in_range(year):
        raise NoticeError(
            f"year：必须是 {YEAR_RANGE[0]}–{YEAR_RANGE[1]} 之间的整数年份", _line_of(lines, "year")
        )
    region = data["region"]
    if region not in REGIONS:
        raise NoticeError(
            f"region：未知地区 {region!r}（可选：{'、'.join(REGIONS)}）", _line_of(lines, "region")
        )
    source = data["source"]
    if not isinstance(source, str) or not source.strip():
        raise NoticeError("source：必须写明通知的标题（文件名）", _line_of(lines, "source"))
    if len(source.strip()) > MAX_SOURCE_LENGTH:
        raise NoticeError(f"source：最长 {MAX_SOURCE_LENGTH} 个字符", _line_of(lines, "source"))
    holidays = _dates(data, "holidays", year, lines)
    workdays = _dates(data, "workdays", year, lines)
    for day in holidays:
        if day in workdays:
            raise NoticeError(
                f"workdays：{day.isoformat()} 同时列在 holidays 和 workdays 中",
                _line_of(lines, "workdays", day.isoformat()),
            )
    return Notice(year, region, source.strip(), tuple(sorted(holidays)), tuple(sorted(workdays)))


def format_notice(notice: Notice) -> str:
    """Return the notice as the TOML text ``parse_notice`` reads (deterministic)."""

    def dates(days: tuple[dt.date, ...]) -> str:
        return "[" + ", ".join(day.isoformat() for day in days) + "]"

    source = notice.source.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"year = {notice.year}\n"
        f'region = "{notice.region}"\n'
        f'source = "{source}"\n'
        f"holidays = {dates(notice.holidays)}\n"
        f"workdays = {dates(notice.workdays)}\n"
    )


def _in_range(year: int) -> bool:
    return YEAR_RANGE[0] <= year <= YEAR_RANGE[1]


def _dates(data: dict[str, Any], key: str, year: int, lines: list[str]) -> list[dt.date]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise NoticeError(f"{key}：必须是日期列表，如 [{year}-01-01]", _line_of(lines, key))
    days: list[dt.date] = []
    for index, item in enumerate(value, start=1):
        # A TOML datetime is a date subclass in Python; a notice names whole days only.
        if not isinstance(item, dt.date) or isinstance(item, dt.datetime):
            raise NoticeError(
                f"{key}：第 {index} 项 {item!r} 不是日期（写作 {year}-01-01，不加引号）",
                _line_of(lines, key, str(item)),
            )
        where = _line_of(lines, key, item.isoformat())
        if not _belongs_to(item, year):
            raise NoticeError(
                f"{key}：{item.isoformat()} 不在 {year} 年内"
                f"（只接受本年日期，以及上年 12 月跨年的元旦安排）",
                where,
            )
        if item in days:
            raise NoticeError(f"{key}：{item.isoformat()} 重复出现", where)
        days.append(item)
    return days


def _belongs_to(day: dt.date, year: int) -> bool:
    # A notice can reach back into the previous December: the 2019 notice made
    # 2018-12-29 a working day and 2018-12-30/31 days off for New Year.
    return day.year == year or (day.year == year - 1 and day.month == 12)


def _line_of(lines: list[str], key: str, value: str | None = None) -> int | None:
    """Return the 1-based line where ``key`` is set, or where ``value`` appears after it."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    start = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
    if start is None:
        return None
    if value is None:
        return start + 1
    for i in range(start, len(lines)):
        if value in lines[i]:
            return i + 1
    return start + 1


def _toml_error(message: str, text: str) -> NoticeError:
    match = re.match(r"(.*?) \((?:at line (\d+), column (\d+)|at end of document)\)$", message)
    if not match:
        return NoticeError(f"不是合法的 TOML（{message}）")
    english, line, column = match.groups()
    reason = _TOML_MESSAGES.get(english, "格式错误")
    # tomllib may place a repeated key elsewhere: name the key and its second line ourselves.
    repeated = _repeated_key(text.splitlines()) if english == "Cannot overwrite a value" else None
    if repeated:
        key, number = repeated
        return NoticeError(f"{key}：{reason}", number)
    if line is None:
        return NoticeError(f"文件末尾：{reason}，文件可能不完整（TOML：{english}）")
    return NoticeError(f"{reason}（第 {column} 列；TOML：{english}）", int(line))


def _repeated_key(lines: list[str]) -> tuple[str, int] | None:
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        match = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=", line)
        if match:
            if match.group(1) in seen:
                return match.group(1), number
            seen.add(match.group(1))
    return None
