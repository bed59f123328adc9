"""Publishing's refusals: is a public form clean, is a reason fit (the state machine,
:func:`admin.domain.workflow.decide`, says whether a record may go out at all).

Each raises :class:`admin.publish.transaction.PublishError` with a Chinese message naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from admin.domain import public_forms, redact
from admin.domain.fieldmask import known_people
from admin.publish.transaction import PublishError


def check_public(meta: Mapping[str, Any], body: str) -> None:
    # The forms check themselves; this guards what publishing added or kept after them.
    try:
        public_forms.assert_publishable(meta, body)
    except public_forms.NotPublishable as exc:
        raise PublishError(exc.message) from None


def _people_of(record: Any) -> redact.KnownPeople:
    """Return whom the record names: for a case, the masker's own list (``known_people``)."""
    if hasattr(record, "party_kind"):
        return known_people(record)
    # An officer or catalogue entry: its own numbers only (its name is public).
    number, phone = getattr(record, "id_number", ""), getattr(record, "phone", "")
    return redact.KnownPeople(
        id_numbers=(number,) if number else (), phones=(phone,) if phone else ()
    )


def check_reason(record: Any, text: str, field: str) -> str:
    """Return ``text`` stripped; refuse it empty or holding anything the masker would hide."""
    text = (text or "").strip()
    if not text:
        raise PublishError(f"{field}：必须填写")
    known = _people_of(record)
    # Refused rather than masked: the officer words a notice that is published verbatim.
    if redact.redact_text(text, known).masked:
        raise PublishError(f"{field}：会公开发布，不能含有姓名、身份证号、手机号或银行卡号")
    return text
