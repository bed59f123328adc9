"""gongshi import/export licences: all rows or none, masking end to end, every row exported.

The held-out file of issue 18: a 双公示 行政许可 CSV with planted personal data (an ID number,
a mobile number, a natural person's full name in 许可内容) imports with --publish and builds;
the built site has none of them (``gongshi check`` passes) and names the organisation.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import tomli_w
from openpyxl import load_workbook

from admin.demo.bodies import TOWNSHIP_CREDIT_CODE
from admin.domain.licence_columns import COLUMNS
from admin.models import AuditEntry, Body, Licence
from admin.publish.importer import ImportRefused
from admin.publish.licence_import import export_bytes, export_rows, import_licences
from tests.conftest import ROOT

TODAY = dt.date(2026, 1, 15)
TOWNSHIP = "中宁县大战场镇人民政府"
TOWNSHIP_CODE = TOWNSHIP_CREDIT_CODE
ID_NUMBER = "11010519491231002X"
MOBILE = "13912345678"
PERSON = "马建国"
FIRM = "中宁县枸杞红农业发展有限公司"
FIRM_CODE = "91350100M000100Y43"
SITE = {
    "name": "大战场镇人民政府 行政执法与政务公开",
    "base_url": "https://dzc.example.gov.cn/gongshi/",
    "sponsor": TOWNSHIP,
    "contact": "0955-1234567",
    "address": "宁夏中卫市中宁县大战场镇",
    "site_code": "6405210001",
    "icp": "宁ICP备12345678号",
    "police_filing": "宁公网安备64052102000001号",
    "region": "ningxia",
    "show_full_names": False,
}


def person_row(n: int = 1, **overrides: str) -> dict[str, str]:
    row = {
        "行政相对人名称": PERSON,
        "行政相对人类别": "自然人",
        "证件类型": "身份证",
        "证件号码": ID_NUMBER,
        "行政许可决定文书名称": "乡村建设规划许可决定书",
        "行政许可决定文书号": f"中宁大战场规许〔2025〕{n}号",
        "许可类别": "普通",
        "许可证书名称": "乡村建设规划许可证",
        "许可编号": f"乡字第6405212025{n:05d}号",
        "许可内容": f"准予{PERSON}（身份证号码{ID_NUMBER}，联系电话{MOBILE}）在本村新建住宅。",
        "许可决定日期": "2025-06-03",
        "有效期自": "2025-06-03",
        "有效期至": "2026-06-02",
        "许可机关": TOWNSHIP,
        "许可机关统一社会信用代码": TOWNSHIP_CODE,
        "当前状态": "有效",
        "数据来源单位": TOWNSHIP,
        "数据来源单位统一社会信用代码": TOWNSHIP_CODE,
    }
    row.update(overrides)
    return row


def firm_row(n: int = 2, **overrides: str) -> dict[str, str]:
    row = person_row(n, 行政相对人名称=FIRM, 行政相对人类别="法人及非法人组织")
    row.update({"证件类型": "", "证件号码": "", "法定代表人": "李文军"})
    row.update({"法定代表人证件类型": "身份证", "法定代表人证件号码": ID_NUMBER})
    row.update({"行政相对人代码_1(统一社会信用代码)": FIRM_CODE, "许可类别": "核准许可"})
    row.update({"许可内容": f"准予{FIRM}设置户外广告牌一块。", "许可决定日期": "2025-07-01"})
    row.update({"有效期自": "2025-07-01", "有效期至": "2027-06-30"})
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([row.get(column, "") for column in COLUMNS] for row in rows)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    (root / "site.toml").write_text(tomli_w.dumps(SITE), encoding="utf-8")
    return root


@pytest.fixture
def township(session) -> Body:
    body = Body(slug="dzc", name=TOWNSHIP, kind="法定行政机关", credit_code=TOWNSHIP_CODE)
    session.add(body)
    session.commit()
    return body


def test_a_file_with_errors_saves_nothing_and_names_each_cell(
    session, township, content, tmp_path
) -> None:
    rows = [
        person_row(1),
        person_row(2, 许可类别="随便"),
        firm_row(3, **{"行政相对人代码_1(统一社会信用代码)": ""}),
        person_row(1),
        person_row(5, 有效期至="2024-01-01"),
    ]
    with pytest.raises(ImportRefused) as refused:
        import_licences(session, write_csv(tmp_path / "a.csv", rows), actor="t", today=TODAY)
    lines = [str(e) for e in refused.value.errors]
    assert lines[0].startswith("第3行 许可类别：「随便」不是可选的值")
    assert "第4行 行政相对人代码_1(统一社会信用代码)：不能为空" in lines
    assert "第5行 行政许可决定文书号：与第2行的文书号重复" in lines
    assert any(line.startswith("第6行 有效期至：不能早于") for line in lines)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(Licence)) == 0


def test_an_unknown_header_is_refused(session, township, tmp_path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("行政相对人名称,处罚类别\n张三,罚款\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_licences(session, path, actor="t", today=TODAY)
    lines = [str(e) for e in refused.value.errors]
    assert "第1行 处罚类别：不是双公示行政许可数据标准中的字段" in lines
    assert "第1行 许可决定日期：缺少此列（必填字段）" in lines


def test_export_returns_every_row_and_reimports(session, township, content, tmp_path) -> None:
    rows = [person_row(n) for n in range(1, 6)] + [firm_row(n) for n in range(6, 9)]
    summary = import_licences(
        session, write_csv(tmp_path / "c.csv", rows), actor="t", today=TODAY, content_root=content
    )
    session.commit()
    assert summary.rows == 8
    assert {lic.slug for lic in summary.licences} == {f"2025-{n:04d}" for n in range(1, 9)}
    exported = export_rows(session)
    assert len(exported) == 8
    data = export_bytes(exported, "csv").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    assert table[0] == list(COLUMNS) and len(table) == 9
    assert ID_NUMBER in data  # the credit platform's file carries the private columns
    assert {r[COLUMNS.index("许可类别")] for r in table[1:]} == {"普通", "核准"}
    out = tmp_path / "c.xlsx"
    out.write_bytes(export_bytes(exported, "xlsx"))
    sheet = load_workbook(out).worksheets[0]
    assert sheet.title == "行政许可" and sheet.max_row == 9
    session.execute(sa.delete(Licence))
    session.commit()
    again = import_licences(session, out, actor="t", today=TODAY, content_root=content)
    assert again.rows == 8


def _gongshi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "admin", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        timeout=600,
    )


def test_the_same_file_again_changes_nothing(session, township, content, tmp_path) -> None:
    path = write_csv(tmp_path / "a.csv", [person_row(1), firm_row(2)])
    env = {"GONGSHI_CONTENT_DIR": str(content)}
    first = _gongshi("import", "licences", str(path), env=env)
    assert first.returncode == 0, first.stderr
    entries = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    stored = [(lic.slug, lic.updated_at) for lic in session.scalars(sa.select(Licence))]
    session.rollback()  # end the read: the command writes to the same SQLite file
    again = _gongshi("import", "licences", str(path), env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("文件中的 2 条行政许可决定均已导入且内容相同，未作改动")
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == entries
    assert [(lic.slug, lic.updated_at) for lic in session.scalars(sa.select(Licence))] == stored
    session.rollback()
    more = write_csv(tmp_path / "b.csv", [person_row(1), firm_row(2), person_row(3)])
    added = _gongshi("import", "licences", str(more), env=env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.splitlines()[1] == "另有 2 条已导入且内容相同，未作改动"
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count()).select_from(Licence)) == 3


def test_a_stored_number_with_other_content_is_refused(session, township, tmp_path) -> None:
    import_licences(session, write_csv(tmp_path / "a.csv", [person_row(1)]), actor="t", today=TODAY)
    session.commit()
    rows = [person_row(1, 许可内容="准予在本村翻建住宅。"), person_row(2)]
    with pytest.raises(ImportRefused) as refused:
        import_licences(session, write_csv(tmp_path / "b.csv", rows), actor="t", today=TODAY)
    assert [str(e) for e in refused.value.errors] == [
        "第2行 行政许可决定文书号：已存在（中宁大战场规许〔2025〕1号），"
        "且内容与本行不同（已导入的决定请在后台修改）"
    ]


def test_the_held_out_file_publishes_and_builds_without_personal_data(
    session, township, content, tmp_path
) -> None:
    rows = [person_row(1), firm_row(2), person_row(3, 行政相对人名称="欧阳秀英")]
    rows[2]["许可内容"] = "准予欧阳秀英翻建旧宅，邻居马建国同意。"
    path = write_csv(tmp_path / "held-out.csv", rows)
    env = {"GONGSHI_CONTENT_DIR": str(content)}
    result = _gongshi("import", "licences", str(path), "--publish", env=env)
    assert result.returncode == 0, result.stderr
    assert "已导入 3 条行政许可决定" in result.stdout
    files = sorted((content / "licences").glob("*.md"))
    assert [f.stem for f in files] == ["2025-0001", "2025-0002", "2025-0003"]

    out = tmp_path / "site"
    built = _gongshi(
        "build", "--content", str(content), "--out", str(out), "--today", "2026-01-15", env=env
    )
    assert built.returncode == 0, built.stderr
    checked = _gongshi("check", str(out), env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    every = "".join(
        p.read_bytes().decode("utf-8", "ignore") for p in out.resolve().rglob("*") if p.is_file()
    )
    for private in (ID_NUMBER, MOBILE, PERSON, "欧阳秀英"):
        assert private not in every, private
    assert "马某某" in every and "欧阳某某" in every
    assert FIRM in every and FIRM_CODE in every and "李文军" in every
    site = out.resolve()
    for slug in ("2025-0001", "2025-0002", "2025-0003"):
        assert (site / "licences" / slug / "index.html").is_file()
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "licences/2025-0002/" in feed
    assert (site / "licences" / "kind" / "approval" / "index.html").is_file()
    assert FIRM in (site / "data" / "licences.csv").read_text(encoding="utf-8-sig")

    exported = _gongshi("export", "licences", env=env)
    assert exported.returncode == 0, exported.stderr
    assert len(list(csv.reader(io.StringIO(exported.stdout.lstrip("\ufeff"))))) == 4
