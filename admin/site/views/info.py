"""政府信息公开: the catalogue (索引号, 名称, 内容概述, 生成日期) and each item."""

from __future__ import annotations

from flask import Blueprint

from admin.site.projects import project_of_item
from admin.site.views.helpers import current_site
from admin.site.views.listing import add_list_routes
from admin.site.views.records import find_or_404, show_record

bp = Blueprint("info", __name__, url_prefix="/info")
COLUMN = "政府信息公开目录"

add_list_routes(bp, "info", column=COLUMN, template="info/index.html")


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one information item with its metadata."""
    record = find_or_404("info", slug)
    attachments = [a for a in record.get("attachments", ()) if isinstance(a, dict)]
    # A 重大建设项目 item links its project's page (none for an ordinary item).
    project = project_of_item(current_site(), record)
    return show_record(
        record,
        "info/detail.html",
        column=COLUMN,
        description=str(record.get("summary") or record.title),
        project=project,
        attachments=[
            (str(a.get("name", "")), safe_link(str(a.get("url", "")))) for a in attachments
        ],
    )


def safe_link(url: str) -> str | None:
    """Return ``url`` when it is an http(s) address, else None (shown as text, not linked)."""
    return url if url.startswith(("https://", "http://")) else None
