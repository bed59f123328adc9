"""The detail page of one record, or its notice when it is no longer listed."""

from __future__ import annotations

from typing import Any

from flask import abort

from admin.site.content import NOTICE_NAME, Record
from admin.site.views.helpers import PageMeta, current_site, render_page


def find_or_404(dataset: str, slug: str) -> Record:
    """Return the record ``slug`` of ``dataset``, or answer 404."""
    record = current_site().find(dataset, slug)
    if record is None:
        abort(404)
    return record


def show_record(
    record: Record, template: str, *, column: str, description: str = "", **context: Any
) -> str:
    """Render ``record`` with ``template``, or the notice page when it is not listed."""
    site = current_site()
    source = str(record.get("authority") or record.get("publisher") or site.config["sponsor"])
    if record.notice:
        meta = PageMeta(
            title=record.title,
            column=column,
            description=f"{NOTICE_NAME[record.notice]}：{record.title}",
            article=True,
            pub_date=record.notice_date or record.updated,
            source=str(site.config["sponsor"]),
            noindex=True,
        )
        return render_page("notice.html", meta, record=record, column=column, **context)
    meta = PageMeta(
        title=record.title,
        column=column,
        description=description or record.title,
        article=True,
        pub_date=record.published,
        source=source,
    )
    return render_page(template, meta, record=record, column=column, **context)
