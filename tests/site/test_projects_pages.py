"""/projects/: each 重大建设项目 with its information by 94号 stage, from a content folder."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from sitefixture import GOV_CODE, PROJECT, TODAY, write_record, write_site

from admin.domain import vocab
from admin.domain.slugs import project_slug
from admin.site.app import create_site_app, site_urls
from admin.site.views.helpers import SITE_KEY

OTHER = "测试镇移民村供水管网改造工程"


def _item(serial: str, project: str, stage: str, day: dt.date, **extra: Any) -> dict[str, Any]:
    return {
        "title": f"{project}{stage}（{serial}）",
        "status": "published",
        "published": day,
        "updated": day,
        "index_no": f"{GOV_CODE}/2026-{serial}",
        "summary": "",
        "topic": "乡村振兴",
        "publisher": "测试县测试镇人民政府",
        "doc_no": "",
        "written_on": day,
        "published_on": day,
        "validity": "有效",
        "project": project,
        "project_stage": stage,
        "subject": "dzc-gov",
        "attachments": [],
        "on_time": True,
        **extra,
    }


def _content(tmp_path: Path) -> Path:
    """The site fixture (PROJECT: 批准结果, 施工有关) plus more items of PROJECT and OTHER."""
    root = write_site(tmp_path / "content")
    items = {
        "00010": _item("00010", PROJECT, "竣工有关信息", dt.date(2026, 5, 20)),
        "00011": _item("00011", PROJECT, "招标投标信息", dt.date(2026, 3, 20)),
        "00012": _item("00012", PROJECT, "招标投标信息", dt.date(2026, 3, 10)),
        "00013": _item("00013", OTHER, "批准服务", dt.date(2026, 1, 5)),
        # Withdrawn: its notice keeps its URL, but the project page does not list it.
        "00014": _item("00014", PROJECT, "重大设计变更信息", dt.date(2026, 4, 2))
        | {"status": "withdrawn", "notice_date": dt.date(2026, 4, 9)},
    }
    for serial, meta in items.items():
        write_record(root, "info", f"2026-{serial}", meta, "正文。")
    return root


def _get(client: Any, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, url
    return answer.get_data(as_text=True)


def _stage_sections(page: str) -> list[tuple[str, list[str]]]:
    """Return (stage heading, item serials) per section of a project page, in page order."""
    sections = re.findall(r'<h2 id="stage-\d+">(.+?)</h2>(.*?)</section>', page, re.S)
    return [(name, re.findall(r"（(\d{5})）</a>", body)) for name, body in sections]


def test_a_project_page_has_the_eight_stages_in_order_with_its_items(tmp_path: Path) -> None:
    client = create_site_app(_content(tmp_path), TODAY).test_client()
    page = _get(client, f"/projects/{project_slug(PROJECT)}/")
    sections = _stage_sections(page)
    assert [name for name, _ in sections] == list(vocab.PROJECT_STAGES)
    by_stage = dict(sections)
    assert by_stage["招标投标信息"] == ["00012", "00011"]  # by date within the stage
    assert by_stage["竣工有关信息"] == ["00010"]
    assert by_stage["重大设计变更信息"] == []  # the withdrawn item is not listed
    assert page.count('<p class="empty">暂无</p>') == 4  # 服务, 征地, 变更, 质量安全
    assert "测试镇示范村道路硬化工程开工公告" in page  # the fixture's 施工有关 (short spelling)
    assert OTHER not in page


def test_the_column_lists_every_project_with_its_stages(tmp_path: Path) -> None:
    client = create_site_app(_content(tmp_path), TODAY).test_client()
    page = _get(client, "/projects/")
    # The most recently updated project first; each links to its page.
    assert page.index(PROJECT) < page.index(OTHER)
    for name in (PROJECT, OTHER):
        assert f'href="{project_slug(name)}/index.html">{name}</a>' in page
    other = page[page.index(f'id="project-{project_slug(OTHER)}"') :]
    other = other[: other.index("</section>")]
    rows = re.findall(r"<dt>(.+?)</dt><dd>(.*?)</dd>", other)
    assert [stage for stage, _ in rows] == list(vocab.PROJECT_STAGES)
    assert rows[0][1].startswith('<a href="../info/2026-00013/index.html">')
    assert all(cell == "暂无" for _, cell in rows[1:])


def test_an_item_page_links_its_project_and_an_ordinary_one_does_not(tmp_path: Path) -> None:
    client = create_site_app(_content(tmp_path), TODAY).test_client()
    page = _get(client, "/info/2026-00013/")
    link = f'<a href="../../projects/{project_slug(OTHER)}/index.html">{OTHER}</a>'
    assert f"<dt>项目名称</dt><dd>{link}</dd>" in page
    assert "<dt>项目信息类别</dt><dd>批准服务</dd>" in page  # shown as the file gives it
    ordinary = _get(client, "/info/2026-00001/")
    assert "项目名称" not in ordinary and "项目信息类别" not in ordinary


def test_projects_are_built_in_the_sitemaps_and_the_menu(tmp_path: Path) -> None:
    app = create_site_app(_content(tmp_path), TODAY)
    urls = list(site_urls(app.extensions[SITE_KEY]))
    slugs = {project_slug(PROJECT), project_slug(OTHER)}
    assert "/projects/" in urls and {f"/projects/{s}/" for s in slugs} <= set(urls)
    client = app.test_client()
    xml = _get(client, "/sitemap.xml")
    for slug in slugs:
        assert f"/projects/{slug}/</loc><lastmod>" in xml
    assert "/projects/</loc>" in xml
    sitemap = _get(client, "/sitemap/")
    assert f'href="../projects/{project_slug(OTHER)}/index.html">{OTHER}</a>' in sitemap
    nav = _get(client, "/projects/")
    assert '<a href="index.html" aria-current="page">重大项目</a>' in nav


def test_a_site_without_projects_says_so(tmp_path: Path) -> None:
    root = write_site(tmp_path / "content")
    for path in (root / "info").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "project =" in text:
            path.unlink()
    client = create_site_app(root, TODAY).test_client()
    assert "暂无重大建设项目信息。" in _get(client, "/projects/")
    assert client.get(f"/projects/{project_slug(PROJECT)}/").status_code == 404


def test_two_spellings_of_one_name_are_one_project_at_one_address(tmp_path: Path) -> None:
    # Full-width and ASCII brackets give one slug (NFKC), but the items were grouped by
    # the raw name: two pages, and the older spelling's page moved to "<slug>-2".
    root = write_site(tmp_path / "content")
    wide, narrow = "测试镇移民村供水管网改造工程（二期）", "测试镇移民村供水管网改造工程(二期)"
    write_record(root, "info", "2026-00020", _item("00020", wide, "批准服务", TODAY), "正文。")
    write_record(root, "info", "2026-00021", _item("00021", narrow, "施工有关", TODAY), "正文。")
    client = create_site_app(root, TODAY).test_client()
    slug = project_slug(wide)
    assert slug == project_slug(narrow)
    page = _get(client, f"/projects/{slug}/")
    assert "（00020）" in page and "（00021）" in page
    assert client.get(f"/projects/{slug}-2/").status_code == 404
