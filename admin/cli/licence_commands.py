"""``gongshi import licences FILE [--publish]`` and ``gongshi export licences`` (issue 18)."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from admin.cli.common import CliError, database_app


@click.command("licences")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--publish", is_flag=True, help="导入后直接公示（已在别处作出并公示的许可决定）。")
def import_licences_command(file: Path, publish: bool) -> None:
    """导入行政许可决定（CSV 或 XLSX，双公示行政许可字段）。

    逐行检查全部数据：有任何错误时列出每一处（行号、字段、原因），一条也不导入。
    不加 --publish 时导入为草稿，在后台核对后公示。已导入且内容相同的行跳过，
    再次导入同一文件不作改动；文书号已存在但内容不同的行列为错误。

    \b
    示例：
      gongshi import licences 行政许可.csv
      gongshi import licences 行政许可.xlsx --publish
    """
    from admin.models.db import db
    from admin.publish import transaction as publishtx
    from admin.publish.importer import ImportFailed, ImportRefused
    from admin.publish.licence_import import import_licences

    with database_app() as app:
        settings = app.config["GONGSHI"]
        try:
            with publishtx.all_or_nothing(db.session):
                summary = import_licences(
                    db.session,
                    file,
                    actor=_cli_actor(),
                    today=dt.datetime.now(ZoneInfo(settings["TIMEZONE"])).date(),
                    publish=publish,
                    content_root=Path(settings["CONTENT_DIR"]),
                )
        except ImportFailed as exc:
            db.session.rollback()
            if isinstance(exc, ImportRefused):
                for error in exc.errors:
                    click.echo(str(error), err=True)
            raise CliError(exc.message) from None
        except (publishtx.PublishError, publishtx.NotPlaced) as exc:
            raise CliError(exc.message) from None
    if not summary.rows:
        click.echo(
            f"文件中的 {summary.unchanged} 条行政许可决定均已导入且内容相同，未作改动"
            f"（{summary.source}，SHA-256 {summary.sha256}）"
        )
        return
    click.echo(
        f"已导入 {summary.rows} 条行政许可决定（{summary.source}，SHA-256 {summary.sha256}）"
    )
    if summary.unchanged:
        click.echo(f"另有 {summary.unchanged} 条已导入且内容相同，未作改动")
    if publish:
        click.echo(f"已全部公示，文件写入 {settings['CONTENT_DIR']}/licences/")
    else:
        click.echo(f"状态：{summary.state}，请在后台核对后公示")


@click.command("licences")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    default=None,
    help="文件格式：csv（UTF-8，带 BOM）或 xlsx；默认按 --out 的扩展名，否则 csv。",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="输出文件；不给时 CSV 写到标准输出（xlsx 必须给出）。",
)
@click.option("--template", is_flag=True, help="只写表头：供填写后导入的空白模板。")
def export_licences_command(fmt: str | None, out: Path | None, template: bool) -> None:
    """导出全部行政许可决定（28 个双公示字段，已撤回的除外）。

    导出文件含证件号码等个人信息，只用于报送信用平台；可再次导入得到相同的记录。

    \b
    示例：
      gongshi export licences > 行政许可.csv
      gongshi export licences --format xlsx --out 行政许可.xlsx
      gongshi export licences --template --out 模板.xlsx
    """
    from admin.domain.oserrors import describe_os_error
    from admin.models.db import db
    from admin.publish.exporter import write_file_atomic
    from admin.publish.licence_import import export_bytes, export_rows
    from admin.store import audit

    if fmt is None:
        fmt = "xlsx" if out is not None and out.suffix.lower() == ".xlsx" else "csv"
    if fmt == "xlsx" and out is None:
        raise CliError("--out：xlsx 格式必须指定输出文件", 2)
    if out is not None and not out.absolute().parent.is_dir():
        raise CliError(f"--out：文件夹 {out.absolute().parent} 不存在")
    with database_app():
        rows = [] if template else export_rows(db.session)
        data = export_bytes(rows, fmt)
        if not template:
            # Personal data leaves the database here: the trail says who took it, and where.
            where = str(out) if out else "stdout"
            audit.record(
                db.session,
                _cli_actor(),
                "export",
                "licence",
                None,
                format=fmt,
                rows=len(rows),
                out=where,
            )
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            try:
                write_file_atomic(out, data)
            except OSError as exc:
                db.session.rollback()
                raise CliError(f"--out：无法写入 {out}：{describe_os_error(exc)}") from None
        db.session.commit()
    if out is not None:
        what = "空白模板" if template else f" {len(rows)} 条行政许可决定"
        click.echo(f"已导出{what}到 {out}", err=True)


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
