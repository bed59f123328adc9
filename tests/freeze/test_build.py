"""``gongshi build`` end to end: the real command on the site tests' content fixture."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import html5lib
import pytest
from buildsupport import (
    BASE_URL,
    GONGSHI,
    TODAY,
    Built,
    build,
    serve,
    start_build,
    tree_bytes,
    write_content,
    write_site,
)

from admin.freeze.checks import check_pages_match_content, tree_files
from admin.site.content import load_site

VALID_ID_NUMBER = "11010519491231002X"  # GB 11643's own example: passes the check digit


def _links(html: bytes) -> list[str]:
    """Return every href and src of a page, parsed as a browser parses it (html5lib)."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    found = []
    for element in document.iter():
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value:
                found.append(value)
    return found


def test_build_replaces_out_with_a_symlink_to_the_complete_site(built_site: Path) -> None:
    assert built_site.is_symlink()
    tree = built_site.parent / os.readlink(built_site)
    assert tree.name.startswith(".build-v")
    for page in ("index.html", "404.html", "search/index.html", "search/index/bundles.json"):
        assert (built_site / page).is_file(), page
    leftovers = [p.name for p in built_site.parent.iterdir() if "staging" in p.name]
    assert leftovers == []


def test_a_crawler_over_http_under_a_sub_path_finds_every_link_resolving(
    built_site: Path,
) -> None:
    pages = [name for name in tree_bytes(built_site) if name.endswith(".html")]
    with serve(built_site) as base:
        # Start from every page: notices are linked from nowhere, yet their links must work.
        queue, broken = deque(base + name for name in pages), []
        seen = set(queue)
        while queue:
            url = queue.popleft()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body, kind = response.read(), response.headers.get_content_type()
            except urllib.error.HTTPError as exc:
                broken.append(f"{url}: {exc.code}")
                continue
            if kind != "text/html":
                continue
            for link in _links(body):
                target = urljoin(url, link)
                parts = urlsplit(target)
                if parts.netloc != urlsplit(base).netloc:
                    continue  # canonical, feed and external links are checked separately
                assert parts.path.startswith(urlsplit(base).path), f"{url} 链接到子路径之外：{link}"
                target = target.split("#")[0].split("?")[0]
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    assert broken == []
    assert len(seen) > len(pages)  # assets and data files were fetched too


def test_links_resolve_from_disk_and_absolute_urls_map_under_base_url(built_site: Path) -> None:
    root = built_site.resolve()
    problems = []
    for relative, data in tree_bytes(built_site).items():
        if not relative.endswith((".html", ".xml")):
            continue
        source = (root / relative).as_uri()
        links = _links(data) if relative.endswith(".html") else _xml_links(data)
        for link in links:
            if link.startswith(BASE_URL):
                target = root / unquote(urlsplit(link[len(BASE_URL) :]).path)
            elif urlsplit(link).scheme in ("", "file"):
                target = Path(unquote(urlsplit(urljoin(source, link)).path))
            else:
                continue
            if target.is_dir():
                target /= "index.html"
            if not target.is_file():
                problems.append(f"{relative}: {link}")
    assert problems == []


def _xml_links(data: bytes) -> list[str]:
    import xml.etree.ElementTree as ET

    found = []
    for element in ET.fromstring(data).iter():
        if element.tag.endswith("loc") and element.text:
            found.append(element.text.strip())
        if element.get("href"):
            found.append(element.get("href"))
    return found


def test_manifest_lists_every_file_with_its_hash_and_the_audit_head(built_site: Path) -> None:
    manifest = json.loads((built_site / "manifest.json").read_text(encoding="utf-8"))
    files = tree_bytes(built_site)
    files.pop("manifest.json")
    assert manifest["files"] == {
        name: hashlib.sha256(data).hexdigest() for name, data in files.items()
    }
    assert manifest["audit_head"] == {
        "at": "2026-05-31T08:00:00+00:00",
        "entries": 42,
        "head": "ab" * 32,
    }
    assert manifest["today"] == "2026-06-01"


def _previous_build(built_site: Path, tmp_path: Path) -> Path:
    """Return ``tmp_path/build``: a real directory holding an earlier build, as older
    versions of gongshi left it (no symlink yet)."""
    out = tmp_path / "build"
    shutil.copytree(built_site.resolve(), out)
    return out


def _staging(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if "staging" in p.name]


def test_a_planted_id_number_fails_the_build_and_leaves_out_as_it_was(
    built_site: Path, tmp_path: Path
) -> None:
    content = write_content(tmp_path / "content")
    out = _previous_build(built_site, tmp_path)
    before = tree_bytes(out)
    page = content / "penalties" / "2025-0001.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n身份证 {VALID_ID_NUMBER}\n", "utf-8")
    done = build(content, out)
    assert done.returncode == 1
    assert "个人信息" in done.stderr
    assert "penalties/2025-0001/index.html\tid_number" in done.stderr
    assert VALID_ID_NUMBER not in done.stderr + done.stdout  # reported masked
    assert f"{out.name} 未改动" in done.stderr
    assert not out.is_symlink()
    assert tree_bytes(out) == before
    assert _staging(tmp_path) == []


