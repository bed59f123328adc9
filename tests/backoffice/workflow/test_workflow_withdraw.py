"""After publishing: withdrawal with a reason, and credit repair (信用修复)."""

from __future__ import annotations

from admin.domain import vocab
from tests.backoffice.workflow.conftest import PARTY, act, signed_in
from tests.backoffice.workflow.test_workflow_penalty import state_of


def test_withdraw_rewrites_the_file_as_a_notice(app, make_penalty, content_dir) -> None:
    decision_id = make_penalty(procedure=vocab.PROCEDURE_SUMMARY, review_required=False)
    officer = signed_in(app.test_client(), "officer")
    act(officer, "penalties", decision_id, "publish")
    answer = act(officer, "penalties", decision_id, "withdraw", reason="")
    assert answer.status_code == 409 and "撤回原因：必须填写" in answer.get_data(as_text=True)
    answer = act(officer, "penalties", decision_id, "withdraw", reason=f"{PARTY}申请撤回")
    assert answer.status_code == 409  # a name in the reason: publishing refuses it
    assert state_of(app, decision_id)[0] == vocab.STATE_PUBLISHED
    answer = act(officer, "penalties", decision_id, "withdraw", reason="复议决定撤销原处罚决定")
    assert answer.status_code == 302
    assert state_of(app, decision_id)[0] == vocab.STATE_WITHDRAWN
    text = (content_dir / "penalties" / "penalty-1.md").read_text(encoding="utf-8")
    assert 'status = "withdrawn"' in text and "复议决定撤销原处罚决定" in text
    assert "占道经营。" not in text and "王某某" not in text


def test_credit_repair_needs_a_reference_and_the_minimum_period(app, make_penalty) -> None:
    decision_id = make_penalty(procedure=vocab.PROCEDURE_SUMMARY, review_required=False)
    officer = signed_in(app.test_client(), "officer")
    act(officer, "penalties", decision_id, "publish")
    answer = act(officer, "penalties", decision_id, "repair", repair_ref="")
    assert answer.status_code == 409 and "信用修复文号：必须填写" in answer.get_data(as_text=True)
    assert state_of(app, decision_id)[0] == vocab.STATE_PUBLISHED


def test_credit_repair_takes_the_page_down(app, make_penalty, content_dir) -> None:
    # A 轻微 decision has no minimum period under the 2026 rules: repair is allowed at once.
    decision_id = make_penalty(
        procedure=vocab.PROCEDURE_SUMMARY, review_required=False, severity="轻微", kinds=["警告"]
    )
    officer = signed_in(app.test_client(), "officer")
    act(officer, "penalties", decision_id, "publish")
    answer = act(officer, "penalties", decision_id, "repair", repair_ref="信修〔2026〕1号")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert state_of(app, decision_id)[0] == vocab.STATE_REPAIRED
    text = (content_dir / "penalties" / "penalty-1.md").read_text(encoding="utf-8")
    assert 'status = "repaired"' in text and "信修〔2026〕1号" in text


def test_only_the_records_team_may_withdraw(app, make_penalty, content_dir) -> None:
    """Another officer of the same body is refused (403, the rule shown); the author is not."""
    from admin.domain.workflow import WITHDRAW_RULE

    decision_id = make_penalty(procedure=vocab.PROCEDURE_SUMMARY, review_required=False)
    officer = signed_in(app.test_client(), "officer")
    assert act(officer, "penalties", decision_id, "publish").status_code == 302
    other = signed_in(app.test_client(), "both")  # an officer of the body, not on the case
    page = other.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert WITHDRAW_RULE in page and 'name="reason"' not in page
    forced = act(other, "penalties", decision_id, "withdraw", reason="复议决定撤销原处罚决定")
    assert forced.status_code == 403 and WITHDRAW_RULE in forced.get_data(as_text=True)
    assert state_of(app, decision_id)[0] == vocab.STATE_PUBLISHED
    page = officer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert 'name="reason"' in page and WITHDRAW_RULE in page  # the rule beside the form
    answer = act(officer, "penalties", decision_id, "withdraw", reason="复议决定撤销原处罚决定")
    assert answer.status_code == 302
    assert state_of(app, decision_id)[0] == vocab.STATE_WITHDRAWN


def test_the_officer_who_published_may_withdraw(app, make_penalty, accounts) -> None:
    """Publishing makes an account one of the record's team (recorded as a touch)."""
    from admin.models import User
    from admin.models.db import db

    with app.app_context():
        db.session.get(User, accounts["both"]).roles = ["officer"]
        db.session.commit()
    decision_id = make_penalty(procedure=vocab.PROCEDURE_SUMMARY, review_required=False)
    publisher = signed_in(app.test_client(), "both")
    assert act(publisher, "penalties", decision_id, "publish").status_code == 302
    answer = act(publisher, "penalties", decision_id, "withdraw", reason="复议决定撤销原处罚决定")
    assert answer.status_code == 302
