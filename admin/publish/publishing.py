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
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from admin import config
from admin.content.store import (
    ContentStoreError,
    RecordFile,
    after_placed,
    commit_content_file,
    read_record_file,
    read_site_config,
    staged_writes,
    write_record_file,
)
from admin.domain import clocks, pii, public_forms, publicity, vocab
from admin.domain.contentfile import normalise_body, notice_meta
from admin.domain.datasets import DATASETS
from admin.models import (
    DATASET_MODELS,
    Body,
    EnforcementItem,
    InfoItem,
    Inspection,
    Officer,
    PenaltyDecision,
    User,
)
from admin.publish import checks as checks
from admin.publish.transaction import (  # noqa: F401 - the publishing API callers import from here
    NotPlaced,
    PublishError,
    all_or_nothing,
    anchor,
    batch,
    batch_state,
)
from admin.store import audit
from admin.store.calendar import load_calendar

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


def publish_penalty(
    session: Session, decision: PenaltyDecision, *, actor: str, today: dt.date, content_root: Path
) -> Path:
    """Publish a decision: fix its 公示截止期, mark it 已公示 and write its file."""
    checks.check_penalty_may_publish(session, decision)
    site = read_site_config(content_root)
    until = publicity.publicity_until(
        decision.decision_date,
        decision.severity,
        procedure=decision.procedure,
        kinds=decision.kinds,
        # An imported record keeps the 公示截止期 its file gave (LAW.md §3).
        imported_until=decision.publicity_until if decision.imported else None,
        policy=config.publicity_policy(
            current_app.config.get("GONGSHI") if has_app_context() else None
        ),
    )
    first = decision.published_on or today
    clock = clocks.publish_penalty_clock(decision.decision_date, first)
    on_time = _met(session, site, clock, today)
    meta, body = checks.form(
        public_forms.penalty_form,
        decision,
        site=site,
        today=today,
        publicity_until=until,
        on_time=on_time,
        public_names=officer_roster(session),
    )
    decision.publicity_until, decision.published_on = until, first
    decision.state = vocab.STATE_PUBLISHED
    if not publicity.is_visible(until, today):
        # Already past its period (an old posting moved over): only the notice goes out.
        checks.check_public(meta, body)
        meta, body = publicity.expiry_notice({**meta, "published": first}), ""
    return _publish(session, decision, meta, body, actor=actor, today=today, root=content_root)


def publish_inspection(
    session: Session, inspection: Inspection, *, actor: str, today: dt.date, content_root: Path
) -> Path:
    """Publish an inspection result and mark it 已公示."""
    checks.check_not_withdrawn(inspection)
    site = read_site_config(content_root)
    first = inspection.published_on or today
    clock = clocks.publish_inspection_clock(inspection.inspected_on, first)
    on_time = _met(session, site, clock, today)
    meta, body = checks.form(
        public_forms.inspection_form,
        inspection,
        site=site,
        today=today,
        on_time=on_time,
        public_names=officer_roster(session),
    )
    inspection.published_on, inspection.state = first, vocab.STATE_PUBLISHED
    return _publish(session, inspection, meta, body, actor=actor, today=today, root=content_root)


def publish_info(
    session: Session, info: InfoItem, *, actor: str, today: dt.date, content_root: Path
) -> Path:
    """Publish an item of government information and mark it 已公示."""
    checks.check_not_withdrawn(info)
    site = read_site_config(content_root)
    first = info.published_on or today
    clock = clocks.publish_info_clock(info.written_on or first, first)
    on_time = _met(session, site, clock, today)
    info.published_on, info.state = first, vocab.STATE_PUBLISHED
    meta, body = checks.form(
        public_forms.info_form,
        info,
        site=site,
        today=today,
        on_time=on_time,
        public_names=officer_roster(session),
    )
    return _publish(session, info, meta, body, actor=actor, today=today, root=content_root)


def publish_subject(
    session: Session, subject: Body, *, actor: str, today: dt.date, content_root: Path
) -> Path:
    """Publish (or refresh) an enforcement subject's page."""
    site = read_site_config(content_root)
    roster = officer_roster(session)  # officials named in the duties stay public
    form = checks.form(
        public_forms.subject_form, subject, site=site, today=today, public_names=roster
    )
    return _publish(session, subject, *form, actor=actor, today=today, root=content_root)


def publish_officer(
    session: Session, officer: Officer, *, actor: str, today: dt.date, content_root: Path
) -> Path | None:
    """Publish a certified officer; one no longer certified has the page replaced by a notice."""
    site = read_site_config(content_root)
    form = checks.form(public_forms.officer_form, officer, site=site, today=today)
    common = {"actor": actor, "today": today}
    if form is not None:
        return _publish(session, officer, *form, **common, root=content_root)
    if read_record_file(content_root, "officers", officer.slug) is None:
        return None  # never published (an auxiliary): nothing to take down
    reason = "该人员已不再具备行政执法资格"
    return withdraw_record(session, officer, reason=reason, **common, content_root=content_root)


