"""The link check resolves links as a browser does, from each file's own location."""

from __future__ import annotations

from pathlib import Path

import pytest

from admin.freeze.checks import changes_since, links_of, tree_files
from admin.freeze.filecheck import inspect_files
from admin.freeze.links import PARSED_SUFFIXES, link_problems

BASE = "https://dzc.example.gov.cn/gongshi/"


def check_links(root: Path, base_url: str) -> list[str]:
    """Return the link check's lines for the tree ``root``, as the build makes them."""
    files = tree_files(root)
    parsed = [name for name in files if Path(name).suffix.lower() in PARSED_SUFFIXES]
    reports = inspect_files(root, parsed, base_url)
    return link_problems({n: r.facts for n, r in reports.items() if r.facts}, files)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _page(body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><title>t</title></head><body>{body}</body></html>'
    )


BASE_FILES = {
    "index.html": _page('<main id="main">首页</main>'),
    "penalties/index.html": _page('<h2 id="list">列表</h2>'),
    "penalties/p-1/index.html": _page("<p>决定</p>"),
    "static/site.css": "body{background:url(bg.png)}",
    "static/bg.png": "png",
    "feed.xml": (
        f"<feed xmlns='http://www.w3.org/2005/Atom'><link href='{BASE}feed.xml' rel='self'/></feed>"
    ),
}


@pytest.mark.parametrize(
    ("page", "body"),
    [
        ("index.html", '<!-- <a href="missing/index.html">old</a> -->'),
        ("index.html", "<script>var t = \"<a href='missing/index.html'>\";</script>"),
        ("index.html", '<a href="static/site.css?a=1&amp;b=2">x</a>'),
        ("index.html", '<svg id="s"><use xlink:href="#s"></use></svg>'),
        ("penalties/p-1/index.html", '<a href="../index.html">列表</a>'),
        ("penalties/p-1/index.html", '<a href="../../index.html#main">首页正文</a>'),
        ("penalties/p-1/index.html", '<link rel="stylesheet" href="../../static/site.css?v=1">'),
        ("penalties/p-1/index.html", '<a href="#top" id="top">本页</a>'),
        (
            "penalties/p-1/index.html",
            '<link rel="canonical" href="https://dzc.example.gov.cn/gongshi/penalties/p-1/">',
        ),
        ("penalties/p-1/index.html", '<a href="https://beian.miit.gov.cn/">备案</a>'),
        (
            "penalties/p-1/index.html",
            '<a href="mailto:a@example.cn">信</a><a href="tel:0955">电</a>',
        ),
        (
            "index.html",
            '<img src="static/bg.png" srcset="static/bg.png 1x, static/bg.png 2x" alt="">',
        ),
        ("index.html", '<form action="penalties/index.html"><input name="q"></form>'),
        (
            "sitemap.xml",
            "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>https://dzc.example.gov.cn/gongshi/penalties/p-1/</loc></url><url><loc>https://dzc.example.gov.cn/gongshi/</loc></url></urlset>",
        ),
    ],
    ids=[
        "commented-out-link",
        "tag-text-inside-script",
        "entity-in-query",
        "svg-xlink-to-own-id",
        "parent-folder",
        "fragment-in-other-page",
        "asset-with-query",
        "same-page-fragment",
        "canonical-under-base-url",
        "external",
        "mail-and-phone",
        "img-and-srcset",
        "form-action",
        "sitemap-folder-urls",
    ],
)
def test_links_that_resolve_pass(tmp_path: Path, page: str, body: str) -> None:
    text = body if page.endswith(".xml") else _page(body)
    root = _tree(tmp_path, {**BASE_FILES, page: text})
    assert check_links(root, BASE) == []


@pytest.mark.parametrize(
    ("page", "body", "expected"),
    [
        ("index.html", '<svg><use xlink:href="#nowhere"></use></svg>', "不存在的位置 #nowhere"),
        (
            "penalties/p-1/index.html",
            '<a href="p-1/index.html">x</a>',
            "penalties/p-1/p-1/index.html",
        ),
        (
            "penalties/p-1/index.html",
            '<a href="../p-2/index.html">x</a>',
            "不存在的文件 penalties/p-2/index.html",
        ),
        ("penalties/p-1/index.html", '<a href="/penalties/index.html">x</a>', "以 / 开头"),
        (
            "penalties/p-1/index.html",
            '<a href="../index.html#nowhere">x</a>',
            "不存在的位置 #nowhere",
        ),
        ("penalties/p-1/index.html", '<a href="../">x</a>', "没有写 index.html"),
        ("penalties/p-1/index.html", '<a href="../../../index.html">x</a>', "网站目录之外"),
        ("penalties/p-1/index.html", '<a href="javascript:alert(1)">x</a>', "不允许的协议"),
        (
            "penalties/p-1/index.html",
            '<script src="../../static/app.js"></script>',
            "static/app.js",
        ),
        (
            "penalties/p-1/index.html",
            '<link rel="canonical" href="https://dzc.example.gov.cn/gongshi/penalties/p-9/">',
            "penalties/p-9/index.html",
        ),
        (
            "penalties/p-1/index.html",
            '<meta http-equiv="refresh" content="0; url=../index.html">',
            "跳转页面",
        ),
        ("static/extra.css", "a{background:url('missing.png')}", "static/missing.png"),
        (
            "sitemap.xml",
            "<urlset><url><loc>https://dzc.example.gov.cn/gongshi/items/</loc></url></urlset>",
            "items/index.html",
        ),
        ("broken.xml", "<feed><entry></feed>", "无法解析"),
    ],
    ids=[
        "svg-xlink-to-missing-id",
        "self-link-wrong-depth",
        "missing-page",
        "root-absolute",
        "missing-fragment",
        "folder-without-index",
        "outside-the-site",
        "javascript-scheme",
        "missing-script",
        "canonical-to-missing-page",
        "redirect-page",
        "css-url",
        "sitemap-missing-folder",
        "malformed-xml",
    ],
)
def test_broken_links_are_reported_with_file_and_reason(
    tmp_path: Path, page: str, body: str, expected: str
) -> None:
    text = body if not page.endswith(".html") else _page(body)
    files = {**BASE_FILES, page: text}
    root = _tree(tmp_path, files)
    problems = check_links(root, BASE)
    assert len(problems) == 1, problems
    assert problems[0].startswith(page)
    assert expected in problems[0]


