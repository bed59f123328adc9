"""Name candidates: what may still be a person's name after masking, for an officer to decide.

A candidate is a surname followed by one or two Han characters, left unmasked, that is
not a place or an organisation (马家梁村, 李明养殖场), not a public name of the record
(officers, organisations, the body) and not already decided by the officer (a manual mask
hides it, a keep — 保留, stored as an unmask — guards it). To keep the list short enough
to read, a surname character inside a longer word (工人民, 高峰期) or opening a frequent
dictionary word (高度, 于是, 王国) is no candidate, nor is one right before a frequent word
(于|本月): a private name is rarely a common word, and the role nouns catch those that are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from admin.domain.names import PLACE_ENDINGS, Words, given_length, names_a_place, words_of
from admin.domain.redact import KnownPeople, Redacted
from admin.domain.surnames import COMPOUND_SURNAMES, SURNAMES, mask_person_name

# A word this common (jieba's dictionary count) is grammar or a thing, not a private name;
# jieba calls many words names (张贴 401, 许可 623, 文明 6,584), so a name tag is trusted below
# the second figure only.
_COMMON, _COMMON_NAME = 3, 100
# Numbers, amounts, counters: 第五|十条, 伍佰元, 2021年|第四 (王五 is a role noun's business).
_NUMERALS = frozenset(
    "0123456789０１２３４５６７８９一二三四五六七八九十百千万零两壹贰叁肆伍陆柒捌玖拾佰仟第年月日号项条款元"
)
# A lone surname character that jieba reads as grammar (于|操作, 向|镇, 从|业) is no surname.
_GRAMMAR = ("p", "c", "u", "d", "r", "m", "q", "f")


@dataclass(frozen=True)
class Candidate:
    """An unmasked possible name in one public field."""

    label: str  # the field's Chinese label
    text: str  # the candidate as written
    start: int
    end: int

    @property
    def masked(self) -> str:
        """Return the candidate as a message may show it: 张某某."""
        return mask_person_name(self.text)


def find_candidates(
    label: str,
    text: str,
    redacted: Redacted,
    known: KnownPeople | None = None,
    unmasks: Iterable[str] = (),
) -> list[Candidate]:
    """Return the possible names in ``text`` that the masker left and no one has decided."""
    known = known or KnownPeople()
    if not text or not any(ch in SURNAMES for ch in text):
        return []
    taken = [(m.start, m.end) for m in redacted.masked]
    kept = [item.strip() for item in (*unmasks, *known.public_names) if item and item.strip()]
    guarded = [(s, s + len(item)) for item in kept for s in _find_all(text, item)]
    words = words_of(text)
    found: list[Candidate] = []
    seen: set[str] = set()
    covered: list[tuple[int, int]] = []  # 杨桂兰 found, 桂兰 inside it is not another
    for start in sorted(words.at):
        surname = next((s for s in COMPOUND_SURNAMES if text.startswith(s, start)), "")
        surname = surname or (text[start] if text[start] in SURNAMES else "")
        if not surname or _is_common_here(words, start, len(surname)):
            continue
        if start and text[start - 1] in _NUMERALS:
            continue
        given = given_length(text, start + len(surname), words)
        end = start + len(surname) + given
        if not given or names_a_place(text, end) or _is_thing(text, start, end, words):
            continue
        if any(start < pe and ps < end for ps, pe in (*taken, *guarded, *covered)):
            continue
        covered.append((start, end))
        name = text[start:end]
        if name not in seen:
            seen.add(name)
            found.append(Candidate(label, name, start, end))
    return found


def _is_common_here(words: Words, start: int, surname_length: int) -> bool:
    """Whether the surname opens a common word, or stands alone as grammar or before a
    common word (于|本月)."""
    word, flag = words.at[start]
    if len(word) > surname_length:
        return _is_common(words, word, flag)
    if flag.startswith(_GRAMMAR):
        return True
    after = words.at.get(start + len(word))
    return after is not None and len(after[0]) >= 2 and _is_common(words, *after)


def _is_common(words: Words, word: str, flag: str) -> bool:
    limit = _COMMON_NAME if flag.startswith("nr") else _COMMON
    return words.frequency(word) >= limit


def _is_thing(text: str, start: int, end: int, words: Words) -> bool:
    """Whether the candidate reads as a thing: numerals, a place's last character, or a
    common word in its first two characters (简易|程序, 杨树)."""
    name = text[start:end]
    if any(ch in _NUMERALS for ch in name[1:]) or name[-1] in PLACE_ENDINGS:
        return True
    head = name[:2]
    return words.frequency(head) >= _COMMON and not words.tag(head).startswith("nr")


def _find_all(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found