def publish_item(
    session: Session, item: EnforcementItem, *, actor: str, today: dt.date, content_root: Path
) -> Path:
    """Publish (or refresh) an enforcement item of the catalogue."""
    site, roster = read_site_config(content_root), officer_roster(session)
    form = checks.form(public_forms.item_form, item, site=site, today=today, public_names=roster)
    return _publish(session, item, *form, actor=actor, today=today, root=content_root)


def withdraw_record(
    session: Session, record: Any, *, reason: str, actor: str, today: dt.date, content_root: Path
) -> Path:
    """Withdraw (撤回) a published record: its file becomes a notice with reason and basis."""
    reason = checks.check_reason(record, reason, "撤回原因")
    dataset = _kind(record)[0]
    if getattr(record, "state", vocab.STATE_PUBLISHED) != vocab.STATE_PUBLISHED:
        raise PublishError(f"状态：只有已公示的记录才能撤回（当前为{record.state}）")
    existing = _existing(content_root, dataset, record.slug)
    basis = {"penalties": BASIS_PENALTY, "info": BASIS_INFO}.get(dataset, BASIS_ENFORCEMENT)
    meta = notice_meta(existing, status=WITHDRAWN, notice_date=today, reason=reason, basis=basis)
    if hasattr(record, "withdrawn_on"):
        record.state, record.withdrawn_on = vocab.STATE_WITHDRAWN, today
        record.withdraw_reason = reason
    return _publish(session, record, meta, "", actor=actor, today=today, root=content_root)


def repair_record(
    session: Session,
    decision: PenaltyDecision,
    *,
    repair_ref: str,
    actor: str,
    today: dt.date,
    content_root: Path,
) -> Path:
    """Take a penalty off early after 信用修复, once its minimum period has passed."""
    repair_ref = (repair_ref or "").strip()
    if not repair_ref:
        raise PublishError("信用修复文号：必须填写")
    if pii.find_personal_numbers(repair_ref):
        raise PublishError("信用修复文号：不能含有身份证号、手机号或银行卡号")
    if decision.state != vocab.STATE_PUBLISHED or decision.repaired_on is not None:
        raise PublishError("状态：只有公示中的行政处罚决定才能信用修复")
    allowed = publicity.repair_allowed(
        decision.decision_date,
        decision.severity,
        today,
        procedure=decision.procedure,
        kinds=decision.kinds,
    )
    if not allowed:
        raise PublishError("信用修复：最短公示期尚未届满，暂不能修复")
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
            until = record.meta.get("publicity_until")
            if record.meta.get("status", PUBLISHED) != PUBLISHED or not isinstance(until, dt.date):
                continue
            if publicity.is_visible(until, today):
                continue  # shown through its 公示截止期 inclusive
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


def _setting(key: str) -> Any:
    """Return a gongshi setting of the running app (None outside one, e.g. a bare script)."""
    return current_app.config.get("GONGSHI", {}).get(key) if has_app_context() else None


def _publish(
    session: Session,
    record: Any,
    meta: Mapping[str, Any],
    body: str,
    *,
    actor: str,
    today: dt.date,
    root: Path,
) -> Path:
    dataset, entity, _ = _kind(record)
    # TOML has no null: an empty optional field is simply absent, as in the file.
    meta = {key: value for key, value in meta.items() if value is not None}
    meta.setdefault("status", PUBLISHED)
    if meta["status"] == PUBLISHED:
        checks.check_public(meta, body)
    existing = read_record_file(root, dataset, record.slug)
    old = existing.meta if existing else {}
    meta["published"] = old.get("published") or meta.get("published") or today
    if meta["status"] == PUBLISHED:
        # Republishing unchanged content keeps its date, so the bytes (and git) stay quiet.
        same = existing is not None and existing.body == normalise_body(body)
        same = same and {**old, "updated": None} == {**meta, "updated": None}
        meta["updated"] = old.get("updated", today) if same else today
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


def officer_roster(session: Session) -> tuple[str, ...]:
    """Return every certified officer's name: public officials (事前公示), never masked.

    The preview asks here too, so it unmasks exactly whom publishing unmasks.
    """
    officers = session.scalars(sa.select(Officer).where(Officer.certificate_no != "")).all()
    return tuple(sorted({o.name for o in officers if o.is_certified}))


def _existing(root: Path, dataset: str, slug: str) -> dict[str, Any]:
    existing = read_record_file(root, dataset, slug)
    if existing is None:
        raise PublishError("公示文件：找不到该记录已公示的文件")
    return existing.meta


def _met(session: Session, site: Mapping[str, Any], clock: clocks.Clock, today: dt.date) -> bool:
    """Return whether a publishing clock stopped within its time limit."""
    region = site.get("region") or "national"
    state = batch_state()
    if state is None:
        return clock.evaluate(load_calendar(session), today, region).state == clocks.MET
    if "calendar" not in state:
        state["calendar"] = load_calendar(session)
    return clock.evaluate(state["calendar"], today, region).state == clocks.MET


def _kind(record: Any) -> tuple[str, str, str]:
    for model, kind in KINDS.items():
        if isinstance(record, model):
            return kind
    raise PublishError(f"记录类型：{type(record).__name__} 不能公示")


def _author(session: Session, actor: str) -> str:
    user = session.scalar(sa.select(User).where(User.username == actor))
    return (user.display_name or user.username) if user else actor
