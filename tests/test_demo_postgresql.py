"""The demo loaded into PostgreSQL publishes and builds exactly what it does from SQLite.

PostgreSQL sorts text by the database's collation (the tests' databases use a Chinese ICU
one, pgsupport.py), SQLite by bytes; it also returns rows of an unordered query in
another order. Whatever of that reaches content/ would show here as a changed file.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GONGSHI

pytestmark = pytest.mark.postgresql_only

ANCHOR = "audit-head.toml"  # the audit chain's head: its hashes seal the time of each entry
TODAY = "2026-11-01"


def files(root: Path, *, skip: str) -> dict[str, bytes]:
    root = root.resolve()
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != skip
    }


def demo_site(base: Path, database_url: str | None) -> Path:
    """Run ``gongshi init --demo`` then ``gongshi build`` in ``base``; return ``base``."""
    base.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("GONGSHI_")}
    env["GONGSHI_INSTANCE_DIR"] = str(base / "instance")
    if database_url:
        env["GONGSHI_DATABASE_URL"] = database_url
    for args in (
        ("init", "--demo"),
        ("build", "--content", "content", "--out", "build", "--today", TODAY, "--full"),
    ):
        done = subprocess.run(
            [GONGSHI, *args], cwd=base, env=env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, (args, done.stderr)
    return base


def test_demo_from_postgresql_is_the_demo_from_sqlite(instance_dir: Path, tmp_path: Path) -> None:
    on_pg = demo_site(tmp_path / "postgresql", os.environ["GONGSHI_DATABASE_URL"])
    on_sqlite = demo_site(tmp_path / "sqlite", None)
    assert (on_sqlite / "instance" / "gongshi.db").exists()
    assert not (on_pg / "instance" / "gongshi.db").exists()

    content_pg = files(on_pg / "content", skip=ANCHOR)
    content_sqlite = files(on_sqlite / "content", skip=ANCHOR)
    assert sorted(content_pg) == sorted(content_sqlite)
    assert [name for name in content_pg if content_pg[name] != content_sqlite[name]] == []

    built_pg = files(on_pg / "build", skip="manifest.json")
    built_sqlite = files(on_sqlite / "build", skip="manifest.json")
    assert len(built_pg) > 100
    assert sorted(built_pg) == sorted(built_sqlite)
    assert [name for name in built_pg if built_pg[name] != built_sqlite[name]] == []
