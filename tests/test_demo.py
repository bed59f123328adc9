"""The demo township, loaded by the real ``gongshi init --demo`` (twice)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from admin.demo import load_demo
from admin.demo.checks import record_fields
from admin.demo.publish import publish_demo
from admin.domain import public_forms, validation, vocab
from admin.domain.clocks import MET, MET_LATE, publish_penalty_clock
from admin.domain.identifiers import (
    is_mobile_number,
    is_valid_credit_code,
    is_valid_id_number,
    region_of_credit_code,
)
from admin.domain.passwords import verify_password
from admin.domain.redact import mask_person_name
from admin.domain.workcalendar import WorkCalendar
from admin.models import (
    Body,
    EnforcementItem,
    InfoItem,
    Inspection,
    Officer,
    PenaltyDecision,
    User,
)
from admin.models.db import db

#: The console script pip installed, as the conftest ``gongshi`` fixture runs it.
GONGSHI = shutil.which("gongshi") or "gongshi"
#: The day the demo is written for: "live" decisions are the twelve months before it.
DEMO_TODAY = dt.date(2026, 11, 1)
PASSWORD_LINE = re.compile(r"^账户 (\w+)（(.+)）密码：(\S+)$")
#: Tables whose rows are the demo's content, identical on every load (not accounts, audit).
CONTENT_TABLES = (
    "body",
    "officer",
    "enforcement_item",
    "penalty_decision",
    "decision_officer",
    "review",
    "inspection",
    "inspection_officer",
    "info_item",
    "licence",
)


@dataclass
class Loaded:
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]
    dump_after_first: list[str]
    dump_after_second: list[str]
    database: Path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    """Run the installed ``gongshi init --demo`` twice on one fresh instance folder."""
    base = tmp_path_factory.mktemp("demo")
    # Like the conftest ``gongshi`` fixture, but once per module: loading takes seconds.
    env = {key: value for key, value in os.environ.items() if not key.startswith("GONGSHI_")}
    env["GONGSHI_INSTANCE_DIR"] = str(base / "instance")
    database = base / "instance" / "gongshi.db"

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [GONGSHI, "init", "--demo"], cwd=base, env=env, capture_output=True, text=True
        )

    first = run()
    assert first.returncode == 0, first.stderr
    dump_after_first = dump(database)
    second = run()
    assert second.returncode == 0, second.stderr
    return Loaded(first, second, dump_after_first, dump(database), database)


@pytest.fixture(scope="module")
def demo_db(loaded: Loaded) -> Iterator[Session]:
    """A plain SQLAlchemy session on the database the command wrote."""
    engine = sa.create_engine(f"sqlite:///{loaded.database}")
    with Session(engine) as session:
        yield session
    engine.dispose()


def dump(database: Path) -> list[str]:
    """Return every table's, index's and trigger's schema, and every table's rows.

    Not ``iterdump()``: it reads every table row by row, which the search index's
    contentless FTS5 tables refuse; what they hold is in their shadow tables (search_*_data).
    """
    with closing(sqlite3.connect(database)) as connection:
        lines = []
        schema = connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        )
        for kind, name, sql in schema.fetchall():
            lines.append(sql)
            if kind == "table" and not sql.startswith("CREATE VIRTUAL TABLE"):
                rows = connection.execute(f'SELECT * FROM "{name}"')
                lines += sorted(repr(row) for row in rows)
        return lines


def rows(database: Path | str, table: str, *, skip: tuple[str, ...] = ()) -> list[tuple]:
    """Return a table's rows in a stable order (association rows have no order of their own).

    Read through the model's table, so dates, flags and JSON come back as the same Python
    values from SQLite and PostgreSQL.
    """
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    columns = [c for c in db.metadata.tables[table].columns if c.name not in skip]
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(sa.select(*columns))
            return sorted((tuple(row) for row in found), key=repr)
    finally:
        engine.dispose()


def all_of(session: Session, model: type) -> list:
    return list(session.scalars(sa.select(model).order_by(model.id)))


# ── the command ──────────────────────────────────────────────────────────────


def test_first_run_prints_each_new_password_once(loaded: Loaded, demo_db: Session) -> None:
    lines = loaded.first.stdout.splitlines()
    shown = [m.groups() for m in map(PASSWORD_LINE.match, lines) if m]
    assert [(name, role) for name, role, _ in shown] == [
        ("officer", "执法人员"),
        ("reviewer", "法制审核员"),
        ("admin", "管理员"),
    ]
    assert any("只显示这一次" in line for line in lines)
    users = {user.username: user for user in all_of(demo_db, User)}
    for name, _, password in shown:
        assert verify_password(users[name].password_hash, password)
        assert users[name].roles == [name]
        assert {body.slug for body in users[name].bodies} == {"dzc-gov", "dzc-zfb"}


def test_second_run_changes_nothing_and_shows_no_password(loaded: Loaded) -> None:
    assert "已载入" in loaded.second.stdout and "未做任何改动" in loaded.second.stdout
    assert "密码" not in loaded.second.stdout
    assert loaded.dump_after_second == loaded.dump_after_first


def test_loading_is_recorded_once_in_the_audit_trail(loaded: Loaded) -> None:
    actions = Counter(row[3] for row in rows(loaded.database, "audit_entry"))
    assert (actions["user-add"], actions["demo-load"]) == (3, 1)
    # The rest is publishing the demo into content/: one entry per file written; and the
    # approval of the 法治政府建设年度报告 (reviews of non-penalty records are in the trail).
    assert set(actions) - {"user-add", "demo-load"} <= {"publish", "withdraw", "expire", "review"}
    assert actions["review"] == 1


def test_demo_is_the_same_on_every_load(loaded: Loaded, app: Flask, tmp_path: Path) -> None:
    load_demo(db.session)
    publish_demo(db.session, tmp_path / "content", actor="test")  # as init --demo does
    db.session.commit()
    ours = app.config["SQLALCHEMY_DATABASE_URI"]
    # Publishing stamps updated_at with the clock; everything else is fixed data.
    for table in CONTENT_TABLES:
        skip = ("updated_at",)
        assert rows(ours, table, skip=skip) == rows(loaded.database, table, skip=skip), table


def test_an_existing_account_is_kept_and_its_password_not_shown(gongshi) -> None:
    assert gongshi("init").returncode == 0
    made = gongshi(
        "user", "add", "officer", "--role", "admin", "--password-stdin",
        input="a-long-passphrase-2026\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = gongshi("init", "--demo")
    assert result.returncode == 0, result.stderr
    assert "账户 officer 已存在，未改动其密码" in result.stdout
    shown = [m.group(1) for m in map(PASSWORD_LINE.match, result.stdout.splitlines()) if m]
    assert shown == ["reviewer", "admin"]


# ── what it loads ────────────────────────────────────────────────────────────


def test_township_and_its_enforcement_office(demo_db: Session) -> None:
    township, office = all_of(demo_db, Body)
    assert (township.slug, township.name, township.parent_id) == (
        "dzc-gov",
        "大战场镇人民政府",
        None,
    )
    assert township.kind == "法定行政机关" and township.is_enforcement_subject
    assert is_valid_credit_code(township.credit_code)
    assert region_of_credit_code(township.credit_code) == "640521"
    assert township.address == "宁夏中卫市中宁县大战场镇"
    assert (township.review_body, township.court) == ("中宁县人民政府", "中宁县人民法院")
    assert township.decision_prefix == "中宁大战场综执罚"
    assert "赋予部分县级行政执法权" in township.delegation_basis
    assert "12345" in township.complaint_channel and "司法局" in township.supervisor
    assert township.office_hours and township.duties and township.legal_basis
    assert (office.slug, office.parent_id) == ("dzc-zfb", township.id)
    assert not office.is_enforcement_subject


def test_nine_certified_officers_and_two_auxiliaries(demo_db: Session) -> None:
    staff = all_of(demo_db, Officer)
    certified = [o for o in staff if o.is_certified]
    auxiliaries = [o for o in staff if o.staff_kind == "辅助人员"]
    assert (len(certified), len(auxiliaries), len(staff)) == (9, 2, 11)
    assert all(re.fullmatch(r"宁A0521\d{4}", o.certificate_no) for o in certified)
    assert len({o.certificate_no for o in certified}) == 9
    assert not any(o.certificate_no for o in auxiliaries)
    assert all(o.area == "大战场镇辖区" and o.status == "在岗" for o in staff)


def test_seventy_five_items_by_category(demo_db: Session) -> None:
    items = all_of(demo_db, EnforcementItem)
    assert Counter(i.category for i in items) == {
        "行政许可": 3,
        "行政处罚": 50,
        "行政检查": 13,
        "行政强制": 4,
        "行政征收": 1,
        "行政裁决": 4,
    }
    prefixes = {
        "行政许可": "xk",
        "行政处罚": "cf",
        "行政检查": "jc",
        "行政强制": "qz",
        "行政征收": "zs",
        "行政裁决": "cj",
    }
    for item in items:
        assert re.fullmatch(rf"{prefixes[item.category]}-\d{{4}}", item.slug), item.slug
        assert item.legal_basis.startswith("《") and item.procedure and item.time_limit
        assert "中宁县人民政府" in item.remedy and "中宁县人民法院" in item.remedy
        assert item.discretion or item.category != "行政处罚", item.name


def test_fifteen_decisions_of_2021_and_the_rest_live(demo_db: Session) -> None:
    decisions = all_of(demo_db, PenaltyDecision)
    old = [d for d in decisions if d.decision_date.year == 2021]
    live = [d for d in decisions if d not in old]
    assert len(decisions) == 30 and len(old) == 15
    assert [d.decision_no for d in old] == [f"中宁大战场综执罚〔2021〕{n}号" for n in range(1, 16)]
    assert [d.slug for d in old] == [f"2021-{n:04d}" for n in range(1, 16)]
    year_ago = DEMO_TODAY.replace(year=DEMO_TODAY.year - 1)
    assert all(year_ago <= d.decision_date < DEMO_TODAY for d in live)
    assert all(d.slug.startswith(f"{d.decision_date.year}-") for d in live)


def test_decisions_cover_every_party_kind_procedure_and_state(demo_db: Session) -> None:
    decisions = all_of(demo_db, PenaltyDecision)
    assert set(Counter(d.party_kind for d in decisions)) == set(vocab.PARTY_KINDS)
    assert Counter(d.procedure for d in decisions)[vocab.PROCEDURE_SUMMARY] >= 3
    assert set(Counter(d.severity for d in decisions)) == set(vocab.SEVERITIES)
    states = Counter(d.state for d in decisions)
    assert states[vocab.STATE_PUBLISHED] >= 25 and states[vocab.STATE_WITHDRAWN] >= 1
    for d in decisions:
        if d.state == vocab.STATE_WITHDRAWN:
            assert d.withdraw_reason and d.changed_on <= d.withdrawn_on
            assert d.published_on < d.withdrawn_on


def test_every_decision_is_a_complete_case(demo_db: Session) -> None:
    for d in all_of(demo_db, PenaltyDecision):
        certified = [o for o in d.officers if o.is_certified]
        assert len(certified) >= 2, d.decision_no
        assert d.item is not None and d.item.category == "行政处罚", d.decision_no
        assert d.filed_date <= d.decision_date, d.decision_no
        # Fixed by publishing, from the decision date (LAW.md §3); drafts have none yet.
        published = d.state in (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN)
        assert (d.publicity_until is not None) == published, d.decision_no
        assert not published or d.publicity_until > d.decision_date, d.decision_no
        assert d.authority == "大战场镇人民政府" and is_valid_credit_code(d.authority_code)
        assert d.fine_fen == 0 or f"{d.fine_fen // 100}元" in d.content, d.decision_no
        approved = [r for r in d.reviews if r.outcome == "同意"]
        if d.review_required and d.state in (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN):
            assert approved and approved[0].reviewer_id != d.created_by_id, d.decision_no
        assert d.review_required == (d.procedure == vocab.PROCEDURE_ORDINARY)


def test_most_decisions_are_published_within_seven_working_days(demo_db: Session) -> None:
    calendar = WorkCalendar()
    states = Counter(
        publish_penalty_clock(d.decision_date, d.published_on).evaluate(calendar, DEMO_TODAY).state
        for d in all_of(demo_db, PenaltyDecision)
        if d.published_on
    )
    assert set(states) == {MET, MET_LATE}
    assert 1 <= states[MET_LATE] <= 2 and states[MET] >= 25


def test_facts_name_witnesses_the_public_form_masks(demo_db: Session) -> None:
    with_witnesses = [d for d in all_of(demo_db, PenaltyDecision) if d.related_persons]
    assert len(with_witnesses) >= 3
    for decision in with_witnesses:
        front, body = public_forms.penalty_form(
            decision, today=DEMO_TODAY, publicity_until=None, on_time=True
        )
        for person in decision.related_persons:
            assert person["name"] in decision.facts and person["role"]
            assert person["name"] not in body
        assert decision.party_name not in body
        assert front["party_name"] == mask_person_name(decision.party_name)


def test_inspections_mix_results_and_years(demo_db: Session) -> None:
    inspections = all_of(demo_db, Inspection)
    assert 15 <= len(inspections) <= 25
    assert set(Counter(i.result for i in inspections)) == set(vocab.INSPECTION_RESULTS)
    years = Counter(i.inspected_on.year for i in inspections)
    assert years[2021] >= 5 and years[2025] + years[2026] >= 10
    for inspection in inspections:
        assert inspection.item.category == "行政检查"
        assert sum(o.is_certified for o in inspection.officers) >= 2
        assert inspection.state == vocab.STATE_PUBLISHED and inspection.published_on


def test_thirty_six_information_items_across_every_topic(demo_db: Session) -> None:
    info = all_of(demo_db, InfoItem)
    township = demo_db.scalar(sa.select(Body).where(Body.slug == "dzc-gov"))
    assert len(info) == 36
    assert {i.topic for i in info} == set(vocab.INFO_TOPICS)
    assert len({i.index_no for i in info}) == 36
    for item in info:
        code, serial = item.index_no.split("/")
        assert code == township.credit_code
        assert re.fullmatch(rf"{item.written_on.year}-\d{{5}}", serial)
        assert item.written_on <= item.published_on < DEMO_TODAY
        assert item.body_md and item.summary and item.publisher == "大战场镇人民政府"


def test_one_major_project_with_five_of_the_eight_stages(demo_db: Session) -> None:
    info = all_of(demo_db, InfoItem)
    of_project = [i for i in info if i.project]
    assert {i.project for i in of_project} == {"大战场镇红宝村道路硬化及排水工程"}
    stages = {i.project_stage for i in of_project}
    # Stored in 94号's spelling whatever data/info.toml says.
    assert stages <= set(vocab.PROJECT_STAGES) and len(stages) >= 5
    assert {"批准结果信息", "招标投标信息", "施工有关信息", "竣工有关信息"} <= stages
    assert all(not i.project_stage for i in info if not i.project)
    # It qualifies: government investment of at least 5 million yuan (LAW.md §9).
    assert any("总投资 | 786.52 万元" in i.body_md for i in of_project)


# ── identifiers and rules ────────────────────────────────────────────────────


def test_every_credit_code_and_id_number_is_valid(demo_db: Session) -> None:
    codes, ids, phones = [], [], []
    codes += [b.credit_code for b in all_of(demo_db, Body) if b.credit_code]
    for o in all_of(demo_db, Officer):
        ids.append(o.id_number)
        phones.append(o.phone)
    for d in all_of(demo_db, PenaltyDecision):
        codes += [c for c in (d.party_credit_code, d.authority_code, d.source_unit_code) if c]
        ids += [n for n in (d.id_number, d.legal_rep_id_number) if n]
        ids += [p["id_number"] for p in d.related_persons]
        phones += [d.party_phone, *(p["phone"] for p in d.related_persons)]
    codes += [i.party_credit_code for i in all_of(demo_db, Inspection) if i.party_credit_code]
    assert len(codes) > 40 and len(ids) > 40
    assert [c for c in codes if not is_valid_credit_code(c)] == []
    # An all-digit credit code can pass as an ID number and trip the leak guard.
    assert [c for c in codes if is_valid_id_number(c)] == []
    assert [n for n in ids if not (is_valid_id_number(n) and n.startswith("640521"))] == []
    assert [p for p in phones if not (is_mobile_number(p) and p.startswith("1380000"))] == []


def test_every_record_passes_the_domain_validation(demo_db: Session) -> None:
    problems = []
    for d in all_of(demo_db, PenaltyDecision):
        problems += validation.validate_penalty(
            record_fields(d), today=DEMO_TODAY, officers=d.officers
        )
    for i in all_of(demo_db, Inspection):
        problems += validation.validate_inspection(
            record_fields(i), today=DEMO_TODAY, officers=i.officers
        )
    for item in all_of(demo_db, InfoItem):
        problems += validation.validate_info_item(record_fields(item), today=DEMO_TODAY)
    for officer in all_of(demo_db, Officer):
        problems += validation.validate_officer(record_fields(officer), today=DEMO_TODAY)
    problems += [
        e
        for i in all_of(demo_db, EnforcementItem)
        for e in validation.validate_item(record_fields(i))
    ]
    township = demo_db.scalar(sa.select(Body).where(Body.slug == "dzc-gov"))
    problems += validation.validate_subject(record_fields(township))
    assert [str(p) for p in problems] == []
