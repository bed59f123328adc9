"""Statutory clocks: due dates, states and trails, worked out by hand from the 2021 notices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from admin.domain import clocks as c
from admin.domain.calendar_notice import NATIONAL, parse_notice
from admin.domain.workcalendar import WorkCalendar

DATA = Path(__file__).resolve().parents[2] / "admin" / "data" / "calendar"
CALENDAR = WorkCalendar(parse_notice(p.read_text(encoding="utf-8")) for p in DATA.glob("*.toml"))
NX = "ningxia"
D = dt.date.fromisoformat
FAR = D("2000-01-01")  # a "today" before every start: state does not matter there


@pytest.mark.parametrize(
    ("factory", "start", "region", "due"),
    [
        # 7 working days; 宁夏 adds 开斋节 5-13/14.
        (c.publish_penalty_clock, "2021-05-12", NATIONAL, "2021-05-21"),
        (c.publish_penalty_clock, "2021-05-12", NX, "2021-05-25"),
        # 20 working days across 端午 (6-14 off).
        (c.publish_inspection_clock, "2021-06-01", NATIONAL, "2021-06-30"),
        (c.publish_decision_clock, "2021-06-01", NATIONAL, "2021-06-30"),
        # 3 working days after the change, across 春节, ending on worked Saturday 2-20.
        (c.withdraw_clock, "2021-02-10", NATIONAL, "2021-02-20"),
        # 20 working days across 中秋 and 国庆 with three make-up days.
        (c.publish_info_clock, "2021-09-17", NATIONAL, "2021-10-21"),
        (c.correction_request_clock, "2021-09-30", NATIONAL, "2021-10-15"),
        (c.reply_clock, "2021-03-01", NATIONAL, "2021-03-29"),
        # 90 calendar days; a last day off moves to the next working day.
        (c.decide_case_clock, "2021-07-03", NATIONAL, "2021-10-08"),
        (c.decide_case_clock, "2021-07-11", NATIONAL, "2021-10-09"),
        (c.decide_case_clock, "2021-04-20", NX, "2021-07-21"),
    ],
)
def test_due_dates(factory, start: str, region: str, due: str) -> None:
    result = factory(D(start)).evaluate(CALENDAR, FAR, region)
    assert result.due == D(due)
    assert result.confirmed


def test_clock_kinds_carry_length_unit_and_events() -> None:
    reply = c.reply_clock(D("2021-03-01"))
    assert (reply.length, reply.unit, reply.max_extension) == (20, c.WORKING, 20)
    assert reply.starts_with == "收到申请日期" and reply.stops_with == "答复"
    case = c.decide_case_clock(D("2021-03-01"))
    assert (case.length, case.unit, case.name) == (90, c.CALENDAR, "作出行政处罚决定")


REPLY = c.reply_clock(D("2021-03-01"))  # a Monday; 20 working days → 2021-03-29


@pytest.mark.parametrize(
    ("clock", "due"),
    [
        # Waiting for a third party 3-5 → 3-12: 3-8..3-12 are not counted; 清明 4-5 is off.
        (REPLY.pause(D("2021-03-05"), c.PAUSE_THIRD_PARTY, D("2021-03-12")), "2021-04-06"),
        # ...and 20 more days approved: Sunday 4-25 is worked, 劳动节 5-1..5-5 is not.
        (
            REPLY.pause(D("2021-03-05"), c.PAUSE_THIRD_PARTY, D("2021-03-12")).extend(
                20, "李主任", D("2021-04-01")
            ),
            "2021-05-06",
        ),
        # Two extensions within the cap, 40 days in all: Sunday 4-25 is worked.
        (
            REPLY.extend(10, "李主任", D("2021-03-20")).extend(10, "李主任", D("2021-03-25")),
            "2021-04-26",
        ),
        # A corrected request restarts the clock from its receipt; earlier pauses drop out.
        (REPLY.restart(D("2021-03-10")), "2021-04-08"),
        (
            REPLY.pause(D("2021-03-02"), c.PAUSE_CORRECTION, D("2021-03-09")).restart(
                D("2021-03-10")
            ),
            "2021-04-08",
        ),
        # A third party has 15 working days: waiting longer counts again (from 3-29).
        (REPLY.pause(D("2021-03-05"), c.PAUSE_THIRD_PARTY, D("2021-04-30")), "2021-04-20"),
        # Waiting for another body has no such cap.
        (REPLY.pause(D("2021-03-05"), c.PAUSE_OTHER_BODY, D("2021-03-12")), "2021-04-06"),
    ],
)
def test_pauses_extensions_and_restart(clock: c.Clock, due: str) -> None:
    assert clock.evaluate(CALENDAR, FAR).due == D(due)


def test_an_open_pause_lasts_through_today() -> None:
    clock = REPLY.pause(D("2021-03-05"), c.PAUSE_THIRD_PARTY)
    result = clock.evaluate(CALENDAR, D("2021-03-12"))
    assert result.paused and result.due == D("2021-04-06")
    resumed = clock.resume(D("2021-03-12")).evaluate(CALENDAR, D("2021-04-01"))
    assert not resumed.paused and resumed.due == D("2021-04-06")


EXTENDED = REPLY.pause(D("2021-03-05"), c.PAUSE_THIRD_PARTY, D("2021-03-12")).extend(
    20, "李主任", D("2021-04-01")
)  # due 2021-05-06


@pytest.mark.parametrize(
    ("clock", "today", "state", "label"),
    [
        (EXTENDED, "2021-04-28", c.RUNNING, "进行中"),  # 4-29, 4-30, 5-6 still to come
        (EXTENDED, "2021-04-30", c.DUE_SOON, "即将到期"),  # only 5-6 left
        (EXTENDED, "2021-05-06", c.DUE_SOON, "即将到期"),
        (EXTENDED, "2021-05-07", c.OVERDUE, "已逾期"),
        (EXTENDED.stop(D("2021-05-06")), "2021-06-01", c.MET, "按期完成"),
        (EXTENDED.stop(D("2021-05-07")), "2021-06-01", c.MET_LATE, "逾期完成"),
        (
            c.publish_penalty_clock(D("2021-05-12"), D("2021-05-24")),
            "2021-05-24",
            c.MET_LATE,
            "逾期完成",
        ),
    ],
)
def test_states(clock: c.Clock, today: str, state: str, label: str) -> None:
    result = clock.evaluate(CALENDAR, D(today))
    assert (result.state, result.state_label) == (state, label)


def test_ningxia_clock_is_met_where_the_national_one_is_late() -> None:
    clock = c.publish_penalty_clock(D("2021-05-12"), D("2021-05-24"))
    assert clock.evaluate(CALENDAR, D("2021-06-01"), NX).state == c.MET


def test_trail_shows_counted_and_skipped_days_with_why() -> None:
    result = c.publish_penalty_clock(D("2021-05-12")).evaluate(CALENDAR, FAR, NX)
    skipped = [(t.day.isoformat(), t.reason) for t in result.trail if not t.counted]
    assert skipped[:2] == [("2021-05-13", "宁夏地方放假"), ("2021-05-14", "宁夏地方放假")]
    assert ("2021-05-15", "周末") in skipped
    assert result.trail[0].source == "宁夏回族自治区人民政府办公厅关于2021年部分节假日安排的通知"
    assert [t.ordinal for t in result.trail if t.counted] == list(range(1, 8))
    paused = EXTENDED.evaluate(CALENDAR, FAR)
    assert ("2021-03-08", "暂停：等待第三方意见") in [
        (t.day.isoformat(), t.reason) for t in paused.trail
    ]
    assert any("李主任" in note for note in paused.notes)


def test_calendar_day_clock_notes_the_move() -> None:
    result = c.decide_case_clock(D("2021-07-03")).evaluate(CALENDAR, FAR)
    assert [t.ordinal for t in result.trail if t.counted][-1] == 90
    assert any("2021-10-01" in note and "国庆节" in note for note in result.notes)


def test_unknown_year_leaves_the_clock_unconfirmed() -> None:
    # 2091-01-05 is a Friday; weekends only: 1-8..1-12, 1-15, 1-16.
    result = c.publish_penalty_clock(D("2091-01-05")).evaluate(CALENDAR, D("2091-01-05"))
    assert result.due == D("2091-01-16")
    assert result.unconfirmed_years == (2091,) and not result.confirmed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda: REPLY.extend(21, "李主任", D("2021-03-20")), "不得超过 20"),
        (
            lambda: REPLY.extend(15, "李主任", D("2021-03-20")).extend(6, "李", D("2021-03-21")),
            "不得超过 20",
        ),
        (lambda: REPLY.extend(5, "  ", D("2021-03-20")), "批准人"),
        (lambda: REPLY.extend(0, "李主任", D("2021-03-20")), "大于 0"),
        (
            lambda: c.publish_penalty_clock(D("2021-05-12")).extend(3, "李", D("2021-05-13")),
            "不能延长",
        ),
        (
            lambda: c.publish_penalty_clock(D("2021-05-12")).pause(
                D("2021-05-13"), c.PAUSE_OTHER_BODY
            ),
            "不能暂停",
        ),
        (lambda: c.withdraw_clock(D("2021-05-12")).restart(D("2021-05-13")), "不能重新起算"),
        (lambda: REPLY.pause(D("2021-03-05"), "休假"), "暂停原因"),
        (lambda: REPLY.pause(D("2021-02-05"), c.PAUSE_THIRD_PARTY), "暂停日期"),
        (
            lambda: REPLY.pause(D("2021-03-05"), c.PAUSE_THIRD_PARTY).pause(
                D("2021-03-09"), c.PAUSE_THIRD_PARTY
            ),
            "尚未结束",
        ),
        (lambda: REPLY.resume(D("2021-03-09")), "没有正在进行的暂停"),
        (lambda: REPLY.restart(D("2021-02-01")), "补正日期"),
        (lambda: REPLY.stop(D("2021-02-01")), "答复日期"),
    ],
)
def test_refused_changes_name_the_field(change, message: str) -> None:
    with pytest.raises(c.ClockError, match=message):
        change()


def _penalty(**fields) -> SimpleNamespace:
    record = dict(
        decision_date=D("2021-05-12"),
        filed_date=None,
        state="草稿",
        imported=False,
        published_on=None,
        changed_on=None,
        withdrawn_on=None,
    )
    return SimpleNamespace(**{**record, **fields})


@pytest.mark.parametrize(
    ("record", "kinds"),
    [
        (_penalty(), []),
        (_penalty(filed_date=D("2021-03-01")), ["decide_case"]),
        (
            _penalty(filed_date=D("2021-03-01"), state="审核通过"),
            ["decide_case", "publish_penalty"],
        ),
        # Moved over by import: published elsewhere, on a clock that was not this system's.
        (_penalty(imported=True, published_on=D("2021-05-14")), []),
        (_penalty(imported=True, filed_date=D("2021-03-01")), ["decide_case"]),
        (
            _penalty(state="已撤回", changed_on=D("2021-06-01")),
            ["publish_penalty", "withdraw_decision"],
        ),
        # Taken off early by 信用修复, it was still a decision published on a clock.
        (_penalty(state="已信用修复", published_on=D("2021-05-14")), ["publish_penalty"]),
    ],
)
def test_penalty_records_get_their_clocks(record, kinds: list[str]) -> None:
    assert [clock.kind for clock in c.penalty_clocks(record)] == kinds


def test_decided_case_clock_stops_on_the_decision_date() -> None:
    record = _penalty(filed_date=D("2021-03-01"), state="已公示", published_on=D("2021-05-14"))
    by_kind = {clock.kind: clock for clock in c.penalty_clocks(record)}
    assert by_kind["decide_case"].stopped_on == D("2021-05-12")
    assert by_kind["publish_penalty"].evaluate(CALENDAR, D("2021-06-01")).state == c.MET


def test_inspection_and_info_records_get_their_clocks() -> None:
    inspection = SimpleNamespace(inspected_on=D("2021-06-01"), published_on=None)
    (clock,) = c.inspection_clocks(inspection)
    assert clock.evaluate(CALENDAR, FAR).due == D("2021-06-30")
    info = SimpleNamespace(
        written_on=None, created_at=dt.datetime(2021, 9, 17, 10, 30), published_on=None
    )
    (clock,) = c.info_clocks(info)
    assert clock.evaluate(CALENDAR, FAR).due == D("2021-10-21")
