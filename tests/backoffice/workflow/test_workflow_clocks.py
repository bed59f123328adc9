"""The record page: every field, the state, and each clock with its calculation trail."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from admin.domain import vocab
from admin.models import PenaltyDecision
from admin.models.db import db
from tests.backoffice.workflow.conftest import ID_NUMBER, signed_in


def test_demo_decision_shows_its_clocks_and_trail(app, demo) -> None:
    with app.app_context():
        decision = db.session.scalars(
            sa.select(PenaltyDecision)
            .where(PenaltyDecision.state == vocab.STATE_PUBLISHED)
            .where(PenaltyDecision.filed_date.is_not(None))
            .order_by(PenaltyDecision.id)
        ).first()
        decision_id, published = decision.id, decision.published_on
    client = signed_in(app.test_client(), "officer")
    html = client.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert "作出行政处罚决定" in html and "行政处罚决定公示" in html
    assert re.search(r"到期日：<strong>\d{4}-\d{2}-\d{2}</strong>", html)
    assert "按期完成" in html or "逾期完成" in html
    assert f"公示于 {published}" in html
    details = re.search(r"<details>(.*?)</details>", html, re.S).group(1)
    assert "计算过程" in details and "计第 1 日" in details
    assert "不计：" in details  # seven working days always span a weekend
    assert "审核记录" in html and "同意" in html


def test_unconfirmed_years_are_marked(app, make_penalty) -> None:
    # A case filed in a year whose holiday notice nobody has: its due date is a guess.
    decision_id = make_penalty(
        filed_date=dt.date(2099, 1, 5), decision_date=dt.date(2099, 2, 1), state=vocab.STATE_DRAFT
    )
    client = signed_in(app.test_client(), "officer")
    html = client.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert "作出行政处罚决定" in html and "进行中" in html
    assert "未确认" in html and "国务院 2099 年放假通知未载入" in html


def test_the_page_shows_private_fields_and_only_the_actions_allowed(app, make_penalty) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    html = officer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert ID_NUMBER in html  # the back-office shows every field, private ones too
    assert "/submit" in html and "/publish" not in html and 'value="同意"' not in html
    reviewer = signed_in(app.test_client(), "reviewer")
    html = reviewer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert "/submit" not in html and "当前没有您可以执行的操作" in html
