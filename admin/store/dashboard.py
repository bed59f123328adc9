"""The dashboard's clocks: every statutory clock of an open record, most urgent first.

No Flask here: the view passes the signed-in account, the calendar, today and the
deployment's region. A clock "concerns" an account when it created the record, when
it is a reviewer and the decision waits for review by someone other than its author,
or when it is an officer of the record's body; those come first.

It stays fast whatever the number of records (issue 16: 20,000 migrated decisions once
made it evaluate 26,000 clocks per request, holding SQLite's write lock 5 s): SQL keeps
only the records that can have a clock worth showing, and :func:`page_of` lists at most
:data:`PAGE` clocks of each state, counting the rest (the view lists one state in full).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain import clocks, rule_of_law_deadline, vocab
from admin.domain import info_requests as requests
from admin.domain import workflow as rules
from admin.domain.bodyscope import visible_bodies
from admin.domain.workcalendar import WorkCalendar
from admin.models import (
    Body,
    InfoItem,
    InfoRequest,
    Inspection,
    Licence,
    PenaltyDecision,
    RuleOfLawReport,
    User,
)
from admin.store import revisions

#: A clock met late stays on the dashboard this long after it stopped, then it is history.
RECENT_DAYS = 30
#: The order the dashboard shows states in; met-on-time clocks are not shown at all.
STATE_RANK = {clocks.OVERDUE: 0, clocks.DUE_SOON: 1, clocks.MET_LATE: 2, clocks.RUNNING: 3}
_FINAL_PENALTY_STATES = (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN, vocab.STATE_REPAIRED)
_FINAL_SIMPLE_STATES = (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN)
#: At most this many clocks of one state are listed in a section; the rest are counted.
PAGE = 50


@dataclass(frozen=True)
class DashboardClock:
    """One clock of one record as the dashboard lists it."""

    dataset: str  # penalties, inspections, info (the content datasets)
    record_id: int
    label: str
    result: clocks.ClockResult
    concerns_user: bool

    @property
    def rank(self) -> int:
        """Return the position of this clock's state in the dashboard's order."""
        return STATE_RANK[self.result.state]


def collect_clocks(
    session: Session,
    user: User,
    *,
    calendar: WorkCalendar,
    today: dt.date,
    region: str,
) -> list[DashboardClock]:
    """Return the clocks worth showing today, those concerning ``user`` first, sorted."""
    cutoff = today - dt.timedelta(days=RECENT_DAYS)
    found: list[DashboardClock] = []
    reviewable = reviewable_bodies(session, user)
    for dataset, record, record_clocks in _candidates(session, cutoff):
        mine = concerns(user, dataset, record, reviewable)
        for clock in record_clocks:
            result = clock.evaluate(calendar, today, region)
            if not _worth_showing(result, cutoff):
                continue
            found.append(
                DashboardClock(dataset, record.id, label_of(dataset, record), result, mine)
            )
    return sort_clocks(found)


@dataclass(frozen=True)
class ClockSection:
    """The clocks one section of the dashboard lists, and how many of each state it leaves out."""

    shown: list[DashboardClock]
    hidden: dict[str, int]  # state → clocks not listed
    total: int


def page_of(
    entries: Iterable[DashboardClock], *, cap: int | None = None, full: Iterable[str] = ()
) -> ClockSection:
    """Return the first ``cap`` (:data:`PAGE`) clocks of each state, all of those in ``full``."""
    cap = PAGE if cap is None else cap
    listed_in_full = set(full)
    seen: dict[str, int] = {}
    shown: list[DashboardClock] = []
    for entry in entries:
        state = entry.result.state
        seen[state] = seen.get(state, 0) + 1
        if state in listed_in_full or seen[state] <= cap:
            shown.append(entry)
    hidden = {
        state: n - cap for state, n in seen.items() if n > cap and state not in listed_in_full
    }
    return ClockSection(
        shown, dict(sorted(hidden.items(), key=lambda i: STATE_RANK[i[0]])), sum(seen.values())
    )


def sort_clocks(entries: Iterable[DashboardClock]) -> list[DashboardClock]:
    """Order clocks: the user's first; then overdue, due soon, met late, running; by due date."""
    return sorted(
        entries,
        key=lambda e: (not e.concerns_user, e.rank, e.result.due, e.dataset, e.record_id),
    )


def rule_of_law_reminder(
    session: Session, user: User, today: dt.date
) -> rule_of_law_deadline.Reminder | None:
    """Return the reminder to publish last year's 法治政府建设年度报告 of the account's
    government (its top-level body), for those who write it (officers, administrators)."""
    if not (user.has_role("officer") or user.has_role("admin")):
        return None
    # Only the government writes it (admin.backoffice.rule_of_law): a body below is not reminded.
    tops = [body for body in user.bodies if body.parent_id is None]
    if not tops:
        return None
    published = session.scalars(
        sa.select(RuleOfLawReport.year).where(
            RuleOfLawReport.body_id == tops[0].id,
            # A withdrawn report is public no more: the year still owes one.
            RuleOfLawReport.state == vocab.STATE_PUBLISHED,
        )
    )
    return rule_of_law_deadline.reminder(today, published)


def waiting_for_review(session: Session, user: User) -> list[PenaltyDecision]:
    """Return the decisions ``user`` may review now: in review and not of their own making.

    Own making is judged as the record page judges it (admin.domain.workflow.may_review):
    the author, and whoever edited or submitted a revision since the last approval.
    """
    if not user.has_role("reviewer"):
        return []
    statement = (
        sa.select(PenaltyDecision)
        .where(PenaltyDecision.state == vocab.STATE_IN_REVIEW)
        .where(PenaltyDecision.body_id.in_(reviewable_bodies(session, user)))
        .where(
            sa.or_(
                PenaltyDecision.created_by_id.is_(None),
                PenaltyDecision.created_by_id != user.id,
            )
        )
        .order_by(PenaltyDecision.decision_date, PenaltyDecision.id)
    )
    return [d for d in session.scalars(statement) if _may_review(session, d, user)]


