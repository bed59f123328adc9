"""依申请公开 (条例 Art 27–45): the states and actions of a request, and its clocks.

How a request comes in is request_intake.py; the reply types and notices it ends in are
request_replies.py. A request is anything with the model's attribute names
(``admin.models.InfoRequest``); each action checks that it is allowed now and returns the
fields it changes plus one trail entry, which the caller applies. No database, no Flask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from admin.domain import clocks
from admin.domain.calendar_notice import NATIONAL
from admin.domain.request_replies import LAPSED_REASON, LAPSED_TYPE, REPLY_TYPES
from admin.domain.workcalendar import WorkCalendar
from admin.errors import GongshiError

REGISTERED, AWAITING_CORRECTION, PROCESSING = "已登记", "待补正", "办理中"
CONSULTING, REPLIED, ARCHIVED = "征求意见中", "已答复", "已归档"
STATES = (REGISTERED, AWAITING_CORRECTION, PROCESSING, CONSULTING, REPLIED, ARCHIVED)

#: Art 33: 20 working days, extended by at most 20 with the office head's approval.
MAX_EXTENSION_DAYS = 20

# The actions and the states they may start from.
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "correction": ("一次性告知补正", (REGISTERED,)),
    "corrected": ("收到补正材料", (AWAITING_CORRECTION,)),
    "lapse": ("逾期未补正，不再处理", (AWAITING_CORRECTION,)),
    "consult": ("征求第三方意见", (REGISTERED, PROCESSING)),
    "consulted": ("收到第三方意见", (CONSULTING,)),
    "extend": ("延期答复", (REGISTERED, PROCESSING, CONSULTING)),
    "reply": ("答复", (REGISTERED, PROCESSING)),
    "archive": ("归档", (REPLIED,)),
}


class RequestError(GongshiError, ValueError):
    """An action or a registration was refused; the message names the field, in Chinese."""


class RequestLike(Protocol):
    state: str
    counts_from: dt.date
    correction_asked_on: dt.date | None
    correction_received_on: dt.date | None
    consult_sent_on: dt.date | None
    consult_answered_on: dt.date | None
    extension_days: int
    extension_approver: str
    extension_approved_on: dt.date | None
    replied_on: dt.date | None


@dataclass(frozen=True)
class Change:
    """What an action changes on a request, and the line it adds to the trail."""

    fields: dict[str, Any]
    trail: dict[str, Any] = field(default_factory=dict)


def allowed_actions(request: RequestLike) -> list[str]:
    """Return the actions open to ``request`` in its state (补正 only once)."""
    names = [name for name, (_, states) in ACTIONS.items() if request.state in states]
    if request.correction_asked_on is not None:
        names = [n for n in names if n != "correction"]
    if request.extension_days:
        names = [n for n in names if n != "extend"]
    return names


def request_clocks(request: RequestLike) -> list[clocks.Clock]:
    """Return the request's clocks: 补正 (while it may still be asked) and the reply."""
    start = request.counts_from
    result = []
    if request.state == REGISTERED or request.correction_asked_on is not None:
        result.append(clocks.correction_request_clock(start, request.correction_asked_on))
    reply = clocks.reply_clock(start)
    if request.correction_asked_on is not None:
        reply = reply.pause(
            request.correction_asked_on, clocks.PAUSE_CORRECTION, request.correction_received_on
        )
    if request.correction_received_on is not None:
        reply = reply.restart(request.correction_received_on)
    if request.consult_sent_on is not None:
        reply = reply.pause(
            request.consult_sent_on, clocks.PAUSE_THIRD_PARTY, request.consult_answered_on
        )
    if request.extension_days and request.extension_approved_on is not None:
        reply = reply.extend(
            request.extension_days, request.extension_approver, request.extension_approved_on
        )
    if request.replied_on is not None:
        reply = reply.stop(request.replied_on)
    result.append(reply)
    return result


def reply_due(
    request: RequestLike,
    calendar: WorkCalendar,
    region: str = NATIONAL,
    today: dt.date = dt.date.min,
) -> dt.date:
    """Return the day the reply is due as the request stands."""
    return request_clocks(request)[-1].evaluate(calendar, today, region).due


def act(
    request: RequestLike,
    action: str,
    data: Mapping[str, Any],
    *,
    today: dt.date,
    calendar: WorkCalendar,
    region: str = NATIONAL,
) -> Change:
    """Check ``action`` on ``request`` with the form's ``data``; return what it changes."""
    if action not in ACTIONS:
        raise RequestError(f"操作：未知操作（{action}）")
    label, _ = ACTIONS[action]
    if action not in allowed_actions(request):
        raise RequestError(f"操作：当前状态（{request.state}）不能{label}")
    on = data.get("on")
    if not isinstance(on, dt.date):
        raise RequestError(f"{label}日期：请填写日期")
    if on > today:
        raise RequestError(f"{label}日期：不能晚于今天")
    if on < request.counts_from:
        raise RequestError(f"{label}日期：不能早于收到申请之日（{request.counts_from}）")
    change = _ACTION_RULES[action](request, on, data, calendar, region)
    trail = {"on": on.isoformat(), "action": label, **change.trail}
    return Change(change.fields, trail)


