"""Write and verify the audit trail: append-only rows, each chained to the one before.

Since migration 0005 each row's hash is an HMAC-SHA-256 keyed with ``audit_key`` in the
instance folder (never in the database, never in content/): someone who can write the
table but not read the instance folder can no longer rewrite rows after the last anchor
and recompute the chain. Rows written before keep their plain SHA-256 (``scheme`` NULL)
and verify as before; a plain row after the first keyed one is a forgery.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from admin import config
from admin.errors import GongshiError
from admin.models import AuditChainHead, AuditEntry
from admin.models.common import utcnow

GENESIS = "0" * 64
KEYED = "hmac1"
KEY_FILE = "audit_key"


class AuditKeyMissing(GongshiError):
    """The instance folder has no audit key although keyed entries exist."""


def entry_hash(
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: dict[str, Any],
    key: bytes | None = None,
) -> str:
    """Return the hash that seals one entry to its predecessor (keyed when ``key`` is given)."""
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
    ).encode("utf-8")
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def key_path() -> Path:
    """Return where the audit key lives: the running app's instance folder."""
    folder = Path(current_app.instance_path) if has_app_context() else config.instance_dir()
    return folder / KEY_FILE


def audit_key(*, create: bool = True) -> bytes:
    """Return the instance's audit key, generating it (0600) on first use."""
    path = key_path()
    if path.exists():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    if not create:
        raise AuditKeyMissing(f"审计密钥 {path} 不存在")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it a moment ago
        return audit_key(create=False)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return audit_key(create=False)


def _locked_head(session: Session) -> AuditChainHead:
    """Return the chain-head row, locked until the transaction ends.

    SQLite writers already hold the database (BEGIN IMMEDIATE) and ignore FOR UPDATE;
    on PostgreSQL the row lock makes two appenders queue instead of forking the chain.
    """
    # populate_existing: a head loaded earlier in the session must be refreshed with the
    # locked row's values, not kept from before another appender committed.
    query = (
        sa.select(AuditChainHead)
        .where(AuditChainHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    head = session.execute(query).scalar_one_or_none()
    if head is None:  # a database made without migration 0005's seed row
        last = session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        count = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0
        head = AuditChainHead(
            id=1,
            head=last.hash if last else GENESIS,
            entries=count,
            keyed_from=(last.id + 1) if last else 1,
        )
        session.add(head)
    return head


def chain_head(session: Session) -> str:
    """Return the hash of the newest entry, or the genesis hash of an empty trail."""
    head = session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return head or GENESIS


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    **detail: Any,
) -> AuditEntry:
    """Append one entry to the trail, in the caller's transaction, under the head's lock."""
    # JSON round trip so the hashed detail is exactly what the database stores.
    detail = json.loads(json.dumps(detail, ensure_ascii=False, default=str))
    head = _locked_head(session)
    prev = head.head
    at = utcnow()
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
        prev_hash=prev,
        hash=entry_hash(prev, at, actor, action, entity, entity_id, detail, audit_key()),
        scheme=KEYED,
    )
    session.add(entry)
    session.flush()
    head.head, head.entries = entry.hash, head.entries + 1
    session.flush()
    return entry


def entry_count(session: Session) -> int:
    """Return how many entries the trail holds (the anchor's position)."""
    return session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0


def verify_chain(session: Session) -> list[str]:
    """Return the problems found walking the whole chain (empty when intact)."""
    problems: list[str] = []
    prev = GENESIS
    head = session.get(AuditChainHead, 1)
    keyed_from = head.keyed_from if head is not None else 1
    seen_keyed = False
    key: bytes | None = None
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev:
            problems.append(f"第 {entry.id} 条：前一条的哈希不符（记录被删除或插入）")
        if entry.scheme == KEYED:
            seen_keyed = True
            if key is None:
                try:
                    key = audit_key(create=False)
                except AuditKeyMissing as exc:
                    return [*problems, f"{exc.message}，无法校验带密钥的记录"]
        elif entry.scheme is not None:
            problems.append(f"第 {entry.id} 条：未知的哈希方式 {entry.scheme}")
        elif seen_keyed or entry.id >= keyed_from:
            # A plain row where keyed ones are due: recomputed without the key.
            problems.append(f"第 {entry.id} 条：应为带密钥的哈希（记录被改写后重算）")
        expected = entry_hash(
            entry.prev_hash,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.detail,
            key if entry.scheme == KEYED else None,
        )
        if entry.hash != expected:
            problems.append(f"第 {entry.id} 条：内容与哈希不符（记录被修改）")
        prev = entry.hash
    return problems
