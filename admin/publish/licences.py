"""Publishing a 行政许可决定 (docs/licences.md): its file, its 当前状态, its withdrawal.

Beside :mod:`admin.publish.publishing`, whose writer, audit and clocks it uses: a licence
is one more record type of the declaration, so withdrawal is ``withdraw_record`` as for
every record, and a change of 当前状态 republishes the page with the status and its date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from admin.content.store import read_site_config
from admin.domain import clocks, vocab
from admin.domain.licence_form import licence_form
from admin.models import Licence
from admin.publish import checks
from admin.publish.publishing import _met, _publish, _setting, officer_roster
from admin.publish.transaction import PublishError

#: The setting that sends licences through 法制审核 first (docs/licences.md §7).
LICENCE_REVIEW = "LICENCE_REVIEW_REQUIRED"


def review_required() -> bool:
    """Return whether licences need 法制审核 before publication in this deployment."""
    return bool(_setting(LICENCE_REVIEW))


def publish_licence(
    session: Session, licence: Licence, *, actor: str, today: dt.date, content_root: Path
) -> Path:
    """Publish (or republish) a 行政许可决定 and mark it 已公示."""
    checks.check_licence_may_publish(licence, review=review_required())
    site = read_site_config(content_root)
    first = licence.published_on or today
    # 7 working days from the decision, as for a penalty (docs/licences.md §3).
    clock = clocks.publish_licence_clock(licence.decision_date, first)
    on_time = _met(session, site, clock, today)
    meta, body = checks.form(
        licence_form,
        licence,
        site=site,
        today=today,
        on_time=on_time,
        public_names=officer_roster(session),
    )
    licence.published_on, licence.state = first, vocab.STATE_PUBLISHED
    return _publish(session, licence, meta, body, actor=actor, today=today, root=content_root)


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
    return publish_licence(session, licence, actor=actor, today=today, content_root=content_root)
