"""gongshi backup and gongshi audit verify, through the real entry point."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from pgsupport import drop_audit_guard, raw_database

from admin.cli.backup_command import copy_sqlite


@pytest.mark.sqlite_only  # PostgreSQL: tests/test_pg_backup.py
def test_backup_copy_is_consistent_and_restorable(gongshi, instance_dir: Path, tmp_path: Path):
    assert gongshi("init").returncode == 0
    assert gongshi("user", "add", "lisi", "--role", "officer").returncode == 0
    result = gongshi("backup", str(tmp_path / "copy.db"))
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(tmp_path / "copy.db")) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT username FROM account").fetchall() == [("lisi",)]
    # Restore as README says: put the copy in place of the database, then init.
    (instance_dir / "gongshi.db").unlink()
    for suffix in ("-wal", "-shm"):
        (instance_dir / f"gongshi.db{suffix}").unlink(missing_ok=True)
    (tmp_path / "copy.db").rename(instance_dir / "gongshi.db")
    assert gongshi("init").returncode == 0
    again = gongshi("user", "add", "lisi", "--role", "officer")
    assert again.returncode == 1 and "已存在" in again.stderr


def test_backup_refuses_to_overwrite(gongshi, tmp_path: Path) -> None:
    gongshi("init")
    (tmp_path / "copy.db").write_text("keep me")
    result = gongshi("backup", str(tmp_path / "copy.db"))
    assert result.returncode == 1 and "已存在" in result.stderr
    assert (tmp_path / "copy.db").read_text() == "keep me"


def test_backup_during_writes_passes_integrity_check(tmp_path: Path) -> None:
    source = tmp_path / "live.db"
    with closing(sqlite3.connect(source)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
        db.executemany("INSERT INTO t (payload) VALUES (?)", [("x" * 500,)] * 5000)
        db.commit()
    stop = threading.Event()

    def write() -> None:
        with closing(sqlite3.connect(source, timeout=30)) as db:
            while not stop.is_set():
                db.execute("INSERT INTO t (payload) VALUES (?)", ("y" * 500,))
                db.commit()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        time.sleep(0.05)
        copy_sqlite(source, tmp_path / "copy.db")
    finally:
        stop.set()
        writer.join()
    with closing(sqlite3.connect(tmp_path / "copy.db")) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM t").fetchone()[0] >= 5000


def test_audit_verify_reports_an_intact_trail(gongshi) -> None:
    gongshi("init")
    gongshi("user", "add", "lisi", "--role", "officer")
    result = gongshi("audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "审计日志完整：共 1 条" in result.stdout


def test_audit_verify_detects_tampering(gongshi, instance_dir: Path) -> None:
    gongshi("init")
    gongshi("user", "add", "lisi", "--role", "officer")
    gongshi("user", "add", "wangwu", "--role", "admin")
    with raw_database(instance_dir) as db:
        drop_audit_guard(db)
        db.execute(sa.text("UPDATE audit_entry SET actor = 'nobody' WHERE id = 1"))
    result = gongshi("audit", "verify")
    assert result.returncode == 1
    assert "第 1 条：内容与哈希不符" in result.stderr


def test_audit_verify_detects_a_rewritten_chain_by_its_anchor(
    gongshi, instance_dir: Path, tmp_path: Path
) -> None:
    gongshi("init")
    gongshi("user", "add", "lisi", "--role", "officer")
    with raw_database(instance_dir) as db:
        head = db.execute(sa.text("SELECT hash FROM audit_entry ORDER BY id DESC")).first()[0]
    content = tmp_path / "content"
    content.mkdir()
    (content / "audit-head.toml").write_text(f'head = "{head}"\nentries = 1\n')
    assert gongshi("audit", "verify").returncode == 0
    (content / "audit-head.toml").write_text(f'head = "{"0" * 64}"\nentries = 1\n')
    result = gongshi("audit", "verify")
    assert result.returncode == 1 and "锚点" in result.stderr
