"""``gongshi import penalties FILE [--publish]``: load a 双公示 file, all rows or none."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from admin.cli.common import CliError, database_app
from admin.errors import GongshiError


@click.group("import")
def import_group() -> None:
    """从 CSV 或 XLSX 文件导入记录：执法主体、执法人员、执法事项、行政处罚决定。

    \b
    示例：
      gongshi import subjects 执法主体.xlsx
      gongshi import penalties 2021年行政处罚.xlsx
    """


@import_group.command("penalties")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--publish",
    is_flag=True,
    help="导入后直接公示（仅用于迁移已在别处审核并公示的决定，如法治中卫网上的旧公示）。",
)
def import_penalties_command(file: Path, publish: bool) -> None:
    """导入行政处罚决定（CSV 或 XLSX，双公示字段）。

    逐行检查全部数据：有任何错误时列出每一处（行号、字段、原因），一条也不导入。

    导入的记录标记为“导入”，状态为待法制审核；--publish 则直接公示。

    每条决定归入其处罚机关统一社会信用代码（为空时按处罚机关名称）所指的执法主体，
    并核对文号中的机关代字；找不到或不一致的行列为错误。已导入且内容相同的行跳过，
    再次导入同一文件不作改动。

    空白模板可用 gongshi export penalties --template 生成。

    \b
    示例：
      gongshi import penalties 处罚决定.csv
      gongshi import penalties 法治中卫网旧公示.xlsx --publish
    """
    from admin.models.db import db
    from admin.publish import transaction as publishtx
    from admin.publish.importer import ImportFailed, ImportRefused, import_penalties

    with database_app() as app:
        settings = app.config["GONGSHI"]
        actor = _cli_actor()
        try:
            # All or nothing across database, audit chain and content/ (issue 14).
            with publishtx.all_or_nothing(db.session):
                summary = import_penalties(
                    db.session,
                    file,
                    actor=actor,
                    today=dt.datetime.now(ZoneInfo(settings["TIMEZONE"])).date(),
                    publish=publish,
                    content_root=Path(settings["CONTENT_DIR"]),
                    review_policy=settings["REVIEW_REQUIRED_FOR"],
                )
        except ImportFailed as exc:
            db.session.rollback()
            if isinstance(exc, ImportRefused):
                for error in exc.errors:
                    click.echo(str(error), err=True)
            raise CliError(exc.message) from None
        except GongshiError as exc:
            raise CliError(exc.message) from None
    if not summary.rows:
        click.echo(
            f"文件中的 {summary.unchanged} 条行政处罚决定均已导入且内容相同，未作改动"
            f"（{summary.source}，SHA-256 {summary.sha256}）"
        )
        return
    click.echo(
        f"已导入 {summary.rows} 条行政处罚决定（{summary.source}，SHA-256 {summary.sha256}）"
    )
    if summary.unchanged:
        click.echo(f"另有 {summary.unchanged} 条已导入且内容相同，未作改动")
    if publish:
        click.echo(f"已全部公示，文件写入 {settings['CONTENT_DIR']}/penalties/")
    else:
        click.echo(f"状态：{summary.state}，请在后台完成法制审核后公示")


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(group: click.Group) -> None:
    from admin.cli.catalogue_commands import add_import_commands

    add_import_commands(import_group)

    from admin.cli.licence_commands import import_licences_command

    import_group.add_command(import_licences_command)
    group.add_command(import_group)
