"""The character grams of the back office's search index (#16 item 6).

A Chinese search word is mostly two characters, too short for a trigram index. The index
holds each record's text as single characters and pairs of neighbours instead; a query's
pairs (its one character, when it has one) must all be present for a record to be a
candidate, and the exact ``ILIKE`` of the list then decides. So the index only has to find
*at least* what ``ILIKE`` finds: :func:`fold` may equate more than either database does,
never less. It lower-cases the whole text (SQLite's ILIKE folds only ASCII, PostgreSQL's
every cased letter: the wider one), drops combining marks (a dotted capital I lowers to i
plus a mark in Python, to plain i in glibc) and writes final sigma as sigma (libc lowers
Σ to σ everywhere). It does not fold width: a full-width query matches only full-width
text today, and still does (a width folding would only cost selectivity).

A token is the gram's code points as 8 hex digits each: plain ASCII words that every
full-text engine keeps whole, whatever the characters were (spaces, punctuation, 〔〕).
"""

from __future__ import annotations

import functools
import itertools
import sys
import unicodedata
from collections.abc import Iterable

#: Hex digits per character of a token (UTF-32).
WIDTH = 8


@functools.cache
def _fold_table() -> dict[int, str | None]:
    # Built once (≈0.3 s): str.translate with it is far faster than a category per character.
    table: dict[int, str | None] = {
        code: None for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Mn"
    }
    table[ord("ς")] = "σ"
    return table


def fold(text: str) -> str:
    """Return ``text`` as the index compares it: lower case, no combining marks."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return lowered.translate(_fold_table())


def _hex(text: str) -> str:
    return text.encode("utf-32-be").hex()


def doc_tokens(values: Iterable[str | None]) -> set[str]:
    """Return the tokens of a record's searched ``values``: every character and pair.

    Pairs never span two values: the list matches each column on its own.
    """
    tokens: set[str] = set()
    for value in values:
        if not value:
            continue
        digits = _hex(fold(value))
        chars = [digits[i : i + WIDTH] for i in range(0, len(digits), WIDTH)]
        tokens.update(chars)
        tokens.update(a + b for a, b in itertools.pairwise(chars))
    return tokens


def query_tokens(text: str) -> list[str]:
    """Return the tokens a record must hold to match ``text``; [] when none can be used.

    One character: itself. Longer: each pair once, in the order of the text (every pair
    of a match is in the record's own text, in the same column).
    """
    digits = _hex(fold(text.strip()))
    chars = [digits[i : i + WIDTH] for i in range(0, len(digits), WIDTH)]
    if len(chars) == 1:
        return chars
    return list(dict.fromkeys(a + b for a, b in itertools.pairwise(chars)))
