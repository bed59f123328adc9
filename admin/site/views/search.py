"""全文检索: the page whose template and script the build's search step provides."""

from __future__ import annotations

from flask import Blueprint

from admin.site.views.helpers import PageMeta, render_page

bp = Blueprint("search", __name__)


@bp.get("/search/")
def index() -> str:
    """Show the search page (it works with JavaScript, and links to catalogues without)."""
    meta = PageMeta(title="全文检索", column="全文检索", column_type="其他", description="站内检索")
    return render_page("search.html", meta)
