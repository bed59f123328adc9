"""The leak guard reads Pagefind fragments as the page said them, not one digit a word."""

from __future__ import annotations

import gzip
import json

from admin.freeze.leakguard import PAGEFIND_PREFIX, scan_bytes
from admin.freeze.searchtext import spaced, unspaced


def _fragment(text: str) -> bytes:
    payload = json.dumps({"url": "/x/", "content": spaced(text)}, ensure_ascii=False)
    return gzip.compress(PAGEFIND_PREFIX + payload.encode("utf-8"))


def test_an_organisations_credit_code_in_the_search_copy_is_not_a_phone_number() -> None:
    # Spaced digit by digit, 11640521328907888U holds the mobile-shaped run 16405213289.
    text = "处罚机关：大战场镇人民政府 统一社会信用代码：11640521328907888U"
    assert scan_bytes(_fragment(text), "zh-cn_1.pf_fragment") == []


def test_a_real_id_number_in_the_search_copy_is_found() -> None:
    text = "当事人身份证号 11010519491231002X 住址"
    assert scan_bytes(_fragment(text), "zh-cn_2.pf_fragment") == [
        ("id_number", "11010519491231002X")
    ]


def test_a_mobile_written_in_groups_is_still_found() -> None:
    found = scan_bytes(_fragment("联系电话 138 1234 5678。"), "zh-cn_3.pf_fragment")
    assert [kind for kind, _ in found] == ["mobile"]


def test_unspaced_inverts_spaced() -> None:
    text = "中宁大战场综执罚〔2021〕15号 长山头村 罚款 500 元"
    assert unspaced(spaced(text)) == text
