"""``gongshi backup`` on PostgreSQL, and docs/deploy.md's restore drill run as written."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pgsupport
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import GONGSHI, ROOT

pytestmark = pytest.mark.postgresql_only

DOC = ROOT / "docs" / "deploy.md"


def drill() -> str:
    """Return the PostgreSQL restore commands of docs/deploy.md."""
    text = DOC.read_text(encoding="utf-8")
    marker = text.index("<!-- pg-restore-drill -->")
    block = re.search(r"```sh\n(.*?)```", text[marker:], re.S)
    assert block, "docs/deploy.md：缺少 PostgreSQL 恢复步骤"
    return "\n".join(line.strip() for line in block.group(1).splitlines())


def libpq_env() -> dict[str, str]:
    """The server of the tests, as PG* variables for psql, createdb and pg_restore."""
    url = make_url(pgsupport.server_url() or "")
    env = {"PGHOST": url.host or "localhost", "PGPORT": str(url.port or 5432)}
    if url.username:
        env["PGUSER"] = url.username
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return env


def test_backup_dumps_and_the_documented_drill_restores(gongshi, tmp_path: Path) -> None:
    assert gongshi("init").returncode == 0
    assert gongshi("user", "add", "lisi", "--role", "officer").returncode == 0
    dump = tmp_path / "backup" / "gongshi.dump"
    result = gongshi("backup", str(dump))
    assert result.returncode == 0, result.stderr
    assert "pg_dump 自定义格式" in result.stdout
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    again = gongshi("backup", str(dump))
    assert again.returncode == 1 and "已存在" in again.stderr

    # Work after the backup, then the failure: the drill brings back the backup's state.
    assert gongshi("user", "add", "zhaoliu", "--role", "officer").returncode == 0
    database = make_url(os.environ["GONGSHI_DATABASE_URL"]).database
    owner = libpq_env().get("PGUSER", "postgres")
    script = drill()
    script = re.sub(r"^DB=.*$", f"DB={database}", script, flags=re.M)
    script = re.sub(r"^DUMP=.*$", f"DUMP={dump}", script, flags=re.M)
    script = re.sub(r"^OWNER=.*$", f"OWNER={owner}", script, flags=re.M)
    try:
        done = subprocess.run(
            ["bash", "-e", "-c", script],
            env={**os.environ, **libpq_env()},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "数据库已是最新版本" in gongshi("init").stdout
        verified = gongshi("audit", "verify")
        assert verified.returncode == 0, verified.stderr
        assert "共 1 条" in verified.stdout
        kept = gongshi("user", "add", "lisi", "--role", "officer")
        assert kept.returncode == 1 and "已存在" in kept.stderr
        assert gongshi("user", "add", "zhaoliu", "--role", "officer").returncode == 0  # lost
    finally:
        pgsupport.drop_database(f"{database}_damaged")


def test_without_pg_dump_backup_says_it_is_the_dbas_job(gongshi, tmp_path: Path) -> None:
    assert gongshi("init").returncode == 0
    empty = tmp_path / "no-tools"
    empty.mkdir()
    done = subprocess.run(
        [GONGSHI, "backup", "x.dump"],
        cwd=tmp_path,
        env={**os.environ, "PATH": str(empty)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "数据库管理员用 pg_dump 备份" in done.stderr
    assert not (tmp_path / "x.dump").exists()
