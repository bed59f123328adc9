"""Shared fixtures: a real instance folder and database per test, the real entry point.

The database is a SQLite file in the instance folder, or, when $GONGSHI_TEST_DATABASE_URL
names a PostgreSQL server (``postgresql+psycopg://user@host:port/postgres``), a fresh
database on it per test (tests/pgsupport.py). Tests that only make sense on SQLite are
marked ``sqlite_only`` and skipped there; the session summary counts them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pgsupport
import pytest
from flask import Flask

from admin.backoffice.app import create_app
from admin.models.db import db
from admin.models.migrate import upgrade_database

ROOT = Path(__file__).resolve().parent.parent
#: The console script pip installed: tests run the command exactly as users do.
GONGSHI = shutil.which("gongshi") or "gongshi"


def pytest_configure(config: pytest.Config) -> None:
    # The key that signs the build's plain-data caches lives in the user's cache folder
    # (admin.content.datapickle): the tests and the builds they run use a key of their own.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="gongshi-tests-cache-")
    config.addinivalue_line(
        "markers", "sqlite_only: the test checks SQLite itself; skipped on PostgreSQL"
    )
    config.addinivalue_line("markers", "postgresql_only: needs $GONGSHI_TEST_DATABASE_URL")
    # Tests that make an app of their own leave its pool to the garbage collector: sqlite3
    # closes quietly, psycopg warns, and the warning lands on whichever test runs then.
    config.addinivalue_line(
        "filterwarnings", "ignore:<psycopg.Connection.*deleted while still open:ResourceWarning"
    )


#: Folders whose tests never open a database (the domain's rules, the site and its build
#: read content/ only): on PostgreSQL they would repeat the SQLite run byte for byte.
NO_DATABASE = ("tests/domain/", "tests/site/", "tests/freeze/")
SQLITE_ONLY = pytest.StashKey[int]()
ELSEWHERE = pytest.StashKey[int]()


def _needs_no_database(item: pytest.Item) -> bool:
    path = item.path.relative_to(ROOT).as_posix()
    # Browser tests drive pages whose queries the Flask-client tests already run on both.
    return path.startswith((*NO_DATABASE, "tests/browser/")) or path.endswith("_browser.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_pg = pgsupport.server_url() is not None
    sqlite_only = [item for item in items if item.get_closest_marker("sqlite_only")]
    elsewhere = [item for item in items if _needs_no_database(item)]
    config.stash[SQLITE_ONLY] = len(sqlite_only)
    config.stash[ELSEWHERE] = len(elsewhere)
    if on_pg:
        skip = pytest.mark.skip(reason="SQLite only (GONGSHI_TEST_DATABASE_URL is set)")
        for item in sqlite_only:
            item.add_marker(skip)
        same = pytest.mark.skip(reason="opens no database: runs in the SQLite run")
        for item in elsewhere:
            item.add_marker(same)
    else:
        needs_pg = pytest.mark.skip(reason="PostgreSQL only (set GONGSHI_TEST_DATABASE_URL)")
        for item in items:
            if item.get_closest_marker("postgresql_only"):
                item.add_marker(needs_pg)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    marked, elsewhere = config.stash.get(SQLITE_ONLY, 0), config.stash.get(ELSEWHERE, 0)
    url = pgsupport.server_url()
    if url:
        terminalreporter.write_line(
            f"database: PostgreSQL ({pgsupport.describe(url)}); skipped here: {marked} tests"
            f" marked sqlite_only, {elsewhere} that open no database or drive a browser"
        )
    else:
        terminalreporter.write_line(
            f"database: SQLite; {marked} tests marked sqlite_only"
            " (set GONGSHI_TEST_DATABASE_URL to run the rest on PostgreSQL)"
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    pgsupport.drop_templates()


@pytest.fixture
def instance_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty instance folder, used by create_app() and the gongshi command.

    On PostgreSQL it comes with an empty database of its own, named by
    GONGSHI_DATABASE_URL (dropped after the test), as the SQLite file would be absent.
    """
    path = tmp_path / "instance"
    path.mkdir()
    monkeypatch.setenv("GONGSHI_INSTANCE_DIR", str(path))
    for key in ("GONGSHI_DATABASE_URL", "GONGSHI_SECRET_KEY", "GONGSHI_CONTENT_DIR"):
        monkeypatch.delenv(key, raising=False)
    if pgsupport.server_url() is None:
        yield path
        return
    with pgsupport.fresh_database() as url:
        monkeypatch.setenv("GONGSHI_DATABASE_URL", url)
        yield path


@pytest.fixture
def app(instance_dir: Path) -> Iterator[Flask]:
    """The back-office app on a freshly migrated SQLite file."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": True})
    with app.app_context():
        upgrade_database(db.engine)
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def session(app: Flask):
    """The database session of ``app``."""
    return db.session


def run_gongshi(
    *args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``gongshi`` entry point as a user would, capturing its output."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("GONGSHI_DEBUG", None)
    return subprocess.run(
        [GONGSHI, *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


@pytest.fixture
def gongshi(instance_dir: Path, tmp_path: Path):
    """Run ``gongshi`` with the test's instance folder, from ``tmp_path`` as working directory."""

    def run(*args: str, input: str | None = None, cwd: Path | None = None):
        return run_gongshi(*args, cwd=cwd or tmp_path, input=input)

    return run
