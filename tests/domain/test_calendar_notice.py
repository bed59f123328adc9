"""The notice file: taken whole or refused whole, naming the line, the key and the reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from admin.domain.calendar_notice import Notice, NoticeError, format_notice, parse_notice

DATA = Path(__file__).resolve().parents[2] / "admin" / "data" / "calendar"
D = dt.date.fromisoformat

GOOD = """\
year = 2027
region = "national"
source = "国务院办公厅关于2027年部分节假日安排的通知"
holidays = [2027-01-01, 2027-02-05]
workdays = [2027-02-06]
"""


def test_a_good_notice_is_read() -> None:
    notice = parse_notice(GOOD)
    assert notice == Notice(
        2027,
        "national",
        "国务院办公厅关于2027年部分节假日安排的通知",
        holidays=(D("2027-01-01"), D("2027-02-05")),
        workdays=(D("2027-02-06"),),
    )
    assert parse_notice(format_notice(notice)) == notice


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A region with no extra days that year loads an empty list, workdays left out.
        (
            'year = 2091\nregion = "ningxia"\nsource = "宁夏通知"\nholidays = []\n',
            Notice(2091, "ningxia", "宁夏通知"),
        ),
        # A make-up working day that is a weekday anyway is harmless.
        (
            'year = 2027\nregion = "national"\nsource = "通知"\nholidays = []\n'
            "workdays = [2027-03-03]\n",
            Notice(2027, "national", "通知", workdays=(D("2027-03-03"),)),
        ),
        # New Year can reach back into December (the 2019 notice made 2018-12-29 a workday).
        (
            'year = 2019\nregion = "national"\nsource = "通知"\nholidays = [2018-12-30]\n'
            "workdays = [2018-12-29]\n",
            Notice(2019, "national", "通知", (D("2018-12-30"),), (D("2018-12-29"),)),
        ),
        # Dates are kept sorted; the source is trimmed; a BOM-free multi-line array is fine.
        (
            'year = 2027\nregion = "national"\nsource = "  通知 "\nholidays = [\n'
            "  2027-02-05,\n  2027-01-01,\n]\n",
            Notice(2027, "national", "通知", (D("2027-01-01"), D("2027-02-05"))),
        ),
    ],
)
def test_valid_variants(text: str, expected: Notice) -> None:
    assert parse_notice(text) == expected


HEAD = 'year = 2027\nregion = "national"\nsource = "通知"\n'


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (HEAD + "holidays = [2027-02-30]\n", 4, "日期无效"),
        (HEAD + "holidays = [2027-01-01\nworkdays = []\n", 5, "数组缺少右方括号"),
        (HEAD + "holidays = [2027-01-01,\n", None, "文件末尾：值无效"),
        (HEAD + "holidays = []\nyear = 2028\n", 5, "year：同一个键出现了两次"),
        (HEAD + "holidays = []\nnames = 1\n", 5, "names：不认识的键"),
        ('year = 2027\nregion = "national"\nholidays = []\n', None, "source：缺少这一项"),
        (HEAD + "workdays = []\n", None, "holidays：缺少这一项"),
        ('year = 2027\nregion = "national"\nsource = " "\nholidays = []\n', 3, "source：必须写明"),
        ('year = 2027\nregion = "gansu"\nsource = "x"\nholidays = []\n', 2, "region：未知地区"),
        ('year = "2027"\nregion = "national"\nsource = "x"\nholidays = []\n', 1, "year："),
        ('year = 1800\nregion = "national"\nsource = "x"\nholidays = []\n', 1, "year："),
        (HEAD + "holidays = [2027-01-01, 2028-01-05]\n", 4, "2028-01-05 不在 2027 年内"),
        (HEAD + "holidays = [2026-11-30]\n", 4, "2026-11-30 不在 2027 年内"),
        (HEAD + "holidays = [\n  2027-01-01,\n  2026-06-01,\n]\n", 6, "不在 2027 年内"),
        (HEAD + "holidays = [2027-02-06]\nworkdays = [2027-02-06]\n", 5, "同时列在"),
        (HEAD + 'holidays = ["2027-01-01"]\n', 4, "holidays：第 1 项"),
        (HEAD + "holidays = [2027-01-01T00:00:00]\n", 4, "不是日期"),
        (HEAD + "holidays = [2027-01-01, 2027-01-01]\n", 4, "2027-01-01 重复出现"),
        (HEAD + "holidays = 2027-01-01\n", 4, "holidays：必须是日期列表"),
        (HEAD + "holidays = []\nworkdays = [1]\n", 5, "workdays：第 1 项"),
        (HEAD + "holidays = []\nsource2 = \n", 5, "值无效"),
    ],
)
def test_malformed_notices_are_refused_with_line_and_reason(text, line, reason) -> None:
    with pytest.raises(NoticeError) as caught:
        parse_notice(text)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"第 {line} 行：" if line else reason[:4])


@pytest.mark.parametrize(
    ("year", "days"),
    [
        # LAW.md §1 gives these two years; 2019 and 2022 come from the notices' texts.
        (2019, ["2019-06-05", "2019-06-06", "2019-08-12", "2019-08-13"]),
        (2020, ["2020-05-25", "2020-05-26", "2020-07-30", "2020-07-31"]),
        (2021, ["2021-05-13", "2021-05-14", "2021-07-19", "2021-07-20"]),
        (2022, ["2022-07-11", "2022-07-12"]),
    ],
)
def test_bundled_ningxia_notices(year: int, days: list[str]) -> None:
    notice = parse_notice((DATA / f"ningxia-{year}.toml").read_text(encoding="utf-8"))
    assert (notice.year, notice.region, notice.workdays) == (year, "ningxia", ())
    assert [day.isoformat() for day in notice.holidays] == days
    assert notice.source.startswith(f"宁夏回族自治区人民政府办公厅关于{year}年")
