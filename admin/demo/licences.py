"""The demo's 行政许可决定, read from ``data/licences.toml`` (docs/licences.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from admin.demo import datafile, parties
from admin.demo.bodies import TOWNSHIP_CREDIT_CODE, TOWNSHIP_NAME
from admin.demo.dates import at, working_days_after
from admin.demo.numbering import SlugSequence
from admin.domain import vocab
from admin.models import Body, EnforcementItem, Licence, User

#: The township's 文书号 prefix for 许可 decisions (its penalties carry 综执罚).
LICENCE_PREFIX = "中宁大战场许"
#: Working days between a decision and its publication: inside the seven of 国办发〔2015〕51号.
PUBLISH_AFTER = 2
DOC_NAME = "准予行政许可决定书"


def add_licences(
    session: Session, township: Body, items: dict[str, EnforcementItem], users: dict[str, User]
) -> list[Licence]:
    """Add the demo's licences (in 文书号 order within a year); return them."""
    licences = []
    next_slug = SlugSequence(session, Licence)
    for entry in datafile.read("licences")["licence"]:
        licence = build_licence(entry, township, items, users)
        licence.slug = next_slug(str(entry["year"]))
        session.add(licence)
        licences.append(licence)
    session.flush()
    return licences


def build_licence(
    entry: dict[str, Any],
    township: Body,
    items: dict[str, EnforcementItem],
    users: dict[str, User],
) -> Licence:
    """Return one licence (not yet added) from its data-file entry, as finally published.

    A later change of 当前状态 is stored as it stands today; publishing the demo publishes
    the licence as first granted, then changes its status on its date (admin.demo.publish).
    """
    item = items[entry["item"]]
    if item.category != "行政许可":
        raise ValueError(f"示例许可 {entry['number']}：事项「{item.name}」不是行政许可事项")
    decided: dt.date = entry["decided"]
    change = entry.get("status", {})
    licence = Licence(
        body=township,
        **parties.decision_party(entry["party"], decided),
        doc_name=entry.get("doc_name", DOC_NAME),
        decision_no=f"{LICENCE_PREFIX}〔{entry['year']}〕{entry['number']}号",
        licence_kind=entry.get("kind", "普通"),
        certificate_name=entry.get("certificate", ""),
        licence_no=entry.get("licence_no", ""),
        content=entry["content"].strip(),
        decision_date=decided,
        valid_from=entry.get("valid_from", decided),
        valid_until=entry.get("valid_until"),
        authority=TOWNSHIP_NAME,
        authority_code=TOWNSHIP_CREDIT_CODE,
        current_status=change.get("status", vocab.LICENCE_STATUS_VALID),
        status_date=change.get("changed"),
        source_unit=TOWNSHIP_NAME,
        source_unit_code=TOWNSHIP_CREDIT_CODE,
        remarks=entry.get("remarks", ""),
        state=vocab.STATE_PUBLISHED,
        created_by_id=users["officer"].id,
        published_on=working_days_after(decided, entry.get("publish_after", PUBLISH_AFTER)),
        created_at=at(decided),
    )
    licence.updated_at = at(licence.status_date or licence.published_on, 17)
    return licence
