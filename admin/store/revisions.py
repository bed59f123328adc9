"""Who touched which revision of a record, and which revisions were approved.

The evidence the four-eyes rule (``admin.domain.workflow.touched_by``) is judged by, read
and written in the caller's transaction; shared by the back-office and publishing so both
apply the same rule.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain import workflow as rules
from admin.models import AuditEntry, PenaltyDecision, RevisionTouch

#: Audit entity of the reviews of records that keep them in the trail (no Review table).
REVIEW_ENTITY = {"inspections": "inspection", "info": "info_item", "licences": "licence"}
REVIEW_ENTITY |= {rules.RULE_OF_LAW: "rule_of_law_report"}


def record_touch(session: Session, dataset: str, record: Any, account_id: int, action: str) -> None:
    """Note that ``account_id`` produced the record's current revision by ``action``."""
    session.flush()  # the version moves on flush: bind the touch to the revision it made
    session.add(
        RevisionTouch(
            dataset=dataset,
            record_id=record.id,
            revision=record.version,
            account_id=account_id,
            action=action,
        )
    )


def touches(session: Session, dataset: str, record_id: int) -> list[rules.Touch]:
    """Return every touch of a record, oldest first."""
    rows = session.scalars(
        sa.select(RevisionTouch)
        .where(RevisionTouch.dataset == dataset, RevisionTouch.record_id == record_id)
        .order_by(RevisionTouch.id)
    )
    return [rules.Touch(t.account_id, t.action, t.revision) for t in rows]


def review_entries(
    session: Session, dataset: str, record_id: int, limit: int | None = None
) -> list[AuditEntry]:
    """Return the review entries of an inspection or information item, newest first."""
    entity = REVIEW_ENTITY.get(dataset)
    if entity is None:
        return []
    query = (
        sa.select(AuditEntry)
        .where(
            AuditEntry.action == "review",
            AuditEntry.entity == entity,
            AuditEntry.entity_id == record_id,
        )
        .order_by(AuditEntry.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def approvals(session: Session, dataset: str, record: Any) -> list[rules.Approval]:
    """Return every review opinion on the record, oldest first."""
    if isinstance(record, PenaltyDecision):
        return [rules.Approval(r.reviewer_id, r.outcome, r.revision) for r in record.reviews]
    found = reversed(review_entries(session, dataset, record.id))
    return [
        rules.Approval(e.detail["reviewer_id"], e.detail["outcome"], e.detail["revision"])
        for e in found
    ]


def eyes(session: Session, dataset: str, record: Any) -> dict[str, Any]:
    """Return the Situation fields about people: last review, touchers and team."""
    found = touches(session, dataset, record.id)
    opinions = approvals(session, dataset, record)
    agreed = [a.revision for a in opinions if a.outcome == rules.AGREE]
    author = getattr(record, "created_by_id", None)
    return {
        "last_review": opinions[-1] if opinions else None,
        "touchers": rules.touched_by(found, agreed, getattr(record, "version", None)),
        "team": rules.team_of(author, found),
    }


def penalty_situation(session: Session, decision: PenaltyDecision) -> rules.Situation:
    """Return what the four-eyes rules need of a decision that must be reviewed."""
    return rules.Situation(
        dataset="penalties",
        state=decision.state,
        version=decision.version,
        author_id=decision.created_by_id,
        review_required=True,
        **eyes(session, "penalties", decision),
    )
