"""Shared fixtures: a real instance folder and SQLite file per test, the real entry point."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from admin.backoffice.app import create_app
from admin.models.db import db
from admin.models.migrate import upgrade_database

ROOT = Path(__file__).resolve().parent.parent
#: The console script pip installed: tests run the command exactly as users do.
GONGSHI = shutil.which("gongshi") or "gongshi"


@pytest.fixture
def instance_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty instance folder, used by create_app() and the gongshi command."""
    path = tmp_path / "instance"
    path.mkdir()
    monkeypatch.setenv("GONGSHI_INSTANCE_DIR", str(path))
    for key in ("GONGSHI_DATABASE_URL", "GONGSHI_SECRET_KEY", "GONGSHI_CONTENT_DIR"):
        monkeypatch.delenv(key, raising=False)
    return path


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
