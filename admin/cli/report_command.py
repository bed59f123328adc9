"""``gongshi report YEAR``: the year's 政府信息公开 annual report tables, and publishing them."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from admin.cli.common import CliError, database_app
from admin.errors import GongshiError


def register(group: click.Group) -> None:
    group.add_command(report_command)


@click.command("report")
@click.argument("year", type=click.IntRange(2008, 2100))
@click.option("--publish", is_flag=True, help="核对通过后把报告写入 content/reports/YEAR.md。")
@click.option(
    "--body", "body_slug", default=None, help="报告机关的标识；只有一个一级机关时可省略。"
)
def report_command(year: int, publish: bool, body_slug: str | None) -> None:
    """计算某年度政府信息公开工作年度报告的表二、表三、表四（国办公开办函〔2021〕30号格式）。

    表三须满足“本年新收 + 上年结转 = 办理结果总计 + 结转下年度”，表四各组总计须等于分项之和；
    核对不通过时列出出错的单元格，退出码为 1，不写任何文件。

    \b
    示例：
      gongshi report 2021
      gongshi report 2021 --publish
    """
    from admin.models.db import db
    from admin.publish import transaction as publishtx
    from admin.publish.reports import (
        ReportError,
        format_tables,
        gather_report,
        publish_report,
        report_body,
    )

    with database_app() as app:
        settings = app.config["GONGSHI"]
        try:
            body = report_body(db.session, body_slug)
            data = gather_report(db.session, body, year)
        except ReportError as exc:
            raise CliError(exc.message) from None
        for line in format_tables(data):
            click.echo(line)
        if data.problems:
            raise CliError("年度报告核对未通过：" + "；".join(data.problems))
        if not publish:
            return
        today = dt.datetime.now(ZoneInfo(settings["TIMEZONE"])).date()
        try:
            # Database, audit chain and content/ together (issue 14): staged, commit, rename.
            with publishtx.all_or_nothing(db.session):
                path = publish_report(
                    db.session,
                    data,
                    actor=_cli_actor(),
                    today=today,
                    content_root=Path(settings["CONTENT_DIR"]),
                )
        except GongshiError as exc:
            db.session.rollback()
            raise CliError(exc.message) from None
        click.echo(f"已发布年度报告：{path}")


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
