"""How the record page shows stored values to a clerk: money in 元, lists joined, names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from admin.domain.localtime import format_local_time
from admin.domain.money import format_yuan

#: Foreign keys shown by the name of what they point at.
_RELATED = {"item_id": "item", "body_id": "body"}


def shown_fields(
    record: Any,
    labels: dict[str, str],
    hidden: tuple[str, ...],
    *,
    zone: str | None = None,
    people: Mapping[int, str] | None = None,
) -> list:
    """Return (label, value) for every column of ``record``, readable rather than raw.

    Stored times are shown in ``zone``; accounts (录入人) by their name in ``people``.
    """
    rows = [
        (labels.get(column.key, column.key), shown_value(record, column.key, zone, people))
        for column in record.__table__.columns
        if column.key not in hidden
    ]
    officers = getattr(record, "officers", None)
    if officers is not None:
        names = "、".join(f"{o.name}（{o.certificate_no or '无证'}）" for o in officers)
        rows.append(("执法人员", names or None))
    return rows


def shown_value(
    record: Any, key: str, zone: str | None = None, people: Mapping[int, str] | None = None
) -> Any:
    """Return one column's value as a clerk reads it."""
    value = getattr(record, key)
    if isinstance(value, dt.datetime):
        # The database holds naive UTC; a clerk reads the deployment's time, to the minute.
        return format_local_time(value, zone)
    if key == "created_by_id" and value is not None:
        return (people or {}).get(value, f"账号 {value}")
    if key.endswith("_fen") and isinstance(value, int):
        return format_yuan(value)
    if key in _RELATED:
        related = getattr(record, _RELATED[key], None)
        return getattr(related, "name", None) if related is not None else value
    if isinstance(value, list):
        return "；".join(_item(entry) for entry in value) or None
    return value


def _item(entry: Any) -> str:
    if isinstance(entry, dict):
        # related_persons: 姓名（关系）身份证号 电话; attachments: name
        parts = [entry.get("name", "")]
        if entry.get("role"):
            parts[0] += f"（{entry['role']}）"
        parts += [entry.get(k, "") for k in ("id_number", "phone", "address", "file", "url")]
        return " ".join(p for p in parts if p)
    return str(entry)
