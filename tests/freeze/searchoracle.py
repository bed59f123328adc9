"""The search tests' oracle: which pages a query should find, computed without the indexer.

A page should be found exactly when, ignoring punctuation, one of its whitespace- or
block-separated runs of main text contains each run of the query — what Ctrl+F finds,
except across punctuation. Parsed with html5lib, independently of ``admin.freeze``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import html5lib
from buildsupport import tree_bytes

#: Hand-picked queries: place names, whole and partial decision numbers, a word inside a
#: longer word, single characters, names, codes, Latin letters and digits, and misses.
QUERIES = [
    "长山头村",
    "长山头",
    "山头村",
    "测试综执罚〔2025〕1号",
    "测试综执罚〔2025〕100号",
    "〔2025〕1号",
    "〔2025〕10",
    "〔2021〕1号",
    "综执罚",
    "执罚",
    "2025〕1",
    "政府",
    "人民政府",
    "测试镇人民政府",
    "镇政府",
    "经查",
    "堆放砂石",
    "耕地",
    "乱堆乱放",
    "林区野外用火",
    "过期农药",
    "张某某",
    "某某",
    "王执法",
    "宁A05210001",
    "A0521",
    "预算",
    "防汛应急预案",
    "应急",
    "宅基地",
    "合格",
    "责令整改",
    "土地管理法",
    "第七十七条",
    "政府信息公开指南",
    "年度报告",
    "示例加油站",
    "91640521MA76000012",
    "罚",
    "镇",
    "村",
    "某",
    "号",
    "5",
    "长山头村 砂石",
    "不存在的词语",
    "长山头镇",
]


def runs(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    found = (
        "".join(ch for ch in run if unicodedata.category(ch)[0] in "LN") for run in text.split()
    )
    return [run for run in found if run]


_BLOCKS = {
    *("address", "article", "blockquote", "br", "caption", "dd", "div", "dl", "dt"),
    *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("header", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table"),
    *("tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
}
_SKIP = {"nav", "aside", "script", "style", "svg", "template", "noscript", "button", "select"}


def page_runs(html: bytes) -> list[str] | None:
    """Return the text runs of a page's main content, or None when it is not indexed."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    robots = document.find(".//meta[@name='robots']")
    if robots is not None and "noindex" in (robots.get("content") or ""):
        return None
    main = document.find(".//main")
    if main is None:
        return None
    pieces: list[str] = []

    def walk(element) -> None:
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        hidden = (
            tag in _SKIP
            or element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or element.get("data-pagefind-ignore") is not None
        )
        if hidden:
            pieces.append(" ")
        else:
            if tag in _BLOCKS:
                pieces.append(" ")
            pieces.append(element.text or "")
            for child in element:
                walk(child)
            if tag in _BLOCKS:
                pieces.append(" ")
        pieces.append(element.tail or "")

    walk(main)
    pieces[-1] = ""  # main's own tail is outside it
    return runs("".join(pieces))


def searchable(site: Path) -> dict[str, list[str]]:
    """Map each page search should list to its runs: records and single pages, no lists."""
    pages = {}
    for name, data in tree_bytes(site).items():
        parts = name.split("/")
        if not name.endswith("index.html") or parts[0] in ("search", "sitemap", "index.html"):
            continue
        if len(parts) == 2 and parts[0] in (
            "subjects",
            "items",
            "penalties",
            "licences",
            "inspections",
            "info",
            "pages",
            "reports",
        ):
            continue  # a section's list page
        if any(part in ("page", "year", "kind") for part in parts[1:-1]):
            continue
        if parts[0] == "subjects" and len(parts) > 3:
            continue  # a body's own list of decisions or inspections
        found = page_runs(data)
        if found is not None:
            pages[name] = found
    return pages


def expected_pages(pages: dict[str, list[str]], query: str) -> set[str]:
    """Return the pages whose text contains every run of ``query``."""
    wanted = runs(query)
    return {
        name
        for name, text in pages.items()
        if wanted and all(any(w in run for run in text) for w in wanted)
    }
