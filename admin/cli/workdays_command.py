"""``gongshi workdays add DATE N``: the date N working days after DATE, never a guess."""

from __future__ import annotations

import datetime as dt
import re
import sys

import click

from admin.cli.common import CliError
from admin.domain.calendar_notice import NATIONAL, REGION_NAMES, REGIONS

#: Ten years of working days; beyond that the question is a typo.
MAX_COUNT = 2500
#: Exit status when the count ran through a year whose notice is not known.
EXIT_UNCONFIRMED = 3
USAGE = 2


@click.group("workdays")
def workdays_group() -> None:
    """按国务院节假日安排（和地方放假日）计算工作日。

    \b
    示例：
      gongshi workdays add 2021-09-30 2
    """


@workdays_group.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("date_text", metavar="DATE")
@click.argument("count_text", metavar="N")
@click.option(
    "--region",
    default=NATIONAL,
    show_default=True,
    help=f"节假日地区：{'、'.join(REGIONS)}（宁夏在全国安排之外另有开斋节、古尔邦节放假）。",
)
def workdays_add_command(date_text: str, count_text: str, region: str) -> None:
    """输出 DATE 之后第 N 个工作日（DATE 当天不计），格式 YYYY-MM-DD。

    途经的年份尚未载入放假通知时，只按周末和已载入的日期计算。

    这时在日期后输出“未确认”和缺少的年份（以逗号分隔），退出状态为 3。

    输入有误时退出状态为 2。

    \b
    示例：
      gongshi workdays add 2021-09-30 2                   # 2021-10-09（星期六调休上班）
      gongshi workdays add 2021-05-12 1 --region ningxia  # 2021-05-17（开斋节放假）
      gongshi workdays add 2091-01-05 5                   # 2091-01-12 未确认 2091
    """
    from admin.calendar_store import open_calendar

    start = parse_date(date_text, "DATE")
    if not re.fullmatch(r"[0-9]+", count_text.strip()):
        raise CliError(f"N：{count_text} 不是不小于 0 的整数", USAGE)
    count = int(count_text)
    if count > MAX_COUNT:
        raise CliError(f"N：不能大于 {MAX_COUNT}", USAGE)
    if region not in REGIONS:
        raise CliError(f"--region：未知地区 {region}（可选：{'、'.join(REGIONS)}）", USAGE)
    calendar = open_calendar()
    try:
        result = calendar.working_days_after(start, count, region)
    except OverflowError:
        raise CliError("N：结果超出可计算的日期范围", USAGE) from None
    if result.confirmed:
        click.echo(result.date.isoformat())
        return
    years = ",".join(str(year) for year in result.unconfirmed_years)
    click.echo(f"{result.date.isoformat()} 未确认 {years}")
    missing = "、".join(
        f"{year} 年{REGION_NAMES[NATIONAL if not calendar.is_known(year) else region]}"
        for year in result.unconfirmed_years
    )
    click.echo(
        f"提示：{missing}的放假通知尚未载入，上面的日期只按周末和已载入的日期计算；"
        "载入通知请用 gongshi calendar load",
        err=True,
    )
    sys.exit(EXIT_UNCONFIRMED)


def parse_date(text: str, name: str) -> dt.date:
    """Return the date ``text`` gives as YYYY-MM-DD, or refuse it (exit 2) naming ``name``."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise CliError(f"{name}：{text} 不是有效日期（格式 YYYY-MM-DD）", USAGE)


def register(group: click.Group) -> None:
    """Add ``workdays`` to the gongshi command."""
    group.add_command(workdays_group)
