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
@click.option(
    "--fill-source-unit",
    is_flag=True,
    help="数据来源单位或其统一社会信用代码为空的决定，在导出文件中以处罚机关及其代码补齐"
    "（不修改记录本身）。",
)
def export_penalties_command(
    fmt: str | None, out: Path | None, template: bool, fill_source_unit: bool
) -> None:
    """导出全部行政处罚决定（30 个双公示字段，已撤回和已信用修复的除外）。

    导出文件含证件号码等个人信息，只用于报送信用平台；可再次导入得到相同的记录。

    以 = + - @ 开头的单元格前加 ' 以防表格公式注入，导入时自动去掉。

    信用平台要求每条决定都有数据来源单位及其统一社会信用代码：有决定缺少时不导出任何数据，
    并逐条列出；在后台补填，或加 --fill-source-unit 以处罚机关及其代码补齐。

    \b
    示例：
      gongshi export penalties > 行政处罚.csv
      gongshi export penalties --format xlsx --out 行政处罚.xlsx
      gongshi export penalties --template --out 模板.xlsx
      gongshi export penalties --fill-source-unit --out 行政处罚.csv
    """
    from admin.domain.oserrors import describe_os_error
    from admin.models.db import db
    from admin.publish.exporter import (
        SourceUnitMissing,
        export_rows,
        render_export,
        write_file_atomic,
    )
    from admin.store import audit

    if fmt is None:
        fmt = "xlsx" if out is not None and out.suffix.lower() == ".xlsx" else "csv"
    if fmt == "xlsx" and out is None:
        raise CliError("--out：xlsx 格式必须指定输出文件", 2)
    if out is not None and not out.absolute().parent.is_dir():
        raise CliError(f"--out：文件夹 {out.absolute().parent} 不存在")
    with database_app():
        try:
            rows = [] if template else export_rows(db.session, fill_source_unit=fill_source_unit)
        except SourceUnitMissing as exc:
            raise CliError(_source_unit_refusal(exc.problems)) from None
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
                fill_source_unit=fill_source_unit,
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


def _source_unit_refusal(problems: list[str]) -> str:
    """Return the refusal: how many, each decision and field, and the two ways out."""
    lines = [f"{len(problems)} 份行政处罚决定缺少信用平台必填的数据来源单位，未导出任何数据："]
    lines += problems
    lines.append(
        "请在后台补填数据来源单位及其统一社会信用代码后再导出；"
        "或加 --fill-source-unit，在导出文件中以处罚机关及其代码补齐"
    )
    return "\n".join(lines)


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(group: click.Group) -> None:
    from admin.cli.catalogue_commands import add_export_commands

    add_export_commands(export_group)

    from admin.cli.licence_commands import export_licences_command

    export_group.add_command(export_licences_command)
    group.add_command(export_group)
