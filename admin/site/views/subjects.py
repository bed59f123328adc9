"""执法主体: each body with its powers, legal basis, supervision and remedies, its officers
and items, and the lists of its decisions and inspections under its own folder."""

from __future__ import annotations

from flask import Blueprint, abort

from admin.site.content import Record
from admin.site.views import inspections, penalties
from admin.site.views.helpers import PageMeta, current_site, render_page
from admin.site.views.licences import licences_of
from admin.site.views.listing import show_list
from admin.site.views.records import find_or_404, show_record

bp = Blueprint("subjects", __name__, url_prefix="/subjects")
COLUMN = "执法主体"
#: The lists each body has under its folder: dataset → (its column, its list template).
BODY_LISTS = {
    "penalties": (penalties.COLUMN, penalties.TEMPLATE),
    "inspections": (inspections.COLUMN, inspections.TEMPLATE),
}


@bp.get("/")
def index() -> str:
    """List the enforcement subjects."""
    meta = PageMeta(title=COLUMN, column=COLUMN, description="行政执法主体、职权依据与监督渠道")
    return render_page("subjects/index.html", meta, records=current_site().listed("subjects"))


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one subject with its officers, the items it enforces and its lists."""
    site = current_site()
    record = find_or_404("subjects", slug)
    items = site.of_body("items", slug)
    categories: dict[str, list[Record]] = {}
    for item in items:
        categories.setdefault(str(item.get("category")), []).append(item)
    parent = site.find("subjects", str(record.get("parent"))) if record.get("parent") else None
    children = [body for body in site.listed("subjects") if body.get("parent") == slug]
    return show_record(
        record,
        "subjects/detail.html",
        column=COLUMN,
        description=f"{record.get('name')}的职权依据、职责、监督与救济渠道",
        officers=site.of_body("officers", slug),
        categories=categories,
        parent=parent if parent is not None and parent.listed else None,
        children=children,
        decisions=len(site.of_body("penalties", slug)),
        inspected=len(site.of_body("inspections", slug)),
        licences=licences_of(record),
    )


def _body_list(dataset: str, slug: str, n: int | None) -> str:
    """Render the folder or archive page ``n`` of one body's list of ``dataset``: the main
    list narrowed to it."""
    body = current_site().find("subjects", slug)
    if body is None or not body.listed:
        abort(404)
    column, template = BODY_LISTS[dataset]
    name = str(body.get("name") or body.raw_title)
    return show_list(
        dataset,
        current_site().of_body(dataset, slug),
        n,
        endpoint=f"subjects.{dataset}",
        column=column,
        heading=f"{column}（{name}）",
        template=template,
        values={"slug": slug},
        years=[],  # the year pages are the whole site's
        kind_filter=[],
        body=slug,
    )


@bp.get("/<slug>/penalties/", endpoint="penalties")
@bp.get("/<slug>/penalties/page/<int:n>/", endpoint="penalties_page")
def penalties_list(slug: str, n: int | None = None) -> str:
    """List one body's decisions."""
    return _body_list("penalties", slug, n)


@bp.get("/<slug>/inspections/", endpoint="inspections")
@bp.get("/<slug>/inspections/page/<int:n>/", endpoint="inspections_page")
def inspections_list(slug: str, n: int | None = None) -> str:
    """List one body's inspection results."""
    return _body_list("inspections", slug, n)
