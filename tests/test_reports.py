"""The annual report end to end: the demo's 2021 report, `gongshi report`, the built site."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pgsupport
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from admin.domain.contentfile import parse_content_file
from admin.freeze.leakguard import scan_tree
from tests.conftest import run_gongshi


@dataclass(frozen=True)
class Demo:
    root: Path  # working directory: content/ and out/
    instance: Path
    database: str | None = None  # a PostgreSQL URL; None: instance/gongshi.db

    def env(self) -> dict[str, str]:
        env = {"GONGSHI_INSTANCE_DIR": str(self.instance)}
        if self.database:
            env["GONGSHI_DATABASE_URL"] = self.database
        return env

    @contextmanager
    def connection(self) -> Iterator[sa.Connection]:
        url = self.database or f"sqlite:///{self.instance / 'gongshi.db'}"
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                yield connection
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """`gongshi init --demo` then `gongshi build`, once for the module, as a user runs them."""
    root = tmp_path_factory.mktemp("demo")
    name = pgsupport.new_name("demo") if pgsupport.server_url() else None
    database = pgsupport.create_database(name) if name else None
    demo = Demo(root, root / "instance", database)
    result = run_gongshi("init", "--demo", cwd=root, env=demo.env())
    assert result.returncode == 0, result.stderr
    result = run_gongshi("build", "--out", "out", "--today", "2026-11-01", cwd=root, env=demo.env())
    assert result.returncode == 0, result.stderr
    yield demo
    if name:
        pgsupport.drop_database(name)


def applicant_data(demo: Demo) -> list[str]:
    """Every private value of every request in the demo's database."""
    with demo.connection() as db:
        rows = db.execute(
            sa.text(
                "SELECT applicant_name, applicant_id_number, applicant_phone, applicant_address"
                " FROM info_request"
            )
        ).all()
    return [value for row in rows for value in row if value]


def test_demo_publishes_the_2021_report_consistent_with_its_records(demo: Demo) -> None:
    file = parse_content_file((demo.root / "content/reports/2021.md").read_text("utf-8"))
    meta = file.meta
    assert meta["title"] == "大战场镇人民政府2021年政府信息公开工作年度报告"
    assert meta["published"].isoformat() == "2022-01-20"
    assert meta["table2"]["penalties"] == 15  # the demo's fifteen 2021 decisions
    rows = {row["key"]: row["cells"] for row in meta["table3"]["rows"]}
    assert rows["new"] == [1, 0, 0, 0, 0, 0, 1]  # one request, from a natural person
    assert rows["予以公开"] == rows["total"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["carried_over"] == rows["carried_forward"] == [0] * 7
    assert meta["table4"]["cells"] == [0] * 15
    assert file.body.startswith("## 一、总体情况\n")
    assert "## 五、存在的主要问题及改进情况" in file.body


def test_the_built_report_shows_html_tables_and_csvs(demo: Demo) -> None:
    out = demo.root / "out" / "reports"
    listing = (out / "index.html").read_text("utf-8")
    assert "2021/index.html" in listing and "2021年政府信息公开工作年度报告" in listing
    page = (out / "2021/index.html").read_text("utf-8")
    for text in (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开",
    ):
        assert f">{text}" in page
    assert '<th scope="row">行政处罚</th><td colspan="3">15</td>' in page
    assert (
        page.index("一、总体情况") < page.index("二、主动公开") < page.index("五、存在的主要问题")
    )
    assert 'href="table-3.csv"' in page
    table3 = (out / "2021/table-3.csv").read_bytes()
    assert table3.startswith("\ufeff".encode())
    # Open data in long form: one header row, one row per number.
    lines = table3.decode("utf-8-sig").splitlines()
    assert lines[:2] == ["项目,申请人类别,件数", "一、本年新收政府信息公开申请数量,自然人,1"]
    table2 = (out / "2021/table-2.csv").read_text("utf-8-sig")
    assert "第二十条第（六）项,行政处罚,本年处理决定数量,15,件" in table2
    # 行政许可 counts the year's licences recorded in gongshi (the demo's input adds none).
    licences = (demo.root / "content" / "licences").glob("*.md")
    granted_2021 = [p for p in licences if "\ndecision_date = 2021-" in p.read_text("utf-8")]
    assert granted_2021, "the demo grants licences in 2021"
    assert f"第二十条第（五）项,行政许可,本年处理决定数量,{len(granted_2021)},件" in table2
    table4 = (out / "2021/table-4.csv").read_text("utf-8-sig").splitlines()
    assert table4[0] == "类别,结果,件数" and len(table4) == 16
    assert all(line.endswith(",0") for line in table4[1:])


def test_no_applicant_data_anywhere_in_the_built_site(demo: Demo) -> None:
    private = applicant_data(demo)
    assert len(private) == 4
    assert list(scan_tree(demo.root / "out")) == []
    for path in (demo.root / "out").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".csv", ".json", ".xml", ".md"):
            text = path.read_text("utf-8", errors="replace")
            assert not [value for value in private if value in text], path
    for path in (demo.root / "content").rglob("*.md"):
        assert not [value for value in private if value in path.read_text("utf-8")], path


