"""Publishing as one transaction across the database, the audit chain and ``content/``.

Order (SECURITY.md, issue 14): every content file and ``audit-head.toml`` is written to a
temporary file, the database transaction commits, and only then are the files renamed
into place. A failure before the commit leaves nothing public: the database rolls back
and the temporary files are removed. A rename that fails after the commit leaves the
database ahead of ``content/`` (never the reverse): ``gongshi check content`` reports it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from admin.content.store import (
    ContentStoreError,
    deferred_sync,
    staged_writes,
    write_audit_head,
)
from admin.errors import GongshiError
from admin.models import AuditEntry
from admin.store import audit

_batch = threading.local()


class PublishError(GongshiError):
    """Publishing was refused; ``message`` is Chinese and names the field."""


class NotPlaced(GongshiError):
    """The database committed but some files could not be renamed into ``content/``."""

    def __init__(self, paths: list[Path]) -> None:
        names = "、".join(path.name for path in paths)
        self.message = (
            f"数据库已保存，但文件 {names} 未能写入 content/；"
            "请运行 gongshi check content 核对，并联系管理员处理"
        )
        super().__init__(self.message)
        self.paths = paths


@contextmanager
def all_or_nothing(session: Session) -> Iterator[None]:
    """Run the block's publishing, then commit and place its files; or change nothing.

    A refusal, a content/ error or a failed commit rolls back and removes the temporary
    files, then raises PublishError (Chinese); StaleDataError passes through for the
    caller's lost-update answer. Raises NotPlaced when a rename after the commit failed.
    """
    with staged_writes() as staged:
        try:
            yield
            session.commit()
        except StaleDataError:
            session.rollback()
            raise
        except ContentStoreError as exc:
            session.rollback()
            raise PublishError(f"操作未完成，数据库和公开内容均未改动：{exc.message}") from None
        except sa.exc.SQLAlchemyError as exc:
            session.rollback()
            raise PublishError(
                f"操作未完成：数据库保存失败（{type(exc).__name__}），公开内容未改动，请稍后重试"
            ) from None
        except BaseException:
            session.rollback()
            raise
        failed = staged.apply()
    if failed:
        raise NotPlaced(failed)


@contextmanager
def batch() -> Iterator[None]:
    """Publish many records in one go (``import --publish``): one flush to disk at the end.

    Inside the block each publish works as usual, but files are not fsynced one by one,
    the calendar is loaded once, and the audit head is written once, when the block ends
    without an error. Inside :func:`all_or_nothing` its files are staged with the rest.
    """
    if getattr(_batch, "shared", None) is not None:
        yield  # nested: the outermost block finishes
        return
    state: dict[str, Any] = {}
    _batch.shared = state
    try:
        with deferred_sync():
            yield
            if "head" in state:
                write_head(*state["head"])
    finally:
        _batch.shared = None


def batch_state() -> dict[str, Any] | None:
    """Return the enclosing batch's shared state, or None outside a batch."""
    return getattr(_batch, "shared", None)


def anchor(session: Session, root: Path, entry: AuditEntry) -> None:
    """Refresh ``audit-head.toml`` for ``entry`` now, or once at the end of a batch."""
    state = batch_state()
    if state is None:
        write_head(session, root, entry)
    else:
        state["head"] = (session, root, entry)


def write_head(session: Session, root: Path, entry: AuditEntry) -> None:
    """Write ``audit-head.toml``: the newest entry's hash and its position in the chain."""
    write_audit_head(root, entry.hash, audit.entry_count(session), entry.at.replace(tzinfo=dt.UTC))
