"""Helpers between forms and models: conversions, snapshots, masking, versions, conflicts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app

from admin.domain.money import MoneyError, fen_to_yuan, yuan_to_fen
from admin.domain.validation import FieldError

#: Keys of one related person, in the order of a textarea line 姓名,身份证号,电话,关系.
PERSON_KEYS = ("name", "id_number", "phone", "role")
#: Keys of a related person that are personal numbers, masked in the audit trail.
PERSON_PRIVATE = frozenset({"id_number", "phone"})


def today() -> dt.date:
    """Return today's date where the deployment is (Asia/Shanghai by default)."""
    return dt.datetime.now(ZoneInfo(current_app.config["GONGSHI"]["TIMEZONE"])).date()


def content_root() -> Path:
    """Return the content/ folder the site is built from."""
    return Path(current_app.config["GONGSHI"]["CONTENT_DIR"])


def text_of(value: Any) -> str:
    """Return a submitted value as stripped text with \n line endings ('' for None).

    Browsers send a textarea's lines ending in \r\n: without normalising, a field saved
    untouched would differ from the stored text and be logged as changed.
    """
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_yuan(value: str, field: str, label: str, errors: list[FieldError]) -> int:
    """Return an amount in 元 as exact 分 (blank is 0); a bad amount adds a field error."""
    if not value.strip():
        return 0
    try:
        return yuan_to_fen(value, label=label)
    except MoneyError as exc:
        errors.append(FieldError(field, label, exc.message))
        return 0


def show_yuan(fen: int | None) -> str:
    """Return 分 as the 元 amount a form shows ('' for nothing)."""
    return f"{fen_to_yuan(fen)}" if fen else ""


def parse_people(text: str, field: str, label: str, errors: list[FieldError]) -> list[dict]:
    """Read lines ``姓名,身份证号,电话,关系`` (ASCII or Chinese commas) into person dicts."""
    people = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in re.split(r"[,，、]", line)]
        if len(parts) > len(PERSON_KEYS) or not parts[0]:
            errors.append(
                FieldError(field, label, f"{label}：第 {number} 行应为「姓名,身份证号,电话,关系」")
            )
            continue
        parts += [""] * (len(PERSON_KEYS) - len(parts))
        people.append(dict(zip(PERSON_KEYS, parts, strict=True)))
    return people


def show_people(people: Iterable[Mapping[str, str]] | None) -> str:
    """Return related persons as the textarea's lines."""
    return "\n".join(",".join(p.get(k, "") for k in PERSON_KEYS) for p in people or [])


def plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data: dates as ISO text, records by their name."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        items = [plain(item) for item in value]
        # Related records (officers) by name, in a stable order: their order means nothing.
        return sorted(items) if value and hasattr(value[0], "__table__") else items
    if hasattr(value, "__table__"):
        return getattr(value, "name", None) or getattr(value, "slug", str(value))
    return value


def snapshot(record: Any, fields: Iterable[str]) -> dict[str, Any]:
    """Return the JSON-ready values of ``fields`` of ``record``."""
    return {name: plain(getattr(record, name)) for name in fields}


def mask(value: Any) -> Any:
    """Hide a personal value but its last 4 characters (lists and persons field by field)."""
    if isinstance(value, list):
        return [mask(item) for item in value]
    if isinstance(value, dict):
        return {k: mask(v) if k in PERSON_PRIVATE else v for k, v in value.items()}
    if not isinstance(value, str) or not value:
        return value
    return "*" * max(len(value) - 4, 0) + value[-4:] if len(value) > 4 else "*" * len(value)


def audit_change(
    before: Mapping[str, Any], after: Mapping[str, Any], private: Iterable[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the before/after of the fields that changed, personal values masked."""
    private = frozenset(private)
    changed = [name for name in after if before.get(name) != after[name]]

    def shown(values: Mapping[str, Any], name: str) -> Any:
        return mask(values.get(name)) if name in private else values.get(name)

    return (
        {name: shown(before, name) for name in changed},
        {name: shown(after, name) for name in changed},
    )


def display(value: Any) -> str:
    """Return a stored value as a person reads it in the conflict notice."""
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(
            display(v) if not isinstance(v, dict) else ",".join(v.values()) for v in value
        )
    return str(value)
