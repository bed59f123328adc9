"""Write and verify the audit trail: append-only rows, each chained to the one before."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.models import AuditEntry
from admin.models.common import utcnow

GENESIS = "0" * 64


def entry_hash(
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: dict[str, Any],
) -> str:
    """Return the SHA-256 that seals one entry to its predecessor."""
    payload = json.dumps(
        [
            prev_hash,
            at.isoformat(timespec="microseconds"),
            actor,
            action,
            entity,
            entity_id,
            detail,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_HEAD_KEY = "gongshi_audit_head"


def chain_head(session: Session) -> str:
    """Return the hash of the newest entry, or the genesis hash of an empty trail."""
    cached = session.info.get(_HEAD_KEY)
    if cached is not None:
        return cached
    head = session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return head or GENESIS


@sa.event.listens_for(Session, "after_commit")
@sa.event.listens_for(Session, "after_soft_rollback")
def _forget_head(session: Session, *_args: object) -> None:
    # The cached head is only trustworthy inside the transaction that wrote it: writers
    # begin with BEGIN IMMEDIATE, so nobody else can append until it ends.
    session.info.pop(_HEAD_KEY, None)


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    **detail: Any,
) -> AuditEntry:
    """Append one entry to the trail, in the caller's transaction."""
    # JSON round trip so the hashed detail is exactly what the database stores.
    detail = json.loads(json.dumps(detail, ensure_ascii=False, default=str))
    prev = chain_head(session)
    at = utcnow()
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
        prev_hash=prev,
        hash=entry_hash(prev, at, actor, action, entity, entity_id, detail),
    )
    session.add(entry)
    session.flush()
    session.info[_HEAD_KEY] = entry.hash
    return entry


def verify_chain(session: Session) -> list[str]:
    """Return the problems found walking the whole chain (empty when intact)."""
    problems: list[str] = []
    prev = GENESIS
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev:
            problems.append(f"第 {entry.id} 条：前一条的哈希不符（记录被删除或插入）")
        expected = entry_hash(
            entry.prev_hash,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.detail,
        )
        if entry.hash != expected:
            problems.append(f"第 {entry.id} 条：内容与哈希不符（记录被修改）")
        prev = entry.hash
    return problems