def test_report_command_prints_the_tables(demo: Demo) -> None:
    result = run_gongshi("report", "2021", cwd=demo.root, env=demo.env())
    assert result.returncode == 0, result.stderr
    assert "大战场镇人民政府2021年政府信息公开工作年度报告" in result.stdout
    assert "  行政处罚 | 15" in result.stdout
    assert "  一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1" in result.stdout
    assert "  行政复议：结果维持 0，结果纠正 0，其他结果 0，尚未审结 0，总计 0" in result.stdout


@pytest.fixture
def copied(demo: Demo, tmp_path: Path) -> Iterator[Demo]:
    """A copy of the demo's instance and database, with a content/ of its own."""
    instance = tmp_path / "instance"
    shutil.copytree(demo.instance, instance)
    (tmp_path / "content").mkdir()
    shutil.copyfile(demo.root / "content/site.toml", tmp_path / "content/site.toml")
    if demo.database is None:
        yield Demo(tmp_path, instance)
        return
    name = pgsupport.new_name("copy")
    template = make_url(demo.database).database or ""
    yield Demo(tmp_path, instance, pgsupport.create_database(name, template))
    pgsupport.drop_database(name)


def test_an_inconsistent_report_exits_1_naming_cells_and_writes_nothing(
    copied: Demo, tmp_path: Path
) -> None:
    with copied.connection() as db:
        # Last year's report said one request was carried over; the records know none.
        db.execute(sa.text("UPDATE annual_report SET carried_over = '[1, 0, 0, 0, 0, 0]'"))
        db.execute(sa.text("UPDATE annual_report SET table4 = '[1,0,0,0,0, 0,0,0,0,0, 0,0,0,0,0]'"))
    result = run_gongshi("report", "2021", "--publish", cwd=tmp_path, env=copied.env())
    assert result.returncode == 1
    assert result.stderr.startswith("错误：年度报告核对未通过：")
    assert (
        "表三「自然人」列：本年新收 1 + 上年结转 1 ≠ 办理结果总计 1 + 结转下年度 0" in result.stderr
    )
    assert "表三「总计」列" in result.stderr
    assert "表四「行政复议·总计」：填报 0，应为 1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "content/reports").exists()


def test_report_publish_writes_the_report_file(demo: Demo, copied: Demo, tmp_path: Path) -> None:
    result = run_gongshi("report", "2021", "--publish", cwd=tmp_path, env=copied.env())
    assert result.returncode == 0, result.stderr
    assert "已发布年度报告" in result.stdout
    written = tmp_path / "content/reports/2021.md"
    meta = parse_content_file(written.read_text("utf-8")).meta
    shipped = parse_content_file((demo.root / "content/reports/2021.md").read_text("utf-8")).meta
    assert meta["published"] == shipped["published"] or meta["table3"] == shipped["table3"]
    assert tomllib.loads((tmp_path / "content/audit-head.toml").read_text("utf-8"))["head"]


def test_report_needs_the_database(tmp_path: Path) -> None:
    result = run_gongshi(
        "report", "2021", cwd=tmp_path, env={"GONGSHI_INSTANCE_DIR": str(tmp_path)}
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "错误：数据库未初始化，请先运行 gongshi init"


def test_report_help_has_an_example() -> None:
    result = run_gongshi("report", "--help")
    assert result.returncode == 0 and "示例：\n    gongshi report 2021" in result.stdout


def test_report_text_is_published_with_private_names_and_numbers_masked(
    copied: Demo, tmp_path: Path
) -> None:
    with copied.connection() as db:
        db.execute(
            sa.text(
                "UPDATE annual_report SET section5_md = '举报人李秀兰（13912345678）反映的问题，"
                "群众王小明提出的建议，均已办结。'"
            )
        )
    result = run_gongshi("report", "2021", "--publish", cwd=tmp_path, env=copied.env())
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "content/reports/2021.md").read_text("utf-8")
    assert "举报人李某某（［电话已隐去］）反映的问题，群众王某某提出的建议" in text
    assert "李秀兰" not in text and "王小明" not in text and "13912345678" not in text


def test_demo_publishes_the_2021_rule_of_law_report_through_the_workflow(demo: Demo) -> None:
    title = "2021年大战场镇人民政府法治政府建设年度报告"
    file = parse_content_file(
        (demo.root / "content/reports/2021-rule-of-law.md").read_text("utf-8")
    )
    assert file.meta["title"] == title and file.meta["kind"] == "rule-of-law"
    assert file.meta["published"].isoformat() == "2022-03-25"  # before 1 April
    assert file.meta["penalties"] == 15  # the same fifteen 2021 decisions as the other report
    assert "行政执法三项制度" in file.body and "## 五、其他需要报告的事项" in file.body
    own = (demo.root / "out/reports/2021/rule-of-law/index.html").read_text("utf-8")
    year = (demo.root / "out/reports/2021/index.html").read_text("utf-8")
    assert f"<h1>{title}</h1>" in own and "行政处罚决定 15 件" in own
    assert f'<a href="rule-of-law/index.html">{title}</a>' in year
    assert "大战场镇人民政府2021年政府信息公开工作年度报告" in year
    with demo.connection() as db:
        state = db.execute(sa.text("SELECT state FROM rule_of_law_report")).scalar_one()
        actions = db.execute(
            sa.text("SELECT action FROM audit_entry WHERE entity = 'rule_of_law_report'")
        ).scalars()
        assert state == "已公示"
        assert list(actions) == ["review", "publish"]
