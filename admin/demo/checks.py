"""Hold the demo to the rules every record must pass (``admin.domain.validation``).

The demo is fixed data, so a refusal here is a bug in the data files: loading stops
before anything is committed, with every problem named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from admin.demo.dates import DEMO_TODAY
from admin.domain import validation
from admin.domain.licence_columns import validate_licence
from admin.errors import GongshiError
from admin.models import (
    Body,
    EnforcementItem,
    InfoItem,
    Inspection,
    Licence,
    Officer,
    PenaltyDecision,
)


class DemoDataError(GongshiError, ValueError):
    """The demo's own data breaks a validation rule."""


def validate_demo(
    township: Body,
    officers: Iterable[Officer],
    items: Iterable[EnforcementItem],
    decisions: Iterable[PenaltyDecision],
    inspections: Iterable[Inspection],
    info: Iterable[InfoItem],
) -> None:
    """Raise DemoDataError naming every demo record the domain validation refuses."""
    today = DEMO_TODAY
    problems = _problems([township], validation.validate_subject, lambda b: b.name)
    problems += _problems(
        officers, lambda f: validation.validate_officer(f, today=today), lambda o: o.name
    )
    problems += _problems(items, validation.validate_item, lambda i: i.slug)
    for decision in decisions:
        errors = validation.validate_penalty(
            record_fields(decision), today=today, officers=decision.officers
        )
        problems += [f"{decision.decision_no}：{error}" for error in errors]
    for inspection in inspections:
        errors = validation.validate_inspection(
            record_fields(inspection), today=today, officers=inspection.officers
        )
        problems += [f"检查 {inspection.slug}：{error}" for error in errors]
    problems += _problems(
        info, lambda f: validation.validate_info_item(f, today=today), lambda i: i.index_no
    )
    if problems:
        raise DemoDataError("示例数据不符合校验规则：" + "；".join(problems))


def validate_licences(licences: Iterable[Licence]) -> None:
    """Raise DemoDataError naming every demo licence the licence rules refuse."""
    problems = [
        f"{licence.decision_no}：{error}"
        for licence in licences
        for error in validate_licence(record_fields(licence), today=DEMO_TODAY)
    ]
    if problems:
        raise DemoDataError("示例数据不符合校验规则：" + "；".join(problems))


def record_fields(record: Any) -> dict[str, Any]:
    """Return a record's column values keyed by attribute name, as validation takes them."""
    mapper = sa.inspect(record).mapper
    return {attr.key: getattr(record, attr.key) for attr in mapper.column_attrs}


def _problems(
    records: Iterable[Any],
    check: Callable[[dict[str, Any]], list[validation.FieldError]],
    name: Callable[[Any], str],
) -> list[str]:
    return [f"{name(r)}：{error}" for r in records for error in check(record_fields(r))]
