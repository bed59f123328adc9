"""How long a penalty stays on the site (LAW.md §3): by severity, in the regime of its date.

Before 2026-04-01 国家发展改革委令2023年第58号 applies (3 months to 3 years); from that day
令2025年第36号 (轻微 at most 3 months, 一般 3 months to 1 year, 严重 1 to 3 years). The
regime is chosen by the decision date. The period a deployment uses is configurable per
regime and severity within the regime's range; the default is the range's maximum.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from admin.domain.vocab import PROCEDURE_SUMMARY, SEVERITIES
from admin.errors import GongshiError

REGIME_2023 = "2023年第58号令"
REGIME_2025 = "2025年第36号令"
REGIME_TITLES = {
    REGIME_2023: "《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令2023年第58号）",
    REGIME_2025: "《信用修复管理办法》（国家发展改革委令2025年第36号）",
}
#: The first decision date judged by the 2025 regime.
REGIME_2025_FROM = dt.date(2026, 4, 1)

MINOR = "轻微"
#: Penalties that only touch reputation count as minor [S, secondary].
MINOR_KINDS = frozenset({"警告", "通报批评"})


class PublicityError(GongshiError, ValueError):
    """A publicity setting or input was refused; the message names the field, in Chinese."""


@dataclass(frozen=True)
class MonthRange:
    """The statutory minimum and maximum publicity period, in months."""

    min_months: int
    max_months: int


RANGES: dict[str, dict[str, MonthRange]] = {
    REGIME_2023: {severity: MonthRange(3, 36) for severity in SEVERITIES},
    REGIME_2025: {"轻微": MonthRange(0, 3), "一般": MonthRange(3, 12), "严重": MonthRange(12, 36)},
}


def _maximums() -> dict[str, dict[str, int]]:
    return {
        regime: {severity: span.max_months for severity, span in spans.items()}
        for regime, spans in RANGES.items()
    }


@dataclass(frozen=True)
class PublicityPolicy:
    """The months a deployment publishes a penalty, per regime and severity."""

    months: Mapping[str, Mapping[str, int]] = field(default_factory=_maximums)


DEFAULT_POLICY = PublicityPolicy()


def make_policy(overrides: Mapping[str, Mapping[str, int]]) -> PublicityPolicy:
    """Return the default policy with ``overrides`` (regime → severity → months), checked."""
    months = _maximums()
    for regime, by_severity in overrides.items():
        if regime not in RANGES:
            raise PublicityError(f"公示期限：未知依据 {regime!r}（可选：{'、'.join(RANGES)}）")
        for severity, value in by_severity.items():
            span = RANGES[regime].get(severity)
            if span is None:
                raise PublicityError(f"公示期限：严重程度必须是 {'、'.join(SEVERITIES)} 之一")
            if not isinstance(value, int) or isinstance(value, bool):
                raise PublicityError(f"公示期限（{regime} {severity}）：必须是整数月数")
            if not span.min_months <= value <= span.max_months:
                raise PublicityError(
                    f"公示期限（{regime} {severity}）：必须在 "
                    f"{span.min_months}–{span.max_months} 个月之间"
                )
            months[regime][severity] = value
    return PublicityPolicy(months)


def regime_for(decision_date: dt.date) -> str:
    """Return the regime in force on ``decision_date``."""
    return REGIME_2025 if decision_date >= REGIME_2025_FROM else REGIME_2023


def effective_severity(severity: str, procedure: str = "", kinds: Iterable[str] = ()) -> str:
    """Return the severity publicity uses: 简易程序 and 警告/通报批评-only penalties are 轻微."""
    if severity not in SEVERITIES:
        raise PublicityError(f"严重程度：必须是 {'、'.join(SEVERITIES)} 之一")
    kinds = set(kinds)
    if procedure == PROCEDURE_SUMMARY or (kinds and kinds <= MINOR_KINDS):
        return MINOR
    return severity


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` plus ``months``, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def publicity_until(
    decision_date: dt.date,
    severity: str,
    *,
    procedure: str = "",
    kinds: Iterable[str] = (),
    policy: PublicityPolicy = DEFAULT_POLICY,
    imported_until: dt.date | None = None,
) -> dt.date:
    """Return the 公示截止期: the last day the record is shown.

    An imported record keeps the date its file gives (``imported_until``).
    """
    if imported_until is not None:
        return imported_until
    severity = effective_severity(severity, procedure, kinds)
    return add_months(decision_date, policy.months[regime_for(decision_date)][severity])


def is_visible(until: dt.date, today: dt.date) -> bool:
    """Return whether a record whose 公示截止期 is ``until`` is still shown on ``today``."""
    return today <= until


def repair_allowed(
    decision_date: dt.date,
    severity: str,
    on_day: dt.date,
    *,
    procedure: str = "",
    kinds: Iterable[str] = (),
) -> bool:
    """Return whether credit repair may take the record off on ``on_day``.

    Only once the statutory minimum period has passed (the minimum's last day is still
    inside it); a minimum of zero allows it from the decision date.
    """
    severity = effective_severity(severity, procedure, kinds)
    minimum = RANGES[regime_for(decision_date)][severity].min_months
    if minimum == 0:
        return on_day >= decision_date
    return on_day > add_months(decision_date, minimum)


def expiry_notice(meta: Mapping[str, object]) -> dict[str, object]:
    """Return the 公示期满 notice that replaces a penalty's public form after its period.

    One function for ``gongshi expire`` and the build, so a record expired by the build
    date shows the same page before and after its file is rewritten. Dated the day after
    the 公示截止期 (the record is visible through that day), never before it was published.
    """
    from admin.domain.contentfile import notice_meta

    until = meta["publicity_until"]
    if not isinstance(until, dt.date):
        raise TypeError("publicity_until must be a date")  # callers check it first
    decided = meta.get("decision_date")
    regime = regime_for(decided if isinstance(decided, dt.date) else dt.date.min)
    notice = notice_meta(
        meta,
        status="expired",
        notice_date=until + dt.timedelta(days=1),
        reason="公示期满",
        basis=REGIME_TITLES[regime],
    )
    published = notice.get("published")
    if isinstance(published, dt.date) and published > notice["updated"]:
        notice["updated"] = published  # an old posting moved over after its period ended
    return notice
