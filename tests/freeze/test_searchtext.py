"""What the search index sees: one character a word, gaps at spaces and blocks, main only."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from admin.freeze.searchtext import (
    _BLOCK_TAGS,
    _SKIPPED_TAGS,
    GAP,
    PageText,
    page_text,
    runs,
    spaced,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人民政府", "人 民 政 府"),
        ("中宁大战场综执罚〔2021〕15号", "中 宁 大 战 场 综 执 罚〔 2 0 2 1〕 1 5 号"),
        ("长山头村 经查", f"长 山 头 村 {GAP} 经 查"),
        ("ＩＣＰ备１２号", "I C P 备 1 2 号"),  # full-width folded as the browser's NFKC does
        ("“经查，”", "“经 查，”"),
        ("甲 —— 乙", f"甲 {GAP} —— {GAP} 乙"),
        ("罚款 5,000 元", f"罚 款 {GAP} 5, 0 0 0 {GAP} 元"),
        ("source_unit", "s o u r c e\u2017 u n i t"),
    ],
    ids=[
        "han",
        "decision-number",
        "space-is-a-gap",
        "full-width",
        "quotes-attach",
        "punctuation-only",
        "amount",
        "underscore",
    ],
)
def test_spaced_writes_one_character_a_word(text: str, expected: str) -> None:
    assert spaced(text) == expected


def test_runs_drop_punctuation_inside_and_split_on_whitespace() -> None:
    assert runs(" 〔2021〕15号\u3000长山头村 ") == ["202115号", "长山头村"]


PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><title>决定 - 网站</title>
<meta name="robots" content="noindex"></head><body>
<header>网站名称</header><nav>导航</nav>
<main id="main"><nav class="crumbs">首页 › 行政处罚</nav>
<h1>中宁大战场综执罚〔2021〕15号</h1>
<dl><dt>当事人</dt><dd>张某某</dd></dl>
<table><tr><th>罚款</th><td>500 元</td></tr></table>
<aside class="qr-box"><svg><text>QR</text></svg><p>扫一扫</p></aside>
<div aria-hidden="true">装饰</div><p hidden>隐藏</p>
<p data-pagefind-ignore>不要索引</p><script>var x = "脚本";</script>
<p>违法<strong>事实</strong>：经查，</p>
</main><footer>主办单位</footer></body></html>"""


def test_page_text_reads_main_in_blocks_and_skips_chrome() -> None:
    found = page_text(PAGE)
    assert found.title == "中宁大战场综执罚〔2021〕15号"
    assert found.noindex is True
    assert found.lang == "zh-CN"
    assert found.blocks == [
        "中宁大战场综执罚〔2021〕15号",
        "当事人",
        "张某某",
        "罚款",
        "500 元",
        "违法事实：经查，",
    ]
    for hidden in (
        "网站名称",
        "导航",
        "首页",
        "QR",
        "扫一扫",
        "装饰",
        "隐藏",
        "不要索引",
        "脚本",
        "主办单位",
    ):
        assert hidden not in found.text


def test_page_without_h1_takes_its_title_from_the_title_element() -> None:
    found = page_text(
        "<html><head><title>执法人员 - 网站</title></head><main><p>甲</p></main></html>"
    )
    assert found.title == "执法人员 - 网站"
    assert found.noindex is False


