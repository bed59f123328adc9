"""Where the calendar's notices live: files bundled with gongshi, and the database.

``load_calendar`` builds the WorkCalendar every clock uses; ``store_notice`` adds a
notice an administrator loads, once (loading the same file again changes nothing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain.calendar_notice import NATIONAL, Notice, NoticeError, parse_notice
from admin.domain.workcalendar import CalendarError, WorkCalendar, check_region
from admin.models import CalendarNotice
from admin.store import audit

BUNDLED_DIR = Path(__file__).parents[1] / "data" / "calendar"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def bundled_notices(folder: Path = BUNDLED_DIR) -> list[Notice]:
    """Return the notices shipped with gongshi, in file-name order."""
    notices = []
    for path in sorted(folder.glob("*.toml")):
        try:
            notices.append(parse_notice(path.read_text(encoding="utf-8-sig")))
        except NoticeError as exc:  # a shipped file is ours: fail loudly, never skip it
            raise NoticeError(f"{path.name}：{exc.message}") from None
    return notices


def stored_notices(session: Session) -> list[Notice]:
    """Return the notices loaded into the database, in the order they were loaded."""
    rows = session.scalars(sa.select(CalendarNotice).order_by(CalendarNotice.id))
    return [
        Notice(
            year=row.year,
            region=row.region,
            source=row.source,
            holidays=tuple(dt.date.fromisoformat(day) for day in row.holidays),
            workdays=tuple(dt.date.fromisoformat(day) for day in row.workdays),
        )
        for row in rows
    ]


def load_calendar(session: Session | None) -> WorkCalendar:
    """Return the calendar of the bundled notices plus, given a session, the loaded ones."""
    notices = bundled_notices()
    if session is not None:
        notices += stored_notices(session)
    return WorkCalendar(notices)


def store_notice(session: Session, notice: Notice, actor: str) -> str:
    """Store ``notice`` in the caller's transaction; return created, updated or unchanged.

    A notice is identified by region, year and source: loading the same one again with
    the same days changes nothing; with other days it replaces them (a corrected file),
    and the audit trail keeps both.
    """
    holidays = [day.isoformat() for day in sorted(notice.holidays)]
    workdays = [day.isoformat() for day in sorted(notice.workdays)]
    row = session.scalar(
        sa.select(CalendarNotice).where(
            CalendarNotice.region == notice.region,
            CalendarNotice.year == notice.year,
            CalendarNotice.source == notice.source,
        )
    )
    if row is not None and row.holidays == holidays and row.workdays == workdays:
        return UNCHANGED
    detail = {"region": notice.region, "year": notice.year, "source": notice.source}
    if row is None:
        row = CalendarNotice(
            region=notice.region,
            year=notice.year,
            source=notice.source,
            holidays=holidays,
            workdays=workdays,
            loaded_by=actor,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor,
            "calendar-load",
            "calendar_notice",
            row.id,
            **detail,
            holidays=holidays,
            workdays=workdays,
        )
        return CREATED
    before = {"holidays": row.holidays, "workdays": row.workdays}
    row.holidays, row.workdays, row.loaded_by = holidays, workdays, actor
    session.flush()
    after = {"holidays": holidays, "workdays": workdays}
    audit.record(
        session,
        actor,
        "calendar-update",
        "calendar_notice",
        row.id,
        **detail,
        before=before,
        after=after,
    )
    return UPDATED


def deployment_region(site: dict) -> str:
    """Return the holiday region ``site.toml`` names for this deployment (default: national)."""
    region = site.get("region") or NATIONAL
    try:
        return check_region(region)
    except CalendarError as exc:
        raise CalendarError(f"site.toml：region：{exc.message}") from None
