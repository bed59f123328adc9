"""What the search index sees: one character a word, gaps at spaces and blocks, main only."""

from __future__ import annotations

import pytest

from admin.build.searchtext import GAP, page_text, runs, spaced


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
