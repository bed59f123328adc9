"""``gongshi calendar load FILE`` and ``gongshi calendar show YEAR``: the holiday notices."""

from __future__ import annotations

import getpass
import re

import click

from admin.cli.common import CliError, database_app
from admin.domain.calendar_notice import NATIONAL, REGION_NAMES, REGIONS, YEAR_RANGE

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
USAGE = 2


@click.group("calendar")
def calendar_group() -> None:
    """节假日日历：载入国务院和自治区的放假通知，查看某年已知的安排。

    \b
    示例：
      gongshi calendar load 2027-national.toml
      gongshi calendar show 2021 --region ningxia
    """


@calendar_group.command("load")
@click.argument("file", metavar="FILE")
def calendar_load_command(file: str) -> None:
    """载入一份放假通知（TOML 文件，格式见 docs/calendar.md），此后的计算都用它。

    同一文件载入两次不会有任何变化；文件有错时整份拒绝，并指出行号和原因。

    \b
    示例：
      gongshi calendar load 2027-national.toml
      gongshi calendar load 2027-ningxia.toml
    """
    from admin.domain.calendar_notice import NoticeError, parse_notice
    from admin.models.db import db
    from admin.store.calendar import CREATED, UNCHANGED, store_notice

    with database_app():
        try:
            with open(file, encoding="utf-8-sig") as handle:
                text = handle.read()
        except FileNotFoundError:
            raise CliError(f"{file}：文件不存在") from None
        except UnicodeDecodeError:
            raise CliError(f"{file}：不是 UTF-8 编码的文本文件") from None
        except OSError as exc:
            raise CliError(f"{file}：无法读取（{exc.strerror}）") from None
        try:
            notice = parse_notice(text)
        except NoticeError as exc:
            raise CliError(f"{file}：{exc.message}") from None
        outcome = store_notice(db.session, notice, actor=_cli_actor())
        db.session.commit()
    what = f"{notice.year} 年{REGION_NAMES[notice.region]}的放假通知《{notice.source}》"
    if outcome == UNCHANGED:
        click.echo(f"未改变：{what}已载入过，内容相同")
        return
    verb = "已载入" if outcome == CREATED else "已更新"
    click.echo(f"{verb} {what}：放假 {len(notice.holidays)} 天，调休上班 {len(notice.workdays)} 天")


@calendar_group.command("show")
@click.argument("year_text", metavar="YEAR")
@click.option(
    "--region",
    default=NATIONAL,
    show_default=True,
    help=f"节假日地区：{'、'.join(REGIONS)}。",
)
def calendar_show_command(year_text: str, region: str) -> None:
    """列出 YEAR 年已知的放假日和调休上班日，以及各自依据的通知。

    不需要数据库；数据库存在时也列出其中载入的通知。

    \b
    示例：
      gongshi calendar show 2021
      gongshi calendar show 2021 --region ningxia
    """
    from admin.cli.common import open_calendar

    low, high = YEAR_RANGE
    if not re.fullmatch(r"[0-9]{4}", year_text.strip()) or not low <= int(year_text) <= high:
        raise CliError(f"YEAR：{year_text} 不是 {low}–{high} 之间的年份", USAGE)
    year = int(year_text)
    if region not in REGIONS:
        raise CliError(f"--region：未知地区 {region}（可选：{'、'.join(REGIONS)}）", USAGE)
    calendar = open_calendar()
    name = REGION_NAMES[region]
    if calendar.is_known(year, region):
        click.echo(f"{year} 年 {name}：已确认")
    else:
        click.echo(
            f"{year} 年 {name}：未确认（缺少该年的放假通知，计算时只按周末和已载入的日期，"
            "结果标注“未确认”）"
        )
    sources = calendar.sources(year, region)
    click.echo("依据：" if sources else "依据：无")
    for source_region, source in sources:
        click.echo(f"  {REGION_NAMES[source_region]}：{source}")
    days = calendar.year_days(year, region)
    if days:
        click.echo("放假和调休上班：")
    for status in days:
        kind = "上班" if status.working else "放假"
        click.echo(
            f"  {status.day.isoformat()} {WEEKDAYS[status.day.weekday()]} {kind} {status.reason}"
        )


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(group: click.Group) -> None:
    """Add ``calendar`` to the gongshi command."""
    group.add_command(calendar_group)
