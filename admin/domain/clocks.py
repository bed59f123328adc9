"""Statutory clocks (LAW.md §1): what starts one, how long it runs, what pauses and stops it.

A clock is an immutable value; ``evaluate`` computes, for a given today, the due date,
the state and the trail of counted and skipped days the back-office shows beside the
record. The factories at the end make every clock the mission needs, and attach them to
records (anything with the model's attribute names: no database needed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from admin.domain import vocab
from admin.domain.calendar_notice import NATIONAL
from admin.domain.workcalendar import ONE_DAY, TrailDay, WorkCalendar
from admin.errors import GongshiError

WORKING = "working"
CALENDAR = "calendar"
UNIT_LABELS = {WORKING: "个工作日", CALENDAR: "日"}

RUNNING, DUE_SOON, OVERDUE, MET, MET_LATE = "running", "due_soon", "overdue", "met", "met_late"
STATE_LABELS = {
    RUNNING: "进行中",
    DUE_SOON: "即将到期",
    OVERDUE: "已逾期",
    MET: "按期完成",
    MET_LATE: "逾期完成",
}
#: A running clock whose due date is at most this many working days away is due soon.
DUE_SOON_WORKING_DAYS = 2

PAUSE_THIRD_PARTY = "等待第三方意见"
PAUSE_CORRECTION = "等待申请人补正"
PAUSE_OTHER_BODY = "等待其他机关意见"
PAUSE_REASONS = (PAUSE_THIRD_PARTY, PAUSE_CORRECTION, PAUSE_OTHER_BODY)
#: 条例 Art 32: a third party has 15 working days to answer; waiting longer counts again.
THIRD_PARTY_MAX_WORKING_DAYS = 15


class ClockError(GongshiError, ValueError):
    """A change to a clock was refused; the message names the field, in Chinese."""


@dataclass(frozen=True)
class Pause:
    """Days after ``start`` up to and including ``end`` (open: through today) do not count."""

    start: dt.date
    end: dt.date | None
    reason: str


@dataclass(frozen=True)
class Extension:
    """Extra days granted, with who approved them and when."""

    days: int
    approver: str
    approved_on: dt.date


@dataclass(frozen=True)
class Clock:
    """One statutory time limit on one record."""

    kind: str
    name: str
    start: dt.date
    length: int
    unit: str
    starts_with: str
    stops_with: str
    basis: str
    stopped_on: dt.date | None = None
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[Extension, ...] = ()
    restarts: tuple[dt.date, ...] = ()
    max_extension: int | None = 0  # 0: no extension allowed; None: no statutory cap
    pausable: bool = False
    restartable: bool = False

    @property
    def effective_start(self) -> dt.date:
        """Return the day the clock counts from: the last restart, else the start."""
        return self.restarts[-1] if self.restarts else self.start

    @property
    def length_with_extensions(self) -> int:
        """Return the length plus every extension granted since the effective start."""
        return self.length + sum(ext.days for ext in self._live_extensions())

    def stop(self, on: dt.date) -> Clock:
        """Return the clock stopped by its stop event on ``on``."""
        if on < self.start:
            raise ClockError(f"{self.stops_with}日期：不能早于{self.starts_with}（{self.start}）")
        return dataclasses.replace(self, stopped_on=on)

    def pause(self, start: dt.date, reason: str, end: dt.date | None = None) -> Clock:
        """Return the clock paused from ``start`` (to ``end``, or until resumed)."""
        if not self.pausable:
            raise ClockError(f"暂停：{self.name}的期限不能暂停")
        if reason not in PAUSE_REASONS:
            raise ClockError(f"暂停原因：必须是 {'、'.join(PAUSE_REASONS)} 之一")
        if start < self.effective_start or (end is not None and end < start):
            raise ClockError("暂停日期：不能早于起算日，结束不能早于开始")
        if any(p.end is None for p in self.pauses):
            raise ClockError("暂停：上一次暂停尚未结束")
        return dataclasses.replace(self, pauses=(*self.pauses, Pause(start, end, reason)))

    def resume(self, on: dt.date) -> Clock:
        """Return the clock with its open pause ended on ``on``."""
        open_pauses = [p for p in self.pauses if p.end is None]
        if not open_pauses:
            raise ClockError("恢复计时：没有正在进行的暂停")
        if on < open_pauses[0].start:
            raise ClockError("恢复计时日期：不能早于暂停日期")
        pauses = tuple(dataclasses.replace(p, end=on) if p.end is None else p for p in self.pauses)
        return dataclasses.replace(self, pauses=pauses)

    def extend(self, days: int, approver: str, approved_on: dt.date) -> Clock:
        """Return the clock extended by ``days`` with ``approver``'s approval."""
        if self.max_extension == 0:
            raise ClockError(f"延长期限：{self.name}的期限不能延长")
        if days <= 0:
            raise ClockError("延长天数：必须大于 0")
        if not approver.strip():
            raise ClockError("批准人：延长期限必须写明批准人")
        granted = sum(ext.days for ext in self._live_extensions()) + days
        if self.max_extension is not None and granted > self.max_extension:
            raise ClockError(f"延长天数：合计不得超过 {self.max_extension}{UNIT_LABELS[self.unit]}")
        extension = Extension(days, approver.strip(), approved_on)
        return dataclasses.replace(self, extensions=(*self.extensions, extension))

    def restart(self, on: dt.date) -> Clock:
        """Return the clock counting afresh from ``on`` (a corrected request, 条例 Art 30)."""
        if not self.restartable:
            raise ClockError(f"重新计算：{self.name}的期限不能重新起算")
        if on < self.effective_start:
            raise ClockError(f"补正日期：不能早于起算日（{self.effective_start}）")
        return dataclasses.replace(self, restarts=(*self.restarts, on))

    def evaluate(
        self, calendar: WorkCalendar, today: dt.date, region: str = NATIONAL
    ) -> ClockResult:
        """Return the due date, state and trail of this clock as of ``today``."""
        notes: list[str] = []
        if self.restarts:
            notes.append(f"{self.effective_start} 起重新计算（补正后）")
        for ext in self._live_extensions():
            notes.append(
                f"延长 {ext.days}{UNIT_LABELS[self.unit]}（{ext.approver} 批准，{ext.approved_on}）"
            )
        skip = self._paused_days(calendar, region, self.stopped_on or today, notes)
        total = self.length_with_extensions
        if self.unit == WORKING:
            reached = calendar.working_days_after(self.effective_start, total, region, skip)
        else:
            reached = calendar.calendar_days_after(self.effective_start, total, region, skip)
            last = max((t.day for t in reached.trail if t.counted), default=self.effective_start)
            if reached.date != last:
                why = calendar.day_status(last, region).reason
                notes.append(f"期限最后一日 {last} 为{why}，顺延至下一个工作日 {reached.date}")
        due = reached.date
        since = max(today, self.effective_start)
        remaining = _working_days_between(calendar, since, due, region)
        if self.stopped_on is not None:
            state = MET if self.stopped_on <= due else MET_LATE
        elif today > due:
            state = OVERDUE
        else:
            state = DUE_SOON if remaining <= DUE_SOON_WORKING_DAYS else RUNNING
        paused = self.stopped_on is None and any(p.end is None for p in self.pauses)
        return ClockResult(
            clock=self,
            due=due,
            state=state,
            unconfirmed_years=reached.unconfirmed_years,
            missing=reached.missing,
            trail=reached.trail,
            remaining=remaining,
            paused=paused,
            notes=tuple(notes),
        )

    def _live_extensions(self) -> list[Extension]:
        return [ext for ext in self.extensions if ext.approved_on >= self.effective_start]

    def _paused_days(
        self, calendar: WorkCalendar, region: str, until: dt.date, notes: list[str]
    ) -> dict[dt.date, str]:
        skip: dict[dt.date, str] = {}
        for pause in self.pauses:
            if pause.start < self.effective_start:
                continue  # a restart wipes out what came before it
            day, end, working_skipped = pause.start + ONE_DAY, pause.end or until, 0
            while day <= end:
                if calendar.is_working_day(day, region):
                    if (
                        pause.reason == PAUSE_THIRD_PARTY
                        and working_skipped >= THIRD_PARTY_MAX_WORKING_DAYS
                    ):
                        notes.append(
                            f"等待第三方意见超过 {THIRD_PARTY_MAX_WORKING_DAYS} 个工作日，"
                            f"{day} 起计入期限"
                        )
                        break
                    working_skipped += 1
                skip[day] = f"暂停：{pause.reason}"
                day += ONE_DAY
        return skip


