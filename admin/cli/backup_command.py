"""``gongshi backup FILE``: a consistent copy of the database while the back-office runs."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from sqlalchemy.engine import URL, make_url

from admin.cli.common import CliError, database_app
from admin.config import sqlite_path

#: What an administrator without pg_dump on this machine is told.
DBA_JOB = (
    "备份：这是 PostgreSQL 数据库，本机没有 pg_dump。请由数据库管理员用 pg_dump 备份"
    "（或在本机安装与服务器同版本的 PostgreSQL 客户端，例如 apt-get install postgresql-client），"
    "恢复步骤见 docs/deploy.md「恢复」一节"
)


@click.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
def backup_command(file: Path) -> None:
    """在线备份数据库，运行中也得到一致的副本。

    SQLite 用其在线备份接口并做完整性检查；PostgreSQL 用 pg_dump（自定义格式，
    用 pg_restore --list 检查），本机没有 pg_dump 时说明应由数据库管理员备份。

    \b
    示例：
      gongshi backup /var/backups/gongshi-$(date +%F).db
      gongshi backup /var/backups/gongshi-$(date +%F).dump    # PostgreSQL
    恢复：见 docs/deploy.md「恢复」一节。
    """
    with database_app(current=False) as app:
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    source = sqlite_path(url)
    if source is None and make_url(url).get_backend_name() != "postgresql":
        raise CliError(f"备份：不支持的数据库类型 {make_url(url).get_backend_name()}")
    if file.exists():
        raise CliError(f"备份文件：{file} 已存在，不会覆盖")
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    try:
        if source is not None:
            copy_sqlite(source, partial)
            checked = "完整性检查通过"
        else:
            dump_postgresql(make_url(url), partial)
            checked = "pg_dump 自定义格式，pg_restore --list 检查通过"
        partial.replace(file)
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"已备份到 {file}（{file.stat().st_size} 字节，{checked}）")


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


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """Return the libpq connection URI of ``url`` without its password, and the password env.

    The password goes to pg_dump in PGPASSWORD, never on its command line (``ps`` shows
    command lines to every user of the machine).
    """
    bare = url.set(drivername="postgresql", password=None)
    env = {"PGPASSWORD": str(url.password)} if url.password else {}
    return bare.render_as_string(hide_password=False), env


def dump_postgresql(url: URL, target: Path) -> None:
    """Run ``pg_dump --format=custom`` into ``target`` and check the archive reads back.

    pg_dump works in one REPEATABLE READ snapshot, so the copy is consistent while the
    back-office keeps writing; the custom format is what ``pg_restore`` restores from.
    """
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if pg_dump is None or pg_restore is None:
        raise CliError(DBA_JOB)
    conninfo, password = libpq_target(url)
    env = {**os.environ, **password}
    _run([pg_dump, "--format=custom", "--no-password", f"--file={target}", conninfo], env)
    listing = _run([pg_restore, "--list", str(target)], env)
    if "TABLE DATA" not in listing or "audit_entry" not in listing:
        raise CliError("备份：pg_restore 读不出备份中的数据表，备份无效")


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["（无输出）"])[-1]
        raise CliError(f"备份：{Path(command[0]).name} 失败：{reason}")
    return done.stdout


def register(group: click.Group) -> None:
    group.add_command(backup_command)
