"""The dashboard's clocks: which records, whose, in which order (admin.store.dashboard)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from admin.demo import load_demo
from admin.domain import clocks, vocab
from admin.models import PenaltyDecision, User
from admin.models.db import db
from admin.store import dashboard
from admin.store.calendar import load_calendar

#: 90 calendar days after the in-review demo decision's 立案 (2026-10-09) have passed.
AFTER_DEADLINE = dt.date(2027, 1, 12)


@pytest.fixture
def demo_session(app):
    load_demo(db.session, actor="test")
    db.session.commit()
    return db.session


def user(name: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == name))


def collect(name: str, today: dt.date) -> list[dashboard.DashboardClock]:
    return dashboard.collect_clocks(
        db.session, user(name), calendar=load_calendar(db.session), today=today, region="ningxia"
    )


def in_review() -> PenaltyDecision:
    return db.session.scalar(
        sa.select(PenaltyDecision).where(PenaltyDecision.state == vocab.STATE_IN_REVIEW)
    )


def test_overdue_clock_comes_first_with_due_date_and_state(demo_session) -> None:
    entries = collect("officer", AFTER_DEADLINE)
    first = entries[0]
    assert first.result.state == clocks.OVERDUE
    assert first.label == in_review().decision_no
    assert first.result.clock.kind == "decide_case"
    assert first.result.due == dt.date(2027, 1, 7)
    assert first.concerns_user


def test_approved_unpublished_decision_runs_its_publishing_clock(demo_session) -> None:
    decision = in_review()
    decision.state = vocab.STATE_APPROVED
    db.session.commit()
    states = {
        day: [e.result.state for e in collect("officer", day) if e.label == decision.decision_no]
        for day in (dt.date(2026, 11, 5), dt.date(2026, 11, 9))
    }
    # 7 working days after 2026-10-28 end on 2026-11-06.
    assert states == {
        dt.date(2026, 11, 5): [clocks.DUE_SOON],
        dt.date(2026, 11, 9): [clocks.OVERDUE],
    }


def test_sort_puts_own_first_then_overdue_due_soon_met_late_running() -> None:
    calendar, today = load_calendar(None), dt.date(2026, 11, 5)
    results = {
        "running": clocks.publish_info_clock(dt.date(2026, 11, 2)),
        "overdue": clocks.publish_penalty_clock(dt.date(2026, 10, 1)),
        "met_late": clocks.publish_penalty_clock(dt.date(2026, 10, 1), dt.date(2026, 11, 2)),
        "due_soon": clocks.publish_penalty_clock(dt.date(2026, 10, 28)),
    }
    entries = [
        dashboard.DashboardClock("penalties", n, name, clock.evaluate(calendar, today), mine)
        for n, (name, clock) in enumerate(results.items())
        for mine in (False, True)
    ]
    order = [(e.concerns_user, e.result.state) for e in dashboard.sort_clocks(entries)]
    states = ["overdue", "due_soon", "met_late", "running"]
    assert order == [(True, s) for s in states] + [(False, s) for s in states]


def test_met_on_time_and_old_clocks_are_left_out(demo_session) -> None:
    kinds = {(e.dataset, e.result.state) for e in collect("officer", dt.date(2026, 11, 1))}
    assert all(state != clocks.MET for _, state in kinds)
    assert kinds == {("penalties", clocks.RUNNING)}


def test_met_late_shows_only_while_recent() -> None:
    clock = clocks.publish_penalty_clock(dt.date(2026, 4, 28), dt.date(2026, 5, 20))
    calendar = load_calendar(None)
    result = clock.evaluate(calendar, dt.date(2026, 5, 25))
    assert result.state == clocks.MET_LATE
    assert dashboard._worth_showing(result, dt.date(2026, 5, 25) - dt.timedelta(days=30))
    assert not dashboard._worth_showing(result, dt.date(2026, 8, 1) - dt.timedelta(days=30))


@pytest.mark.parametrize(
    ("username", "concerned"),
    [("officer", True), ("reviewer", True), ("admin", False)],
)
def test_who_a_decision_in_review_concerns(demo_session, username, concerned) -> None:
    entries = collect(username, AFTER_DEADLINE)
    assert [e.concerns_user for e in entries if e.label == in_review().decision_no] == [concerned]


def test_reviewer_sees_decisions_waiting_for_review_but_not_own(demo_session) -> None:
    assert dashboard.waiting_for_review(db.session, user("reviewer")) == [in_review()]
    assert dashboard.waiting_for_review(db.session, user("officer")) == []
    in_review().created_by_id = user("reviewer").id
    db.session.commit()
    assert dashboard.waiting_for_review(db.session, user("reviewer")) == []


def test_a_request_being_handled_shows_its_reply_clock(demo_session) -> None:
    """依申请公开 requests are on the dashboard with the other statutory clocks."""
    from admin.domain import info_requests as rq
    from admin.domain import request_intake as intake
    from admin.models import Body, InfoRequest

    received = dt.date(2021, 3, 1)
    township = db.session.scalar(sa.select(Body).where(Body.parent_id.is_(None)))
    db.session.add(
        InfoRequest(
            body=township,
            registration_no="大政依申〔2021〕9号",
            channel=intake.CHANNEL_IN_PERSON,
            received_on=received,
            counts_from=intake.counting_start(intake.CHANNEL_IN_PERSON, received, None),
            applicant_type=intake.NATURAL_PERSON,
            applicant_name="申请人",
            information="村务公开情况",
            form_wanted="纸质文本",
            state=rq.PROCESSING,
        )
    )
    db.session.commit()
    entries = [e for e in collect("officer", dt.date(2021, 4, 30)) if e.dataset == "requests"]
    reply = next(e for e in entries if e.result.clock.kind == "request_reply")
    assert reply.label.startswith("依申请公开 大政依申〔2021〕9号")
    assert reply.result.state == clocks.OVERDUE
    # The archived demo request of 2021 is long answered: it has no running clock.
    assert all("〔2021〕1号" not in e.label for e in entries)