@dataclass(frozen=True)
class ClockResult:
    """A clock as of one day: when it is due, where it stands, and how that was counted."""

    clock: Clock
    due: dt.date
    state: str
    unconfirmed_years: tuple[int, ...]
    trail: tuple[TrailDay, ...]
    remaining: int  # working days after today (or the start) up to the due date
    paused: bool
    notes: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # which holiday notices the due date lacks, in words

    @property
    def state_label(self) -> str:
        """Return the state in Chinese, as the back-office shows it."""
        return STATE_LABELS[self.state]

    @property
    def confirmed(self) -> bool:
        """Return whether the due date rests on known years only."""
        return not self.unconfirmed_years


def _working_days_between(calendar: WorkCalendar, today: dt.date, due: dt.date, region: str) -> int:
    count, day = 0, today + ONE_DAY
    while day <= due:
        count += calendar.is_working_day(day, region)
        day += ONE_DAY
    return count


# The clocks of LAW.md §1: name, length, unit, start and stop events, basis, options.
CLOCK_KINDS: dict[str, dict[str, Any]] = {
    "publish_penalty": dict(
        name="行政处罚决定公示", length=7, unit=WORKING, starts_with="处罚决定日期",
        stops_with="公示", basis="国办发〔2018〕118号；国发〔2016〕33号",
    ),
    "publish_licence": dict(
        name="行政许可决定公示", length=7, unit=WORKING, starts_with="许可决定日期",
        stops_with="公示", basis="国办发〔2015〕51号第（十八）条；国发〔2016〕33号",
    ),
    "publish_decision": dict(
        name="行政执法决定公示", length=20, unit=WORKING, starts_with="决定日期",
        stops_with="公示", basis="国办发〔2018〕118号",
    ),
    "publish_inspection": dict(
        name="检查结果公示", length=20, unit=WORKING, starts_with="检查日期",
        stops_with="公示", basis="国办发〔2018〕118号",
    ),
    "withdraw_decision": dict(
        name="撤回已变更或撤销的决定", length=3, unit=WORKING, starts_with="变更或撤销日期",
        stops_with="撤回公示", basis="《行政处罚法》第四十八条第二款",
    ),
    "publish_info": dict(
        name="主动公开政府信息", length=20, unit=WORKING, starts_with="形成或变更日期",
        stops_with="公开", basis="《政府信息公开条例》第二十六条",
    ),
    "request_correction": dict(
        name="依申请公开一次性告知补正", length=7, unit=WORKING, starts_with="收到申请日期",
        stops_with="告知补正", basis="《政府信息公开条例》第三十条",
    ),
    "request_reply": dict(
        name="依申请公开答复", length=20, unit=WORKING, starts_with="收到申请日期",
        stops_with="答复", basis="《政府信息公开条例》第三十一条至第三十三条",
        max_extension=20, pausable=True, restartable=True,
    ),
    "decide_case": dict(
        name="作出行政处罚决定", length=90, unit=CALENDAR, starts_with="立案日期",
        stops_with="作出决定", basis="《行政处罚法》第六十条", max_extension=None,
    ),
}  # fmt: skip


