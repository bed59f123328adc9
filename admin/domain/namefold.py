"""Find a known person's name however it is disguised: 马 建 国, 马\u200b建国, 马-建-国, 馬建國.

The text is folded into a copy for matching — full-width forms and compatibility characters
by NFKC, traditional characters to simplified by OpenCC ('t2s'), and spaces, zero-width
characters, hyphens, dots and underscores between two Han characters dropped — with a map
from each folded character back to the original, so the original span is what gets masked.
OpenCC converts one character at a time here: a phrase conversion could change the length
and break the map, and a name's characters convert alone just as well.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from admin.domain.surnames import DOTS

# Characters that can sit between the characters of a name without changing it.
_FILLERS = frozenset(" \t\u3000\u00a0-_.~*/|" + DOTS + "\u2010\u2011\u2012\u2013\u2014\u2212\uff0d")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class FoldedNames:
    """A text folded for name matching, with the original position of each character."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        self.positions: list[int] = []
        pending: list[int] = []  # fillers seen since the last kept character
        for pos, ch in enumerate(text):
            folded = fold_char(ch)
            if folded == "" or (folded in _FILLERS and _between_han(text, pos)):
                pending.append(pos)
                continue
            pending.clear()
            chars.append(folded)
            self.positions.append(pos)
        self.text = "".join(chars)

    def find(self, name: str) -> list[tuple[int, int]]:
        """Return the original spans where the folded ``name`` occurs."""
        needle = fold_name(name)
        if not needle:
            return []
        spans, start = [], self.text.find(needle)
        while start >= 0:
            end = start + len(needle)
            spans.append((self.positions[start], self.positions[end - 1] + 1))
            start = self.text.find(needle, end)
        return spans


def find_disguised(text: str, name: str) -> list[tuple[int, int]]:
    """Return the spans of ``text`` that spell ``name``, also disguised.

    A dot folds away only between two Han characters, so 马·建·国 is 马建国 and a known
    dotted name (买买提·艾力) is found with its dot or without; masking a known person's
    name where it also ends a longer dotted name hides no one wrongly.
    """
    name = name.strip()
    if not name:
        return []
    if name in text and not needs_folding(text):
        return [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
    return FoldedNames(text).find(name)


def fold_name(name: str) -> str:
    """Return ``name`` folded as the text is: simplified, NFKC, without fillers."""
    return "".join(f for f in (fold_char(ch) for ch in name) if f and f not in _FILLERS)


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """Return one character folded: "" for a format character, else NFKC and simplified."""
    if unicodedata.category(ch) == "Cf" or ch == "\u00ad":
        return ""  # zero-width and soft hyphens: invisible, so never part of a name
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        return ch
    if _HAN_RE.match(folded):
        simplified = _t2s().convert(folded)
        return simplified if len(simplified) == 1 else folded
    return folded


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def needs_folding(text: str) -> bool:
    """Whether ``text`` may hide a name: a filler, a format or traditional character."""
    return any(
        ch in _FILLERS or unicodedata.category(ch) == "Cf" or fold_char(ch) != ch for ch in text
    )


def _between_han(text: str, pos: int) -> bool:
    """Whether a run of fillers at ``pos`` has a Han character on both sides."""
    before = pos - 1
    while before >= 0 and (text[before] in _FILLERS or fold_char(text[before]) == ""):
        before -= 1
    after = pos + 1
    while after < len(text) and (text[after] in _FILLERS or fold_char(text[after]) == ""):
        after += 1
    if before < 0 or after >= len(text) or after - before > 6:
        return False
    return bool(_HAN_RE.match(text[before]) and _HAN_RE.match(text[after]))
