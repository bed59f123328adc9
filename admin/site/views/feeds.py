"""``/feed.xml`` (Atom: new disclosures and withdrawals) and ``/sitemap.xml``."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, render_template
from markupsafe import Markup, escape

from admin.site.content import DISCLOSURES, Record
from admin.site.projects import projects
from admin.site.views.helpers import canonical, current_site, record_path

bp = Blueprint("feeds", __name__)
#: Entries in the feed: enough for a weekly reader, small enough for a phone.
FEED_ENTRIES = 50
#: List pages in the sitemap, besides records and hand-written pages.
SECTION_ENDPOINTS = (
    "home.index",
    "subjects.index",
    "officers.index",
    "items.index",
    "penalties.index",
    "licences.index",
    "inspections.index",
    "info.index",
    "projects.index",
    "reports.index",
    "stats.index",
    "data.index",
    "pages.sitemap",
)


@bp.get("/feed.xml")
def feed() -> Response:
    """Return the Atom feed of the latest disclosures and withdrawals."""
    site = current_site()
    entries = site.feed_records(FEED_ENTRIES)
    # The feed's own date is its newest change: a rebuild with no change is identical, and
    # an amended record (its ``updated``, as in the sitemap) reaches feed readers.
    updated = max((r.last_change for r in entries if r.last_change), default=dt.date(2000, 1, 1))
    xml = render_template("feeds/feed.xml", entries=entries, updated=updated)
    return Response(xml, mimetype="application/atom+xml")


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Return the sitemap of every listed page."""
    site = current_site()
    # One entry per listed record (a county's 30,000 are remembered between builds).
    entries = [
        Markup(site.fragments.text("sitemap", r, lambda r=r: _sitemap_entry(r)))
        for dataset in (*DISCLOSURES, "subjects", "items", "pages", "reports")
        for r in site.listed(dataset)
    ]
    xml = render_template(
        "feeds/sitemap.xml",
        sections=SECTION_ENDPOINTS,
        entries=entries,
        projects=projects(site),
    )
    return Response(xml, mimetype="application/xml")


def _sitemap_entry(record: Record) -> str:
    """Return a record's ``<url>``, escaped as the template's autoescape would."""
    lastmod = f"<lastmod>{escape(record.last_change)}</lastmod>" if record.last_change else ""
    return f"<url><loc>{escape(canonical(record_path(record)))}</loc>{lastmod}</url>"
