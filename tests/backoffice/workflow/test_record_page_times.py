"""Stored UTC times are shown in the TIMEZONE setting, to the minute, on every page."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from admin.models import AuditEntry, PenaltyDecision, Review
from admin.models.db import db
from tests.backoffice.workflow.conftest import act, signed_in

#: 20:05:07.123456 UTC on 1 March is 04:05 on 2 March in Beijing.
STORED = dt.datetime(2026, 3, 1, 20, 5, 7, 123456)
BEIJING = "2026-03-02 04:05"


def test_record_page_shows_created_updated_and_reviews_in_beijing_time(
    app: Flask, make_penalty, accounts
) -> None:
    decision_id = make_penalty()
    with app.app_context():
        decision = db.session.get(PenaltyDecision, decision_id)
        decision.created_at = decision.updated_at = STORED
        db.session.add(
            Review(
                decision=decision,
                reviewer_id=accounts["reviewer"],
                outcome="存在问题",
                opinion="证据不足。",
                revision=1,
                created_at=STORED + dt.timedelta(hours=1),
            )
        )
        db.session.commit()
    page = signed_in(app.test_client(), "officer").get(f"/records/penalties/{decision_id}")
    html = page.get_data(as_text=True)
    assert f"<td>{BEIJING}</td>" in html  # 创建时间 and 更新时间
    assert "<td>2026-03-02 05:05</td>" in html  # the 审核记录 row
    assert "20:05" not in html and "123456" not in html and ":07" not in html


def test_timezone_setting_decides(app: Flask, make_penalty) -> None:
    app.config["GONGSHI"]["TIMEZONE"] = "UTC"
    decision_id = make_penalty()
    with app.app_context():
        db.session.get(PenaltyDecision, decision_id).created_at = STORED
        db.session.commit()
    html = signed_in(app.test_client(), "officer").get(f"/records/penalties/{decision_id}")
    assert "<td>2026-03-01 20:05</td>" in html.get_data(as_text=True)


def test_audit_log_page_shows_local_minutes(app: Flask, make_penalty) -> None:
    officer = signed_in(app.test_client(), "officer")
    assert act(officer, "penalties", make_penalty(), "submit").status_code == 302
    with app.app_context():
        stored = db.session.scalars(db.select(AuditEntry.at).order_by(AuditEntry.id)).first()
    html = signed_in(app.test_client(), "admin").get("/audit").get_data(as_text=True)
    local = (stored.replace(tzinfo=dt.UTC) + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert f"<td>{local}</td>" in html
