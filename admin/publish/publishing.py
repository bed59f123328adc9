"""Publishing: one record's public form into ``content/``; withdraw, repair and expire it.

The only writer of record files. Each function works in the caller's database
transaction, writes the file atomically, records an audit entry and refreshes
``content/audit-head.toml``. Callers wrap it in :func:`admin.publish.transaction.all_or_nothing`,
which stages the files, commits, then renames them (nothing public on a failure). A notice
(withdrawn, repaired, expired) keeps the file and its URL but holds only the identifying
number, dates, reason and basis. The refusals live in :mod:`admin.publish.checks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.content.store import (
    ContentStoreError,
    RecordFile,
    after_placed,
    commit_content_file,
    read_record_file,
    staged_writes,
    write_record_file,
)
from admin.domain import pii, public_forms, publicity, vocab
from admin.domain import workflow as rules
from admin.domain.contentfile import notice_meta
from admin.domain.datasets import DATASETS
from admin.models import (
    DATASET_MODELS,
    PenaltyDecision,
    User,
)
from admin.publish import checks as checks
from admin.publish import preparation
from admin.publish.transaction import (  # noqa: F401 - the publishing API callers import from here
    NotPlaced,
    PublishError,
    all_or_nothing,
    anchor,
    batch,
    batch_state,
)
from admin.store import audit, states

PUBLISHED, WITHDRAWN, EXPIRED, REPAIRED = "published", "withdrawn", "expired", "repaired"
BASIS_PENALTY = "《中华人民共和国行政处罚法》第四十八条"
BASIS_INFO = "《中华人民共和国政府信息公开条例》"
BASIS_ENFORCEMENT = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度"
    "重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"
)
#: (dataset, audit entity, Chinese name) per model.
KINDS: dict[type, tuple[str, str, str]] = {
    DATASET_MODELS[key]: (key, d.entity, d.name) for key, d in DATASETS.items()
}
_ACTIONS = {PUBLISHED: ("publish", "公示"), WITHDRAWN: ("withdraw", "撤回")}
_ACTIONS |= {REPAIRED: ("repair", "信用修复"), EXPIRED: ("expire", "公示期满")}


def publish_record(
    session: Session,
    record: Any,
    *,
    actor: str,
    today: dt.date,
    content_root: Path,
    account: rules.Actor = rules.COMMAND,
) -> Path | None:
    """Publish (or refresh) a record: its prepared public form into content/.

    The state machine decides (``account`` is the signed-in account; a command by
    default). A decision's 公示截止期 and 发布日期 are fixed. An officer no longer certified
    has the page replaced by a notice (None: never published, nothing to take down).
    """
    dataset = _kind(record)[0]
    if dataset == "officers" and public_forms.officer_form(record, today=today) is None:
        if read_record_file(content_root, "officers", record.slug) is None:
            return None
        reason = "该人员已不再具备行政执法资格"
        common = {"actor": actor, "today": today, "content_root": content_root}
        return withdraw_record(session, record, reason=reason, **common)
    try:
        prepared = preparation.prepare(
            session, dataset, record, today=today, content_root=content_root
        )
    except public_forms.NotPublishable as exc:
        raise PublishError(exc.message) from None
    # The state and the dates change together: one UPDATE, one new version.
    _move(session, record, rules.PUBLISH, account, dataset=dataset)
    if prepared.first is not None:
        record.published_on = prepared.first
    if prepared.until is not None:
        record.publicity_until = prepared.until
    meta, body = prepared.meta, prepared.body
    common = {"actor": actor, "today": today, "root": content_root}
    return _publish(session, record, meta, body, **common, prepared=True)


# One name per record type, as the back office and the importer call them.
publish_penalty = publish_inspection = publish_info = publish_record
publish_subject = publish_officer = publish_item = publish_record


def withdraw_record(
    session: Session,
    record: Any,
    *,
    reason: str,
    actor: str,
    today: dt.date,
    content_root: Path,
    account: rules.Actor = rules.COMMAND,
) -> Path:
    """Withdraw (撤回) a published record: its file becomes a notice with reason and basis."""
    reason = checks.check_reason(record, reason, "撤回原因")
    dataset = _kind(record)[0]
    _move(session, record, rules.WITHDRAW, account, dataset=dataset)
    existing = _existing(content_root, dataset, record.slug)
    basis = {"penalties": BASIS_PENALTY, "info": BASIS_INFO}.get(dataset, BASIS_ENFORCEMENT)
    meta = notice_meta(existing, status=WITHDRAWN, notice_date=today, reason=reason, basis=basis)
    if hasattr(record, "withdrawn_on"):
        record.withdrawn_on, record.withdraw_reason = today, reason
    return _publish(session, record, meta, "", actor=actor, today=today, root=content_root)


def repair_record(
    session: Session,
    decision: PenaltyDecision,
    *,
    repair_ref: str,
    actor: str,
    today: dt.date,
    content_root: Path,
    account: rules.Actor = rules.COMMAND,
) -> Path:
    """Take a penalty off early after 信用修复, once its minimum period has passed."""
    repair_ref = (repair_ref or "").strip()
    if not repair_ref:
        raise PublishError("信用修复文号：必须填写")
    if pii.find_personal_numbers(repair_ref):
        raise PublishError("信用修复文号：不能含有身份证号、手机号或银行卡号")
    _move(session, decision, rules.REPAIR, account, dataset="penalties", today=today)
    existing = _existing(content_root, "penalties", decision.slug)
    basis = publicity.REGIME_TITLES[publicity.regime_for(decision.decision_date)]
    meta = notice_meta(
        existing,
        status=REPAIRED,
        notice_date=today,
        reason="信用修复",
        basis=basis,
        repair_ref=repair_ref,
    )
    decision.repaired_on, decision.repair_ref = today, repair_ref
    return _publish(session, decision, meta, "", actor=actor, today=today, root=content_root)


def expire_content(
    content_root: Path,
    today: dt.date,
    *,
    git_commit: bool = False,
    problems: list[str] | None = None,
) -> list[Path]:
    """Rewrite every penalty file whose 公示截止期 is before ``today`` into its notice.

    Works on ``content/`` alone (CI runs it daily before the build), so expired details
    leave the tip of the content history, not only the site. All or nothing: every notice
    is staged first and renamed only when all were written. With ``problems``, a file that
    cannot be read is listed there and the others still expire (issue 14).
    """
    rewritten = []
    with staged_writes() as staged:
        for record in _penalty_files(content_root, problems):
            if not _expires(record.meta, today):
                continue  # withdrawn, repaired, or shown through its 公示截止期 inclusive
            notice = publicity.expiry_notice(record.meta)
            written = write_record_file(content_root, "penalties", record.slug, notice, "")
            if written.changed:
                rewritten.append(written.path)
                if git_commit:
                    message = _commit_message(EXPIRED, "penalties", record.slug, notice)
                    after_placed(_committer(content_root, written.path, "gongshi", message))
        failed = staged.apply()
    if failed:
        raise NotPlaced(failed)
    return rewritten


def _committer(root: Path, path: Path, author: str, message: str) -> Callable[[], bool]:
    """Return the git commit of one placed file (run once it is in place)."""
    return lambda: commit_content_file(root, path, author=author, message=message)


def _penalty_files(content_root: Path, problems: list[str] | None) -> Iterator[RecordFile]:
    """Yield each readable penalty file; list the others in ``problems`` (or raise)."""
    folder = Path(content_root) / "penalties"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.startswith("."):
            continue  # editors' and our own temporary files, never content
        try:
            record = read_record_file(content_root, "penalties", path.stem)
        except ContentStoreError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
            continue
        if record is not None:
            yield record


def _expires(meta: Mapping[str, Any], today: dt.date) -> bool:
    """Return whether a penalty file's record leaves its 公示期 by ``today`` (the rules')."""
    until = meta.get("publicity_until")
    if not isinstance(until, dt.date):
        return False
    shown = vocab.STATE_PUBLISHED if meta.get("status", PUBLISHED) == PUBLISHED else None
    terms = rules.Terms(dt.date.min, "", publicity_until=until)
    file = rules.Situation("penalties", shown, None, None, False, terms=terms)
    try:
        rules.decide(rules.EXPIRE, file, rules.COMMAND, today=today)
    except rules.Refused:
        return False
    return True


def _move(session: Session, record: Any, action: str, account: rules.Actor, **how: Any) -> None:
    """Take the workflow step through the one state machine; its refusal is ours."""
    try:
        states.apply_transition(session, record, action, account, **how)
    except rules.Refused as refused:
        raise PublishError(refused.message) from None


def _setting(key: str) -> Any:
    """Return a gongshi setting of the running app (None outside one, e.g. a bare script)."""
    return (preparation.settings() or {}).get(key)


def _publish(
    session: Session,
    record: Any,
    meta: Mapping[str, Any],
    body: str,
    *,
    actor: str,
    today: dt.date,
    root: Path,
    prepared: bool = False,
) -> Path:
    dataset, entity, _ = _kind(record)
    if not prepared:  # a notice; a prepared form already has its final dates
        meta = preparation.final_meta(root, dataset, record.slug, meta, body, today)
    if meta["status"] == PUBLISHED:
        checks.check_public(meta, body)
    written = write_record_file(root, dataset, record.slug, meta, body)
    action = _ACTIONS[meta["status"]][0]
    entry = audit.record(
        session, actor, action, entity, record.id, dataset=dataset, slug=record.slug
    )
    anchor(session, root, entry)
    if written.changed and _setting("GIT_COMMIT_CONTENT"):
        message = _commit_message(meta["status"], dataset, record.slug, meta)
        after_placed(_committer(root, written.path, _author(session, actor), message))
    return written.path


def _commit_message(status: str, dataset: str, slug: str, meta: Mapping[str, Any]) -> str:
    name = DATASETS[dataset].name
    # The number or title only: a notice's and a public form's title hold nothing personal.
    label = meta.get("decision_no") or meta.get("index_no") or meta.get("title") or slug
    return f"{_ACTIONS[status][1]}{name} {label}（{dataset}/{slug}）"


def _existing(root: Path, dataset: str, slug: str) -> dict[str, Any]:
    existing = read_record_file(root, dataset, slug)
    if existing is None:
        raise PublishError("公示文件：找不到该记录已公示的文件")
    return existing.meta


def _kind(record: Any) -> tuple[str, str, str]:
    for model, kind in KINDS.items():
        if isinstance(record, model):
            return kind
    raise PublishError(f"记录类型：{type(record).__name__} 不能公示")


def _author(session: Session, actor: str) -> str:
    user = session.scalar(sa.select(User).where(User.username == actor))
    return (user.display_name or user.username) if user else actor
