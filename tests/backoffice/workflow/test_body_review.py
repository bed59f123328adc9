"""Roles and bodies (docs/bodies.md): a reviewer attached to a government reviews the records
of the bodies under it; a reviewer of a body below sees nothing of the government's (#16)."""

from __future__ import annotations

from flask import Flask

from admin.domain import vocab
from admin.models import Body, PenaltyDecision, User
from admin.models.db import db
from tests.backoffice.workflow.conftest import act, signed_in


def _child_body(app: Flask, township: int) -> int:
    with app.app_context():
        child = Body(
            slug="shi-fan-scjg",
            name="示范镇市场监管所",
            kind="法定行政机关",
            parent=db.session.get(Body, township),
        )
        db.session.add(child)
        db.session.commit()
        return child.id


def test_a_reviewer_of_the_government_reviews_a_child_bodys_decision(
    app: Flask, make_penalty, township: int
) -> None:
    child = _child_body(app, township)
    decision = make_penalty(body_id=child, state=vocab.STATE_IN_REVIEW)
    reviewer = signed_in(app.test_client(), "reviewer")  # attached to the township only
    assert reviewer.get(f"/records/penalties/{decision}").status_code == 200
    answer = act(reviewer, "penalties", decision, "review", outcome="同意", opinion="同意。")
    assert answer.status_code == 302
    with app.app_context():
        assert db.session.get(PenaltyDecision, decision).state == vocab.STATE_APPROVED


def test_a_reviewer_of_a_child_body_sees_nothing_of_the_government(
    app: Flask, make_penalty, township: int, password_hash: str
) -> None:
    child = _child_body(app, township)
    with app.app_context():
        db.session.add(
            User(
                username="below",
                password_hash=password_hash,
                roles=["reviewer"],
                bodies=[db.session.get(Body, child)],
            )
        )
        db.session.commit()
    own = make_penalty(body_id=child, state=vocab.STATE_IN_REVIEW)
    above = make_penalty(state=vocab.STATE_IN_REVIEW)  # the township's own decision
    below = signed_in(app.test_client(), "below")
    assert below.get(f"/records/penalties/{own}").status_code == 200
    assert below.get(f"/records/penalties/{above}").status_code == 404


def test_the_review_queue_holds_the_bodies_below_and_not_those_above(
    app: Flask, make_penalty, township: int, password_hash: str
) -> None:
    from admin.store import dashboard

    child = _child_body(app, township)
    with app.app_context():
        db.session.add(
            User(
                username="below",
                password_hash=password_hash,
                roles=["reviewer"],
                bodies=[db.session.get(Body, child)],
            )
        )
        db.session.commit()
    own = make_penalty(body_id=child, state=vocab.STATE_IN_REVIEW)
    above = make_penalty(state=vocab.STATE_IN_REVIEW)
    with app.app_context():

        def queue(username: str) -> list[int]:
            user = db.session.scalar(db.select(User).where(User.username == username))
            return [d.id for d in dashboard.waiting_for_review(db.session, user)]

        assert sorted(queue("reviewer")) == sorted([own, above])
        assert queue("below") == [own]
