"""The one normal form personal numbers are detected in, with a map back to the original.

Publish (redaction and ``assert_publishable``), the build's leak guard and ``gongshi
check`` all read text through :func:`fold_text` / :class:`Folded`, so what one accepts
the others accept (issue 14). Folding undoes what can disguise a number:

- NFKC of full-width digits and letters, circled and super-script digits, odd spaces
  and hyphens; line breaks become ``\\n``; zero-width and format characters (soft hyphens
  included) become one zero-width mark, :data:`ZW`, which the scanner skips;
- HTML entities and ``\\uXXXX`` escapes are decoded, twice-encoded entities
  (``&amp;#49;``) too;
- Chinese numerals in a run (二〇二一, 一三八…) or next to a digit are read as digits;
- markup right after a digit — HTML comments, tags, Markdown emphasis (``*``, ``~``,
  backticks) and backslash escapes — is removed, or read as a space when it ends a cell,
  a line or a block (``</td><td>``, ``<br>``, a backslash line break), so a number split
  by markup reads as one and table cells next to each other read as spaced groups.

Markup elsewhere cannot hide a digit and is left alone: folding it would cost a step for
every tag of every page. The scanner (:mod:`admin.domain.pii`) reads the folded text and
maps a finding's span back; the map is built only when one asks for it.
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
#: Chinese numerals read as digits, with the spoken 幺 (1), 两 (2), 拐 (7) and 洞 (0) of
#: numbers read out over a radio or a telephone (幺三八…). 十, 百 and 千 are
#: not digits: 二十 is never "2", so amounts and dates written in words stay words.
CHINESE_DIGITS = {
    **dict.fromkeys("〇零洞", "0"),
    **dict.fromkeys("一壹幺", "1"),
    **dict.fromkeys("二贰貳两", "2"),
    **dict.fromkeys("三叁", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒拐", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
_CN = "".join(CHINESE_DIGITS)
# Characters that may fold into a digit, a letter, a space, a hyphen, a plus or a
# zero-width mark. Full-width punctuation (，：（）) is left as it is: it cannot hide a
# digit, and folding it would cost a step for nearly every sentence of Chinese.
_FOLDABLE = (
    "[\u00a0\u00ad\u00b2\u00b3\u00b9\u115f\u1160\u180e\u2000-\u2015\u2028-\u202f\u205f-\u206f"
    "\u2070-\u209f\u2212\u2460-\u24ff\u2776-\u2793\u3000\u3164\ufe58\ufe63\ufeff\uff0b\uff0d"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uffa0\U0001d7ce-\U0001d7ff\U000e0000-\U000e007f]"
)
_DIGITISH = f"0-9\uff10-\uff19{_CN}"
#: Chinese punctuation that splits a number only between two digits (138，9501，2345,
#: (138）95012345): read as ``/``, a separator the scanner tolerates.
_DIGIT_SEPARATORS = "，、：）"
#: What follows "&" in an HTML entity (``amp;`` first: a twice-encoded one is one piece).
_ENTITY_TAIL = r"(?:amp;)?(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)"
#: What follows "\\" in a JSON or JavaScript escape.
_UNICODE_TAIL = r"u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}"
#: Markup that can sit inside a written number: comments, tags, emphasis, escapes.
_MARK = r"<!--.{0,1000}?-->|</?[A-Za-z][^<>]{0,200}>|[*~`]|\\(?![uU][0-9a-fA-F]{4})"
#: The rest of a mark whose first character is matched already.
_MARK_REST = (
    r"(?<=<)(?:!--.{0,1000}?-->|/?[A-Za-z][^<>]{0,200}>)"
    r"|(?<=[*~`])"
    r"|(?<=\\)(?![uU][0-9a-fA-F]{4})"
)
# Every piece opens with one character of this class, so the engine finds candidates in C
# (a pattern opening with alternatives and look-behinds was four times slower on pages);
# the branches then tell the pieces apart by looking back at that character.
_FIRST = f"[&\\\\<*~`{_CN}{_DIGIT_SEPARATORS}{_FOLDABLE[1:-1]}]"
PIECE_RE = re.compile(
    _FIRST
    + "(?:"
    + f"(?<=&){_ENTITY_TAIL}"
    + f"|(?<=\\\\)(?:{_UNICODE_TAIL})"
    # Markup right after a digit, after a digit and a space, or after an entity's ";".
    + f"|(?:(?<=[{_DIGITISH};][<*~`\\\\])|(?<=[{_DIGITISH};][ \t][<*~`\\\\]))"
    + f"(?:{_MARK_REST})(?:{_MARK}|[ \t\r\n])*"
    # A run of Chinese numerals, or one beside a digit: 统一 keeps its 一.
    + f"|(?<=[{_CN}])(?:[{_CN}]+|(?<=[0-9\uff10-\uff19][{_CN}])|(?=[0-9\uff10-\uff19]))"
    + f"|(?<=[0-9\uff10-\uff19][{_DIGIT_SEPARATORS}])(?=[0-9\uff10-\uff19])"
    + f"|(?<={_FOLDABLE})"
    + ")",
    re.DOTALL,
)
_ASCII_PIECE_RE = re.compile(r"[&\\<*~`]")
# A tag that ends a table cell, a line or a block: the text on either side is apart.
_BREAK_RE = re.compile(
    r"\n|</?(?:td|th|tr|br|p|li|div|h[1-6]|dd|dt|table|thead|tbody|ul|ol|pre|blockquote)\b",
    re.IGNORECASE,
)


class Folded:
    """Text folded for scanning, able to map a span back to the original text."""

    def __init__(self, text: str, markup: bool = True) -> None:
        # ``markup`` is accepted for old callers: every text is folded as markup now,
        # since a Markdown body may hold HTML and a page may hold Markdown's leftovers.
        self._source = text
        self._mapped = False  # the position map is built on first use
        self.text = fold_text(text)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span of the folded span ``start:end`` (markup inside it too)."""
        if not self._mapped:
            self._build_map()
        if end <= start:
            return self._char(start)[0], self._char(start)[0]
        return self._char(start)[0], self._char(end - 1)[1]

    def _build_map(self) -> None:
        # Only a finding needs an original span, and pages have none: map on demand.
        self._mapped = True
        self._starts: list[int] = []  # folded start of each changed piece
        self._pieces: list[tuple[int, int, int]] = []  # (folded end, original start, end)
        pos = last = 0
        for match in PIECE_RE.finditer(self._source):
            pos += match.start() - last
            self._starts.append(pos)
            pos += len(_fold_piece(match.group()))
            self._pieces.append((pos, match.start(), match.end()))
            last = match.end()

    def _char(self, pos: int) -> tuple[int, int]:
        """Return the original span of the folded character at ``pos``."""
        k = bisect.bisect_right(self._starts, pos) - 1
        if k < 0:
            return pos, pos + 1
        piece_end, orig_start, orig_end = self._pieces[k]
        if pos < piece_end:
            return orig_start, orig_end
        at = pos + orig_end - piece_end
        return at, at + 1


