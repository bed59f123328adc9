"""Publishing's refusals: is a public form clean, is a reason fit (the state machine,
:func:`admin.domain.workflow.decide`, says whether a record may go out at all).

Each raises :class:`admin.publish.transaction.PublishError` with a Chinese message naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from admin.domain import public_forms, redact, vocab
from admin.publish.transaction import PublishError


def check_public(meta: Mapping[str, Any], body: str) -> None:
    # The forms check themselves; this guards what publishing added or kept after them.
    try:
        public_forms.assert_publishable(meta, body)
    except public_forms.NotPublishable as exc:
        raise PublishError(exc.message) from None


def check_reason(record: Any, text: str, field: str) -> str:
    """Return ``text`` stripped; refuse it empty or holding anything the masker would hide."""
    text = (text or "").strip()
    if not text:
        raise PublishError(f"{field}：必须填写")
    people = [p.get("name", "") for p in getattr(record, "related_persons", None) or []]
    if getattr(record, "party_kind", "") == vocab.PARTY_NATURAL:
        people.append(record.party_name)  # a firm's or 个体工商户's name is public
    numbers = [getattr(record, key, "") for key in ("id_number", "party_phone", "phone")]
    known = redact.KnownPeople(
        names=tuple(filter(None, people)),
        id_numbers=tuple(filter(None, numbers)),
        public_names=tuple(o.name for o in getattr(record, "officers", None) or []),
    )
    # Refused rather than masked: the officer words a notice that is published verbatim.
    if redact.redact_text(text, known).masked:
        raise PublishError(f"{field}：会公开发布，不能含有姓名、身份证号、手机号或银行卡号")
    return text
