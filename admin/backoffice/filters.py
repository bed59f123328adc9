"""Template filters every back-office page shares."""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app

from admin.domain.localtime import format_local_time


def localtime_filter(value: dt.datetime | dt.date | None) -> str:
    """Show a stored time in the ``TIMEZONE`` setting, to the minute (every back-office page)."""
    return format_local_time(value, current_app.config["GONGSHI"].get("TIMEZONE"))


def init_app(app: Flask) -> None:
    """Register the filters: one zone and one format for every page's times."""
    app.add_template_filter(localtime_filter, "localtime")
