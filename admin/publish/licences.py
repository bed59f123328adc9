"""Publishing a 行政许可决定 (docs/licences.md): its file, its 当前状态, its withdrawal.

Beside :mod:`admin.publish.publishing`, whose writer, audit and clocks it uses: a licence
is one more record type of the declaration, so withdrawal is ``withdraw_record`` as for
every record, and a change of 当前状态 republishes the page with the status and its date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from admin.domain import vocab
from admin.models import Licence
from admin.publish.publishing import publish_record
from admin.publish.transaction import PublishError


def publish_licence(
    session: Session, licence: Licence, *, actor: str, today: dt.date, content_root: Path
) -> Path | None:
    """Publish (or republish) a 行政许可决定 through the state machine, as every record."""
    return publish_record(session, licence, actor=actor, today=today, content_root=content_root)


def change_status(
    session: Session,
    licence: Licence,
    *,
    status: str,
    on: dt.date,
    actor: str,
    today: dt.date,
    content_root: Path,
) -> Path:
    """Set a published licence's 当前状态 (注销, 吊销 …) from ``on`` and republish its page.

    The page then opens with the notice 「该许可已于 … 注销」 (docs/licences.md §5).
    """
    if status not in vocab.LICENCE_STATUSES:
        raise PublishError(f"当前状态：应为{'、'.join(vocab.LICENCE_STATUSES)}之一")
    if licence.state != vocab.STATE_PUBLISHED:
        raise PublishError(f"状态：只有已公示的许可才能变更当前状态（当前为{licence.state}）")
    if on < licence.decision_date or on > today:
        raise PublishError("状态变更日期：应在许可决定日期之后、今天之前")
    licence.current_status = status
    licence.status_date = None if status == vocab.LICENCE_STATUS_VALID else on
    return publish_record(session, licence, actor=actor, today=today, content_root=content_root)
