"""Catalogue imports (执法主体, 执法人员, 执法事项); decisions filed under their 处罚机关 (#16)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from stdnum.cn import uscc

from admin.domain.catalogue import ITEMS, OFFICERS, SUBJECTS
from admin.models import AuditEntry, Body, EnforcementItem, Officer, PenaltyDecision
from admin.publish.catalogue_import import import_catalogue
from admin.publish.importer import ImportFailed, ImportRefused, import_penalties
from admin.publish.transaction import all_or_nothing
from tests.test_import_export import person, write_csv

TODAY = dt.date(2026, 1, 15)
SITE_TOML = 'name = "测试站"\nbase_url = "https://example.gov.cn/gongshi/"\n'


def credit_code(head: str) -> str:
    return head + uscc.calc_check_digit(head)


COUNTY, COUNTY_CODE = "中宁县人民政府", credit_code("11640521MB0000000")
XINBAO, XINBAO_CODE = "中宁县新堡镇人民政府", credit_code("11640521MB0100000")
MARKET, MARKET_CODE = "中宁县市场监督管理局", credit_code("11640521MB0200000")


def subject_rows() -> list[dict[str, str]]:
    """A county whose bodies come child before parent, naming the parent by name or code."""
    return [
        {"名称": XINBAO, "简称": "新堡镇", "主体类别": "法定行政机关",
         "统一社会信用代码": XINBAO_CODE, "上级机关": COUNTY, "文号代字": "中宁新堡综执罚",
         "电话": "0955-1234567"},
        {"名称": MARKET, "主体类别": "法定行政机关", "统一社会信用代码": MARKET_CODE,
         "上级机关": COUNTY_CODE, "文号代字": "中宁市监罚", "复议机关": COUNTY},
        {"名称": COUNTY, "主体类别": "法定行政机关", "统一社会信用代码": COUNTY_CODE},
    ]  # fmt: skip


def officer_rows() -> list[dict[str, str]]:
    return [
        {"姓名": "王建国", "人员类别": "执法人员", "执法证号": "64052100001",
         "所属执法主体": XINBAO},
        {"姓名": "李明", "人员类别": "执法人员", "执法证号": "64052100002",
         "所属执法主体": XINBAO_CODE, "执法类别": "综合执法", "状态": "在岗"},
        {"姓名": "赵强", "人员类别": "执法人员", "执法证号": "64052100003", "所属执法主体": MARKET},
        {"姓名": "马丽", "人员类别": "辅助人员", "所属执法主体": MARKET},
    ]  # fmt: skip


def item_rows() -> list[dict[str, str]]:
    return [
        {"事项编码": "XB-CF-001", "事项名称": "对露天焚烧秸秆的处罚", "事项类别": "行政处罚",
         "实施依据": "《中华人民共和国大气污染防治法》第一百一十九条", "执法主体": XINBAO},
        {"事项名称": "对食品经营者的监督检查", "事项类别": "行政检查", "执法主体": MARKET_CODE},
    ]  # fmt: skip


def write_table(path: Path, rows: list[dict[str, str]], headers: list[str] | None = None) -> Path:
    headers = headers or list(dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([row.get(h, "") for h in headers] for row in rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def decision(n: int, body: str, **overrides: str) -> dict[str, object]:
    prefix = "中宁新堡综执罚" if body == XINBAO else "中宁市监罚"
    fields: dict[str, object] = {"处罚机关": body, "行政处罚决定书文号": f"{prefix}〔2021〕{n}号"}
    return person(n, **{**fields, **overrides})


def load(session, dataset: str, path: Path, **kwargs):
    kwargs.setdefault("content_root", path.parent / "content")
    with all_or_nothing(session):
        return import_catalogue(session, dataset, path, actor="cli:t", today=TODAY, **kwargs)


def refusals(session, dataset: str, path: Path) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        load(session, dataset, path)
    return [str(error) for error in refused.value.errors]


def bodies(session) -> dict[str, Body]:
    return {b.name: b for b in session.scalars(sa.select(Body))}


def audit_count(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


@pytest.fixture
def county(session, tmp_path) -> dict[str, Body]:
    load(session, "subjects", write_table(tmp_path / "subjects.csv", subject_rows()))
    return bodies(session)


def test_bodies_child_before_parent_find_their_parent_by_name_or_code(session, tmp_path):
    summary = load(session, "subjects", write_table(tmp_path / "s.csv", subject_rows()))
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    found = bodies(session)
    assert found[XINBAO].parent is found[COUNTY] and found[MARKET].parent is found[COUNTY]
    assert found[COUNTY].parent is None and found[XINBAO].decision_prefix == "中宁新堡综执罚"
    assert {b.slug for b in found.values()} == {"subject-0001", "subject-0002", "subject-0003"}
    entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "import")).one()
    assert entry.detail["created"] == 3 and entry.entity == "body"


def test_the_same_file_again_changes_nothing_and_an_updated_file_updates_by_key(
    session, county, tmp_path
):
    before = audit_count(session)
    again = load(session, "subjects", tmp_path / "subjects.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert audit_count(session) == before
    rows = subject_rows()
    rows[0]["电话"] = "0955-7654321"
    rows[2]["名称"] = "中宁县人民政府（新名称）"  # renamed: found by its code, not its name
    rows[0]["上级机关"] = rows[2]["名称"]
    summary = load(session, "subjects", write_table(tmp_path / "s2.csv", rows))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 1)
    assert county[XINBAO].phone == "0955-7654321"
    assert county[COUNTY].name == "中宁县人民政府（新名称）"
    assert len(bodies(session)) == 3
    edits = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "edit")).all()
    assert sorted(e.detail["after"].get("phone", "") for e in edits) == ["", "0955-7654321"]


def test_every_row_error_is_listed_and_nothing_is_saved(session, tmp_path):
    rows = [
        *subject_rows(),
        {"名称": "甲", "主体类别": "行政机关", "统一社会信用代码": XINBAO_CODE[:-1] + "0"},
        {"名称": "乙", "主体类别": "法定行政机关", "统一社会信用代码": MARKET_CODE},
        {"名称": "丙", "主体类别": "法定行政机关", "上级机关": "某某县人民政府",
         "统一社会信用代码": credit_code("11640521MB0300000")},
        {"名称": XINBAO, "主体类别": "法定行政机关"},
    ]  # fmt: skip
    assert refusals(session, "subjects", write_table(tmp_path / "bad.csv", rows)) == [
        "第5行 主体类别：「行政机关」不是可选的值，"
        "应为：法定行政机关、法律法规授权组织、受委托组织",
        "第5行 统一社会信用代码：校验位不正确，请核对（GB 32100）",
        "第6行 统一社会信用代码：与第3行重复",
        "第7行 上级机关：文件和数据库中都没有「某某县人民政府」"
        "（应填上级机关的名称或统一社会信用代码）",
        "第8行 统一社会信用代码：不能为空",
        "第8行 名称：与第2行重复",
    ]
    session.rollback()
    assert bodies(session) == {} and audit_count(session) == 0


def test_a_cycle_of_parents_is_refused(session, tmp_path):
    rows = subject_rows()
    rows[2]["上级机关"] = XINBAO
    assert refusals(session, "subjects", write_table(tmp_path / "c.csv", rows)) == [
        "第2行 上级机关：上下级关系成环",
        "第4行 上级机关：上下级关系成环",
    ]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            ["名称", "主体类别", "统一社会信用代码", "负责人"],
            "第1行 负责人：不是执法主体导入模板中的字段",
        ),
        (["名称", "统一社会信用代码"], "第1行 主体类别：缺少此列（必填字段）"),
    ],
)  # fmt: skip
def test_unknown_and_missing_columns_are_refused_by_name(session, tmp_path, headers, message):
    path = write_table(tmp_path / "h.csv", subject_rows(), headers)
    assert refusals(session, "subjects", path) == [message]


def test_officers_and_items_file_under_their_body_and_update_by_key(session, county, tmp_path):
    summary = load(session, "officers", write_table(tmp_path / "o.csv", officer_rows()))
    assert (summary.created, summary.updated, summary.unchanged) == (4, 0, 0)
    officers = {o.name: o for o in session.scalars(sa.select(Officer))}
    assert officers["王建国"].body is county[XINBAO] and officers["李明"].body is county[XINBAO]
    assert officers["马丽"].body is county[MARKET] and officers["马丽"].certificate_no == ""
    assert officers["王建国"].status == "在岗" and officers["王建国"].slug == "officer-0001"
    rows = officer_rows()
    rows[0].update({"姓名": "王建国", "状态": "离岗", "所属执法主体": MARKET})  # moved, by 执法证号
    summary = load(session, "officers", write_table(tmp_path / "o2.csv", rows))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
    assert (officers["王建国"].status, officers["王建国"].body) == ("离岗", county[MARKET])
    summary = load(session, "items", write_table(tmp_path / "i.csv", item_rows()))
    assert (summary.created, summary.unchanged) == (2, 0)
    rows = item_rows()
    rows[1]["事项编码"] = "SJ-JC-001"  # a code given later: found by its name within the body
    rows[0]["事项名称"] = "对露天焚烧秸秆等行为的处罚"  # renamed: found by its code
    summary = load(session, "items", write_table(tmp_path / "i2.csv", rows))
    assert (summary.created, summary.updated) == (0, 2)
    items = session.scalars(sa.select(EnforcementItem).order_by(EnforcementItem.id)).all()
    assert [(i.code, i.body.name, i.slug) for i in items] == [
        ("XB-CF-001", XINBAO, "cf-0001"),
        ("SJ-JC-001", MARKET, "jc-0001"),
    ]


def test_officer_and_item_rows_are_checked_by_the_record_rules(session, county, tmp_path):
    rows = [
        *officer_rows(),
        {"姓名": "钱七", "人员类别": "执法人员", "所属执法主体": XINBAO},
        {"姓名": "孙八", "人员类别": "执法人员", "执法证号": "64052100001",
         "所属执法主体": XINBAO},
        {"姓名": "周九", "人员类别": "辅助人员", "所属执法主体": "某某县公安局"},
    ]  # fmt: skip
    assert refusals(session, "officers", write_table(tmp_path / "o.csv", rows)) == [
        "第6行 执法证号：执法人员必须填写（无执法证的人员请选择辅助人员）",
        "第7行 执法证号：与第2行重复",
        "第8行 所属执法主体：没有名为「某某县公安局」的执法主体"
        "（请先运行 gongshi import subjects FILE 导入执法主体）",
    ]
    rows = [{"事项名称": "某事项", "事项类别": "许可", "执法主体": XINBAO}]
    assert refusals(session, "items", write_table(tmp_path / "i.csv", rows)) == [
        "第2行 事项类别：「许可」不是可选的值，"
        "应为：行政许可、行政处罚、行政检查、行政强制、行政征收、行政裁决、其他"
    ]


def test_a_licence_item_imports_under_its_own_code_and_exports(session, county, tmp_path):
    from admin.publish.catalogue_export import catalogue_rows, render_catalogue

    rows = [{"事项名称": "乡村建设规划许可证核发", "事项类别": "行政许可", "执法主体": XINBAO,
             "实施依据": "《中华人民共和国城乡规划法》第四十一条"}]  # fmt: skip
    summary = load(session, "items", write_table(tmp_path / "i.csv", rows))
    assert summary.created == 1
    item = session.scalars(sa.select(EnforcementItem)).one()
    assert (item.category, item.slug) == ("行政许可", "xk-0001")
    exported = render_catalogue(ITEMS, catalogue_rows(session, "items"), "csv").decode("utf-8-sig")
    assert "行政许可" in exported and "乡村建设规划许可证核发" in exported


def test_export_gives_the_import_columns_and_imports_back_unchanged(session, county, tmp_path):
    from admin.publish.catalogue_export import catalogue_rows, render_catalogue

    load(session, "officers", write_table(tmp_path / "o.csv", officer_rows()))
    load(session, "items", write_table(tmp_path / "i.csv", item_rows()))
    for sheet in (SUBJECTS, OFFICERS, ITEMS):
        for fmt in ("csv", "xlsx"):
            path = tmp_path / f"{sheet.dataset}.{fmt}"
            path.write_bytes(render_catalogue(sheet, catalogue_rows(session, sheet.dataset), fmt))
            summary = load(session, sheet.dataset, path)
            assert summary.created == summary.updated == 0 and summary.unchanged > 0
    subjects = load_workbook(tmp_path / "subjects.xlsx").active
    assert [c.value for c in subjects[1]] == list(SUBJECTS.headers)
    assert subjects.cell(2, 1).value == COUNTY  # parents first


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_csv_in_utf8_or_gb18030_is_read(session, tmp_path, encoding):
    text = write_table(tmp_path / "s.csv", subject_rows()).read_bytes().decode("utf-8-sig")
    (tmp_path / "s.csv").write_bytes(text.encode(encoding))
    assert load(session, "subjects", tmp_path / "s.csv").created == 3


def test_xlsx_catalogue_is_read(session, tmp_path):
    book = Workbook()
    book.active.append(list(SUBJECTS.headers))
    for row in subject_rows():
        book.active.append([row.get(h) for h in SUBJECTS.headers])
    book.save(tmp_path / "s.xlsx")
    assert load(session, "subjects", tmp_path / "s.xlsx").created == 3


def test_publish_writes_the_catalogue_and_published_records_follow(session, county, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    summary = load(session, "subjects", tmp_path / "subjects.csv", publish=True)
    assert summary.published == 3
    load(session, "officers", write_table(tmp_path / "o.csv", officer_rows()), publish=True)
    assert sorted(p.name for p in (content / "officers").iterdir()) == [
        "officer-0001.md",
        "officer-0002.md",
        "officer-0003.md",
    ]  # fmt: skip  (辅助人员 are not published)
    before = audit_count(session)
    load(session, "subjects", tmp_path / "subjects.csv", publish=True)
    assert audit_count(session) == before  # nothing new to publish: nothing written
    rows = subject_rows()
    rows[0]["电话"] = "0955-7654321"
    load(session, "subjects", write_table(tmp_path / "s2.csv", rows))  # without --publish
    page = (content / "subjects" / f"{county[XINBAO].slug}.md").read_text(encoding="utf-8")
    assert "0955-7654321" in page


def test_import_of_officers_on_a_bare_install_names_the_next_command(session, tmp_path):
    with pytest.raises(ImportFailed) as failed:
        load(session, "officers", write_table(tmp_path / "o.csv", officer_rows()))
    assert failed.value.message == (
        "数据库中还没有执法主体，无法确定所属执法主体："
        "请先运行 gongshi import subjects FILE 导入执法主体"
    )


def test_decisions_land_under_the_body_their_authority_names(session, county, tmp_path):
    rows = [
        decision(1, XINBAO, 处罚机关统一社会信用代码=XINBAO_CODE),
        decision(2, MARKET),  # by name only
        decision(3, XINBAO, 处罚机关="新堡镇", 处罚机关统一社会信用代码=XINBAO_CODE),  # short name
    ]
    import_penalties(session, write_csv(tmp_path / "p.csv", rows), actor="t", today=TODAY)
    stored = session.scalars(sa.select(PenaltyDecision).order_by(PenaltyDecision.id)).all()
    assert [d.body.name for d in stored] == [XINBAO, MARKET, XINBAO]


def test_a_decision_names_its_authority_as_the_body_is_named(session, county, tmp_path):
    # Matched however the cell wrote it (a zero-width space, a full-width space, the short
    # name): published as the body's name, with its code when the file left it out.
    rows = [
        decision(1, MARKET, 处罚机关=MARKET + "\u200b"),
        decision(2, MARKET, 处罚机关=MARKET[:4] + "\u3000" + MARKET[4:]),
        decision(3, XINBAO, 处罚机关="新堡镇", 处罚机关统一社会信用代码=XINBAO_CODE),
    ]
    import_penalties(session, write_csv(tmp_path / "p.csv", rows), actor="t", today=TODAY)
    stored = session.scalars(sa.select(PenaltyDecision).order_by(PenaltyDecision.id)).all()
    assert [(d.authority, d.authority_code) for d in stored] == [
        (MARKET, MARKET_CODE),
        (MARKET, MARKET_CODE),
        (XINBAO, XINBAO_CODE),
    ]


def test_a_row_of_an_unknown_or_disagreeing_body_is_refused_by_its_row(session, county, tmp_path):
    rows = [
        decision(1, XINBAO),
        decision(2, XINBAO, 处罚机关="中宁县新堡镇人民政府"),
        decision(3, XINBAO, 处罚机关="某某县公安局"),
        decision(4, XINBAO, 处罚机关统一社会信用代码=MARKET_CODE),
        decision(5, XINBAO, 处罚机关统一社会信用代码=credit_code("11640521MB0900000")),
        person(6, 处罚机关=MARKET, 行政处罚决定书文号="中宁新堡综执罚〔2021〕6号"),
    ]
    with pytest.raises(ImportRefused) as refused:
        import_penalties(session, write_csv(tmp_path / "p.csv", rows), actor="t", today=TODAY)
    assert [str(e) for e in refused.value.errors] == [
        "第4行 处罚机关：没有名为「某某县公安局」的执法主体"
        "（请先运行 gongshi import subjects FILE 导入执法主体）",
        f"第5行 处罚机关：「{XINBAO}」与处罚机关统一社会信用代码 {MARKET_CODE} "
        f"所属的「{MARKET}」不一致",
        f"第6行 处罚机关：没有统一社会信用代码为 {credit_code('11640521MB0900000')} 的执法主体"
        "（请先运行 gongshi import subjects FILE 导入执法主体）",
        f"第7行 行政处罚决定书文号：机关代字「中宁新堡综执罚」"
        f"与{MARKET}的文号代字「中宁市监罚」不一致",
    ]  # fmt: skip
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(PenaltyDecision)) == 0


def test_import_penalties_on_a_bare_install_names_the_next_command(session, tmp_path):
    with pytest.raises(ImportFailed) as failed:
        import_penalties(
            session, write_csv(tmp_path / "p.csv", [decision(1, XINBAO)]), actor="t", today=TODAY
        )
    assert "gongshi import subjects FILE" in failed.value.message


def test_publish_without_site_content_names_the_next_command(session, tmp_path):
    path = write_table(tmp_path / "s.csv", subject_rows())
    with pytest.raises(ImportFailed) as failed:
        load(session, "subjects", path, publish=True, content_root=tmp_path / "nowhere")
    assert failed.value.message.endswith("运行 gongshi init --new-site 名称 新建本站内容")
