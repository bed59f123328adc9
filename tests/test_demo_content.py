"""The repository ships content/ exactly as `gongshi init --demo` publishes it."""

from __future__ import annotations

from pathlib import Path

from pgsupport import forget_database

from tests.shipped import shipped_content

ANCHOR = "audit-head.toml"  # the audit chain's head: different for every database, by design


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ANCHOR
    }


def test_shipped_content_is_what_init_demo_publishes(gongshi, tmp_path: Path) -> None:
    result = gongshi("init", "--demo")
    assert result.returncode == 0, result.stderr
    assert "已把示例数据发布到 content/" in result.stdout
    shipped = _files(shipped_content(tmp_path / "shipped"))
    published = _files(tmp_path / "content")
    assert sorted(published) == sorted(shipped)
    changed = [name for name in published if published[name] != shipped[name]]
    assert changed == [], "run `gongshi init --demo` on a clean checkout and commit content/"
    assert (tmp_path / "content" / ANCHOR).exists()


def test_init_demo_leaves_a_real_sites_content_alone(gongshi, tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "site.toml").write_text('name = "某县"\nbase_url = "https://x.cn/"\ndemo = false\n')
    (content / "pages" / "guide.md").write_text('+++\ntitle = "指南"\n+++\n正文\n')
    before = _files(content)
    result = gongshi("init", "--demo")
    assert result.returncode == 0, result.stderr
    assert "不是示例数据，未改动" in result.stdout
    assert _files(content) == before


def test_init_demo_twice_publishes_once(gongshi, tmp_path: Path) -> None:
    gongshi("init", "--demo")
    before = _files(tmp_path / "content")
    anchor = (tmp_path / "content" / ANCHOR).read_bytes()
    again = gongshi("init", "--demo")
    assert again.returncode == 0 and "示例数据已载入" in again.stdout
    assert _files(tmp_path / "content") == before
    assert (tmp_path / "content" / ANCHOR).read_bytes() == anchor


def test_init_demo_keeps_a_hand_made_page_beside_the_demo(gongshi, tmp_path: Path) -> None:
    """A demo site someone started to make their own is theirs: init --demo leaves it."""
    gongshi("init", "--demo")
    content = tmp_path / "content"
    (content / "pages" / "custom.md").write_text('+++\ntitle = "自定义"\n+++\n正文\n')
    before = _files(content)
    forget_database(tmp_path / "instance")
    result = gongshi("init", "--demo")
    assert result.returncode == 0, result.stderr
    assert "不是示例数据，未改动" in result.stdout
    assert _files(content) == before
