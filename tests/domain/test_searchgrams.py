"""The grams of the back office's search index: a word's grams are always its text's (#16)."""

from __future__ import annotations

import pytest

from admin.domain.searchgrams import doc_tokens, fold, query_tokens


def test_fold_is_coarser_than_either_databases_ilike() -> None:
    assert fold("ABC商行") == "abc商行"
    assert fold("CAFÉ") == "café"  # PostgreSQL's ILIKE folds É; SQLite's does not
    assert fold("İx") == "ix"  # glibc lowers İ to i; Python to i and a combining dot
    assert fold("ΟΔΟΣ") == fold("οδοσ")  # final sigma: ς in Python, σ in libc
    assert fold("ＡＢＣ") == "ａｂｃ"  # width is kept: full-width input finds full width


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("中宁大战场综执罚〔2026〕1号", "罚"),
        ("中宁大战场综执罚〔2026〕1号", "〔2026〕"),
        ("宁夏ABC砂石料有限公司", "abc砂"),
        ("百分之%公司", "%"),
        ("下划线_公司", "_公"),
        ("CAFÉ 咖啡馆", "é 咖"),
        ("ＡＢＣ商店", "ＡＢ"),
        ("ΟΔΟΣ", "σ"),
    ],
)
def test_a_words_tokens_are_among_its_texts(text: str, word: str) -> None:
    assert set(query_tokens(word)) <= doc_tokens([text])


def test_a_word_spanning_two_columns_is_not_a_candidate() -> None:
    # The list matches each column on its own: no pair is made across two values.
    assert not set(query_tokens("司罚")) <= doc_tokens(["某公司", "罚款"])
    assert set(query_tokens("司")) <= doc_tokens(["某公司", "罚款"])


def test_one_character_is_itself_and_longer_words_are_pairs() -> None:
    assert query_tokens("罚") == ["00007f5a"]
    assert query_tokens(" 罚款 ") == ["00007f5a00006b3e"]
    assert len(query_tokens("罚款罚款")) == 2  # 罚款, 款罚: 罚款 once
    assert query_tokens("") == [] and query_tokens("\u0301") == []
    assert doc_tokens([None, ""]) == set()
