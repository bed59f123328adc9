"""The Chinese not-found page: ``/404.html`` for the web server, and the app's 404."""

from __future__ import annotations

from flask import Blueprint, request
from werkzeug.exceptions import NotFound

from admin.site.views.helpers import ABSOLUTE_LINKS, PageMeta, render_page

bp = Blueprint("errors", __name__)
META = PageMeta(title="页面未找到", column="页面未找到", column_type="其他", noindex=True)


@bp.get("/404.html")
def page() -> str:
    """Render the not-found page as a file for the web server to serve on any miss."""
    # The server sends this file for a miss at any depth, so relative links would
    # break: this page alone links by absolute public URL.
    request.environ[ABSOLUTE_LINKS] = True
    return render_page("404.html", META)


def not_found(error: NotFound) -> tuple[str, int]:
    """Answer a missing page with the Chinese not-found page."""
    request.environ[ABSOLUTE_LINKS] = True
    return render_page("404.html", META), 404
