"""政府信息公开年度报告: the list of annual reports and each report."""

from __future__ import annotations

from flask import Blueprint

from admin.siteviews.helpers import PageMeta, current_site, render_page
from admin.siteviews.records import find_or_404, show_record

bp = Blueprint("reports", __name__, url_prefix="/reports")
COLUMN = "政府信息公开年度报告"


@bp.get("/")
def index() -> str:
    """List the annual reports, newest first."""
    meta = PageMeta(title=COLUMN, column=COLUMN, description="政府信息公开工作年度报告")
    return render_page("reports/index.html", meta, records=current_site().listed("reports"))


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one annual report."""
    return show_record(find_or_404("reports", slug), "reports/detail.html", column=COLUMN)
