"""A sample of the demo's 检查结果, read from ``data/inspections.toml``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from admin.demo import datafile, parties
from admin.demo.dates import at, working_days_after
from admin.demo.numbering import SlugSequence
from admin.domain import vocab
from admin.models import Body, EnforcementItem, Inspection, Officer, User

#: Working days between an inspection and its publication (the clock allows 20).
PUBLISH_AFTER = 5


def add_inspections(
    session: Session,
    township: Body,
    officers: dict[str, Officer],
    items: dict[str, EnforcementItem],
    users: dict[str, User],
) -> list[Inspection]:
    """Add the demo's published inspection results; return them."""
    inspections = []
    next_slug = SlugSequence(session, Inspection)
    for entry in datafile.read("inspections")["inspection"]:
        published = working_days_after(entry["date"], entry.get("publish_after", PUBLISH_AFTER))
        inspection = Inspection(
            body=township,
            slug=next_slug(str(entry["date"].year)),
            **parties.inspection_party(entry["party"]),
            inspected_on=entry["date"],
            item=items[entry["item"]],
            result=entry["result"],
            findings=entry["findings"].strip(),
            follow_up=entry.get("follow_up", ""),
            state=vocab.STATE_PUBLISHED,
            published_on=published,
            created_by_id=users["officer"].id,
            related_persons=parties.related_persons(entry.get("related", []), entry["date"]),
            officers=[officers[name] for name in entry["officers"]],
            created_at=at(entry["date"], 17),
            updated_at=at(published),
        )
        session.add(inspection)
        inspections.append(inspection)
    session.flush()
    return inspections