def decode_escape(raw: str) -> str:
    """Return what an HTML entity (also twice encoded) or a ``\\uXXXX`` escape stands for."""
    if raw.startswith("&"):
        return html.unescape(html.unescape(raw))
    if raw.startswith("\\u"):
        try:
            return str(json.loads(f'"{raw}"'))
        except ValueError:
            return raw
    return raw


def fold_text(text: str, markup: bool = True) -> str:
    """Fold ``text`` as ``Folded`` does, without the position map."""
    if text.isascii() and not _ASCII_PIECE_RE.search(text):
        return text  # no foldable character is ASCII: only escapes and markup change ASCII
    return PIECE_RE.sub(_fold_match, text)


def _fold_match(match: re.Match[str]) -> str:
    return _fold_piece(match.group())


@lru_cache(maxsize=8192)
def _fold_piece(raw: str) -> str:
    first = raw[0]
    if first in CHINESE_DIGITS:
        return "".join(CHINESE_DIGITS[ch] for ch in raw)
    if first in _DIGIT_SEPARATORS:
        return "/"
    if first in "<*~`\\" and not raw.startswith("\\u"):
        # Markup inside a number: gone, or a space where it ends a cell or a line, or where
        # a space stands between the marks (118</a> <a>119: two numbers, a pager's links).
        return " " if _BREAK_RE.search(raw) or re.sub(_MARK, "", raw, flags=re.DOTALL) else ""
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
    if ch in CHINESE_DIGITS:
        return CHINESE_DIGITS[ch]
    if ch.isspace() and ch != "\t":
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    return "".join(_fold_char(c) if c != ch and not c.isascii() else c for c in folded)
