"""``gongshi backup FILE``: a consistent copy of the database while the back-office runs."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import click

from admin.cli.common import CliError, database_app
from admin.config import sqlite_path


@click.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
def backup_command(file: Path) -> None:
    """在线备份数据库（SQLite 在线备份接口，运行中也得到一致的副本）。

    \b
    示例：
      gongshi backup /var/backups/gongshi-$(date +%F).db
    恢复：停止后台，把备份文件复制为 instance/gongshi.db，再运行 gongshi init。
    """
    with database_app() as app:
        source = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
        if source is None:
            raise CliError("备份：PostgreSQL 请使用 pg_dump（见 docs/deploy.md）")
    if file.exists():
        raise CliError(f"备份文件：{file} 已存在，不会覆盖")
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    try:
        copy_sqlite(source, partial)
        partial.replace(file)
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"已备份到 {file}（{file.stat().st_size} 字节，完整性检查通过）")


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy ``source`` with SQLite's online backup API and verify the copy's integrity."""
    with (
        closing(sqlite3.connect(source, timeout=30)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        # Copy in steps so writers are only briefly held up by a large database.
        src.backup(dst, pages=1024)
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    if result != "ok":
        raise CliError(f"备份：副本完整性检查失败（{result}）")


def register(group: click.Group) -> None:
    group.add_command(backup_command)