# An incremental build keeps the link facts of unchanged pages and knows the tree passed
# the check before: only links that may have broken since are judged again.


def _reports(root: Path):
    files = tree_files(root)
    parsed = [name for name in files if Path(name).suffix.lower() in PARSED_SUFFIXES]
    return files, inspect_files(root, parsed, BASE), inspect_files(root, files, BASE)


def _since_check(root: Path, before: dict) -> list[str]:
    files, reports, every = _reports(root)
    since = changes_since(before, every)
    return link_problems({n: r.facts for n, r in reports.items() if r.facts}, files, since)


LINKING = {
    **BASE_FILES,
    "penalties/p-1/index.html": _page(
        '<a href="../p-2/index.html">二</a><a href="../index.html#list">列表</a>'
        '<a href="../../items/index.html">事项</a>'
    ),
    "penalties/p-2/index.html": _page("<p>决定二</p>"),
    "items/index.html": _page("<p>事项</p>"),
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda root: (root / "penalties/p-2/index.html").unlink(), "不存在的文件 penalties/p-2"),
        (
            lambda root: (root / "penalties/index.html").write_text(_page("<h2>列表</h2>")),
            "中不存在的位置 #list",
        ),
        (lambda root: (root / "items/index.html").unlink(), "不存在的文件 items/index.html"),
    ],
)
def test_an_unchanged_page_is_checked_against_what_changed_since(tmp_path, change, expected):
    root = _tree(tmp_path / "site", LINKING)
    before = _reports(root)[2]
    assert _since_check(root, before) == []
    change(root)
    problems = _since_check(root, before)
    assert len(problems) == 1
    assert problems[0].startswith("penalties/p-1/index.html：链接 ") and expected in problems[0]


def test_a_changed_page_has_every_link_judged(tmp_path):
    root = _tree(tmp_path / "site", LINKING)
    before = _reports(root)[2]
    (root / "penalties/p-2/index.html").write_text(_page('<a href="../p-9/index.html">九</a>'))
    assert _since_check(root, before) == [
        "penalties/p-2/index.html：链接 ../p-9/index.html 指向不存在的文件 penalties/p-9/index.html"
    ]


def test_links_of_unchanged_pages_to_unchanged_files_are_not_judged_again(tmp_path):
    # What makes a rebuild's check cheap: a link that passed before, from a page and to a
    # file that are both as they were, is taken as passed (here a tree "passed" that
    # never did, to see that its broken link is not looked at again).
    root = _tree(
        tmp_path / "site", {**LINKING, "items/index.html": _page('<a href="x.html">x</a>')}
    )
    before = _reports(root)[2]
    assert check_links(root, BASE) != []
    assert _since_check(root, before) == []


# A rebuild gathers the links of the pages it walked while Pagefind runs, then judges
# them once the search files are read: the answer must be the check's own.


def _gathered_check(root: Path, before: dict) -> list[str]:
    """The check as a rebuild runs it: links gathered from the files walked before the
    search files were read (here the image stands for those: no links of its own)."""
    files, reports, every = _reports(root)
    walked = [name for name in files if name != "static/bg.png"]
    gathered = links_of({name: every[name] for name in walked}, walked)
    since = changes_since(before, every)
    facts = {n: r.facts for n, r in reports.items() if r.facts}
    return link_problems(facts, files, since, gathered)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: None,
        lambda root: (root / "penalties/p-2/index.html").unlink(),
        lambda root: (root / "penalties/index.html").write_text(_page("<h2>列表</h2>")),
        lambda root: (root / "penalties/p-1/index.html").write_text(
            _page('<a href="../../static/bg.png">图</a><a href="../p-9/">九</a>')
        ),
        lambda root: (root / "static/bg.png").unlink(),
    ],
)
def test_links_gathered_beforehand_are_judged_as_the_check_does(tmp_path, change):
    root = _tree(tmp_path / "site", LINKING)
    before = _reports(root)[2]
    change(root)
    assert _gathered_check(root, before) == _since_check(root, before)
    files, reports, _ = _reports(root)
    facts = {n: r.facts for n, r in reports.items() if r.facts}
    assert link_problems(facts, files, None, links_of(reports, files)) == check_links(root, BASE)


def test_the_check_judges_the_links_it_is_given(tmp_path):
    root = _tree(tmp_path / "site", {**LINKING, "items/index.html": _page('<a href="x">x</a>')})
    files, reports, _ = _reports(root)
    facts = {n: r.facts for n, r in reports.items() if r.facts}
    assert link_problems(facts, files) != []
    assert link_problems(facts, files, None, set()) == []  # nothing gathered, nothing judged


def test_the_links_gathered_are_those_of_the_files_named(tmp_path):
    root = _tree(tmp_path / "site", LINKING)
    _, reports, _ = _reports(root)
    gathered = links_of(reports, ["penalties/p-1/index.html", "gone/index.html"])
    assert sorted(link.raw for link in gathered) == sorted(
        link.raw for link in reports["penalties/p-1/index.html"].facts.links
    )
