"""``/feed.xml`` (Atom: new disclosures and withdrawals), ``/sitemap.xml`` and its parts."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, render_template
from markupsafe import Markup, escape

from admin.site.content import Record
from admin.site.projects import projects
from admin.site.sitemaps import SECTION_ENDPOINTS, SITE_PART, sitemap_parts, sitemap_records
from admin.site.views.helpers import canonical, current_site, record_path

bp = Blueprint("feeds", __name__)
#: Entries in the feed: enough for a weekly reader, small enough for a phone.
FEED_ENTRIES = 50


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
    """Return the sitemap of every listed page, or above 50,000 URLs the index of its parts."""
    site = current_site()
    parts = sitemap_parts(site)
    if not parts:
        return _urlset(sitemap_records(site), "sitemap", with_sections=True)
    # No <lastmod>: a part changes when a record leaves it too, which no record's date says.
    xml = render_template("feeds/sitemap-index.xml", parts=list(parts))
    return Response(xml, mimetype="application/xml")


@bp.get("/sitemap-<name>.xml")
def sitemap_part(name: str) -> Response:
    """Return one part of a sitemap too large for one file (admin.site.sitemaps)."""
    records = sitemap_parts(current_site()).get(name)
    if records is None:
        abort(404)
    return _urlset(records, f"sitemap-{name}", with_sections=name == SITE_PART)


def _urlset(records: list[Record], memo: str, with_sections: bool) -> Response:
    """Return a sitemap file listing ``records`` (and the sections and projects).

    ``memo`` names the memo of its entries: one per file, as each file's memo is saved
    with the entries that file used (admin.site.fragments).
    """
    site = current_site()
    # One entry per listed record (a county's 140,000 are remembered between builds).
    entries = [Markup(site.fragments.text(memo, r, lambda r=r: _sitemap_entry(r))) for r in records]
    xml = render_template(
        "feeds/sitemap.xml",
        sections=SECTION_ENDPOINTS if with_sections else (),
        entries=entries,
        projects=projects(site) if with_sections else (),
    )
    return Response(xml, mimetype="application/xml")


def _sitemap_entry(record: Record) -> str:
    """Return a record's ``<url>``, escaped as the template's autoescape would."""
    lastmod = f"<lastmod>{escape(record.last_change)}</lastmod>" if record.last_change else ""
    return f"<url><loc>{escape(canonical(record_path(record)))}</loc>{lastmod}</url>"
