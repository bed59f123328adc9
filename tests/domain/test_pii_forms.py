"""The one normal form (issue 14): what it joins, what it keeps apart, what labels prove."""

from __future__ import annotations

import pytest
from stdnum.iso7064 import mod_11_10

from admin.domain import pii
from admin.domain.textfold import Folded, fold_text

ID = "64052119850312123X"
MOBILE = "13895012345"
REG_NO = next(n for n in (f"64052185031212{d}" for d in "0123456789") if mod_11_10.is_valid(n))
LEGACY = "640521850312124"  # a plausible legacy ID that fails MOD 11,10


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("二〇二一年五月十三日", "2021年五月十三日"),  # 十 is no digit: dates stay dates
        ("统一社会信用代码", "统一社会信用代码"),  # a lone numeral stays a word
        ("6405<span>2119</span>85", "6405211985"),
        ("6405<!-- x -->2119", "64052119"),
        ("6405</td>\n  <td>2119", "6405 2119"),  # cells read apart, as spaced groups
        ("6405**2119**85", "6405211985"),
        ("123\\X", "123X"),
        ("&amp;#49;&#50;", "12"),
        ("<b>粗体</b> 与 *强调*", "<b>粗体</b> 与 *强调*"),  # markup away from digits stays
    ],
)
def test_the_fold_joins_only_what_hides_a_number(text: str, folded: str) -> None:
    assert fold_text(text) == folded


def test_the_span_of_a_number_split_by_markup_covers_the_markup() -> None:
    text = "当事人6405<span>2119</span>850312123X。"
    (hit,) = pii.find_personal_numbers(text)
    assert text[hit.start : hit.end] == "6405<span>2119</span>850312123X"
    assert Folded(text).original(3, 7) == (3, 7)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"工商注册号：{REG_NO}", False),  # passes its own check: an organisation's
        (f"工商注册号：{LEGACY}", True),  # a legacy ID behind the label
        (f"注册号 {LEGACY}", True),
        (f"税务登记号：{LEGACY}", True),
        (f"执法证号：{MOBILE}", True),  # no label makes a number public
        (f"执法证件号：{ID}", True),
    ],
)
def test_a_label_proves_nothing_without_the_codes_own_check(text: str, found: bool) -> None:
    assert bool(pii.find_personal_numbers(text)) is found


def test_a_known_certificate_number_is_public_wherever_it_stands() -> None:
    assert pii.find_personal_numbers(f"执法证号：{MOBILE}", public={MOBILE}) == []
    assert pii.find_personal_numbers(f"证号 {MOBILE}", public={MOBILE}) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"ID{ID}", True),
        (f"tel{MOBILE}", True),
        (f"Tel:{MOBILE}", True),
        (f"9tel{MOBILE}", False),  # a digit before the letters: part of a longer token
        (f"9f86d081ab{MOBILE}", False),  # inside a hex digest
        (f"abcdefghijklm{MOBILE}", False),  # more letters than a word before a number
        (f"{MOBILE}ab", False),  # letters after still block
        (f"{MOBILE}0", False),
    ],
)
def test_a_word_of_letters_may_stand_right_before_a_number(text: str, found: bool) -> None:
    assert bool(pii.find_personal_numbers(text)) is found


def test_a_known_number_is_found_with_the_separators_the_scanner_tolerates() -> None:
    text = "证件 A1234.5678_9，另见 A12</b>345678·9"
    assert [text[s:e] for s, e in pii.find_value(text, "A123456789")] == [
        "A1234.5678_9",
        "A12</b>345678·9",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A pager at county scale: the links' numbers once the markup is folded away.
        '<a href="../117/">117</a> <a href="../118/">118</a> <span>119</span> '
        '<a href="../120/">120</a> <a href="../121/">121</a> <a href="../122/">122</a>',
        "118 119 120 121 122",
        "第 2021 2022 2023 2024 年",
        "122 121 120 119 118",
    ],
)
def test_numbers_that_count_are_no_personal_number(text: str) -> None:
    assert pii.find_personal_numbers(text, markup=True) == []


def test_a_number_split_by_tags_without_a_space_is_still_one() -> None:
    text = "138<b>1234</b>5678 与 <i>640521</i>19850312123X"
    found = pii.find_personal_numbers(text, markup=True)
    assert [f.kind for f in found] == [pii.MOBILE, pii.ID_NUMBER]
