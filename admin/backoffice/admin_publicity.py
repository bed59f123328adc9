"""Publicity periods for administrators: months per regime and severity (LAW.md §3).

Stored as ``PUBLICITY_MONTHS`` in ``instance/config.toml`` (only the values that differ
from the default, the range's maximum) and used by publishing for every new 公示截止期;
periods already fixed on published records do not change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from admin import config
from admin.backoffice.access import roles_required
from admin.domain.publicity import RANGES, REGIME_TITLES, PublicityError, make_policy
from admin.domain.vocab import SEVERITIES
from admin.models.db import db
from admin.store import audit

bp = Blueprint("admin_publicity", __name__, url_prefix="/admin/publicity")
SETTING = "PUBLICITY_MONTHS"


def field_name(regime_index: int, severity_index: int) -> str:
    """Return the form field of one cell (ASCII, so no encoding surprises)."""
    return f"months-{regime_index}-{severity_index}"


def current_months() -> dict[str, dict[str, int]]:
    """Return the months in force in this process, regime → severity → months."""
    policy = config.publicity_policy(current_app.config["GONGSHI"])
    return {regime: dict(by_severity) for regime, by_severity in policy.months.items()}


def read_form(form: Any) -> dict[str, dict[str, int]]:
    """Return the months entered, checked against each regime's range; raise PublicityError."""
    months: dict[str, dict[str, int]] = {}
    for i, regime in enumerate(RANGES):
        for j, severity in enumerate(SEVERITIES):
            raw = (form.get(field_name(i, j)) or "").strip()
            if not raw.isdigit():
                raise PublicityError(f"公示期限（{regime} {severity}）：必须是整数月数")
            months.setdefault(regime, {})[severity] = int(raw)
    make_policy(months)  # refuses a value outside the statutory range, naming it
    return months


def overrides_of(months: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Return only the values that differ from the defaults (each range's maximum)."""
    found: dict[str, dict[str, int]] = {}
    for regime, by_severity in months.items():
        for severity, value in by_severity.items():
            if value != RANGES[regime][severity].max_months:
                found.setdefault(regime, {})[severity] = value
    return found


def _page(months: dict[str, dict[str, int]], error: str | None = None, status: int = 200):
    return render_template(
        "admin/publicity.html",
        regimes=list(enumerate(RANGES)),
        severities=list(enumerate(SEVERITIES)),
        ranges=RANGES,
        titles=REGIME_TITLES,
        months=months,
        field_name=field_name,
        error=error,
    ), status


@bp.route("/")
@roles_required("admin")
def index():
    return _page(current_months())


@bp.route("/", methods=["POST"])
@roles_required("admin")
def save():
    before = current_months()
    try:
        after = read_form(request.form)
    except PublicityError as exc:
        return _page(before, exc.message, 422)
    if after == before:
        flash("公示期限未改动", "info")
        return redirect(url_for(".index"), 303)
    overrides = overrides_of(after)
    config.write_instance_setting(Path(current_app.instance_path), SETTING, overrides)
    # This process publishes with the new periods at once; others read them when they start.
    current_app.config["GONGSHI"][SETTING] = overrides
    audit.record(
        db.session,
        g.user.username,
        "publicity-settings",
        "settings",
        None,
        before=before,
        after=after,
    )
    db.session.commit()
    flash("公示期限已保存，此后公示的处罚决定按新期限计算", "info")
    return redirect(url_for(".index"), 303)
