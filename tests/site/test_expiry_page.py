"""A penalty past its 公示截止期 shows the same page before and after `gongshi expire`."""

from __future__ import annotations

from pathlib import Path

from admin.publish.publishing import expire_content
from admin.site.app import create_site_app
from tests.site.sitefixture import TODAY, write_site

EXPIRED_BY_DATE = "/penalties/2021-0004/"  # published, its period ended before TODAY


def _page(content: Path) -> str:
    client = create_site_app(content, TODAY).test_client()
    return client.get(EXPIRED_BY_DATE).get_data(as_text=True)


def test_expire_does_not_change_the_built_page(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content")
    before = _page(content)
    assert "公示期满" in before and "2026-05-31" in before
    assert [p.name for p in expire_content(content, TODAY)] == ["2021-0004.md"]
    assert _page(content) == before