class _OracleParser(HTMLParser):
    """The html.parser ``page_text`` that Lexbor replaced, kept as the oracle it must equal."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = PageText()
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped subtree)
        self._in_title = False
        self._title_parts: list[str] = []
        self._h1_parts: list[str] = []
        self._in_h1 = False
        self._current: list[str] = []

    @property
    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self._stack)

    @property
    def _in_main(self) -> bool:
        return any(tag == "main" for tag, _ in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: (value or "") for name, value in attrs}
        if tag == "html":
            self.result.lang = found.get("lang", "")
        if tag == "meta" and found.get("name", "").lower() == "robots":
            self.result.noindex = "noindex" in found.get("content", "").lower()
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _VOID_TAGS:
            return
        skipped = (
            tag in _SKIPPED_TAGS
            or "data-pagefind-ignore" in found
            or "hidden" in found
            or found.get("aria-hidden") == "true"
        )
        self._stack.append((tag, skipped))
        self._in_title = self._in_title or tag == "title"
        self._in_h1 = self._in_h1 or (tag == "h1" and self._in_main)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
        if any(open_tag == tag for open_tag, _ in self._stack):
            while self._stack:
                open_tag, _ = self._stack.pop()
                if open_tag == tag:
                    break
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        if self._skipping or not self._in_main:
            return
        if self._in_h1:
            self._h1_parts.append(data)
        self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        title = " ".join("".join(self._h1_parts or self._title_parts).split())
        self.result.title = title
        self.result.text = "\n".join(self.result.blocks)

    def _flush(self) -> None:
        block = " ".join("".join(self._current).split())
        if block:
            self.result.blocks.append(block)
        self._current = []


_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


def oracle_page_text(html: str) -> PageText:
    """Read a page as the html.parser implementation did."""
    parser = _OracleParser()
    parser.feed(html)
    parser.close()
    return parser.result


def test_every_built_page_reads_as_the_html_parser_oracle_read_it(built_site: Path) -> None:
    pages = sorted(built_site.resolve().rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        expected = oracle_page_text(path.read_text(encoding="utf-8"))
        assert page_text(path.read_bytes()) == expected, path
    assert PAGE and page_text(PAGE.encode()) == oracle_page_text(PAGE) == page_text(PAGE)


HEAD = "<!DOCTYPE html><html lang='zh-CN'><head><title>标题 - 网站</title></head><body>"


@pytest.mark.parametrize(
    ("body", "title", "blocks"),
    [
        (
            "<main><div hidden><span aria-hidden='true'><script>脚本</script>甲</span>乙</div>"
            "<section data-pagefind-ignore><nav><p>丙</p></nav></section>正文</main>",
            "标题 - 网站",
            ["正文"],
        ),
        (
            "<main><p>甲<span hidden>隐藏</span>乙<b aria-hidden='false'>丙</b>"
            "<i aria-hidden>丁</i></p></main>",
            "标题 - 网站",
            ["甲乙丙丁"],
        ),
        (
            "<main><div>甲<span hidden><div>隐藏</div></span>乙</div></main>",
            "标题 - 网站",
            ["甲", "乙"],
        ),
        ("<h1>站名</h1><main><p>正文</p></main><h1>页脚</h1>", "标题 - 网站", ["正文"]),
        (
            "<main><aside><h1>侧栏</h1></aside><h1> 第 <em>一</em> </h1><h1>二</h1></main>",
            "第 一 二",
            ["第 一", "二"],
        ),
        ("<main><h1></h1><p>正文</p></main>", "标题 - 网站", ["正文"]),
        (
            "<main><p>A&amp;B&nbsp;C &lt;d&gt; &#x4e2d;&#25991; &copy; &quot;e&quot;</p></main>",
            "标题 - 网站",
            ['A&B C <d> 中文 © "e"'],
        ),
        (
            "<main><p>第一行<br>第二行<br/>第三行</p></main>",
            "标题 - 网站",
            ["第一行", "第二行", "第三行"],
        ),
        (
            "<main><table><caption>表</caption><tr><th>甲</th><td>1</td></tr>"
            "<tr><td>乙</td><td><span>2</span> 元</td></tr></table></main>",
            "标题 - 网站",
            ["表", "甲", "1", "乙", "2 元"],
        ),
        (
            "<header><p>站名</p></header><!-- 注释 --><main>甲<!-- 注释 -->乙<img alt='图'>丙"
            "<button>按钮</button><select><option>选项</option></select></main><p>页脚</p>",
            "标题 - 网站",
            ["甲乙丙"],
        ),
        ("<main><p>正文</p><svg><title>图</title></svg></main>", "标题 - 网站图", ["正文"]),
    ],
    ids=[
        "nested-skipped",
        "hidden-inline",
        "block-inside-hidden-still-splits",
        "h1-outside-main",
        "h1s-in-main-skipped-one-ignored",
        "empty-h1",
        "entities",
        "br",
        "table",
        "chrome-comments-controls",
        "svg-title-joins-the-fallback",
    ],
)
def test_page_text_matches_the_oracle_on_edge_cases(
    body: str, title: str, blocks: list[str]
) -> None:
    html = HEAD + body + "</body></html>"
    found = page_text(html)
    assert (found.title, found.blocks, found.lang) == (title, blocks, "zh-CN")
    assert found == oracle_page_text(html) == page_text(html.encode())


@pytest.mark.parametrize(
    ("head", "noindex", "lang"),
    [
        ("<html><meta name='ROBOTS' content='NoIndex, follow'>", True, ""),
        (
            "<html lang='en'><meta name='robots' content='noindex'>"
            "<meta name='robots' content='all'>",
            False,
            "en",
        ),
        ("<html lang><meta name='description' content='noindex'>", False, ""),
    ],
    ids=["robots-any-case", "last-robots-wins", "other-meta-bare-lang"],
)
def test_robots_flag_and_lang_match_the_oracle(head: str, noindex: bool, lang: str) -> None:
    html = head + "<main><p>正文</p></main>"
    found = page_text(html)
    assert (found.noindex, found.lang) == (noindex, lang)
    assert found == oracle_page_text(html)


def test_misnested_markup_reads_as_a_browser_shows_it() -> None:
    # A <div> closes the open <p> and the hidden <span> in it, so a browser shows 隐藏;
    # html.parser kept it inside the span. Built pages are well-formed: no such case there.
    found = page_text("<main><p>甲<span hidden><div>隐藏</div></span>乙</p></main>")
    assert found.blocks == ["甲", "隐藏", "乙"]
