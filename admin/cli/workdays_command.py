"""``gongshi workdays add DATE N``: the date N working days after DATE, never a guess."""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from pathlib import Path

import click

from admin.cli.common import CliError, setting
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
    default=None,
    help=(
        f"节假日地区：{'、'.join(REGIONS)}（宁夏在全国安排之外另有开斋节、古尔邦节放假）。"
        "默认取 content/site.toml 的 region，没有时按全国。"
    ),
)
def workdays_add_command(date_text: str, count_text: str, region: str | None) -> None:
    """输出 DATE 之后第 N 个工作日（DATE 当天不计），格式 YYYY-MM-DD。

    途经的年份尚未载入放假通知时，只按周末和已载入的日期计算。

    这时在日期后输出“未确认”和缺少的年份（以逗号分隔），退出状态为 3。

    所用的放假安排（地区及其来源）输出到标准错误。

    输入有误时退出状态为 2。

    \b
    示例：
      gongshi workdays add 2021-09-30 2                   # 2021-10-09（星期六调休上班）
      gongshi workdays add 2021-05-12 1 --region ningxia  # 2021-05-17（开斋节放假）
      gongshi workdays add 2091-01-05 5                   # 2091-01-12 未确认 2091
    """
    from admin.cli.common import open_calendar

    start = parse_date(date_text, "DATE")
    if not re.fullmatch(r"[0-9]+", count_text.strip()):
        raise CliError(f"N：{count_text} 不是不小于 0 的整数", USAGE)
    count = int(count_text)
    if count > MAX_COUNT:
        raise CliError(f"N：不能大于 {MAX_COUNT}", USAGE)
    region, origin = _region(region)
    calendar = open_calendar()
    try:
        result = calendar.working_days_after(start, count, region)
    except OverflowError:
        raise CliError("N：结果超出可计算的日期范围", USAGE) from None
    click.echo(f"按{REGION_NAMES[region]}放假安排计算（{origin}）", err=True)
    if result.confirmed:
        click.echo(result.date.isoformat())
        return
    years = ",".join(str(year) for year in result.unconfirmed_years)
    click.echo(f"{result.date.isoformat()} 未确认 {years}")
    click.echo(
        f"提示：{'；'.join(result.missing)}，上面的日期只按周末和已载入的日期计算；"
        "载入通知请用 gongshi calendar load",
        err=True,
    )
    sys.exit(EXIT_UNCONFIRMED)


def _region(given: str | None) -> tuple[str, str]:
    """Return the holiday region to count by and where it came from, in words.

    Without ``--region`` the site's own region counts (content/site.toml), so an officer
    of a 宁夏 township gets 宁夏's days off without knowing the option exists.
    """
    if given is not None:
        if given not in REGIONS:
            raise CliError(f"--region：未知地区 {given}（可选：{'、'.join(REGIONS)}）", USAGE)
        return given, "--region 指定"
    site_file = Path(setting("CONTENT_DIR")) / "site.toml"
    try:
        region = tomllib.loads(site_file.read_text(encoding="utf-8-sig")).get("region") or ""
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return NATIONAL, f"未读到 {site_file}，默认全国"
    if region in REGIONS:
        return region, f"{site_file} 的 region"
    if region:
        choices = "、".join(REGIONS)
        raise CliError(f"{site_file}：region：未知地区 {region}（可选：{choices}）", USAGE)
    return NATIONAL, f"{site_file} 未设 region，默认全国"


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
