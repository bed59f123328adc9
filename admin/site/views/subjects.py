"""执法主体: each body with its powers, legal basis, supervision and remedies."""

from __future__ import annotations

from flask import Blueprint

from admin.site.views.helpers import PageMeta, current_site, render_page
from admin.site.views.licences import licences_of
from admin.site.views.records import find_or_404, show_record

bp = Blueprint("subjects", __name__, url_prefix="/subjects")
COLUMN = "执法主体"


@bp.get("/")
def index() -> str:
    """List the enforcement subjects."""
    meta = PageMeta(title=COLUMN, column=COLUMN, description="行政执法主体、职权依据与监督渠道")
    return render_page("subjects/index.html", meta, records=current_site().listed("subjects"))


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one subject with its officers and the items it enforces."""
    site = current_site()
    record = find_or_404("subjects", slug)
    officers = [r for r in site.listed("officers") if r.get("subject") == slug]
    items = [r for r in site.listed("items") if r.get("subject") == slug]
    categories: dict[str, int] = {}
    for item in items:
        categories[str(item.get("category"))] = categories.get(str(item.get("category")), 0) + 1
    parent = site.find("subjects", str(record.get("parent"))) if record.get("parent") else None
    return show_record(
        record,
        "subjects/detail.html",
        column=COLUMN,
        description=f"{record.get('name')}的职权依据、职责、监督与救济渠道",
        officers=officers,
        categories=categories,
        parent=parent,
        licences=licences_of(record),
    )
