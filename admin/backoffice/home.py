"""The signed-in start page: the statutory clocks, the user's first, most urgent first."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

from flask import Blueprint, current_app, g, render_template, request

from admin.backoffice.access import signed_in
from admin.content.store import ContentStoreError, read_site_config
from admin.domain import clocks
from admin.domain.calendar_notice import NATIONAL, REGION_NAMES
from admin.domain.workcalendar import CalendarError
from admin.freeze.status import read_rebuild_status, site_status
from admin.models.db import db
from admin.store import dashboard
from admin.store.calendar import deployment_region, load_calendar

bp = Blueprint("home", __name__)


def today() -> dt.date:
    """Return the back-office's today: the ``TODAY`` setting (demos, tests), else the zone's."""
    settings = current_app.config["GONGSHI"]
    fixed = settings.get("TODAY")
    if fixed:
        return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return dt.datetime.now(zoneinfo.ZoneInfo(settings.get("TIMEZONE") or "Asia/Shanghai")).date()


def site_region() -> str:
    """Return the holiday region of ``content/site.toml``; national when it cannot be read."""
    try:
        return deployment_region(read_site_config(current_app.config["GONGSHI"]["CONTENT_DIR"]))
    except (ContentStoreError, CalendarError) as exc:
        # The dashboard must still open; the site admin page shows what is wrong.
        current_app.logger.warning("dashboard uses the national calendar: %s", exc)
        return NATIONAL


@bp.route("/")
@signed_in
def index():
    day, region = today(), site_region()
    settings = current_app.config["GONGSHI"]
    zone = settings.get("TIMEZONE") or "Asia/Shanghai"
    entries = dashboard.collect_clocks(
        db.session, g.user, calendar=load_calendar(db.session), today=day, region=region
    )
    # ?show=overdue lists every clock of that state; the others stay a page each.
    full = [state for state in request.args.getlist("show") if state in dashboard.STATE_RANK]
    return render_template(
        "home/index.html",
        today=day,
        region_name=REGION_NAMES.get(region, region),
        mine=dashboard.page_of((e for e in entries if e.concerns_user), full=full),
        others=dashboard.page_of((e for e in entries if not e.concerns_user), full=full),
        state_labels=clocks.STATE_LABELS,
        reviews=dashboard.waiting_for_review(db.session, g.user),
        law_reminder=dashboard.rule_of_law_reminder(db.session, g.user, day),
        site=site_status(Path(settings["BUILD_DIR"]), zone),
        rebuild=read_rebuild_status(Path(current_app.instance_path), zone),
    )
