"""The demo's 30 行政处罚决定, read from ``data/penalties.toml``, with their reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from admin.demo import datafile, parties
from admin.demo.bodies import DECISION_PREFIX, TOWNSHIP_CREDIT_CODE, TOWNSHIP_NAME
from admin.demo.dates import at, is_working_day, working_days_after
from admin.demo.numbering import SlugSequence
from admin.domain import vocab
from admin.models import Body, EnforcementItem, Officer, PenaltyDecision, Review, User

#: Days a decision waits by default between its date and publication: well inside the
#: seven working days of 国办发〔2018〕118号.
PUBLISH_AFTER = 2
REVIEW_OPINION = (
    "经审核：执法主体合法，执法人员具备执法资格；立案、调查、告知等程序合法；"
    "违法事实清楚，证据确实充分；适用法律正确，处罚种类和幅度符合本镇裁量基准。"
    "同意作出处罚决定。"
)


def add_decisions(
    session: Session,
    township: Body,
    officers: dict[str, Officer],
    items: dict[str, EnforcementItem],
    users: dict[str, User],
) -> list[PenaltyDecision]:
    """Add the demo's penalty decisions (in 文号 order); return them."""
    decisions = []
    next_slug = SlugSequence(session, PenaltyDecision)
    for entry in datafile.read("penalties")["decision"]:
        decision = build_decision(entry, township, officers, items, users)
        decision.slug = next_slug(str(entry["year"]))
        session.add(decision)
        decisions.append(decision)
    session.flush()
    return decisions


def build_decision(
    entry: dict[str, Any],
    township: Body,
    officers: dict[str, Officer],
    items: dict[str, EnforcementItem],
    users: dict[str, User],
) -> PenaltyDecision:
    """Return one decision (not yet added) from its data-file entry."""
    decided: dt.date = entry["decided"]
    procedure = entry.get("procedure", vocab.PROCEDURE_ORDINARY)
    # A decision the demo shows withdrawn is seeded as published: publishing the demo
    # withdraws it on its date through the state machine (admin.demo.publish).
    state = entry.get("state", vocab.STATE_PUBLISHED)
    decision = PenaltyDecision(
        body=township,
        **parties.decision_party(entry["party"], decided),
        related_persons=parties.related_persons(entry.get("related", []), decided),
        decision_no=f"{DECISION_PREFIX}〔{entry['year']}〕{entry['number']}号",
        violation_type=entry["violation_type"],
        facts=entry["facts"].strip(),
        basis=entry["basis"],
        kinds=list(entry["kinds"]),
        content=entry["content"],
        fine_fen=round(entry.get("fine", 0) * 100),
        confiscation_fen=round(entry.get("confiscation", 0) * 100),
        decision_date=decided,
        validity_until=entry.get("validity_until"),
        publicity_until=None,  # the publishing step fixes it, by the rules in force
        authority=TOWNSHIP_NAME,
        authority_code=TOWNSHIP_CREDIT_CODE,
        source_unit=TOWNSHIP_NAME,
        source_unit_code=TOWNSHIP_CREDIT_CODE,
        remarks=entry.get("remarks", ""),
        procedure=procedure,
        item=items[entry["item"]],
        filed_date=entry["filed"],
        # 简易程序 is decided on the spot: no 法制审核 (行政处罚法 Art 51, 58).
        review_required=procedure == vocab.PROCEDURE_ORDINARY,
        severity=entry["severity"],
        state=state,
        created_by_id=users["officer"].id,
        officers=[officers[name] for name in entry["officers"]],
        created_at=at(entry["filed"]),
    )
    if state in (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN):
        decision.published_on = working_days_after(
            decided, entry.get("publish_after", PUBLISH_AFTER)
        )
    withdrawal = entry.get("withdrawal")
    if withdrawal:
        decision.changed_on = withdrawal["changed"]
        decision.withdrawn_on = withdrawal["withdrawn"]
        decision.withdraw_reason = withdrawal["reason"]
    decision.updated_at = at(decision.withdrawn_on or decision.published_on or entry["filed"], 17)
    if decision.review_required and state != vocab.STATE_IN_REVIEW:
        decision.reviews.append(_approval(decided, users["reviewer"]))
    return decision


def _approval(decided: dt.date, reviewer: User) -> Review:
    # Reviewed the working day before the decision, on the revision as first saved.
    day = decided - dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return Review(
        reviewer_id=reviewer.id,
        outcome="同意",
        opinion=REVIEW_OPINION,
        revision=1,
        created_at=at(day, 15),
    )
