"""执法人员: the certified officers with certificate number, category and area."""

from __future__ import annotations

from flask import Blueprint

from admin.site.views.helpers import PageMeta, current_site, render_page

bp = Blueprint("officers", __name__, url_prefix="/officers")
COLUMN = "执法人员"


@bp.get("/")
def index() -> str:
    """List the certified officers (auxiliary staff have no certificate and are not listed)."""
    meta = PageMeta(title=COLUMN, column=COLUMN, description="持证行政执法人员名单")
    return render_page("officers/index.html", meta, records=current_site().listed("officers"))
