"""``gongshi check DIR``: the leak guard over a built site (no database); a content folder
is compared with the database instead."""

from __future__ import annotations

from pathlib import Path

import click

from admin.cli.common import CliError


@click.command("check")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
def check_command(directory: Path) -> None:
    """检查已生成的网站目录中是否含有身份证号、手机号、银行卡号。

    \b
    每处发现输出一行：文件<TAB>类型<TAB>打码后的值[<TAB>所在记录网址#字段]。
    类型：id_number、mobile、bank_card；无法读取的文件为 unreadable。
    退出码：有发现为 1，未发现为 0，目录不存在等用法错误为 2。
    组织机构标注字段中通过校验的统一社会信用代码、工商注册号不算发现；
    网站 data/officers.json（或 content 的 officers/*.md）列出的执法证号不算发现。

    \b
    DIR 含 site.toml 时视为 content 目录，改为与数据库核对已公示的记录（需要数据库）：
    每处不一致输出一行：文件<TAB>mismatch<TAB>说明，有不一致时退出码为 1。

    \b
    示例：
      gongshi check build/
      gongshi check build/ > leaks.tsv || echo "发现个人信息，禁止发布"
      gongshi check content
    """
    from admin.freeze.leakguard import scan_tree

    if not directory.exists():
        raise CliError(f"DIR：目录不存在：{directory}", 2)
    if not directory.is_dir():
        raise CliError(f"DIR：不是目录：{directory}", 2)
    if (directory / "site.toml").is_file():
        _check_content(directory)  # a content/ folder: compare it with the database
        return
    count = 0
    for finding in scan_tree(directory):
        where = f"\t{finding.where}" if finding.where else ""
        click.echo(f"{finding.path}\t{finding.kind}\t{finding.masked}{where}")
        count += 1
    if count:
        raise CliError(f"发现 {count} 处疑似个人信息，请处理后再发布", 1)
    click.echo("未发现个人信息", err=True)


def _check_content(directory: Path) -> None:
    """Report each mismatch between content/ and the database (issue 14); exit 1 on any."""
    from admin.cli.common import database_app
    from admin.models.db import db
    from admin.publish.consistency import find_mismatches

    with database_app():
        mismatches = find_mismatches(db.session, directory)
    for mismatch in mismatches:
        click.echo(f"{mismatch.file}\tmismatch\t{mismatch.what}")
    if mismatches:
        raise CliError(f"content 与数据库不一致：{len(mismatches)} 处", 1)
    click.echo("content 与数据库一致", err=True)


def register(group: click.Group) -> None:
    group.add_command(check_command)
