"""What every command shares: the error type, the initialised database, the calendar."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from flask import Flask

from admin.domain.workcalendar import WorkCalendar
from admin.errors import GongshiError

NOT_INITIALISED = "数据库未初始化，请先运行 gongshi init"


#: Set by a command that leaves a large heap (a build): the process then ends without
#: Python freeing it object by object (:meth:`admin.cli.GongshiGroup.__call__`).
_LARGE_HEAP = False


def leave_heap_to_the_system() -> None:
    """Ask the ``gongshi`` process to end at once after this command succeeds.

    A county's build holds 1.7 GB of objects: Python's teardown freed them one by one
    for 0.65 s after a rebuild had finished (1 s after a full build), where the system
    takes the whole heap back at once (#16).
    """
    global _LARGE_HEAP
    _LARGE_HEAP = True


def heap_left_to_the_system() -> bool:
    """Tell whether the command asked for :func:`leave_heap_to_the_system`."""
    return _LARGE_HEAP


class CliError(GongshiError):
    """A failure to report as one Chinese line with an exit status."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def setting(key: str):
    """Return one setting (defaults, instance/config.toml, GONGSHI_* variables), no app needed."""
    from admin.config import ConfigError, instance_dir, load_settings

    try:
        return load_settings(instance_dir())[key]
    except ConfigError as exc:
        raise CliError(exc.message) from None


def parse_today(value: str | None) -> dt.date:
    """Return ``--today`` (YYYY-MM-DD), else today in the configured time zone."""
    if value is None:
        return dt.datetime.now(ZoneInfo(setting("TIMEZONE"))).date()
    message = f"--today：应为 YYYY-MM-DD 格式的有效日期（收到 {value!r}）"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise CliError(message, 2)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CliError(message, 2) from None


@contextmanager
def database_app(current: bool = True) -> Iterator[Flask]:
    """Yield the back-office app inside its context, refusing when the database is missing.

    With ``current``, a database whose structure is not the code's (gongshi upgraded, the
    database not yet) is refused too, naming the command that upgrades it: its queries
    would otherwise fail half-way with a bare OperationalError (#16). ``backup`` passes
    False: a copy is what one takes before upgrading.
    """
    from admin.backoffice.app import create_app
    from admin.models.db import db
    from admin.models.migrate import current_revision, head_revision

    app = create_app()
    with app.app_context():
        revision = current_revision(db.engine) if _database_exists(app) else None
        if revision is None:
            raise CliError(NOT_INITIALISED)
        if current and revision != (head := head_revision()):
            raise CliError(
                f"数据库结构版本为 {revision}，本程序需要 {head}："
                "请先运行 gongshi init 升级数据库（已有数据保留；升级前可先 gongshi backup FILE）"
            )
        yield app


def _database_exists(app: Flask) -> bool:
    from admin.config import sqlite_path

    path = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    return path is None or path.exists()


def open_calendar() -> WorkCalendar:
    """Return the bundled notices' calendar, plus the loaded ones when the database exists.

    The SQLite file is looked for before connecting, so a command that needs no database
    never creates one.
    """
    from admin import config
    from admin.backoffice.app import create_app
    from admin.models.db import db
    from admin.models.migrate import current_revision
    from admin.store.calendar import load_calendar

    settings = config.load_settings(config.instance_dir())
    path = config.sqlite_path(settings["DATABASE_URL"])
    if path is not None and not path.exists():
        return load_calendar(None)
    app = create_app()
    with app.app_context():
        try:
            if current_revision(db.engine) is None:
                return load_calendar(None)
            return load_calendar(db.session)
        finally:
            db.session.remove()
            db.engine.dispose()