def reviewable_bodies(session: Session, user: User) -> set[int]:
    """Return the bodies whose records ``user`` may review: its own and every body below.

    The same scope as the record pages (a county reviewer reviews for its townships and
    departments; a township's reviewer sees nothing of the county's records).
    """
    parents = {body: parent for body, parent in session.execute(sa.select(Body.id, Body.parent_id))}
    return visible_bodies((body.id for body in user.bodies), parents)


def _may_review(session: Session, decision: PenaltyDecision, user: User) -> bool:
    situation = revisions.penalty_situation(session, decision)
    return rules.may_review(situation, user.id)


def concerns(user: User, dataset: str, record: Any, reviewable: set[int]) -> bool:
    """Return whether ``record``'s clocks are ``user``'s business.

    ``reviewable`` are the bodies whose decisions ``user`` may review (reviewable_bodies).
    """
    if record.created_by_id == user.id:
        return True
    if (
        dataset == "penalties"
        and user.has_role("reviewer")
        and record.state == vocab.STATE_IN_REVIEW
        and record.body_id in reviewable
    ):
        return True
    return user.has_role("officer") and record.body_id in {body.id for body in user.bodies}


def label_of(dataset: str, record: Any) -> str:
    """Return how the dashboard names a record (internal: full names are fine here)."""
    if dataset in ("penalties", "licences"):
        return record.decision_no
    if dataset == "requests":
        return f"依申请公开 {record.registration_no}（{record.applicant_name}）"
    if dataset == "inspections":
        return f"{record.party_name}（{record.inspected_on.isoformat()} 检查）"
    return record.title


def licence_clocks(record: Any) -> list[clocks.Clock]:
    """Return a licence's clock: publish within 7 working days of the decision.

    An imported licence has none here, as an imported penalty decision
    (clocks.penalty_clocks): it was published elsewhere, on no clock of this system.
    """
    if record.imported:
        return []
    return [clocks.publish_licence_clock(record.decision_date, record.published_on)]


def _worth_showing(result: clocks.ClockResult, cutoff: dt.date) -> bool:
    if result.state == clocks.MET:
        return False
    if result.state == clocks.MET_LATE:
        stopped = result.clock.stopped_on
        return stopped is not None and stopped >= cutoff
    return True


def _short_columns(model: Any) -> sa.Select:
    """Select a model's short columns as plain rows (``row.state``, as on the record).

    A county's dashboard reads thousands of rows for their dates and states: fetching
    and decoding every 违法事实 was most of its time, and then building an ORM object of
    each row was (50 of 75 ms at 100,000 decisions, #16); a clock needs neither."""
    long_types = (sa.Text, sa.JSON)
    return sa.select(
        *(column for column in model.__table__.columns if not isinstance(column.type, long_types))
    )


def _open(final: tuple[str, ...]) -> list[str]:
    """Return every state but ``final`` (a list an index can serve, unlike NOT IN)."""
    return [state for state in vocab.DECISION_STATES if state not in final]


def _candidates(session: Session, cutoff: dt.date) -> list[tuple[str, Any, list[clocks.Clock]]]:
    """Return (dataset, row, clocks) for every record that may have a clock to show.

    Records closed before ``cutoff`` are left in the database: their clocks are history.
    An imported record has no publication clock (clocks.penalty_clocks): only its case
    clock, stopped on its decision date, and its withdrawal clock can still show.
    """
    # Each condition an index answers (0012), so the OR reads only the rows it returns
    # (a scan of every decision was 70 ms at 100,000). "Not final" is written as the
    # states that are not: the state machine assigns no other (admin.domain.vocab).
    own = PenaltyDecision.imported == sa.false()
    penalties = session.execute(
        _short_columns(PenaltyDecision).where(
            sa.or_(
                sa.and_(PenaltyDecision.state.in_(_open(_FINAL_PENALTY_STATES)), own),
                sa.and_(own, PenaltyDecision.published_on >= cutoff),
                PenaltyDecision.decision_date >= cutoff,
                PenaltyDecision.withdrawn_on >= cutoff,
                sa.and_(
                    PenaltyDecision.withdrawn_on.is_(None),
                    PenaltyDecision.changed_on.is_not(None),
                ),
            )
        )
    )
    found: list[tuple[str, Any, list[clocks.Clock]]] = [
        ("penalties", record, clocks.penalty_clocks(record)) for record in penalties
    ]
    for dataset, model, make in (
        ("inspections", Inspection, clocks.inspection_clocks),
        ("info", InfoItem, clocks.info_clocks),
        ("licences", Licence, licence_clocks),
    ):
        # A withdrawn draft never had to be published: it has no clock left to keep.
        query = _short_columns(model).where(
            sa.or_(
                model.state.in_(_open(_FINAL_SIMPLE_STATES)),
                sa.and_(model.state == vocab.STATE_PUBLISHED, model.published_on >= cutoff),
            )
        )
        if model is Licence:
            query = query.where(Licence.imported.is_(False))
        found += [(dataset, row, make(row)) for row in session.execute(query)]
    # 依申请公开: every request still being handled, or answered recently (met late shows).
    open_requests = session.scalars(
        sa.select(InfoRequest).where(
            sa.or_(InfoRequest.replied_on.is_(None), InfoRequest.replied_on >= cutoff)
        )
    )
    found += [("requests", row, requests.request_clocks(row)) for row in open_requests]
    return found