def _correction(
    request: Any, on: dt.date, data: Mapping[str, Any], calendar: WorkCalendar, region: str
) -> Change:
    due = clocks.correction_request_clock(request.counts_from).evaluate(calendar, on, region).due
    if on > due:
        raise RequestError(f"补正告知日期：应在收到申请之日起 7 个工作日内（{due} 前）告知")
    deadline = data.get("deadline")
    if not isinstance(deadline, dt.date) or deadline <= on:
        raise RequestError("补正期限：请填写晚于告知日期的补正期限")
    what = str(data.get("note") or "").strip()
    if not what:
        raise RequestError("需要补正的事项：不能为空")
    fields = {
        "state": AWAITING_CORRECTION,
        "correction_asked_on": on,
        "correction_deadline": deadline,
        "correction_note": what,
    }
    return Change(fields, {"note": f"补正期限至 {deadline}"})


def _corrected(
    request: Any, on: dt.date, data: Mapping[str, Any], calendar: WorkCalendar, region: str
) -> Change:
    if on < request.correction_asked_on:
        raise RequestError("收到补正日期：不能早于告知补正日期")
    return Change({"state": PROCESSING, "correction_received_on": on}, {"note": "答复期限重新计算"})


def _lapse(
    request: Any, on: dt.date, data: Mapping[str, Any], calendar: WorkCalendar, region: str
) -> Change:
    if request.correction_deadline is None or on <= request.correction_deadline:
        raise RequestError(f"不再处理日期：须在补正期限（{request.correction_deadline}）届满之后")
    fields = {
        "state": REPLIED,
        "replied_on": on,
        "reply_type": LAPSED_TYPE,
        "reply_reason": LAPSED_REASON,
        "reply_note": "申请人逾期未补正，视为放弃申请（《条例》第三十条）",
    }
    return Change(fields, {"note": LAPSED_REASON})


def _consult(
    request: Any, on: dt.date, data: Mapping[str, Any], calendar: WorkCalendar, region: str
) -> Change:
    if request.consult_sent_on is not None:
        raise RequestError("征求第三方意见：本申请已征求过第三方意见")
    if not str(data.get("note") or "").strip():
        raise RequestError("第三方：请写明征求意见的对象")
    fields = {"state": CONSULTING, "consult_sent_on": on, "consult_party": data["note"].strip()}
    return Change(fields, {"note": "第三方意见期间不计入答复期限（第三方 15 个工作日）"})


def _consulted(
    request: Any, on: dt.date, data: Mapping[str, Any], calendar: WorkCalendar, region: str
) -> Change:
    if on < request.consult_sent_on:
        raise RequestError("收到第三方意见日期：不能早于发出征求意见函日期")
    view = str(data.get("note") or "").strip()
    return Change({"state": PROCESSING, "consult_answered_on": on, "consult_view": view})


def _extend(
    request: Any, on: dt.date, data: Mapping[str, Any], calendar: WorkCalendar, region: str
) -> Change:
    days = data.get("days")
    if not isinstance(days, int) or not 0 < days <= MAX_EXTENSION_DAYS:
        raise RequestError(f"延长天数：须为 1 至 {MAX_EXTENSION_DAYS} 个工作日")
    approver = str(data.get("approver") or "").strip()
    if not approver:
        raise RequestError("批准人：延期须经政府信息公开工作机构负责人同意")
    due = reply_due(request, calendar, region, on)
    if on > due:
        raise RequestError(f"延期批准日期：应在答复期限（{due}）届满前")
    notified = data.get("notified_on")
    if not isinstance(notified, dt.date) or notified < on or notified > due:
        raise RequestError(f"告知申请人日期：应在批准之后、答复期限（{due}）届满前")
    fields = {
        "extension_days": days,
        "extension_approver": approver,
        "extension_approved_on": on,
        "extension_notified_on": notified,
    }
    return Change(fields, {"note": f"延长 {days} 个工作日，{approver} 批准"})


def _reply(
    request: Any, on: dt.date, data: Mapping[str, Any], calendar: WorkCalendar, region: str
) -> Change:
    kind, reason = data.get("reply_type"), str(data.get("reply_reason") or "")
    if kind not in REPLY_TYPES:
        raise RequestError(f"答复类型：必须是 {'、'.join(REPLY_TYPES)} 之一")
    if REPLY_TYPES[kind] and reason not in REPLY_TYPES[kind]:
        raise RequestError(f"具体理由：{kind}须选择 {'、'.join(REPLY_TYPES[kind])} 之一")
    if not REPLY_TYPES[kind]:
        reason = ""
    fields = {
        "state": REPLIED,
        "replied_on": on,
        "reply_type": kind,
        "reply_reason": reason,
        "reply_note": str(data.get("note") or "").strip(),
    }
    return Change(fields, {"note": f"{kind}{'：' + reason if reason else ''}"})


def _archive(
    request: Any, on: dt.date, data: Mapping[str, Any], calendar: WorkCalendar, region: str
) -> Change:
    if on < request.replied_on:
        raise RequestError("归档日期：不能早于答复日期")
    return Change({"state": ARCHIVED, "archived_on": on})


_ACTION_RULES = {
    "correction": _correction,
    "corrected": _corrected,
    "lapse": _lapse,
    "consult": _consult,
    "consulted": _consulted,
    "extend": _extend,
    "reply": _reply,
    "archive": _archive,
}
