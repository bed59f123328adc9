"""The field checks every ``validate_*`` function shares, and the first error per field.

:class:`Checker` collects at most one :class:`FieldError` per field (the first rule it
breaks), each message starting with the field's Chinese label; the credit code, ID card
and phone checks say what is wrong rather than only that something is.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from admin.domain import vocab
from admin.domain.fields import FIELD_LABELS, MAX_LENGTHS
from admin.domain.identifiers import (
    CREDIT_CODE_CHARSET,
    PROVINCE_CODES,
    birth_date_of,
    id_birth_date,
    is_mobile_number,
    is_plausible_legacy_id_number,
    is_valid_credit_code,
    is_valid_id_number,
    normalise,
)
from admin.domain.money import MAX_FEN

ID_CARD = "身份证"

_LANDLINE_RE = re.compile(r"(?:\(0\d{2,3}\)|0\d{2,3}-?)?[2-9]\d{6,7}(?:(?:-|转)\d{1,6})?")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class FieldError:
    """One refusal: the field's attribute name, its label, and a message starting with it."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return self.message


class OfficerLike(Protocol):
    name: str

    @property
    def is_certified(self) -> bool: ...


class Checker:
    """Collects the first error of each field of one record."""

    def __init__(self, record: str, fields: Mapping[str, Any]) -> None:
        self.record = record
        self.fields = fields
        self.labels = FIELD_LABELS[record]
        self.errors: dict[str, FieldError] = {}

    def fail(self, field: str, reason: str) -> None:
        if field not in self.errors:
            label = self.labels[field]
            self.errors[field] = FieldError(field, label, f"{label}：{reason}")

    def finish(self) -> list[FieldError]:
        for field, size in MAX_LENGTHS[self.record].items():
            value = self.fields.get(field)
            if isinstance(value, str) and len(value) > size:
                self.fail(field, f"不能超过 {size} 个字符（现有 {len(value)} 个）")
        return list(self.errors.values())

    def text(self, field: str) -> str:
        value = self.fields.get(field)
        return "" if value is None else str(value).strip()

    def required(self, *fields: str) -> None:
        for field in fields:
            value = self.fields.get(field)
            if value is None or (isinstance(value, str | list | tuple) and not _filled(value)):
                self.fail(field, "不能为空")

    def defaulted(self, *fields: str) -> None:
        """Refuse a blank given for a field the model defaults when it is left out."""
        for field in fields:
            if field in self.fields and not _filled(self.fields[field] or ""):
                self.fail(field, "不能为空")

    def choice(self, field: str, allowed: Sequence[str]) -> str | None:
        value = self.fields.get(field)
        if value is None or value == "":
            return None  # reported by required() or defaulted() where it matters
        # Compared as given, not stripped: " 自然人" would be stored with its space.
        text = str(value)
        if text not in allowed:
            self.fail(field, f"「{text}」不是可选的值，应为：{'、'.join(allowed)}")
            return None
        return text

    def date(self, field: str) -> dt.date | None:
        value = self.fields.get(field)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date) or value is None:
            return value
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            if not text:
                return None
            # Only YYYY-MM-DD: fromisoformat() would also take 20260302 and 2026-W10-1.
            if _DATE_RE.fullmatch(text):
                try:
                    return dt.date.fromisoformat(text)
                except ValueError:
                    pass
        self.fail(field, f"「{value}」不是有效的日期（应为 YYYY-MM-DD）")
        return None

    def past_date(self, field: str, today: dt.date) -> dt.date | None:
        day = self.date(field)
        if day and day > today:
            self.fail(field, "不能晚于今天")
        return day

    def fen(self, field: str) -> int:
        value = self.fields.get(field)
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, "应为以分为单位的整数")
            return 0
        if value < 0:
            self.fail(field, "不能为负数")
            return 0
        if value > MAX_FEN:
            self.fail(field, "超出可记录的范围")
            return 0
        return value

    def credit_code(self, field: str) -> None:
        value = self.text(field)
        if value and not is_valid_credit_code(value):
            self.fail(field, credit_code_problem(value))

    def id_document(self, type_field: str, number_field: str, today: dt.date) -> None:
        id_type = self.choice(type_field, vocab.ID_TYPES)
        number = self.text(number_field)
        if number and not self.text(type_field):
            self.fail(type_field, "填写了证件号码时必须填写")
        elif number and id_type == ID_CARD:
            problem = id_card_problem(number, today)
            if problem:
                self.fail(number_field, problem)

    def phone(self, field: str) -> None:
        value = self.text(field)
        if value and not _is_phone_number(value):
            self.fail(field, "不是有效的手机号码或固定电话号码")

    def officers(self, officers: Sequence[OfficerLike], rule: str) -> None:
        # Two colleagues may share a name; their certificates tell them apart.
        certified = {
            getattr(officer, "certificate_no", "") or officer.name
            for officer in officers
            if officer.is_certified
        }
        if len(certified) < 2:
            others = [officer.name for officer in officers if not officer.is_certified]
            missing = f"；{'、'.join(others)} 无执法证" if others else ""
            self.fail("officers", f"{rule}，现有持证执法人员 {len(certified)} 名{missing}")


def _filled(value: str | list[object] | tuple[object, ...]) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def quote(values: Iterable[str]) -> str:
    return "".join(f"「{value}」" for value in values)


def credit_code_problem(value: str) -> str:
    code = normalise(value).upper()
    bad = sorted({ch for ch in code if ch not in CREDIT_CODE_CHARSET})
    if len(code) != 18:
        return f"应为 18 位，现有 {len(code)} 位"
    if bad:
        return f"含有不允许的字符{quote(bad)}（统一社会信用代码不使用 I、O、S、V、Z）"
    if not code[2:8].isdigit():
        return "第 3–8 位（行政区划码）应为数字"
    return "校验位不正确，请核对（GB 32100）"


def id_card_problem(value: str, today: dt.date | None) -> str | None:
    number = normalise(value).upper()
    if len(number) == 15:
        return None if is_plausible_legacy_id_number(number) else "15 位旧身份证号码格式不正确"
    if len(number) != 18:
        return f"身份证号码应为 18 位（或 15 位旧号码），现有 {len(number)} 位"
    if not is_valid_id_number(number):
        if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
            return "身份证号码应为 17 位数字加一位数字或 X"
        if number[:2] not in PROVINCE_CODES:
            return "前两位不是有效的省级行政区划代码"
        if birth_date_of(number[6:14]) is None:
            return "第 7–14 位不是有效的出生日期"
        return "校验位不正确，请核对（GB 11643）"
    born = id_birth_date(number)
    if today and born and born > today:
        return "出生日期晚于今天"
    return None


def _is_phone_number(value: str) -> bool:
    text = normalise(value)
    return is_mobile_number(text.replace("-", "")) or _LANDLINE_RE.fullmatch(text) is not None
