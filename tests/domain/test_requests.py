"""依申请公开 rules: Art 31 receipt days, the state machine, clocks with 补正, pauses, extension."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from admin.domain import info_requests as rq
from admin.domain import request_intake as intake
from admin.domain import request_replies as replies
from admin.domain.calendar_notice import NATIONAL, parse_notice
from admin.domain.workcalendar import WorkCalendar

DATA = Path(__file__).resolve().parents[2] / "admin" / "data" / "calendar"
CALENDAR = WorkCalendar(parse_notice(p.read_text(encoding="utf-8")) for p in DATA.glob("*.toml"))
D = dt.date.fromisoformat
TODAY = D("2021-12-31")


def request(**changes) -> SimpleNamespace:
    """A request registered on ``counts_from`` with nothing done yet."""
    fields = dict(
        state=rq.REGISTERED,
        counts_from=D("2021-09-01"),
        correction_asked_on=None,
        correction_deadline=None,
        correction_received_on=None,
        consult_sent_on=None,
        consult_answered_on=None,
        extension_days=0,
        extension_approver="",
        extension_approved_on=None,
        replied_on=None,
    )
    return SimpleNamespace(**{**fields, **changes})


def apply(record: SimpleNamespace, action: str, **data) -> SimpleNamespace:
    change = rq.act(record, action, data, today=TODAY, calendar=CALENDAR, region=NATIONAL)
    for key, value in change.fields.items():
        setattr(record, key, value)
    return record


def due(record: SimpleNamespace) -> dt.date:
    return rq.reply_due(record, CALENDAR, NATIONAL, TODAY)


@pytest.mark.parametrize(
    ("channel", "received", "confirmed", "start"),
    [
        ("当面", "2021-09-01", None, "2021-09-01"),
        ("挂号信（邮政）", "2021-09-01", None, "2021-09-01"),
        ("平常信函", "2021-09-01", "2021-09-03", "2021-09-03"),
        ("网络", "2021-09-01", "2021-09-02", "2021-09-02"),
        ("传真", "2021-09-01", "2021-09-01", "2021-09-01"),
    ],
)
def test_receipt_day_by_channel(channel: str, received: str, confirmed, start: str) -> None:
    assert intake.counting_start(channel, D(received), confirmed and D(confirmed)) == D(start)


@pytest.mark.parametrize(
    ("channel", "confirmed", "message"),
    [
        ("网络", None, "确认日期：网络提交的申请须填写与申请人确认之日"),
        ("平常信函", "2021-08-31", "确认日期：不能早于收到日期"),
        ("电报", None, "提交方式：必须是"),
    ],
)
def test_receipt_refusals_name_the_field(channel: str, confirmed, message: str) -> None:
    with pytest.raises(rq.RequestError, match=message):
        intake.counting_start(channel, D("2021-09-01"), confirmed and D(confirmed))


def test_reply_due_twenty_working_days_across_mid_autumn() -> None:
    # 中秋 9-19..9-21 off; Saturday 9-18 and Sunday 9-26 are make-up working days.
    assert due(request()) == D("2021-09-29")


def test_extension_across_national_day() -> None:
    record = apply(request(), "extend", on=D("2021-09-24"), days=20, approver="李主任",
                   notified_on=D("2021-09-24"))  # fmt: skip
    # 20 more: 国庆 10-1..10-7 skipped, Saturday 10-9 worked.
    assert due(record) == D("2021-11-02")
    assert "extend" not in rq.allowed_actions(record)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (dict(days=21, approver="李主任", notified_on=D("2021-09-24")), "延长天数：须为 1 至 20"),
        (dict(days=5, approver=" ", notified_on=D("2021-09-24")), "批准人："),
        (dict(days=5, approver="李主任", notified_on=None), "告知申请人日期："),
        (
            dict(days=5, approver="李主任", on=D("2021-09-30")),
            "延期批准日期：应在答复期限（2021-09-29）",
        ),
    ],
)
def test_extension_refusals(data: dict, message: str) -> None:
    data = {"on": D("2021-09-24"), **data}
    with pytest.raises(rq.RequestError, match=message):
        rq.act(request(), "extend", data, today=TODAY, calendar=CALENDAR, region=NATIONAL)


def test_correction_once_within_seven_working_days_then_restart() -> None:
    record = request(counts_from=D("2021-09-30"))
    with pytest.raises(
        rq.RequestError, match="补正告知日期：应在收到申请之日起 7 个工作日内（2021-10-15 前）"
    ):
        apply(record, "correction", on=D("2021-10-18"), deadline=D("2021-10-25"), note="年份")
    apply(record, "correction", on=D("2021-10-15"), deadline=D("2021-10-25"), note="年份")
    assert record.state == rq.AWAITING_CORRECTION
    assert rq.allowed_actions(record) == ["corrected", "lapse"]
    apply(record, "corrected", on=D("2021-10-20"))
    assert "correction" not in rq.allowed_actions(record)  # only once
    # The corrected request restarts the 20 working days from 10-20.
    assert due(record) == D("2021-11-17")
    correction, reply = rq.request_clocks(record)
    assert correction.stopped_on == D("2021-10-15")
    assert reply.effective_start == D("2021-10-20")


def test_correction_not_answered_closes_the_request() -> None:
    record = apply(request(), "correction", on=D("2021-09-03"), deadline=D("2021-09-10"), note="x")
    with pytest.raises(rq.RequestError, match="不再处理日期：须在补正期限（2021-09-10）届满之后"):
        apply(record, "lapse", on=D("2021-09-10"))
    apply(record, "lapse", on=D("2021-09-13"))
    assert (record.state, record.reply_type, record.reply_reason) == (
        rq.REPLIED,
        "其他处理",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    )


def test_third_party_consultation_pauses_the_clock() -> None:
    record = apply(request(), "consult", on=D("2021-09-06"), note="某合作社")
    assert rq.allowed_actions(record) == ["consulted", "extend"]
    apply(record, "consulted", on=D("2021-09-13"))
    # 9-07..9-13 (5 working days) are not counted: 9-29 moves on 9-30, 10-8, Saturday
    # 10-9 (worked), 10-11 and 10-12, skipping 国庆.
    assert due(record) == D("2021-10-12")


def test_third_party_silence_counts_again_after_fifteen_working_days() -> None:
    record = apply(request(), "consult", on=D("2021-09-06"), note="某合作社")
    result = rq.request_clocks(record)[-1].evaluate(CALENDAR, D("2021-12-01"), NATIONAL)
    assert result.paused
    assert any("超过 15 个工作日" in note for note in result.notes)


@pytest.mark.parametrize(
    ("reply_type", "reason", "message"),
    [
        ("不予公开", "", "具体理由：不予公开须选择"),
        ("无法提供", "属于国家秘密", "具体理由：无法提供须选择"),
        ("同意", "", "答复类型：必须是"),
    ],
)
def test_reply_needs_a_statutory_type_and_reason(
    reply_type: str, reason: str, message: str
) -> None:
    with pytest.raises(rq.RequestError, match=message):
        apply(request(), "reply", on=D("2021-09-20"), reply_type=reply_type, reply_reason=reason)


def test_reply_then_archive_and_the_clock_is_met() -> None:
    record = apply(request(), "reply", on=D("2021-09-29"), reply_type="予以公开", reply_reason="x")
    assert record.reply_reason == ""  # 予以公开 has no sub-reason
    result = rq.request_clocks(record)[-1].evaluate(CALENDAR, TODAY, NATIONAL)
    assert result.state == "met"
    assert rq.allowed_actions(record) == ["archive"]
    with pytest.raises(rq.RequestError, match="当前状态（已答复）不能答复"):
        apply(record, "reply", on=D("2021-09-30"), reply_type="予以公开")
    apply(record, "archive", on=D("2021-09-30"))
    assert record.state == rq.ARCHIVED and rq.allowed_actions(record) == []


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (None, "答复日期：请填写日期"),
        (D("2022-01-01"), "不能晚于今天"),
        (D("2021-08-31"), "不能早于收到申请之日"),
    ],
)
def test_action_dates_are_checked(on, message: str) -> None:
    with pytest.raises(rq.RequestError, match=message):
        apply(request(), "reply", on=on, reply_type="予以公开")


def test_notices_follow_the_steps_taken() -> None:
    record = request()
    assert replies.available_notices(record) == ["receipt"]
    apply(record, "consult", on=D("2021-09-06"), note="某合作社")
    apply(record, "consulted", on=D("2021-09-08"))
    apply(record, "reply", on=D("2021-09-20"), reply_type="部分公开")
    assert replies.available_notices(record) == ["receipt", "consultation", "reply"]
    assert all("条例》第" in basis for _, basis in replies.NOTICES.values())
