"""``gongshi export penalties``: the 双公示 file for the credit platform, or a blank template."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from admin.cli.common import CliError, database_app


@click.group("export")
def export_group() -> None:
    """导出双公示格式的数据（报送信用平台用，含不公开的字段，切勿上传到公开网站）。

    \b
    示例：
      gongshi export penalties --format xlsx --out 行政处罚.xlsx
    """


@export_group.command("penalties")
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
@click.option("--template", is_flag=True, help="只写表头：供执法人员填写后导入的空白模板。")
def export_penalties_command(fmt: str | None, out: Path | None, template: bool) -> None:
    """导出全部行政处罚决定（30 个双公示字段，已撤回和已信用修复的除外）。

    导出文件含证件号码等个人信息，只用于报送信用平台；可再次导入得到相同的记录。

    以 = + - @ 开头的单元格前加 ' 以防表格公式注入，导入时自动去掉。

    \b
    示例：
      gongshi export penalties > 行政处罚.csv
      gongshi export penalties --format xlsx --out 行政处罚.xlsx
      gongshi export penalties --template --out 模板.xlsx
    """
    from admin import audit
    from admin.db import db
    from admin.domain.oserrors import describe_os_error
    from admin.exporter import export_rows, render_export, write_file_atomic

    if fmt is None:
        fmt = "xlsx" if out is not None and out.suffix.lower() == ".xlsx" else "csv"
    if fmt == "xlsx" and out is None:
        raise CliError("--out：xlsx 格式必须指定输出文件", 2)
    if out is not None and not out.absolute().parent.is_dir():
        raise CliError(f"--out：文件夹 {out.absolute().parent} 不存在")
    with database_app():
        rows = [] if template else export_rows(db.session)
        data = render_export(rows, fmt)
        if not template:
            # Personal data leaves the database here: the trail says who took it, and where.
            audit.record(
                db.session,
                _cli_actor(),
                "export",
                "penalty_decision",
                None,
                format=fmt,
                rows=len(rows),
                out=str(out) if out else "stdout",
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
        what = "空白模板" if template else f" {len(rows)} 条行政处罚决定"
        click.echo(f"已导出{what}到 {out}", err=True)


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(group: click.Group) -> None:
    group.add_command(export_group)
