"""How long a penalty stays published (LAW.md §3): regimes, severities, month ends, repair."""

from __future__ import annotations

import datetime as dt

import pytest

from admin.domain.publicity import (
    REGIME_2023,
    REGIME_2025,
    PublicityError,
    add_months,
    effective_severity,
    is_visible,
    make_policy,
    publicity_until,
    regime_for,
    repair_allowed,
)

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("decided", "regime"),
    [("2023-05-01", REGIME_2023), ("2026-03-31", REGIME_2023), ("2026-04-01", REGIME_2025)],
)
def test_the_decision_date_chooses_the_regime(decided: str, regime: str) -> None:
    assert regime_for(D(decided)) == regime


@pytest.mark.parametrize(
    ("decided", "severity", "procedure", "kinds", "until"),
    [
        # 58号令: 3 months to 3 years whatever the severity; default the maximum.
        ("2021-05-10", "一般", "普通程序", ["罚款"], "2024-05-10"),
        ("2021-05-10", "轻微", "普通程序", ["罚款"], "2024-05-10"),
        ("2026-03-31", "严重", "普通程序", ["罚款"], "2029-03-31"),
        # 36号令 from 2026-04-01: 轻微 ≤ 3 months, 一般 ≤ 1 year, 严重 ≤ 3 years.
        ("2026-04-01", "轻微", "普通程序", ["罚款"], "2026-07-01"),
        ("2026-04-01", "一般", "普通程序", ["罚款"], "2027-04-01"),
        ("2026-04-01", "严重", "普通程序", ["罚款"], "2029-04-01"),
        # 简易程序, 警告 only, 通报批评 only are minor.
        ("2026-05-31", "一般", "简易程序", ["罚款"], "2026-08-31"),
        ("2026-06-15", "严重", "普通程序", ["警告"], "2026-09-15"),
        ("2026-06-15", "一般", "普通程序", ["通报批评"], "2026-09-15"),
        ("2026-06-15", "一般", "普通程序", ["警告", "通报批评"], "2026-09-15"),
        ("2026-06-15", "一般", "普通程序", ["警告", "罚款"], "2027-06-15"),
        # Months added clamp to the end of a shorter month.
        ("2026-11-30", "轻微", "普通程序", ["罚款"], "2027-02-28"),
        ("2027-11-30", "轻微", "普通程序", ["罚款"], "2028-02-29"),
        ("2028-02-29", "一般", "普通程序", ["罚款"], "2029-02-28"),
    ],
)
def test_publicity_until_by_default(decided, severity, procedure, kinds, until) -> None:
    assert publicity_until(D(decided), severity, procedure=procedure, kinds=kinds) == D(until)


def test_configured_periods_are_used_and_checked() -> None:
    policy = make_policy({REGIME_2025: {"一般": 6}, REGIME_2023: {"轻微": 3}})
    assert publicity_until(D("2026-04-01"), "一般", policy=policy) == D("2026-10-01")
    assert publicity_until(D("2026-04-01"), "严重", policy=policy) == D("2029-04-01")
    assert publicity_until(D("2021-05-10"), "轻微", policy=policy) == D("2021-08-10")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({REGIME_2025: {"一般": 13}}, "3–12 个月"),
        ({REGIME_2025: {"严重": 6}}, "12–36 个月"),
        ({REGIME_2023: {"一般": 2}}, "3–36 个月"),
        ({REGIME_2025: {"一般": True}}, "整数"),
        ({REGIME_2025: {"很严重": 12}}, "严重程度"),
        ({"2019年令": {"一般": 12}}, "未知依据"),
    ],
)
def test_bad_configuration_is_refused(overrides, message: str) -> None:
    with pytest.raises(PublicityError, match=message):
        make_policy(overrides)


def test_an_imported_record_keeps_its_date() -> None:
    given = D("2022-01-31")
    assert publicity_until(D("2021-05-10"), "一般", imported_until=given) == given


@pytest.mark.parametrize(
    ("until", "today", "visible"),
    [("2024-05-10", "2024-05-09", True), ("2024-05-10", "2024-05-10", True),
     ("2024-05-10", "2024-05-11", False)],
)  # fmt: skip
def test_visible_through_the_last_day_inclusive(until: str, today: str, visible: bool) -> None:
    assert is_visible(D(until), D(today)) is visible


@pytest.mark.parametrize(
    ("decided", "severity", "kinds", "on_day", "allowed"),
    [
        ("2026-04-10", "一般", ["罚款"], "2026-07-10", False),  # minimum 3 months not over
        ("2026-04-10", "一般", ["罚款"], "2026-07-11", True),
        ("2026-04-10", "严重", ["罚款"], "2027-04-10", False),  # minimum 1 year
        ("2026-04-10", "严重", ["罚款"], "2027-04-11", True),
        ("2026-04-10", "轻微", ["罚款"], "2026-04-10", True),  # no minimum
        ("2026-04-10", "严重", ["警告"], "2026-04-10", True),  # warning only: minor
        ("2021-05-10", "严重", ["罚款"], "2021-08-10", False),  # 58号令: 3 months
        ("2021-05-10", "严重", ["罚款"], "2021-08-11", True),
    ],
)
def test_repair_only_after_the_minimum(decided, severity, kinds, on_day, allowed) -> None:
    assert repair_allowed(D(decided), severity, D(on_day), kinds=kinds) is allowed


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2021-01-31", 1, "2021-02-28"), ("2021-12-15", 1, "2022-01-15"),
     ("2021-03-31", 36, "2024-03-31"), ("2021-08-31", 6, "2022-02-28")],
)  # fmt: skip
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(D(day), months) == D(expected)


def test_unknown_severity_is_refused() -> None:
    with pytest.raises(PublicityError, match="严重程度"):
        effective_severity("很轻")
