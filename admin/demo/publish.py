"""Publish the demo township into ``content/``, as ``gongshi init --demo`` ships it."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.content.store import read_site_config
from admin.demo import rule_of_law
from admin.demo.dates import DEMO_TODAY
from admin.demo.request_samples import REPORT_PUBLISHED, REPORT_YEAR
from admin.domain import namechoices, vocab
from admin.domain.safepath import DATASETS
from admin.models import (
    Body,
    EnforcementItem,
    InfoItem,
    Inspection,
    Licence,
    Officer,
    PenaltyDecision,
)
from admin.publish import licences, publishing, reports

#: The demo's site identity and hand-written pages, copied into an empty content/.
TEMPLATE = Path(__file__).with_name("content")
#: Words in the demo's texts that the masker offers as possible names (a surname and one
#: or two characters) and that the demo's officer keeps (保留): things, not people. Publishing
#: refuses any undecided candidate, so a new demo text that brings one must decide it here.
KEPT_CANDIDATES = frozenset({"冷链仓", "林草", "牛只"})
#: Record folders that publishing owns; pages/ and site.toml are the template's.
RECORD_DATASETS = tuple(d for d in DATASETS if d != "pages")


def content_is_replaceable(root: Path) -> bool:
    """Return whether ``root`` is empty (or missing) or holds nothing but the demo.

    "The demo" means: ``site.toml`` and every page exactly as the demo ships them, and
    otherwise only published record files and the audit anchor. A hand-made page or an
    edited ``site.toml`` makes it someone's site, which ``init --demo`` never touches.
    """
    if not root.exists() or not any(root.iterdir()):
        return True
    for path in root.rglob("*"):
        if path.is_dir():
            continue
        relative = path.relative_to(root)
        if relative.parts[0] in (*RECORD_DATASETS, "reports") and path.suffix == ".md":
            continue
        if relative == Path("audit-head.toml"):
            continue
        template = TEMPLATE / relative
        if not template.is_file() or template.read_bytes() != path.read_bytes():
            return False
    return True


def publish_demo(session: Session, root: Path, actor: str) -> list[str]:
    """Rewrite ``root`` with the demo: template files, then every record published as of
    the demo's fixed day, so the result is the same on every machine."""
    if not content_is_replaceable(root):
        return [f"content 目录 {root} 不是示例数据，未改动"]
    _reset(root)
    counts: dict[str, int] = {}
    with publishing.batch():
        for dataset, records in _records(session):
            for record in records:
                if _publish_one(session, record, root, actor) is not None:
                    counts[dataset] = counts.get(dataset, 0) + 1
    # After the batch: its closing audit head would overwrite the report's newer one.
    report = reports.gather_report(session, reports.report_body(session), REPORT_YEAR)
    reports.publish_report(session, report, actor=actor, today=REPORT_PUBLISHED, content_root=root)
    counts["年度报告"] = 1
    township = reports.report_body(session)
    if rule_of_law.publish_report(session, township, root, actor) is not None:
        counts["法治政府建设年度报告"] = 1
    summary = "、".join(f"{name} {n}" for name, n in counts.items())
    return [f"已把示例数据发布到 {root}/（{summary}）"]


def _reset(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for dataset in RECORD_DATASETS:
        shutil.rmtree(root / dataset, ignore_errors=True)
    shutil.rmtree(root / "pages", ignore_errors=True)
    shutil.copytree(TEMPLATE / "pages", root / "pages")
    shutil.copyfile(TEMPLATE / "site.toml", root / "site.toml")


def _records(session: Session):
    def ordered(model: type, *where: object) -> list:
        return list(session.scalars(sa.select(model).where(*where).order_by(model.id)))

    yield "执法主体", ordered(Body, Body.is_enforcement_subject.is_(True))
    yield "执法人员", ordered(Officer)
    yield "执法事项", ordered(EnforcementItem)
    shown = (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN)
    yield "行政处罚决定", ordered(PenaltyDecision, PenaltyDecision.state.in_(shown))
    yield "检查结果", ordered(Inspection, Inspection.state.in_(shown))
    yield "行政许可决定", ordered(Licence, Licence.state.in_(shown))
    yield "政府信息", ordered(InfoItem, InfoItem.state.in_(shown))


def _decide_candidates(session: Session, record: object, root: Path) -> None:
    """Keep the demo's known false candidates, as its officer would in the preview."""
    dataset = publishing.KINDS[type(record)][0]
    roster = [o.name for o in session.scalars(sa.select(Officer)) if o.is_certified]
    found = namechoices.undecided_names(
        dataset, record, today=DEMO_TODAY, site=read_site_config(root), public_names=roster
    )
    keep = [c.text for c in found if c.text in KEPT_CANDIDATES]
    if keep:
        record.masks = namechoices.with_choices(record.masks, keep=keep)  # type: ignore[attr-defined]


def _publish_one(session: Session, record: object, root: Path, actor: str) -> Path | None:
    common = {"actor": actor, "today": DEMO_TODAY, "content_root": root}
    _decide_candidates(session, record, root)
    publish = {
        Body: publishing.publish_subject,
        Officer: publishing.publish_officer,
        EnforcementItem: publishing.publish_item,
        PenaltyDecision: publishing.publish_penalty,
        Inspection: publishing.publish_inspection,
        InfoItem: publishing.publish_info,
        Licence: licences.publish_licence,
    }[type(record)]
    if isinstance(record, Licence) and record.status_date is not None:
        return _publish_changed(session, record, **common)
    withdrawn_on = getattr(record, "withdrawn_on", None)
    if withdrawn_on is None:
        return publish(session, record, **common)
    # A withdrawn demo record is published first, then withdrawn on its own date.
    reason = record.withdraw_reason
    publish(session, record, **common)
    return publishing.withdraw_record(
        session, record, reason=reason, actor=actor, today=withdrawn_on, content_root=root
    )


def _publish_changed(
    session: Session, licence: Licence, *, actor: str, today: object, content_root: Path
) -> Path:
    """A licence the demo shows 注销 (or so): published as granted, then changed on its
    date through admin.publish.licences, so its page carries the notice and the date."""
    status, on = licence.current_status, licence.status_date
    assert on is not None
    licence.current_status, licence.status_date = vocab.LICENCE_STATUS_VALID, None
    licences.publish_licence(
        session, licence, actor=actor, today=DEMO_TODAY, content_root=content_root
    )
    return licences.change_status(
        session, licence, status=status, on=on, actor=actor, today=on, content_root=content_root
    )