def test_a_build_killed_while_freezing_leaves_out_as_it_was(
    built_site: Path, tmp_path: Path
) -> None:
    content = write_content(tmp_path / "content")
    out = _previous_build(built_site, tmp_path)
    before = tree_bytes(out)
    (content / "pages" / "guide.md").write_text('+++\ntitle = "新指南"\n+++\n新内容\n', "utf-8")
    process = start_build(content, out)
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if "生成页面" in line:
                done, total = (int(n) for n in line.split()[-1].split("/"))
                if 0 < done < total:
                    break  # some pages are frozen, not all
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stderr.close()
    assert tree_bytes(out) == before
    assert _staging(tmp_path)  # what the kill left behind
    assert build(content, out).returncode == 0  # the next build cleans up and succeeds
    assert _staging(tmp_path) == []
    assert out.is_symlink()
    assert "新内容" in (out / "pages" / "guide" / "index.html").read_text(encoding="utf-8")


def test_a_concurrent_build_is_refused_and_the_first_is_byte_identical(
    built_site: Path, tmp_path: Path
) -> None:
    """Two builds of the same content and date: same bytes; two at once: one refused."""
    content = write_content(tmp_path / "content")
    out = tmp_path / "build"
    first = start_build(content, out)
    assert first.stderr is not None
    try:
        for line in first.stderr:
            if line.startswith("构建：读取"):
                break  # it holds the lock from before its first step
        # Paused, it cannot finish before the second build asks for the lock.
        first.send_signal(signal.SIGSTOP)
        try:
            second = build(content, out)
        finally:
            first.send_signal(signal.SIGCONT)
        first.stderr.read()
        assert first.wait(timeout=120) == 0
    finally:
        first.kill()
        first.wait(timeout=30)
        first.stderr.close()
    assert second.returncode == 1
    assert "另一个构建正在进行" in second.stderr
    one, two = tree_bytes(built_site), tree_bytes(out)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert any(name.endswith(".pf_fragment") for name in one)  # the search index is included


@pytest.mark.parametrize(
    ("site_toml", "message"),
    [
        ('name = "测试"\n', "base_url"),
        ('name = "测试"\nbase_url = "dzc.example.gov.cn"\n', "base_url"),
    ],
    ids=["missing", "not-a-url"],
)
def test_a_build_without_base_url_is_refused(tmp_path: Path, site_toml: str, message: str) -> None:
    content = write_site(tmp_path / "content")
    (content / "site.toml").write_text(site_toml, encoding="utf-8")
    out = tmp_path / "build"
    done = build(content, out)
    assert done.returncode == 1
    assert message in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "2026-13-01"], "--today"),
        (["--today", "20260601"], "--today"),
    ],
    ids=["impossible-date", "wrong-format"],
)
def test_bad_options_are_refused_in_chinese(tmp_path: Path, args: list[str], message: str) -> None:
    content = write_site(tmp_path / "content")
    done = subprocess.run(
        [GONGSHI, "build", "--content", str(content), "--out", str(tmp_path / "b"), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("错误：") and message in done.stderr


def test_progress_is_plain_lines_in_ci(built: Built) -> None:
    lines = built.result.stderr.splitlines()
    assert lines[0].startswith("构建：读取")
    assert any("构建：生成页面 0/" in line for line in lines[1:3])
    assert any(line.startswith("构建：建立搜索索引") for line in lines)
    assert all("\r" not in line and "\x1b" not in line for line in lines)
    assert built.result.stdout.startswith("已构建：")


def test_pages_check_reports_a_missing_and_an_extra_page(built_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built_site.resolve(), copy)
    site = load_site(built_site.parent / "content", TODAY)
    assert check_pages_match_content(tree_files(copy), site) == []
    shutil.rmtree(copy / "penalties" / "2025-0001")
    (copy / "items" / "stray").mkdir()
    (copy / "items" / "stray" / "index.html").write_text("<p>多余</p>", encoding="utf-8")
    assert check_pages_match_content(tree_files(copy), site) == [
        "items/stray/index.html：网站有此页面，content 中没有对应记录",
        "penalties/2025-0001：content 中有此记录，网站缺少它的页面",
    ]


def test_a_foreign_out_directory_is_refused_before_building(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content")
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("别人的文件", encoding="utf-8")
    done = build(content, out)
    assert done.returncode == 1
    assert "拒绝覆盖" in done.stderr
    assert "生成页面" not in done.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_build_run_with_its_output_closed_still_exits_0(tmp_path: Path) -> None:
    # A successful build ends without Python's teardown: with no standard output to
    # flush (started with it closed), it must end as it would have, with status 0.
    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"
    out.parent.mkdir()
    env = {**os.environ, "CI": "true"}
    env.pop("GONGSHI_DEBUG", None)
    command = [GONGSHI, "build", "--content", str(content), "--out", str(out)]
    command += ["--today", TODAY.isoformat()]
    done = subprocess.run(
        ["sh", "-c", '"$@" >&- 2>&-', "sh", *command], env=env, cwd=out.parent, timeout=300
    )
    assert done.returncode == 0
    assert (out / "index.html").is_file()