def make_clock(kind: str, start: dt.date, stopped_on: dt.date | None = None) -> Clock:
    """Return a clock of ``kind`` (a key of CLOCK_KINDS) started on ``start``."""
    clock = Clock(kind=kind, start=start, **CLOCK_KINDS[kind])
    return clock if stopped_on is None else clock.stop(stopped_on)


def publish_penalty_clock(decided_on: dt.date, published_on: dt.date | None = None) -> Clock:
    """Return the clock to publish a penalty decision: 7 working days from the decision."""
    return make_clock("publish_penalty", decided_on, published_on)


def publish_licence_clock(decided_on: dt.date, published_on: dt.date | None = None) -> Clock:
    """Return the clock to publish a licence decision: 7 working days (docs/licences.md §3)."""
    return make_clock("publish_licence", decided_on, published_on)


def publish_decision_clock(decided_on: dt.date, published_on: dt.date | None = None) -> Clock:
    """Return the clock to publish another enforcement decision: 20 working days."""
    return make_clock("publish_decision", decided_on, published_on)


def publish_inspection_clock(inspected_on: dt.date, published_on: dt.date | None = None) -> Clock:
    """Return the clock to publish an inspection result: 20 working days."""
    return make_clock("publish_inspection", inspected_on, published_on)


def withdraw_clock(changed_on: dt.date, withdrawn_on: dt.date | None = None) -> Clock:
    """Return the clock to withdraw a changed or revoked decision: 3 working days."""
    return make_clock("withdraw_decision", changed_on, withdrawn_on)


