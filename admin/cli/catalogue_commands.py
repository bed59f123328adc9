"""``gongshi import|export subjects|officers|items``: the catalogue in and out (#16)."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from admin.cli.common import CliError, database_app

DATASETS = ("subjects", "officers", "items")
TITLES = {"subjects": "执法主体", "officers": "执法人员", "items": "执法事项"}


def _import_command(dataset: str) -> click.Command:
    title = TITLES[dataset]

    @click.command(dataset)
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option("--publish", is_flag=True, help=f"导入后公示全部{title}（未公示或有改动的）。")
    def command(file: Path, publish: bool) -> None:
        from admin.models.db import db
        from admin.publish import transaction as publishtx
        from admin.publish.catalogue_import import import_catalogue
        from admin.publish.importer import ImportFailed, ImportRefused

        with database_app() as app:
            settings = app.config["GONGSHI"]
            content = Path(settings["CONTENT_DIR"])
            try:
                with publishtx.all_or_nothing(db.session):
                    summary = import_catalogue(
                        db.session,
                        dataset,
                        file,
                        actor=_cli_actor(),
                        today=dt.datetime.now(ZoneInfo(settings["TIMEZONE"])).date(),
                        publish=publish,
                        content_root=content,
                    )
            except ImportFailed as exc:
                db.session.rollback()
                if isinstance(exc, ImportRefused):
                    for error in exc.errors:
                        click.echo(str(error), err=True)
                raise CliError(exc.message) from None
            except (publishtx.PublishError, publishtx.NotPlaced) as exc:
                raise CliError(exc.message) from None
        click.echo(summary.report())
        if summary.published:
            click.echo(f"已公示 {summary.published} 条，文件写入 {content}/{dataset}/")
        if dataset == "subjects" and summary.created:
            click.echo("下一步：gongshi import officers FILE、gongshi import items FILE")

    command.help = (
        f"导入{title}（CSV 或 XLSX，列名见 gongshi export {dataset} --template）。\n\n"
        "逐行检查全部数据：有任何错误时列出每一处（第N行 字段：原因），一条也不导入。"
        "按关键字段新增或更新，再次导入同一文件不作任何改动；已公示的记录有改动时随之重新公示。"
        f"\n\n\b\n示例：\n  gongshi import {dataset} {title}.xlsx\n"
        f"  gongshi import {dataset} {title}.csv --publish"
    )
    return command


def _export_command(dataset: str) -> click.Command:
    title = TITLES[dataset]

    @click.command(dataset)
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["csv", "xlsx"]),
        default=None,
        help="文件格式：csv（UTF-8，带 BOM）或 xlsx；默认按 --out 的扩展名，否则 csv。",
    )
    @click.option("--out", type=click.Path(path_type=Path), default=None, help="输出文件。")
    @click.option("--template", is_flag=True, help="只写表头：供填写后导入的空白模板。")
    def command(fmt: str | None, out: Path | None, template: bool) -> None:
        from admin.domain.catalogue import SHEETS
        from admin.domain.oserrors import describe_os_error
        from admin.models.db import db
        from admin.publish.catalogue_export import catalogue_rows, render_catalogue
        from admin.publish.exporter import write_file_atomic

        if fmt is None:
            fmt = "xlsx" if out is not None and out.suffix.lower() == ".xlsx" else "csv"
        if fmt == "xlsx" and out is None:
            raise CliError("--out：xlsx 格式必须指定输出文件", 2)
        if out is not None and not out.absolute().parent.is_dir():
            raise CliError(f"--out：文件夹 {out.absolute().parent} 不存在")
        with database_app():
            rows = [] if template else catalogue_rows(db.session, dataset)
            data = render_catalogue(SHEETS[dataset], rows, fmt)
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        try:
            write_file_atomic(out, data)
        except OSError as exc:
            raise CliError(f"--out：无法写入 {out}：{describe_os_error(exc)}") from None
        what = "空白模板" if template else f" {len(rows)} 条{title}"
        click.echo(f"已导出{what}到 {out}", err=True)

    command.help = (
        f"导出全部{title}（与导入相同的列，可修改后再导入），或 --template 空白模板。"
        f"\n\n\b\n示例：\n  gongshi export {dataset} --template --out {title}.xlsx\n"
        f"  gongshi export {dataset} --out {title}.csv"
    )
    return command


def add_import_commands(group: click.Group) -> None:
    for dataset in DATASETS:
        group.add_command(_import_command(dataset))


def add_export_commands(group: click.Group) -> None:
    for dataset in DATASETS:
        group.add_command(_export_command(dataset))


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
