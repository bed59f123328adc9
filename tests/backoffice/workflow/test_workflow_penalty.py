"""The penalty workflow over HTTP: four eyes, approval bound to a revision, publish, withdraw."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from admin.domain import vocab
from admin.models import AuditEntry, PenaltyDecision, Review
from admin.models.db import db
from tests.backoffice.workflow.conftest import ID_NUMBER, PARTY, act, signed_in


def state_of(app: Flask, decision_id: int) -> tuple[str, int, int]:
    """Return (state, version, number of reviews) of a decision."""
    with app.app_context():
        decision = db.session.get(PenaltyDecision, decision_id)
        return decision.state, decision.version, len(decision.reviews)


def submit_and_approve(app, client, reviewer_client, decision_id: int) -> None:
    assert act(client, "penalties", decision_id, "submit").status_code == 302
    answer = act(
        reviewer_client,
        "penalties",
        decision_id,
        "review",
        outcome="同意",
        opinion="事实清楚，依据正确。",
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert state_of(app, decision_id)[0] == vocab.STATE_APPROVED


def test_full_journey_publishes_a_masked_file(app, make_penalty, content_dir) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    reviewer = signed_in(app.test_client(), "reviewer")
    submit_and_approve(app, officer, reviewer, decision_id)
    answer = act(officer, "penalties", decision_id, "publish")
    assert answer.status_code == 302
    assert state_of(app, decision_id)[0] == vocab.STATE_PUBLISHED
    text = (content_dir / "penalties" / "penalty-1.md").read_text(encoding="utf-8")
    assert "王某某" in text
    assert PARTY not in text and ID_NUMBER not in text and ID_NUMBER[:6] + "1980" not in text
    page = officer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert "事实清楚，依据正确。" in page and "已公示" in page


def test_self_approval_refused_even_holding_both_roles(app, make_penalty) -> None:
    decision_id = make_penalty(author="both")
    both = signed_in(app.test_client(), "both")
    assert act(both, "penalties", decision_id, "submit").status_code == 302
    before = state_of(app, decision_id)
    page = both.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert 'value="同意"' not in page  # the form is not even offered
    with app.app_context():
        version = str(db.session.get(PenaltyDecision, decision_id).version)
    answer = act(
        both, "penalties", decision_id, "review", outcome="同意", opinion="同意", version=version
    )
    assert answer.status_code == 403
    assert state_of(app, decision_id) == before
    assert state_of(app, decision_id)[0] == vocab.STATE_IN_REVIEW


def test_an_edit_after_approval_needs_approval_again(app, make_penalty, content_dir) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    reviewer = signed_in(app.test_client(), "reviewer")
    submit_and_approve(app, officer, reviewer, decision_id)
    with app.app_context():
        decision = db.session.get(PenaltyDecision, decision_id)
        decision.content = "罚款人民币2000元"  # edited after approval: version bumps
        db.session.commit()
    answer = act(
        officer, "penalties", decision_id, "publish", version=str(state_of(app, decision_id)[1])
    )
    assert answer.status_code == 409
    assert "须重新提交审核" in answer.get_data(as_text=True)
    assert state_of(app, decision_id)[0] == vocab.STATE_APPROVED
    assert not (content_dir / "penalties").exists()
    # Resubmitted and approved again, it publishes.
    submit_and_approve(app, officer, reviewer, decision_id)
    assert act(officer, "penalties", decision_id, "publish").status_code == 302
    assert state_of(app, decision_id)[2] == 2


def test_publish_refused_before_approval(app, make_penalty, content_dir) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    page = officer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert "/publish" not in page
    for _ in range(2):
        version = str(state_of(app, decision_id)[1])
        answer = act(officer, "penalties", decision_id, "publish", version=version)
        assert answer.status_code == 409
        assert "须经审核同意才能公示" in answer.get_data(as_text=True)
        act(officer, "penalties", decision_id, "submit")  # in review: still refused
    assert state_of(app, decision_id)[0] == vocab.STATE_IN_REVIEW
    assert not (content_dir / "penalties").exists()


def test_a_decision_without_review_publishes_from_draft(app, make_penalty, content_dir) -> None:
    decision_id = make_penalty(procedure=vocab.PROCEDURE_SUMMARY, review_required=False)
    officer = signed_in(app.test_client(), "officer")
    assert act(officer, "penalties", decision_id, "publish").status_code == 302
    assert (content_dir / "penalties" / "penalty-1.md").exists()


def test_the_policy_overrules_a_cleared_review_flag(app, make_penalty) -> None:
    # 普通程序 always needs review under the default policy, whatever the stored flag says.
    decision_id = make_penalty(review_required=False)
    officer = signed_in(app.test_client(), "officer")
    version = str(state_of(app, decision_id)[1])
    assert act(officer, "penalties", decision_id, "publish", version=version).status_code == 409


@pytest.mark.parametrize(
    ("outcome", "opinion", "message"),
    [
        ("同意", "", "审核意见：必须填写"),
        ("存在问题", "   ", "审核意见：必须填写"),
        ("通过", "好", "审核结论：必须是"),
        ("", "好", "审核结论：必须是"),
    ],
)
def test_review_needs_an_outcome_and_an_opinion(
    app, make_penalty, outcome, opinion, message
) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    reviewer = signed_in(app.test_client(), "reviewer")
    act(officer, "penalties", decision_id, "submit")
    answer = act(reviewer, "penalties", decision_id, "review", outcome=outcome, opinion=opinion)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    assert state_of(app, decision_id)[0] == vocab.STATE_IN_REVIEW
    assert state_of(app, decision_id)[2] == 0


def test_return_keeps_the_opinion_and_allows_resubmission(app, make_penalty) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    reviewer = signed_in(app.test_client(), "reviewer")
    act(officer, "penalties", decision_id, "submit")
    answer = act(
        reviewer,
        "penalties",
        decision_id,
        "review",
        outcome="存在问题",
        opinion="处罚依据条款有误。",
    )
    assert answer.status_code == 302
    assert state_of(app, decision_id)[0] == vocab.STATE_RETURNED
    with app.app_context():
        review = db.session.scalar(sa.select(Review))
        assert (review.outcome, review.opinion) == ("存在问题", "处罚依据条款有误。")
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "review"))
        assert entry.detail["opinion"] == "处罚依据条款有误。" and entry.actor == "reviewer"
    assert act(officer, "penalties", decision_id, "submit").status_code == 302
    assert state_of(app, decision_id)[0] == vocab.STATE_IN_REVIEW


def test_hidden_fields_change_nothing(app, make_penalty, accounts) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    extra = {
        "status": vocab.STATE_APPROVED,
        "state": vocab.STATE_PUBLISHED,
        "approved_by": str(accounts["reviewer"]),
        "reviewer_id": str(accounts["reviewer"]),
    }
    answer = act(officer, "penalties", decision_id, "submit", **extra)
    assert answer.status_code == 302
    assert state_of(app, decision_id)[0] == vocab.STATE_IN_REVIEW
    version = str(state_of(app, decision_id)[1])
    answer = act(officer, "penalties", decision_id, "publish", version=version, **extra)
    assert answer.status_code == 409
    assert state_of(app, decision_id) == (vocab.STATE_IN_REVIEW, int(version), 0)


def test_a_review_of_a_stale_page_is_refused(app, make_penalty) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    reviewer = signed_in(app.test_client(), "reviewer")
    act(officer, "penalties", decision_id, "submit")
    seen = str(state_of(app, decision_id)[1])
    with app.app_context():
        db.session.get(PenaltyDecision, decision_id).facts += "补充。"
        db.session.commit()
    answer = act(
        reviewer, "penalties", decision_id, "review", outcome="同意", opinion="同意", version=seen
    )
    assert answer.status_code == 409
    assert "已被他人修改" in answer.get_data(as_text=True)
    assert state_of(app, decision_id)[2] == 0
