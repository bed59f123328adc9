"""A record's statutory clocks as of today, with the trail the record page shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from admin.content.store import ContentStoreError, read_site_config
from admin.domain import clocks
from admin.domain.workcalendar import CalendarError
from admin.models.db import db
from admin.store import dashboard
from admin.store.calendar import deployment_region, load_calendar

CLOCKS_OF = {
    "penalties": clocks.penalty_clocks,
    "inspections": clocks.inspection_clocks,
    "info": clocks.info_clocks,
    "licences": dashboard.licence_clocks,
}


def region_of(content_root: Path) -> str:
    """Return the deployment's holiday region (national when site.toml cannot say)."""
    try:
        return deployment_region(read_site_config(content_root))
    except (ContentStoreError, CalendarError):
        return "national"


def record_clocks(
    dataset: str, record: Any, *, today: dt.date, content_root: Path
) -> list[clocks.ClockResult]:
    """Return every clock of the record evaluated on ``today``."""
    factory = CLOCKS_OF.get(dataset)
    if factory is None:
        return []
    calendar = load_calendar(db.session)
    region = region_of(content_root)
    return [clock.evaluate(calendar, today, region) for clock in factory(record)]
