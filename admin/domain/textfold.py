"""Text folded for scanning personal numbers, with a map back to the original positions.

Folding undoes what can disguise a number: full-width digits and letters, zero-width and
format characters, odd spaces, hyphens and line breaks; in markup (HTML, XML, JSON, JS)
also HTML entities and ``\\uXXXX`` escapes. The scanner (:mod:`admin.domain.pii`) reads
the folded text and maps a finding's span back; most texts have no finding, so the map
is built only when one asks for it.
"""

from __future__ import annotations

import bisect
import html
import json
import re
import unicodedata
from functools import lru_cache

ZW = "\u200b"  # every zero-width or format character folds to this one
HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Characters that may fold into a digit, a letter, a space, a hyphen, a plus or a
# zero-width mark. Full-width punctuation (，：（）) is left as it is: it cannot hide a
# digit, and folding it would cost a step for nearly every sentence of Chinese.
_FOLDABLE = (
    "[\u00a0\u00ad\u00b2\u00b3\u00b9\u115f\u1160\u180e\u2000-\u2015\u2028-\u202f\u205f-\u206f"
    "\u2070-\u209f\u2212\u2460-\u24ff\u2776-\u2793\u3000\u3164\ufe58\ufe63\ufeff\uff0b\uff0d"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uffa0\U0001d7ce-\U0001d7ff\U000e0000-\U000e007f]"
)
#: What follows "&" in an HTML entity, and "\\" in a JSON or JavaScript escape.
_ENTITY_TAIL = r"#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};"
_UNICODE_TAIL = r"u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}"
_ESCAPES = f"&(?:{_ENTITY_TAIL})|\\\\(?:{_UNICODE_TAIL})"
PLAIN_RE = re.compile(_FOLDABLE)
MARKUP_RE = re.compile(f"{_ESCAPES}|{_FOLDABLE}")
# The same matches for text without characters beyond U+FFFF (nearly every page): a pattern
# that opens with one character class lets the engine skip to candidates in C, and a class
# without the astral ranges is tested per character at half the cost.
_BMP_FOLDABLE = _FOLDABLE.replace("\U0001d7ce-\U0001d7ff\U000e0000-\U000e007f", "")
_FAST_PLAIN_RE = re.compile(_BMP_FOLDABLE)
_FAST_MARKUP_RE = re.compile(
    f"[&\\\\{_BMP_FOLDABLE[1:-1]}]"
    f"(?:(?<=&)(?:{_ENTITY_TAIL})|(?<=\\\\)(?:{_UNICODE_TAIL})|(?<![&\\\\]))"
)


class Folded:
    """Text folded for scanning, able to map a span back to the original text."""

    def __init__(self, text: str, markup: bool = False) -> None:
        self._source = text
        self._markup = markup
        self._mapped = False  # the position map is built on first use
        self.text = fold_text(text, markup)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span of the folded span ``start:end``."""
        if not self._mapped:
            self._build_map()
        return self._map(start, True), self._map(end, False)

    def _build_map(self) -> None:
        # Only a finding needs an original span, and pages have none: map on demand.
        self._mapped = True
        self._starts: list[int] = []  # folded start of each changed piece
        self._pieces: list[tuple[int, int, int]] = []  # (folded end, original start, end)
        self._shift: list[int] = []  # original minus folded offset after each piece
        pos = last = 0
        for match in (MARKUP_RE if self._markup else PLAIN_RE).finditer(self._source):
            pos += match.start() - last
            self._starts.append(pos)
            pos += len(_fold_piece(match.group()))
            self._pieces.append((pos, match.start(), match.end()))
            self._shift.append(match.end() - pos)
            last = match.end()

    def _map(self, pos: int, is_start: bool) -> int:
        k = bisect.bisect_right(self._starts, pos if is_start else pos - 1) - 1
        if k < 0:
            return pos
        piece_end, orig_start, orig_end = self._pieces[k]
        if pos < piece_end or (not is_start and pos == piece_end):
            return orig_start if is_start else orig_end
        return pos + self._shift[k]


def decode_escape(raw: str) -> str:
    """Return what an HTML entity or a ``\\uXXXX`` escape stands for (other text as is)."""
    if raw.startswith("&"):
        return html.unescape(raw)
    if raw.startswith("\\u"):
        try:
            return json.loads(f'"{raw}"')
        except ValueError:
            return raw
    return raw


def fold_text(text: str, markup: bool) -> str:
    """Fold ``text`` as ``Folded`` does, without the position map."""
    if text.isascii() and not (markup and ("&" in text or "\\u" in text)):
        return text  # no foldable character is ASCII: only escapes can change ASCII text
    # A character beyond U+FFFF takes four bytes in UTF-16, every other one two. Short
    # strings (a search index's words) skip the test: it would cost more than it saves.
    astral = len(text) < 200 or len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)
    if markup:
        pattern = MARKUP_RE if astral else _FAST_MARKUP_RE
    else:
        pattern = PLAIN_RE if astral else _FAST_PLAIN_RE
    return pattern.sub(_fold_match, text)


def _fold_match(match: re.Match[str]) -> str:
    return _fold_piece(match.group())


@lru_cache(maxsize=4096)
def _fold_piece(raw: str) -> str:
    return fold_characters(decode_escape(raw))


def fold_characters(text: str) -> str:
    """Fold each character of ``text`` (escapes are not decoded: see ``fold_text``)."""
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _LINE_BREAKS:
        return "\n"
    if unicodedata.category(ch) == "Cf" or ch in "\u115f\u1160\u3164\uffa0":
        return ZW
    if ch in HYPHENS:
        return "-"
    if ch.isspace() and ch != "\t":
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    return "".join(_fold_char(c) if c != ch and not c.isascii() else c for c in folded)
