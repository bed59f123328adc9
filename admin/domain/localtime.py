"""Stored times shown where the deployment is: the database keeps naive UTC.

``admin.models.common.utcnow`` writes naive UTC; officers read Beijing time (the
``TIMEZONE`` setting). Every page and export shows a stored time through
:func:`format_local_time`, to the minute: seconds and microseconds mean nothing to a clerk.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"
MINUTE_FORMAT = "%Y-%m-%d %H:%M"


def to_local(at: dt.datetime, zone: str | None = None) -> dt.datetime:
    """Return ``at`` in ``zone``; a naive time is UTC, as the database stores it."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(ZoneInfo(zone or DEFAULT_ZONE))


def format_local_time(value: dt.datetime | dt.date | None, zone: str | None = None) -> str:
    """Return a stored time as ``YYYY-MM-DD HH:MM`` in ``zone`` ('' for None).

    A date without a time is a calendar day already (a decision date): shown as it is.
    """
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    return to_local(value, zone).strftime(MINUTE_FORMAT)
