"""A township of one's own with commands alone: README's section, run as written (#16)."""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from admin.domain.shuanggongshi import COLUMNS
from admin.models import Body, PenaltyDecision, User
from tests.conftest import ROOT, run_gongshi
from tests.test_catalogue_import import (
    COUNTY,
    MARKET,
    XINBAO,
    XINBAO_CODE,
    credit_code,
    item_rows,
    officer_rows,
    subject_rows,
    write_table,
)
from tests.test_import_export import person

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The commands of README's "A township of your own", in order."""
    section = README.split("## A township of your own", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def fill(template: Path, rows: list[dict[str, object]]) -> None:
    """Fill an exported template as a clerk does: its own header row, then the data."""
    book = load_workbook(template)
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    book.save(template)


def first_decisions() -> list[dict[str, object]]:
    """Two recent decisions: one naming its body by name and code, one by name alone."""
    day = dt.date.today() - dt.timedelta(days=3)
    number = f"中宁新堡综执罚〔{day.year}〕1号"
    source = {"数据来源单位": XINBAO, "数据来源单位统一社会信用代码": XINBAO_CODE}
    first = person(1, 处罚机关=XINBAO, 处罚机关统一社会信用代码=XINBAO_CODE, **source)
    first.update({"行政处罚决定书文号": number, "处罚决定日期": day.isoformat()})
    second = person(2, 处罚机关=MARKET, 数据来源单位=MARKET, 数据来源单位统一社会信用代码="")
    second.update({"行政处罚决定书文号": f"中宁市监罚〔{day.year}〕1号"})
    second.update({"处罚决定日期": day.isoformat()})
    return [first, second]


FILLINGS = {
    "执法主体.xlsx": subject_rows,
    "执法人员.xlsx": officer_rows,
    "执法事项.xlsx": item_rows,
    "行政处罚.xlsx": first_decisions,
}


def test_readme_takes_a_fresh_clone_to_its_first_published_decision(instance_dir, tmp_path):
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "content", clone / "content")  # a fresh clone's: the demo's
    commands = readme_commands()
    assert commands[0] == "pip install -e ."
    for line in commands[1:]:
        args = shlex.split(line)
        assert args[0] == "gongshi", line
        result = run_gongshi(*args[1:], cwd=clone)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
        if "--template" in args:
            fill(clone / args[-1], FILLINGS[args[-1]]())
    content = clone / "content"
    assert list(tmp_path.glob("clone/content.old-*/penalties/*.md"))  # moved aside, kept
    site = (content / "site.toml").read_text(encoding="utf-8")
    assert "demo" not in site.replace("demo = false", "") and "中宁县新堡镇人民政府" in site
    texts = [p.read_text(encoding="utf-8") for p in content.rglob("*.md")]
    assert not [t for t in texts if "大战场" in t]
    published = sorted(p.name for p in (content / "penalties").glob("*.md"))
    assert len(published) == 2
    assert all('status = "published"' in t for t in texts if "decision_no" in t)
    assert list((clone / "build" / "penalties").glob(f"{published[0][:-3]}/index.html"))
    from admin.backoffice.app import create_app
    from admin.models.db import db

    with create_app().app_context():
        decisions = db.session.scalars(sa.select(PenaltyDecision).order_by(PenaltyDecision.id))
        assert [d.body.name for d in decisions] == [XINBAO, MARKET]
        county = db.session.scalar(sa.select(Body).where(Body.name == COUNTY))
        for user in db.session.scalars(sa.select(User)):
            assert [b.name for b in user.bodies] == [county.name], user.username
        db.engine.dispose()
    # Importing the same files again changes nothing.
    before = sorted((p.name, p.read_bytes()) for p in content.rglob("*") if p.is_file())
    for name, file in FILE_NAMES.items():
        again = run_gongshi("import", name, file, "--publish", cwd=clone)
        assert again.returncode == 0, again.stderr
        assert "新增 0 条，更新 0 条" in again.stdout or "均已导入且内容相同" in again.stdout
        assert "已公示" not in again.stdout
    after = sorted((p.name, p.read_bytes()) for p in content.rglob("*") if p.is_file())
    assert after == before


FILE_NAMES = {
    "subjects": "执法主体.xlsx",
    "officers": "执法人员.xlsx",
    "items": "执法事项.xlsx",
    "penalties": "行政处罚.xlsx",
}


def test_new_site_refuses_a_content_folder_with_records_and_names_the_way_out(gongshi, tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    result = gongshi("init", "--new-site", "某某镇人民政府")
    assert result.returncode == 1
    assert "gongshi init --new-site 某某镇人民政府 --force" in result.stderr
    assert "demo = true" in (tmp_path / "content" / "site.toml").read_text(encoding="utf-8")
    refused = gongshi("init", "--new-site", "某某镇人民政府", "--demo")
    assert refused.returncode == 2


def test_bare_install_refusals_name_the_next_command(gongshi, tmp_path):
    assert gongshi("init").returncode == 0
    penalties = write_table(tmp_path / "p.csv", [person(1)], list(COLUMNS))
    result = gongshi("import", "penalties", str(penalties))
    assert result.returncode == 1 and "gongshi import subjects FILE" in result.stderr
    officers = write_table(tmp_path / "o.csv", officer_rows())
    result = gongshi("import", "officers", str(officers))
    assert result.returncode == 1 and "gongshi import subjects FILE" in result.stderr
    result = gongshi("user", "bodies", "nobody", XINBAO)
    assert result.returncode == 1 and "gongshi user add nobody" in result.stderr
    added = gongshi("user", "add", "early", "--role", "officer")
    assert "gongshi import subjects FILE" in added.stdout


def test_user_bodies_attaches_an_account_to_bodies(gongshi, tmp_path, app):
    gongshi("init")
    gongshi("user", "add", "clerk", "--role", "officer")
    result = gongshi("import", "subjects", str(write_table(tmp_path / "s.csv", subject_rows())))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("执法主体：新增 3 条，更新 0 条，未变 0 条（s.csv，SHA-256 ")
    unknown = credit_code("11640521MB0900000")
    result = gongshi("user", "bodies", "clerk", XINBAO, unknown)
    assert result.returncode == 1
    assert result.stderr.startswith(f"错误：执法主体：没有统一社会信用代码为 {unknown} 的执法主体")
    result = gongshi("user", "bodies", "clerk", XINBAO, "subject-0003")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"账户 clerk 所属执法主体已设为{XINBAO}、{MARKET}\n"
    from admin.models.db import db

    db.session.expire_all()
    clerk = db.session.scalar(sa.select(User).where(User.username == "clerk"))
    assert sorted(b.name for b in clerk.bodies) == sorted([XINBAO, MARKET])


@pytest.mark.parametrize("dataset", ["subjects", "officers", "items"])
def test_export_template_and_refusal_lines(gongshi, tmp_path, dataset):
    gongshi("init")
    result = gongshi("export", dataset, "--template")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    bad = tmp_path / "bad.csv"
    bad.write_text("名字\n张三\n", encoding="utf-8")
    result = gongshi("import", dataset, str(bad))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("第1行 名字：不是") and lines[-1].startswith("错误：文件有 ")
