"""The demo township 大战场镇 (fictional people), loaded by ``gongshi init --demo``.

Everything is fixed data (``data/*.toml`` and the modules beside this one) except the
accounts' passwords, which are generated and shown once. Loading runs in the caller's
transaction and happens once: a second run finds the township and changes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.demo import (
    accounts,
    bodies,
    info,
    inspections,
    items,
    licences,
    penalties,
    rule_of_law,
    staff,
)
from admin.demo import request_samples as requests
from admin.demo.checks import validate_demo, validate_licences
from admin.models import Body
from admin.store import audit


def is_loaded(session: Session) -> bool:
    """Return whether the demo township is already in the database."""
    found = session.scalar(sa.select(Body.id).where(Body.slug == bodies.TOWNSHIP_SLUG))
    return found is not None


def load_demo(session: Session, actor: str = "cli:init --demo") -> list[str]:
    """Load the demo township once; return lines to print. Running it twice changes nothing."""
    if is_loaded(session):
        return [f"示例数据已载入（{bodies.TOWNSHIP_NAME}），本次未做任何改动"]
    township, office = bodies.add_bodies(session)
    users, password_lines = accounts.add_accounts(session, township, office, actor)
    officers = staff.add_staff(session, township)
    catalogue = items.add_items(session, township)
    decisions = penalties.add_decisions(session, township, officers, catalogue, users)
    results = inspections.add_inspections(session, township, officers, catalogue, users)
    granted = licences.add_licences(session, township, catalogue, users)
    documents = info.add_info(session, township, users)
    requests.add_requests(session, township, users)
    rule_of_law.add_report(session, township, users)
    validate_demo(township, officers.values(), catalogue.values(), decisions, results, documents)
    validate_licences(granted)
    certified = sum(officer.is_certified for officer in officers.values())
    counts = {
        "bodies": 2,
        "officers": certified,
        "auxiliaries": len(officers) - certified,
        "items": len(catalogue),
        "penalties": len(decisions),
        "inspections": len(results),
        "licences": len(granted),
        "info": len(documents),
    }
    audit.record(session, actor, "demo-load", "body", township.id, **counts)
    return [
        f"已载入示例乡镇：{bodies.TOWNSHIP_NAME}（示例数据，人物和企业均为虚构）",
        f"镇人民政府及其综合执法办公室；执法人员 {len(officers)} 名（持证 {certified} 名，"
        f"辅助人员 {counts['auxiliaries']} 名）；执法事项 {len(catalogue)} 项；"
        f"行政处罚决定 {len(decisions)} 件；行政许可决定 {len(granted)} 件；"
        f"检查结果 {len(results)} 条；"
        f"政府信息 {len(documents)} 条",
        *password_lines,
    ]
