"""The demo's 重大建设项目 end to end: `gongshi init --demo` then `gongshi build`."""

from __future__ import annotations

from pathlib import Path

from admin.domain import vocab
from admin.domain.slugs import project_slug

PROJECT = "大战场镇红宝村道路硬化及排水工程"


def test_the_demo_build_has_the_project_column_and_page(gongshi, tmp_path: Path) -> None:
    result = gongshi("init", "--demo")
    assert result.returncode == 0, result.stderr
    result = gongshi("build")
    assert result.returncode == 0, result.stderr
    column = (tmp_path / "build/projects/index.html").read_text("utf-8")
    slug = project_slug(PROJECT)
    assert f'href="{slug}/index.html">{PROJECT}</a>' in column
    page = (tmp_path / f"build/projects/{slug}/index.html").read_text("utf-8")
    headings = [
        f'<h2 id="stage-{n}">{stage}</h2>' for n, stage in enumerate(vocab.PROJECT_STAGES, 1)
    ]
    positions = [page.index(h) for h in headings]
    assert positions == sorted(positions)
    assert page.count('<p class="empty">暂无</p>') <= 3  # at least five stages published
    assert "竣工验收情况" in page and "施工中标结果公告" in page
    home = (tmp_path / "build/index.html").read_text("utf-8")
    assert 'href="projects/index.html">重大项目</a>' in home
