"""Hand-written pages from ``content/pages/`` and the generated 网站地图."""

from __future__ import annotations

from flask import Blueprint

from admin.site.projects import projects
from admin.site.views.helpers import PageMeta, current_site, render_page
from admin.site.views.records import find_or_404, show_record

bp = Blueprint("pages", __name__)


@bp.get("/pages/<slug>/")
def page(slug: str) -> str:
    """Show one hand-written page."""
    record = find_or_404("pages", slug)
    return show_record(
        record, "pages/page.html", column=record.title, description=str(record.get("summary"))
    )


@bp.get("/sitemap/")
def sitemap() -> str:
    """Show the 网站地图: every section and page of the site."""
    site = current_site()
    meta = PageMeta(
        title="网站地图", column="网站地图", column_type="其他", description="本站栏目导航"
    )
    return render_page(
        "pages/sitemap.html",
        meta,
        pages=site.listed("pages"),
        subjects=site.listed("subjects"),
        penalty_years=site.years("penalties"),
        inspection_years=site.years("inspections"),
        info_years=site.years("info"),
        projects=projects(site),
    )
