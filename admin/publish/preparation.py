"""Publishing's one preparation step: a record's public form exactly as it is written.

Publishing writes what :func:`prepare` returns, and the back-office preview shows it, so
the preview is the published form (issue 15: the preview once computed 公示截止期 with the
default publicity policy, not the configured one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from admin import config
from admin.content.store import read_record_file, read_site_config
from admin.domain import clocks, public_forms, publicity
from admin.domain import workflow as rules
from admin.domain.contentfile import normalise_body
from admin.domain.fieldmask import FieldMasker
from admin.domain.licence_form import licence_form
from admin.models import Officer
from admin.publish.transaction import batch_state
from admin.store.calendar import load_calendar

PUBLISHED = "published"


@dataclass(frozen=True)
class Prepared:
    """A record's public form as publishing writes it today, and the dates it fixes."""

    meta: dict[str, Any]
    body: str
    first: dt.date | None = None  # 发布日期: the first publication's day
    until: dt.date | None = None  # a penalty's 公示截止期


class _AsPublished:
    """The record as it reads once published on ``first`` (the preview changes nothing)."""

    def __init__(self, record: Any, first: dt.date) -> None:
        self._record, self.published_on = record, first

    def __getattr__(self, name: str) -> Any:
        return getattr(self._record, name)


def prepare(
    session: Session,
    dataset: str,
    record: Any,
    *,
    today: dt.date,
    content_root: Path,
    masker: FieldMasker | None = None,
) -> Prepared:
    """Return the public form publishing would write for ``record`` today.

    The one preparation step of publishing and of the back-office preview, so the preview
    is the published form (issue 15: the preview once took the default publicity policy).
    Raises ``public_forms.NotPublishable``. A ``masker`` that lists name candidates
    instead of refusing them is the preview's.
    """
    site = read_site_config(content_root)
    roster = officer_roster(session)  # officials named in the texts stay public
    extra: dict[str, Any] = {"masker": masker} if masker is not None else {}
    if dataset in ("subjects", "items"):
        form = FORMS[dataset](record, site=site, today=today, public_names=roster)
        return _prepared(content_root, dataset, record, *form, today=today)
    if dataset == "officers":
        found = public_forms.officer_form(record, site=site, today=today)
        if found is None:
            raise public_forms.NotPublishable("执法人员：辅助人员或无执法证的人员不予公示")
        return _prepared(content_root, dataset, record, *found, today=today)
    first = record.published_on or today
    # An imported record was published on another site first and its file gives no
    # 公示日期: whether that was on time is unknown, so its file claims neither (the
    # dashboard runs no publication clock for it either).
    imported = getattr(record, "imported", False)
    met = None if imported else on_time(session, site, CLOCKS[dataset](record, first), today)
    common = {"site": site, "today": today, "on_time": met, "public_names": roster}
    if dataset != "penalties":
        form = FORMS[dataset](_AsPublished(record, first), **common, **extra)
        return _prepared(content_root, dataset, record, *form, today=today, first=first)
    until = publicity.publicity_until(
        record.decision_date,
        record.severity,
        procedure=record.procedure,
        kinds=record.kinds,
        # An imported record keeps the 公示截止期 its file gave (LAW.md §3).
        imported_until=record.publicity_until if record.imported else None,
        policy=config.publicity_policy(settings()),
    )
    meta, body = public_forms.penalty_form(record, publicity_until=until, **common, **extra)
    if rules.expired(until, today):
        # Already past its period (an old posting moved over): only the notice goes out.
        public_forms.assert_publishable(meta, body)
        meta, body = publicity.expiry_notice({**meta, "published": first}), ""
    return _prepared(
        content_root, dataset, record, meta, body, today=today, first=first, until=until
    )


#: The public form of each dataset (officers: see :func:`prepare`).
FORMS: dict[str, Callable[..., Any]] = {
    "subjects": public_forms.subject_form,
    "items": public_forms.item_form,
    "penalties": public_forms.penalty_form,
    "inspections": public_forms.inspection_form,
    "info": public_forms.info_form,
    "licences": licence_form,
}
#: The publishing clock of a record first published on the given day.
CLOCKS: dict[str, Callable[[Any, dt.date], clocks.Clock]] = {
    "penalties": lambda r, first: clocks.publish_penalty_clock(r.decision_date, first),
    "inspections": lambda r, first: clocks.publish_inspection_clock(r.inspected_on, first),
    "info": lambda r, first: clocks.publish_info_clock(r.written_on or first, first),
    "licences": lambda r, first: clocks.publish_licence_clock(r.decision_date, first),
}


def settings() -> Mapping[str, Any] | None:
    """Return the running app's settings (None outside one: the defaults apply)."""
    return current_app.config.get("GONGSHI") if has_app_context() else None


def _prepared(
    root: Path, dataset: str, record: Any, meta: Mapping[str, Any], body: str, **dates: Any
) -> Prepared:
    today = dates.pop("today")
    meta = final_meta(root, dataset, record.slug, meta, body, today)
    return Prepared(meta, body, **dates)


def final_meta(
    root: Path, dataset: str, slug: str, meta: Mapping[str, Any], body: str, today: dt.date
) -> dict[str, Any]:
    """Return the front matter as it is written: dates kept from the file already there."""
    # TOML has no null: an empty optional field is simply absent, as in the file.
    meta = {key: value for key, value in meta.items() if value is not None}
    meta.setdefault("status", PUBLISHED)
    existing = read_record_file(root, dataset, slug)
    old = existing.meta if existing else {}
    meta["published"] = old.get("published") or meta.get("published") or today
    if meta["status"] == PUBLISHED:
        # Republishing unchanged content keeps its date, so the bytes (and git) stay quiet.
        same = existing is not None and existing.body == normalise_body(body)
        same = same and {**old, "updated": None} == {**meta, "updated": None}
        meta["updated"] = old.get("updated", today) if same else today
    return meta


def officer_roster(session: Session) -> tuple[str, ...]:
    """Names of every certified officer: public officials (事前公示) that are never masked."""
    officers = session.scalars(sa.select(Officer).where(Officer.certificate_no != "")).all()
    return tuple(sorted({o.name for o in officers if o.is_certified}))


def on_time(session: Session, site: Mapping[str, Any], clock: clocks.Clock, today: dt.date) -> bool:
    """Return whether a publishing clock stopped within its time limit."""
    region = site.get("region") or "national"
    state = batch_state()
    if state is None:
        return clock.evaluate(load_calendar(session), today, region).state == clocks.MET
    if "calendar" not in state:
        state["calendar"] = load_calendar(session)
    return clock.evaluate(state["calendar"], today, region).state == clocks.MET
