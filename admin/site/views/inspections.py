"""检查结果: the paginated list with year pages, one page per inspection."""

from __future__ import annotations

from flask import Blueprint

from admin.site.views.listing import add_list_routes
from admin.site.views.records import find_or_404, show_record
from admin.site.views.remedies import remedies_for

bp = Blueprint("inspections", __name__, url_prefix="/inspections")
COLUMN = "行政检查结果"
TEMPLATE = "inspections/index.html"

add_list_routes(bp, "inspections", column=COLUMN, template=TEMPLATE)


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one inspection result."""
    record = find_or_404("inspections", slug)
    return show_record(
        record,
        "inspections/detail.html",
        column=COLUMN,
        description=f"{record.get('item_name')}：{record.get('result')}",
        remedies=remedies_for(record),
    )
