"""The home page: latest disclosures, a few figures, a link to every section."""

from __future__ import annotations

from flask import Blueprint

from admin.site.views.helpers import PageMeta, current_site, render_page
from admin.site.views.stats import body_rows

bp = Blueprint("home", __name__)

#: How many recent disclosures the home page lists.
LATEST = 8


@bp.get("/")
def index() -> str:
    """Show the home page."""
    site = current_site()
    counts = {dataset: len(site.listed(dataset)) for dataset in site.records}
    meta = PageMeta(
        title=str(site.config["name"]),
        column="首页",
        column_type="首页",
        description=f"{site.config['sponsor']}行政执法公示与政府信息公开",
    )
    scope = site.find("subjects", site.scope) if site.scope else None
    return render_page(
        "home/index.html",
        meta,
        latest=site.latest(LATEST),
        counts=counts,
        bodies=body_rows(site),
        scope=scope,
    )
