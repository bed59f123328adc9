"""Four eyes by revision over HTTP: a dual-role account that edited or submitted a decision
cannot approve it (and the page says why); another reviewer can, and it publishes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.domain import vocab
from admin.domain.workflow import SELF_REVIEW
from admin.models import InfoItem, Inspection, PenaltyDecision, RevisionTouch
from admin.models.db import db
from tests.backoffice.workflow.conftest import act, signed_in
from tests.backoffice.workflow.formdata import form_fields

BLOCKED = "您修改或提交过本记录的当前版本，不能审核；请由其他审核员审核"
MODELS = {"penalties": PenaltyDecision, "inspections": Inspection, "info": InfoItem}


def edit_over_http(client: FlaskClient, dataset: str, record_id: int, **changes: str) -> None:
    """Open the edit form, change some fields, save it as the browser would."""
    page = client.get(f"/{dataset}/{record_id}/edit")
    assert page.status_code == 200
    data: dict[str, Any] = form_fields(page.get_data(as_text=True))
    data.pop("preview", None)
    data.update({name: [value] for name, value in changes.items()})
    answer = client.post(f"/{dataset}/{record_id}/edit", data=data)
    errors = re.findall(r'class="(?:error|alert)[^"]*"[^>]*>([^<]+)', answer.get_data(as_text=True))
    assert answer.status_code == 302, errors


@pytest.fixture
def certified(app: Flask, township: int) -> list[int]:
    """Two certified officers of the township (普通程序 needs two on the decision)."""
    from admin.models import Body, Officer

    with app.app_context():
        body = db.session.get(Body, township)
        officers = [
            Officer(body=body, slug=f"officer-{n}", name=name, certificate_no=f"6400000{n}")
            for n, name in enumerate(("马执法", "杨执法"), start=1)
        ]
        db.session.add_all(officers)
        db.session.commit()
        return [o.id for o in officers]


def state_of(app: Flask, dataset: str, record_id: int) -> str:
    with app.app_context():
        return db.session.get(MODELS[dataset], record_id).state


def test_dual_role_account_cannot_approve_what_it_edited_and_submitted(
    app, make_penalty, certified, content_dir
) -> None:
    decision_id = make_penalty(author="officer")  # another officer's decision
    with app.app_context():
        from admin.models import Officer

        decision = db.session.get(PenaltyDecision, decision_id)
        decision.officers = [db.session.get(Officer, i) for i in certified]
        db.session.commit()
    both = signed_in(app.test_client(), "both")
    edit_over_http(both, "penalties", decision_id, content="罚款人民币300元")
    assert act(both, "penalties", decision_id, "submit").status_code == 302
    with app.app_context():
        touched = {(t.account_id, t.action) for t in db.session.query(RevisionTouch)}
    assert {action for _, action in touched} == {"edit", "submit"}

    page = both.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert BLOCKED in page  # told why, where the review form would be
    assert 'value="同意"' not in page
    forced = act(both, "penalties", decision_id, "review", outcome="同意", opinion="同意。")
    assert forced.status_code == 403
    assert BLOCKED in forced.get_data(as_text=True)
    assert state_of(app, "penalties", decision_id) == vocab.STATE_IN_REVIEW

    reviewer = signed_in(app.test_client(), "reviewer")
    page = reviewer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert BLOCKED not in page and 'value="同意"' in page
    agreed = act(reviewer, "penalties", decision_id, "review", outcome="同意", opinion="同意。")
    assert agreed.status_code == 302
    assert act(both, "penalties", decision_id, "publish").status_code == 302
    assert state_of(app, "penalties", decision_id) == vocab.STATE_PUBLISHED
    assert "罚款人民币300元" in (content_dir / "penalties" / "penalty-1.md").read_text("utf-8")


def test_an_approval_by_an_account_that_touched_the_revision_does_not_publish(
    app, make_penalty, accounts, content_dir
) -> None:
    """Publishing applies the same rule even to an approval that got past the page."""
    from admin.models import Review
    from admin.publish import publishing
    from admin.store import revisions

    decision_id = make_penalty(author="officer", state=vocab.STATE_IN_REVIEW)
    with app.app_context():
        decision = db.session.get(PenaltyDecision, decision_id)
        revisions.record_touch(db.session, "penalties", decision, accounts["both"], "edit")
        decision.state = vocab.STATE_APPROVED
        db.session.flush()
        db.session.add(
            Review(
                decision=decision,
                reviewer_id=accounts["both"],
                outcome="同意",
                opinion="同意。",
                revision=decision.version,
            )
        )
        db.session.flush()
        with pytest.raises(publishing.PublishError, match="未修改或提交过本版本"):
            publishing.publish_penalty(
                db.session,
                decision,
                actor="officer",
                today=decision.decision_date,
                content_root=content_dir,
            )
        db.session.rollback()
    assert not (content_dir / "penalties" / "penalty-1.md").exists()


@pytest.fixture
def second_eyes(app: Flask) -> None:
    app.config["GONGSHI"]["SECOND_EYES_FOR_OTHER_RECORDS"] = True


@pytest.mark.parametrize(
    ("dataset", "change"),
    [
        ("inspections", {"findings": "经营场所整洁。"}),
        ("info", {"body_md": "各村做好春耕。", "index_no": "11640521MB00000001/2026-00001"}),
    ],
)
def test_other_records_with_second_eyes(
    app, second_eyes, make_inspection, make_info, certified, content_dir, dataset, change
) -> None:
    record_id = (make_inspection if dataset == "inspections" else make_info)(author="officer")
    if dataset == "inspections":
        with app.app_context():
            from admin.models import Officer

            record = db.session.get(Inspection, record_id)
            record.officers = [db.session.get(Officer, i) for i in certified]
            db.session.commit()
    both = signed_in(app.test_client(), "both")
    edit_over_http(both, dataset, record_id, **change)
    assert act(both, dataset, record_id, "submit").status_code == 302
    assert BLOCKED in both.get(f"/records/{dataset}/{record_id}").get_data(as_text=True)
    forced = act(both, dataset, record_id, "review", outcome="同意", opinion="同意。")
    assert forced.status_code == 403 and BLOCKED in forced.get_data(as_text=True)
    reviewer = signed_in(app.test_client(), "reviewer")
    agreed = act(reviewer, dataset, record_id, "review", outcome="同意", opinion="同意。")
    assert agreed.status_code == 302
    assert act(both, dataset, record_id, "publish").status_code == 302
    assert state_of(app, dataset, record_id) == vocab.STATE_PUBLISHED


def test_the_message_is_the_rules_one() -> None:
    assert BLOCKED in SELF_REVIEW


def test_the_dashboard_does_not_offer_what_the_account_touched(app, make_penalty, accounts):
    from admin.models import User
    from admin.store import dashboard, revisions

    decision_id = make_penalty(author="officer", state=vocab.STATE_IN_REVIEW)
    with app.app_context():
        decision = db.session.get(PenaltyDecision, decision_id)
        revisions.record_touch(db.session, "penalties", decision, accounts["both"], "submit")
        db.session.commit()
        both, reviewer = (
            db.session.get(User, accounts["both"]),
            db.session.get(User, accounts["reviewer"]),
        )
        assert dashboard.waiting_for_review(db.session, both) == []
        assert [d.id for d in dashboard.waiting_for_review(db.session, reviewer)] == [decision_id]
