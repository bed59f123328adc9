"""The remedies text of a decision: 行政复议 within 60 days, 行政诉讼 within 6 months."""

from __future__ import annotations

from admin.site.content import Record
from admin.site.views.helpers import current_site


def remedies_for(record: Record) -> str:
    """Return the remedies sentence for ``record`` (LAW.md §2), naming body and court."""
    site = current_site()
    subject_slug = str(record.get("subject") or "")
    subject = site.find("subjects", subject_slug) if subject_slug else None
    review_body = _first(subject, "review_body") or str(site.config.get("review_body") or "")
    court = _first(subject, "court") or str(site.config.get("court") or "")
    review_body = review_body or "上一级人民政府"
    court = court or "有管辖权的人民法院"
    # 行政复议法 (2023) Art 20, 24; 行政诉讼法 Art 46.
    return (
        f"当事人对本决定不服的，可以自知道或者应当知道该决定之日起六十日内向{review_body}"
        f"申请行政复议，或者自知道或者应当知道该决定之日起六个月内向{court}提起行政诉讼。"
    )


def _first(subject: Record | None, key: str) -> str:
    if subject is None or not subject.listed:
        return ""
    return str(subject.get(key) or "")
