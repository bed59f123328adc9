"""Publishing into content/: the file, withdraw and repair notices, expiry, git commits."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from admin.content.store import (
    ContentStoreError,
    read_audit_head,
    read_dataset,
    read_record_file,
    read_site_config,
    write_record_file,
)
from admin.domain import vocab
from admin.domain.contentfile import parse_content_file, serialize_content_file
from admin.models import (
    AuditEntry,
    Body,
    EnforcementItem,
    InfoItem,
    Inspection,
    Officer,
    PenaltyDecision,
    Review,
    User,
)
from admin.publish.publishing import (
    BASIS_PENALTY,
    PublishError,
    batch,
    expire_content,
    publish_info,
    publish_inspection,
    publish_item,
    publish_officer,
    publish_penalty,
    publish_subject,
    repair_record,
    withdraw_record,
)
from admin.store import audit
from tests.conftest import run_gongshi

SITE_TOML = """\
name = "大战场镇人民政府 行政执法与政务公开"
base_url = "https://dzc.example.gov.cn/gongshi/"
sponsor = "中宁县大战场镇人民政府"
region = "national"
"""
ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
PARTY = "欧阳建国"
WITNESS = "李秀英"
DECIDED = dt.date(2021, 5, 10)
TODAY = dt.date(2021, 5, 12)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    return root


@pytest.fixture
def world(session):
    """A township, an author, a reviewer and two certified officers."""
    body = Body(slug="dzc", name="中宁县大战场镇人民政府", kind="法定行政机关")
    author = User(username="wang", display_name="王执法", password_hash="x", roles=["officer"])
    reviewer = User(username="zhao", display_name="赵审核", password_hash="x", roles=["reviewer"])
    session.add_all([body, author, reviewer])
    session.flush()
    return {"body": body, "author": author, "reviewer": reviewer}


def make_decision(session, world, reviewer_id: int | None = None, **fields) -> PenaltyDecision:
    values = dict(
        slug="2021-0015",
        body=world["body"],
        party_kind=vocab.PARTY_NATURAL,
        party_name=PARTY,
        id_type="身份证",
        id_number=ID_NUMBER,
        party_phone=PHONE,
        party_address="宁夏中宁县大战场镇某村3组12号",
        related_persons=[{"name": WITNESS, "role": "证人"}],
        decision_no="中宁大战场综执罚〔2021〕15号",
        violation_type="未经批准占用道路堆放杂物",
        facts=f"当事人{PARTY}（身份证号{ID_NUMBER}，电话{PHONE}）在村道堆放杂物，证人{WITNESS}在场。",
        basis="《宁夏回族自治区农村公路条例》第三十条",
        kinds=["罚款"],
        content="罚款人民币伍佰元整",
        fine_fen=50000,
        decision_date=DECIDED,
        authority="中宁县大战场镇人民政府",
        procedure=vocab.PROCEDURE_ORDINARY,
        severity="一般",
        state=vocab.STATE_APPROVED,
        review_required=True,
        created_by_id=world["author"].id,
    )
    values.update(fields)
    decision = PenaltyDecision(**values)
    session.add(decision)
    session.flush()
    if decision.state == vocab.STATE_APPROVED:
        session.add(
            Review(
                decision=decision,
                reviewer_id=reviewer_id or world["reviewer"].id,
                outcome="同意",
                opinion="同意",
                revision=decision.version,
            )
        )
        session.flush()
    return decision


def publish(session, decision, content: Path, today: dt.date = TODAY) -> Path:
    return publish_penalty(session, decision, actor="wang", today=today, content_root=content)


# -- publish ------------------------------------------------------------------------------


def test_publish_writes_the_public_form_and_fixes_the_period(session, world, content) -> None:
    decision = make_decision(session, world)
    path = publish(session, decision, content)

    assert path == content / "penalties" / "2021-0015.md"
    text = path.read_text(encoding="utf-8")
    for private in (PARTY, WITNESS, ID_NUMBER, PHONE, "3组12号"):
        assert private not in text
    parsed = parse_content_file(text)
    meta = parsed.meta
    assert meta["status"] == "published"
    assert meta["decision_no"] == "中宁大战场综执罚〔2021〕15号"
    assert meta["party_name"] == "欧阳某某"
    assert meta["published"] == TODAY and meta["updated"] == TODAY
    # 2021: the 2023 regime, default its maximum of three years.
    assert meta["publicity_until"] == dt.date(2024, 5, 10)
    assert meta["on_time"] is True
    assert meta["fine_fen"] == 50000
    assert "堆放杂物" in parsed.body
    assert text == serialize_content_file(meta, parsed.body, list(meta))  # canonical bytes

    assert decision.state == vocab.STATE_PUBLISHED
    assert decision.published_on == TODAY
    assert decision.publicity_until == dt.date(2024, 5, 10)
    entry = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.actor, entry.action, entry.entity_id) == ("wang", "publish", decision.id)
    head = read_audit_head(content)
    assert head["head"] == audit.chain_head(session) == entry.hash
    assert head["entries"] == session.scalar(sa.select(sa.func.count(AuditEntry.id)))


def test_same_record_gives_the_same_bytes_and_keeps_its_dates(session, world, content) -> None:
    decision = make_decision(session, world)
    path = publish(session, decision, content)
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    publish(session, decision, content, today=TODAY + dt.timedelta(days=30))
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stamp  # not even rewritten
    decision.content = "罚款人民币陆佰元整"
    publish(session, decision, content, today=dt.date(2021, 6, 20))
    meta = parse_content_file(path.read_text(encoding="utf-8")).meta
    assert (meta["published"], meta["updated"]) == (TODAY, dt.date(2021, 6, 20))


def test_a_batch_writes_the_audit_head_once_at_its_end(session, world, content) -> None:
    first = make_decision(session, world)
    second = make_decision(session, world, slug="2021-0016", decision_no="〔2021〕16号")
    with batch():
        publish(session, first, content)
        with batch():  # nested blocks are one batch
            publish(session, second, content)
        assert read_audit_head(content) is None
        assert (content / "penalties" / "2021-0016.md").is_file()
    assert read_audit_head(content)["head"] == audit.chain_head(session)

    third = make_decision(session, world, slug="2021-0017", decision_no="〔2021〕17号")
    with pytest.raises(RuntimeError), batch():
        publish(session, third, content)
        raise RuntimeError("import refused")
    assert read_audit_head(content)["head"] != audit.chain_head(session)  # left as it was


def test_late_publication_is_marked(session, world, content) -> None:
    decision = make_decision(session, world)
    path = publish(session, decision, content, today=dt.date(2021, 6, 1))
    assert parse_content_file(path.read_text(encoding="utf-8")).meta["on_time"] is False


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"state": vocab.STATE_IN_REVIEW}, "须经法制审核通过"),
        ({"state": vocab.STATE_DRAFT}, "须经法制审核通过"),
        ({"state": vocab.STATE_RETURNED}, "须经法制审核通过"),
        ({"state": vocab.STATE_WITHDRAWN}, "已撤回"),
        ({"reviewer_id": "author"}, "办案人员以外"),
    ],
)
def test_publish_refusals_write_nothing(session, world, content, fields, message) -> None:
    if fields.get("reviewer_id") == "author":
        fields = {"reviewer_id": world["author"].id}
    decision = make_decision(session, world, **fields)
    with pytest.raises(PublishError, match=message):
        publish(session, decision, content)
    assert not (content / "penalties").exists()
    assert decision.state == fields.get("state", vocab.STATE_APPROVED)
    assert decision.published_on is None and decision.publicity_until is None


def test_summary_procedure_needs_no_review(session, world, content) -> None:
    decision = make_decision(
        session,
        world,
        state=vocab.STATE_DRAFT,
        review_required=False,
        procedure=vocab.PROCEDURE_SUMMARY,
        kinds=["警告"],
        fine_fen=0,
        content="警告",
    )
    assert publish(session, decision, content).is_file()


def test_an_imported_record_keeps_its_period(session, world, content) -> None:
    decision = make_decision(
        session,
        world,
        state=vocab.STATE_IN_REVIEW,
        imported=True,
        publicity_until=dt.date(2022, 5, 10),
    )
    meta = parse_content_file(publish(session, decision, content).read_text("utf-8")).meta
    assert meta["publicity_until"] == decision.publicity_until == dt.date(2022, 5, 10)


def test_an_imported_record_already_past_its_period_goes_out_as_a_notice(
    session, world, content
) -> None:
    decision = make_decision(session, world, imported=True, publicity_until=dt.date(2021, 8, 10))
    path = publish(session, decision, content, today=dt.date(2023, 1, 1))
    text = path.read_text(encoding="utf-8")
    meta = parse_content_file(text).meta
    assert meta["status"] == "expired"
    assert meta["notice_date"] == dt.date(2021, 8, 11)
    assert "堆放杂物" not in text and "欧阳" not in text


def with_check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def test_a_party_who_is_a_minor_is_never_published(session, world, content) -> None:
    decision = make_decision(session, world, id_number=with_check_digit("64052120150101001"))
    with pytest.raises(PublishError):
        publish(session, decision, content)
    assert not (content / "penalties" / "2021-0015.md").exists()


# -- withdraw and repair ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "撤回原因：必须填写"),
        ("   ", "撤回原因：必须填写"),
        (f"当事人{PARTY}已申请复议", "撤回原因：会公开发布"),
        (f"证人{WITNESS}证言有误", "撤回原因：会公开发布"),
        (f"身份证号{ID_NUMBER}录入错误", "撤回原因：会公开发布"),
        ("联系电话 138 1234 5678", "撤回原因：会公开发布"),
        # The masker's own list of whom a case names (fieldmask.known_people), not a
        # shorter one of its own: the party's address is in it.
        ("送达地址宁夏中宁县大战场镇某村3组12号有误", "撤回原因：会公开发布"),
    ],
)
def test_withdraw_reason_is_required_and_impersonal(session, world, content, reason, message):
    decision = make_decision(session, world)
    path = publish(session, decision, content)
    before = path.read_bytes()
    with pytest.raises(PublishError, match=message):
        withdraw_record(
            session, decision, reason=reason, actor="wang", today=TODAY, content_root=content
        )
    assert path.read_bytes() == before
    assert decision.state == vocab.STATE_PUBLISHED


def test_withdraw_rewrites_the_file_as_a_notice(session, world, content) -> None:
    decision = make_decision(session, world)
    path = publish(session, decision, content)
    day = dt.date(2021, 7, 1)
    withdraw_record(
        session,
        decision,
        reason="经行政复议，该决定被撤销",
        actor="wang",
        today=day,
        content_root=content,
    )
    text = path.read_text(encoding="utf-8")
    assert text == (
        "+++\n"
        'title = "中宁大战场综执罚〔2021〕15号"\n'
        'status = "withdrawn"\n'
        "published = 2021-05-12\n"
        "updated = 2021-07-01\n"
        'decision_no = "中宁大战场综执罚〔2021〕15号"\n'
        "notice_date = 2021-07-01\n"
        'notice_reason = "经行政复议，该决定被撤销"\n'
        'notice_basis = "《中华人民共和国行政处罚法》第四十八条"\n'
        "+++\n"
    )
    assert BASIS_PENALTY in text
    assert (decision.state, decision.withdrawn_on) == (vocab.STATE_WITHDRAWN, day)
    assert decision.withdraw_reason == "经行政复议，该决定被撤销"
    actions = session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["publish", "withdraw"]
    with pytest.raises(PublishError, match="只有已公示的记录才能撤回"):
        withdraw_record(
            session, decision, reason="再次", actor="wang", today=day, content_root=content
        )


def test_repair_only_after_the_minimum_period(session, world, content) -> None:
    decision = make_decision(session, world)
    path = publish(session, decision, content)
    kwargs = dict(repair_ref="宁信修〔2021〕3号", actor="wang", content_root=content)
    with pytest.raises(PublishError, match="最短公示期尚未届满"):
        repair_record(session, decision, today=dt.date(2021, 8, 10), **kwargs)
    with pytest.raises(PublishError, match="信用修复文号：必须填写"):
        repair_record(session, decision, today=dt.date(2021, 9, 1), **{**kwargs, "repair_ref": ""})
    repair_record(session, decision, today=dt.date(2021, 8, 11), **kwargs)
    meta = parse_content_file(path.read_text(encoding="utf-8")).meta
    assert meta["status"] == "repaired"
    assert meta["repair_ref"] == "宁信修〔2021〕3号"
    assert meta["notice_date"] == dt.date(2021, 8, 11)
    assert "第58号" in meta["notice_basis"]
    assert set(meta) <= {
        "title", "status", "published", "updated", "decision_no",
        "notice_date", "notice_reason", "notice_basis", "repair_ref",
    }  # fmt: skip
    assert decision.repaired_on == dt.date(2021, 8, 11)


# -- the other record types -----------------------------------------------------------


def test_publish_the_other_record_types(session, world, content) -> None:
    body = world["body"]
    officer = Officer(slug="o-0001", body=body, name="马建军", certificate_no="64052100001",
                      category="综合执法", id_number=ID_NUMBER, phone=PHONE)  # fmt: skip
    helper = Officer(slug="o-0002", body=body, name="杨帮手", staff_kind="辅助人员")
    item = EnforcementItem(slug="cf-0001", body=body, name="对占用道路的处罚", category="行政处罚")
    inspection = Inspection(
        slug="2021-0003",
        body=body,
        party_kind=vocab.PARTY_ORGANISATION,
        party_name="中宁县某某商贸有限公司",
        party_credit_code="91350100M000100Y43",
        inspected_on=dt.date(2021, 5, 6),
        result="合格",
        findings=f"现场负责人{WITNESS}陪同检查，手机{PHONE}。",
    )
    info = InfoItem(
        slug="2021-0001",
        body=body,
        index_no="11640521MB0000000X/2021-00001",
        title="大战场镇2021年部门预算",
        body_md="预算全文。",
        topic="财政预决算",
        publisher="中宁县大战场镇人民政府",
        written_on=dt.date(2021, 5, 1),
    )
    session.add_all([officer, helper, item, inspection, info])
    session.flush()
    common = dict(actor="wang", today=TODAY, content_root=content)

    assert publish_subject(session, body, **common) == content / "subjects" / "dzc.md"
    assert publish_item(session, item, **common) == content / "items" / "cf-0001.md"
    assert publish_officer(session, helper, **common) is None
    officer_path = publish_officer(session, officer, **common)
    inspection_path = publish_inspection(session, inspection, **common)
    info_path = publish_info(session, info, **common)

    everything = "".join(p.read_text("utf-8") for p in content.rglob("*.md"))
    for private in (ID_NUMBER, PHONE, WITNESS):
        assert private not in everything
    assert "马建军" in officer_path.read_text("utf-8")  # officials are public
    assert not (content / "officers" / "o-0002.md").exists()
    assert inspection.state == info.state == vocab.STATE_PUBLISHED
    assert parse_content_file(inspection_path.read_text("utf-8")).meta["on_time"] is True
    assert parse_content_file(info_path.read_text("utf-8")).meta["index_no"] == info.index_no

    officer.certificate_no = ""  # no longer certified: the page becomes a notice
    publish_officer(session, officer, **common)
    assert parse_content_file(officer_path.read_text("utf-8")).meta["status"] == "withdrawn"

    withdraw_record(session, info, reason="文件已废止", **common)
    meta = parse_content_file(info_path.read_text("utf-8")).meta
    assert (meta["status"], meta["index_no"]) == ("withdrawn", info.index_no)
    assert "政府信息公开条例" in meta["notice_basis"]


# -- expire ---------------------------------------------------------------------------


def write_penalty(content: Path, slug: str, until: dt.date, status: str = "published") -> Path:
    meta = {
        "title": f"中宁大战场综执罚〔2021〕{slug}号",
        "status": status,
        "published": dt.date(2021, 5, 12),
        "updated": dt.date(2021, 5, 12),
        "decision_no": f"中宁大战场综执罚〔2021〕{slug}号",
        "party_name": "张某某",
        "decision_date": dt.date(2021, 5, 10),
        "publicity_until": until,
    }
    return write_record_file(content, "penalties", slug, meta, "张某某在村道堆放杂物。").path


def test_expire_rewrites_only_what_has_ended(content) -> None:
    ended = write_penalty(content, "1", dt.date(2024, 5, 31))
    last_day = write_penalty(content, "2", dt.date(2024, 6, 1))
    withdrawn = write_penalty(content, "3", dt.date(2020, 1, 1), status="withdrawn")
    untouched = {p: p.read_bytes() for p in (last_day, withdrawn)}

    assert expire_content(content, dt.date(2024, 6, 1)) == [ended]
    text = ended.read_text(encoding="utf-8")
    meta = parse_content_file(text).meta
    assert meta == {
        "title": "中宁大战场综执罚〔2021〕1号",
        "status": "expired",
        "published": dt.date(2021, 5, 12),
        "updated": dt.date(2024, 6, 1),
        "decision_no": "中宁大战场综执罚〔2021〕1号",
        "notice_date": dt.date(2024, 6, 1),
        "notice_reason": "公示期满",
        "notice_basis": meta["notice_basis"],
        "publicity_until": dt.date(2024, 5, 31),
    }
    assert "第58号" in meta["notice_basis"]
    assert "张某某" not in text and "堆放" not in text
    assert {p: p.read_bytes() for p in untouched} == untouched
    assert expire_content(content, dt.date(2024, 6, 1)) == []  # idempotent


def test_expire_is_all_or_nothing(content, monkeypatch) -> None:
    """A failure while writing the second notice leaves the first file as it was too."""
    import tempfile

    from admin.content.store import ContentStoreError

    paths = [write_penalty(content, str(n), dt.date(2024, 5, 31)) for n in (1, 2)]
    before = {p: p.read_bytes() for p in paths}
    real = tempfile.mkstemp
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", second_fails)
    with pytest.raises(ContentStoreError, match="无法写入"):
        expire_content(content, dt.date(2024, 6, 1))
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in paths} == before
    assert not list(content.rglob("*.tmp"))
    assert expire_content(content, dt.date(2024, 6, 1)) == paths


def test_gongshi_expire_command(gongshi, tmp_path, content) -> None:
    ended = write_penalty(content, "1", dt.date(2024, 5, 31))
    write_penalty(content, "2", dt.date(2030, 1, 1))
    result = gongshi("expire", "--content", "content", "--today", "2024-06-01")
    assert result.returncode == 0, result.stderr
    assert "penalties/1.md" in result.stdout and "penalties/2.md" not in result.stdout
    assert "共改写 1 个文件" in result.stdout
    assert parse_content_file(ended.read_text("utf-8")).meta["status"] == "expired"
    assert not (tmp_path / "instance" / "gongshi.db").exists()  # no database needed


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--today", "2024-13-01"], 2, "--today：应为 YYYY-MM-DD"),
        (["--today", "tomorrow"], 2, "--today：应为 YYYY-MM-DD"),
        (["--content", "missing"], 1, "--content：目录 missing 不存在"),
    ],
)
def test_gongshi_expire_refusals(gongshi, content, args, code, message) -> None:
    result = gongshi("expire", *args)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr


# -- content store ----------------------------------------------------------------------


def test_writes_are_atomic_and_skip_unchanged_bytes(content) -> None:
    meta = {"title": "关于我们"}
    first = write_record_file(content, "pages", "about", meta, "正文")
    again = write_record_file(content, "pages", "about", meta, "正文\n")
    assert first.changed and not again.changed
    assert [p.name for p in (content / "pages").iterdir()] == ["about.md"]  # no temp files
    assert oct(first.path.stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize(
    ("site_toml", "message"),
    [
        ('name = "x"\n', "base_url：必须填写"),
        ('base_url = ""\n', "base_url：必须填写"),
        ('base_url = "ftp://x/"\n', "base_url：必须以 https://"),
        ('base_url = "https://x/"\nshow_full_names = "false"\n', "show_full_names：必须是 true"),
        ("base_url = \n", "格式错误"),
    ],
)
def test_site_config_refusals(content, site_toml, message) -> None:
    (content / "site.toml").write_text(site_toml, encoding="utf-8")
    with pytest.raises(ContentStoreError, match=message):
        read_site_config(content)


def test_site_config_defaults(content) -> None:
    site = read_site_config(content)
    assert site["base_url"] == "https://dzc.example.gov.cn/gongshi/"
    assert site["show_full_names"] is False and site["court"] == ""


def test_read_dataset(content) -> None:
    write_record_file(content, "pages", "b", {"title": "乙"}, "")
    write_record_file(content, "pages", "a", {"title": "甲"}, "正文")
    (content / "pages" / ".a.md.123.tmp").write_text("partial", encoding="utf-8")
    assert [(r.slug, r.meta["title"]) for r in read_dataset(content, "pages")] == [
        ("a", "甲"),
        ("b", "乙"),
    ]
    assert read_dataset(content, "reports") == []
    assert read_record_file(content, "pages", "c") is None
    (content / "pages" / "README.md").write_text("+++\n+++\n", encoding="utf-8")
    with pytest.raises(ContentStoreError, match="文件名不是有效的标识"):
        read_dataset(content, "pages")
    (content / "pages" / "README.md").unlink()
    (content / "pages" / "c.md").write_text("no front matter", encoding="utf-8")
    with pytest.raises(ContentStoreError, match=r"c\.md：第 1 行"):
        read_dataset(content, "pages")


# -- git ------------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, content: Path, monkeypatch) -> Path:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_SYSTEM", os.devnull)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty",
        "-m", "start")  # fmt: skip
    return tmp_path


def test_git_mode_commits_each_publish_as_the_officer(app, session, world, content, repo):
    app.config["GONGSHI"]["GIT_COMMIT_CONTENT"] = True  # as GONGSHI_GIT_COMMIT_CONTENT=1 sets it
    (repo / "unrelated.txt").write_text("staged but not ours", encoding="utf-8")
    git(repo, "add", "unrelated.txt")
    decision = make_decision(session, world)
    publish(session, decision, content)
    log = git(repo, "log", "-1", "--format=%an%n%s", "--name-only")
    assert log.splitlines()[:2] == [
        "王执法",
        "公示行政处罚决定 中宁大战场综执罚〔2021〕15号（penalties/2021-0015）",
    ]
    # The record and the audit anchor of its publish, nothing else.
    assert log.split("\n\n", 1)[1].split() == [
        "content/audit-head.toml",
        "content/penalties/2021-0015.md",
    ]
    assert "unrelated.txt" in git(repo, "diff", "--cached", "--name-only")  # left staged

    publish(session, decision, content)  # unchanged: no empty commit
    withdraw_record(
        session, decision, reason="决定被撤销", actor="wang", today=TODAY, content_root=content
    )
    subjects = git(repo, "log", "--format=%s").splitlines()
    assert subjects[:2] == [
        "撤回行政处罚决定 中宁大战场综执罚〔2021〕15号（penalties/2021-0015）",
        "公示行政处罚决定 中宁大战场综执罚〔2021〕15号（penalties/2021-0015）",
    ]


def test_git_mode_off_by_default(app, session, world, content, repo) -> None:
    publish(session, make_decision(session, world), content)
    assert git(repo, "log", "--format=%s").splitlines() == ["start"]


def test_gongshi_expire_commits_in_git_mode(tmp_path, content, repo) -> None:
    ended = write_penalty(content, "1", dt.date(2024, 5, 31))
    git(repo, "add", "content")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "add")
    (tmp_path / "instance").mkdir(exist_ok=True)
    env = {"GONGSHI_INSTANCE_DIR": str(tmp_path / "instance"), "GONGSHI_GIT_COMMIT_CONTENT": "1"}
    result = run_gongshi("expire", "--today", "2024-06-01", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    log = git(repo, "log", "-1", "--format=%an%n%s")
    assert log.splitlines() == [
        "gongshi",
        "公示期满行政处罚决定 中宁大战场综执罚〔2021〕1号（penalties/1）",
    ]
    assert git(repo, "status", "--porcelain") == ""
    assert "expired" in git(repo, "show", "HEAD:content/penalties/1.md")
    assert ended.is_file()