def publish_info_clock(formed_on: dt.date, published_on: dt.date | None = None) -> Clock:
    """Return the clock to publish proactive information: 20 working days."""
    return make_clock("publish_info", formed_on, published_on)


def correction_request_clock(received_on: dt.date, asked_on: dt.date | None = None) -> Clock:
    """Return the clock to ask once for a correction of a request: 7 working days."""
    return make_clock("request_correction", received_on, asked_on)


def reply_clock(received_on: dt.date, replied_on: dt.date | None = None) -> Clock:
    """Return the clock to answer a request: 20 working days, +20 approved, pausable."""
    return make_clock("request_reply", received_on, replied_on)


def decide_case_clock(filed_on: dt.date, decided_on: dt.date | None = None) -> Clock:
    """Return the clock to decide a case: 90 calendar days from 立案."""
    return make_clock("decide_case", filed_on, decided_on)


class PenaltyLike(Protocol):
    decision_date: dt.date
    filed_date: dt.date | None
    state: str
    imported: bool
    published_on: dt.date | None
    changed_on: dt.date | None
    withdrawn_on: dt.date | None


class InspectionLike(Protocol):
    inspected_on: dt.date
    published_on: dt.date | None


class InfoLike(Protocol):
    written_on: dt.date | None
    created_at: dt.datetime
    published_on: dt.date | None


#: Until it is approved, a decision's date is a plan, not the start of its clocks.
_DECIDED_STATES = (
    vocab.STATE_APPROVED,
    vocab.STATE_PUBLISHED,
    vocab.STATE_WITHDRAWN,
    vocab.STATE_REPAIRED,
)


def penalty_clocks(record: PenaltyLike) -> list[Clock]:
    """Return the clocks running on a penalty decision (a PenaltyDecision row or alike).

    An imported decision has no publication clock here: it was published on the site it
    moved from, the 双公示 file has no 公示日期, and its 发布日期 is the day of the import.
    """
    decided = record.imported or record.state in _DECIDED_STATES
    clocks = []
    if record.filed_date is not None:
        clocks.append(
            decide_case_clock(record.filed_date, record.decision_date if decided else None)
        )
    if decided and not record.imported:
        clocks.append(publish_penalty_clock(record.decision_date, record.published_on))
    if record.changed_on is not None:
        clocks.append(withdraw_clock(record.changed_on, record.withdrawn_on))
    return clocks


def inspection_clocks(record: InspectionLike) -> list[Clock]:
    """Return the clocks running on an inspection result."""
    return [publish_inspection_clock(record.inspected_on, record.published_on)]


def info_clocks(record: InfoLike) -> list[Clock]:
    """Return the clocks running on a proactive information item."""
    formed = record.written_on or record.created_at.date()
    return [publish_info_clock(formed, record.published_on)]
