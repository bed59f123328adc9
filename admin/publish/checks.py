"""Publishing's refusals: may this record go out, is its public form clean, is a reason fit.

Each raises :class:`admin.publish.transaction.PublishError` with a Chinese message naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from admin.domain import public_forms, redact, vocab
from admin.domain import workflow as rules
from admin.domain.fieldmask import known_people
from admin.models import PenaltyDecision
from admin.publish.transaction import PublishError
from admin.store import revisions


def check_penalty_may_publish(session: Session, decision: PenaltyDecision) -> None:
    check_not_withdrawn(decision)
    if decision.repaired_on is not None:
        raise PublishError("状态：已信用修复的决定不能再次公示")
    # import --publish moves postings already reviewed and published elsewhere (DESIGN.md).
    if decision.imported or decision.state == vocab.STATE_PUBLISHED:
        return
    if not decision.review_required:
        if decision.state not in (vocab.STATE_DRAFT, vocab.STATE_APPROVED):
            raise PublishError(f"状态：当前状态（{decision.state}）不能公示")
        return
    if decision.state != vocab.STATE_APPROVED:
        raise PublishError(f"状态：须经法制审核通过才能公示（当前为{decision.state}）")
    # The same rule the back-office asks: fresh eyes agreed to this very revision.
    situation = revisions.penalty_situation(session, decision)
    if not rules.approval_current(situation):
        raise PublishError("法制审核：须由办案人员以外、且未修改或提交过本版本的审核员审核同意")


def check_licence_may_publish(licence: Any, *, review: bool) -> None:
    """Refuse a licence withdrawn, or unreviewed where the setting asks for 法制审核."""
    check_not_withdrawn(licence)
    if not review or licence.imported or licence.state == vocab.STATE_PUBLISHED:
        return
    if licence.state != vocab.STATE_APPROVED:
        raise PublishError(f"状态：须经法制审核通过才能公示（当前为{licence.state}）")


def check_not_withdrawn(record: Any) -> None:
    if record.state == vocab.STATE_WITHDRAWN:
        raise PublishError("状态：已撤回的记录不能再次公示")


def form(function: Callable[..., Any], record: Any, **kwargs: Any) -> Any:
    """Return a public form, turning its refusal (a minor, a leftover number) into ours."""
    try:
        return function(record, **kwargs)
    except public_forms.NotPublishable as exc:
        raise PublishError(exc.message) from None


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
