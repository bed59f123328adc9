"""The dashboard at scale (issue 16): migrated decisions carry no clock; a page per state."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re

import pytest
import sqlalchemy as sa

from admin.domain import clocks, vocab
from admin.models import Body, PenaltyDecision, User
from admin.models.db import db
from admin.publish.exporter import render_export
from admin.publish.importer import import_penalties
from admin.store import dashboard
from admin.store.calendar import load_calendar
from tests.backoffice.conftest import login
from tests.conftest import ROOT

#: The import's day: the decisions it moves over were decided in 2025.
IMPORT_DAY = dt.date(2026, 1, 15)
TOWNSHIP = "中宁县大战场镇人民政府"
GEN_CODE = "11640521MB1234567Q"  # bench/gen_shuanggongshi.py's 处罚机关 code


def generated_csv(tmp_path, count: int):
    spec = importlib.util.spec_from_file_location("gen", ROOT / "bench" / "gen_shuanggongshi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "moved.csv"
    path.write_bytes(render_export(module.generate_rows(count, seed=7, years=(2025,)), "csv"))
    return path


@pytest.fixture
def township(app, accounts) -> None:
    with app.app_context():
        body = Body(slug="dazhanchang", name=TOWNSHIP, kind="法定行政机关", credit_code=GEN_CODE)
        db.session.add(body)
        for user in db.session.scalars(sa.select(User)):
            user.bodies.append(body)
        db.session.commit()


def import_file(app, tmp_path, count: int, *, publish: bool) -> list[PenaltyDecision]:
    with app.app_context():
        import_penalties(
            db.session,
            generated_csv(tmp_path, count),
            actor="cli:test",
            today=IMPORT_DAY,
            publish=publish,
            content_root=app.config["GONGSHI"]["CONTENT_DIR"],
        )
        db.session.commit()
        return list(db.session.scalars(sa.select(PenaltyDecision)))


def clocks_of(app, username: str, today: dt.date) -> list[dashboard.DashboardClock]:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        return dashboard.collect_clocks(
            db.session, user, calendar=load_calendar(db.session), today=today, region="ningxia"
        )


def test_decisions_published_by_import_show_no_met_late_clock(app, township, tmp_path) -> None:
    stored = import_file(app, tmp_path, 5, publish=True)
    assert {d.state for d in stored} == {vocab.STATE_PUBLISHED}
    assert {d.published_on for d in stored} == {IMPORT_DAY}  # the import's day, not 2025's
    # Published elsewhere in 2025: no clock of this system, neither met late nor overdue.
    assert clocks_of(app, "officer", IMPORT_DAY + dt.timedelta(days=3)) == []


def test_decisions_imported_for_review_show_no_overdue_publishing_clock(
    app, township, tmp_path
) -> None:
    stored = import_file(app, tmp_path, 3, publish=False)
    assert {d.state for d in stored} == {vocab.STATE_IN_REVIEW}
    assert clocks_of(app, "officer", IMPORT_DAY) == []


def test_a_withdrawal_of_an_imported_decision_still_runs_its_clock(app, township, tmp_path) -> None:
    import_file(app, tmp_path, 1, publish=True)
    with app.app_context():
        decision = db.session.scalar(sa.select(PenaltyDecision))
        decision.changed_on = IMPORT_DAY  # revoked by review after the move: this system's
        db.session.commit()
    (entry,) = clocks_of(app, "officer", IMPORT_DAY + dt.timedelta(days=1))
    assert entry.result.clock.kind == "withdraw_decision"


def own_decisions_overdue(app, tmp_path, count: int) -> None:
    """``count`` decisions of this system, approved in 2025 and never published: overdue."""
    import_file(app, tmp_path, count, publish=False)
    with app.app_context():
        db.session.execute(
            sa.update(PenaltyDecision).values(imported=False, state=vocab.STATE_APPROVED)
        )
        db.session.commit()


def test_the_dashboard_lists_a_page_per_state_and_counts_the_rest(
    app, township, tmp_path, client, monkeypatch
) -> None:
    own_decisions_overdue(app, tmp_path, 5)
    monkeypatch.setattr(dashboard, "PAGE", 3)
    app.config["GONGSHI"]["TODAY"] = IMPORT_DAY.isoformat()
    login(client, "officer")
    html = client.get("/").get_data(as_text=True)
    rows = re.findall(r'<tr class="clock clock-overdue">', html)
    assert len(rows) == 3
    assert "与我有关的期限（5）" in html
    assert "另有 2 条“已逾期”的期限未列出" in html
    # Every overdue clock stays reachable: the link lists them all.
    assert 'href="/?show=overdue"' in html
    full = client.get("/?show=overdue").get_data(as_text=True)
    assert len(re.findall(r'<tr class="clock clock-overdue">', full)) == 5
    assert "未列出" not in full
    # An unknown state is no way around the page.
    assert (
        len(re.findall(r'<tr class="clock clock-', client.get("/?show=x").get_data(as_text=True)))
        == 3
    )


def test_page_of_keeps_order_and_counts_by_state() -> None:
    calendar, today = load_calendar(None), dt.date(2026, 11, 5)
    late = clocks.publish_penalty_clock(dt.date(2026, 10, 1), dt.date(2026, 11, 2))
    overdue = clocks.publish_penalty_clock(dt.date(2026, 10, 1))
    entries = [
        dashboard.DashboardClock("penalties", n, str(n), clock.evaluate(calendar, today), True)
        for n, clock in enumerate([overdue] * 4 + [late] * 2)
    ]
    section = dashboard.page_of(entries, cap=2)
    assert [e.record_id for e in section.shown] == [0, 1, 4, 5]
    assert section.hidden == {clocks.OVERDUE: 2} and section.total == 6
    assert len(dashboard.page_of(entries, cap=2, full=[clocks.OVERDUE]).shown) == 6


def test_the_dashboard_reads_no_long_text_of_the_records_it_weighs(app, township, tmp_path) -> None:
    """A county's dashboard weighs thousands of records for their dates and states: fetching
    and decoding their 违法事实, 处罚内容 and JSON columns was most of its time (#16)."""
    own_decisions_overdue(app, tmp_path, 2)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            entries = clocks_of(app, "officer", IMPORT_DAY)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)
    assert len(entries) == 2  # the clocks still come out (and no column is loaded later)
    weighed = [s for s in statements if "FROM penalty_decision" in s]
    assert weighed, statements
    for statement in weighed:
        for column in ("facts", "content", "kinds", "masks", "related_persons"):
            assert f"penalty_decision.{column}" not in statement
