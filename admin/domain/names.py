"""Find natural persons' names in text: after a role noun, and where jieba tags one.

A name after a role noun (roles.py: 现场负责人王某, 房东：马某, 证人张三、李四和王五) is taken
whatever jieba tags it, since a tagger often reads such a name as ordinary words; elsewhere
jieba's person-name tag is trusted only when the word reads as a name (surname, then
given-name characters) and is not the start of a place or an organisation (马家梁村, 李明养殖场).
"""

from __future__ import annotations

import bisect
import logging
import re
import warnings
from functools import cache
from types import ModuleType

from admin.domain.roles import role_nouns
from admin.domain.surnames import (
    COMPOUND_SURNAMES,
    DOTS,
    GIVEN_NAME_CHARS,
    HAN,
    SURNAMES,
    WORDLIKE_SURNAMES,
    surname_of,
)

# A given name stops at these: prepositions, adverbs and verbs that usually follow a name.
_STOP = set("于在从将与和及同跟的地得因未擅私驾经系是为对向把被已自所称说家某均都也并即又现曾")
_STOP |= set("不无没以到去来前后时签拒承认表等共分其之该此男女年月日等")
_NOT_BEFORE = set("村镇乡县市区省州街路巷组队屯庄寨沟湾梁渠桥坝场厂店铺部馆社站所院校司行厅局委办")
# A recognised "name" ending so is a thing or a place: 古尔邦节, 申请书, 梁村.
_NOT_LAST = _NOT_BEFORE | set("节格书证费款法规条章单表册号码点处科室")
# Words that cannot start a name (当事人于本月, 负责人应当). Not q or r: 张 and 何 are
# measure word and pronoun to jieba, and surnames after a cue.
_FUNCTION_FLAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "m", "t", "f", "v"}
# After a strong role noun only these and frequent verbs are taken for grammar.
_GRAMMAR_FLAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d"}
_NAME_FLAGS = ("nr", "nrfg", "nrt")
# jieba's dictionary tags many ordinary words as names (许可证, 高峰, 胡同); a private
# person's name is rarely a frequent dictionary word, so those are left to cues and masks.
_COMMON_WORD_FREQ = 100
# A word this frequent right after a surname and one character is grammar, not a given
# name's end: 赵四|发生 (24,052), 王芳|证实 (1,611); 李福|贵在 (76) stays 李福贵.
_FREQUENT_WORD_FREQ = 1000
_BLOCK_RE = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._]+")  # what jieba segments at a time
DOTTED_RE = re.compile(f"{HAN}{{1,8}}(?:[{DOTS}]{HAN}{{1,8}})+")
_LIST_RE = re.compile("(?:、|，|,|和|及|与|以及|、及)")


def find_names(text: str) -> list[tuple[int, int, bool]]:
    """Return (start, end, after_role) of every name after a role noun or tagged by jieba."""
    words = Words(text)
    nouns = role_nouns()
    found = []
    for cue in nouns.pattern.finditer(text):
        pos = cue.end()
        strong = nouns.is_strong(cue["noun"])
        while (end := _name_at(text, pos, words, strong=strong)) > pos:
            found.append((pos, end, True))
            sep = _LIST_RE.match(text, end)
            # In a list every item is a name (张三、李四和王五); after a comma only a name
            # that jieba does not read as an ordinary word (证人张三，李四 but 张三，现场…).
            if not sep or (sep.group() in "，," and words.is_ordinary_word_at(sep.end())):
                break
            pos = sep.end()
    for k, (start, end, flag) in enumerate(words.spans):
        if flag not in _NAME_FLAGS or words.is_common(k):
            continue
        after_surname = k > 0 and words.spans[k - 1][0] == start - 1 and text[start - 1] in SURNAMES
        if after_surname and end - start <= 2:
            start -= 1  # 张 + 秀英, 田 + 海燕: jieba tags the given name alone
        start, end = _widen_dotted(text, start, end, words)
        if _is_tagged_name(text[start:end]) and not names_a_place(text, end):
            found.append((start, end, False))
    return found


def _name_at(text: str, pos: int, words: Words, *, strong: bool = False) -> int:
    """Return the end of a person's name starting at ``pos`` (``pos`` when there is none)."""
    dotted = DOTTED_RE.match(text, pos)
    if dotted:
        return _dotted_end(text, dotted, words)
    surname = surname_of(text[pos : pos + 2])
    if not surname and strong and text[pos : pos + 1] in WORDLIKE_SURNAMES:
        surname = text[pos]
    if not surname or words.is_grammar_at(pos):
        return pos  # 负责人应当, 司机于是: the role noun is followed by grammar, not a name
    if not strong and words.is_ordinary_word_at(pos):
        return pos
    end = pos + len(surname)
    given = 0
    while end < len(text) and given < 2 and re.match(HAN, text[end]) and text[end] not in _STOP:
        if given == 1 and text[end] not in GIVEN_NAME_CHARS and end in words.at:
            break
        if given == 1 and words.opens_frequent_word(end):
            break  # 赵四|发生: the character opens a common word, it ends no name (李福贵|在)
        end, given = end + 1, given + 1
    return end if given else pos


def _is_tagged_name(word: str) -> bool:
    """Whether a word jieba tags as a name reads as one: surname, then given-name characters."""
    if any(dot in word for dot in DOTS):
        return True
    given = word[len(surname_of(word)) :]
    return (
        len(given) in (1, 2)
        and len(given) < len(word)
        and all(ch in GIVEN_NAME_CHARS for ch in given)
        and word[-1] not in _NOT_LAST
    )


def names_a_place(text: str, end: int) -> bool:
    """Whether the name is the start of a place or organisation (马家梁村, 李明养殖场)."""
    return (end < len(text) and text[end] in _NOT_BEFORE) or text.startswith("养殖", end)


def _widen_dotted(text: str, start: int, end: int, words: Words) -> tuple[int, int]:
    """Extend a tagged name over a dotted minority name (买买提·艾力)."""
    for m in DOTTED_RE.finditer(text, max(0, start - 20), min(len(text), end + 20)):
        first_dot = next(i for i in range(m.start(), m.end()) if text[i] in DOTS)
        begin = max(m.start(), words.containing(first_dot - 1)[0])
        stop = _dotted_end(text, m, words)
        if begin <= start and end <= stop:
            return begin, stop
    return start, end


def _dotted_end(text: str, match: re.Match[str], words: Words) -> int:
    """End a dotted name with the word after its last dot: jieba knows where it stops."""
    last_dot = max(i for i in range(match.start(), match.end()) if text[i] in DOTS)
    return min(match.end(), words.containing(last_dot + 1)[1])


@cache
def _jieba() -> tuple[ModuleType, ModuleType, dict[str, int], dict[str, str]]:
    """Load jieba once, quietly (it logs and warns on first use)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
    return jieba, jieba.posseg, jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab


class Words:
    """jieba's words of a text: (start, end, part-of-speech flag), findable by position.

    jieba's tagger (``jieba.posseg``) is five times slower than its segmenter, so a block
    (Han and ASCII between punctuation: what jieba handles at a time) is segmented first
    and tagged only when it may hold a name — a word the dictionary lacks, or calls a name,
    beginning with a surname; other blocks keep their words' dictionary tags, which is what
    the tagger gives them too.
    """

    def __init__(self, text: str) -> None:
        jieba, posseg, self._freq, self._tags = _jieba()
        self.spans: list[tuple[int, int, str]] = []
        self.words: list[str] = []
        last = 0
        for block in _BLOCK_RE.finditer(text):
            for ch in text[last : block.start()]:
                self._add(ch, "x")
            words = list(jieba.cut(block.group()))
            if any(self._may_be_name(a, b) for a, b in zip(["", *words], words, strict=False)):
                for word, flag in posseg.cut(block.group()):
                    self._add(word, flag)
            else:
                for word in words:
                    self._add(word, self._tags.get(word, "x"))
            last = block.end()
        for ch in text[last:]:
            self._add(ch, "x")
        self.starts = [start for start, _, _ in self.spans]
        self.at = {s[0]: (w, s[2]) for w, s in zip(self.words, self.spans, strict=True)}

    def _may_be_name(self, before: str, word: str) -> bool:
        if len(word) < 2 or not re.fullmatch(f"{HAN}+", word):
            return False
        unknown = not self._freq.get(word) or self._tags.get(word, "").startswith("nr")
        return unknown and bool(surname_of(word) or before in SURNAMES)

    def opens_frequent_word(self, pos: int) -> bool:
        """Whether a common word of two or more characters starts at ``pos`` (发生, 证实)."""
        word = self.at.get(pos, ("", ""))[0]
        return len(word) >= 2 and (self._freq.get(word) or 0) >= _FREQUENT_WORD_FREQ

    def is_grammar_at(self, pos: int) -> bool:
        """Whether a function word or a frequent verb starts at ``pos`` (应当, 于是, 发现)."""
        word, flag = self.at.get(pos, ("", ""))
        if len(word) < 2 or word in COMPOUND_SURNAMES:
            return False
        if flag in _GRAMMAR_FLAGS:
            return True
        return flag.startswith("v") and (self._freq.get(word) or 0) >= _FREQUENT_WORD_FREQ

    def is_ordinary_word_at(self, pos: int) -> bool:
        """Whether a dictionary word other than a name, or a function word, starts at ``pos``."""
        word, flag = self.at.get(pos, ("", ""))
        if word in COMPOUND_SURNAMES:  # jieba knows 欧阳 as a place
            return False
        if flag in _FUNCTION_FLAGS:
            return True
        freq = self._freq.get(word) or 0
        if flag.startswith("nr"):  # jieba calls 陈述 and 高峰 names too: trust it only if rare
            return len(word) == 2 and freq >= _COMMON_WORD_FREQ
        return len(word) >= 2 and freq > 0  # 申请 is a word, not 申某

    def _add(self, word: str, flag: str) -> None:
        start = self.spans[-1][1] if self.spans else 0
        self.spans.append((start, start + len(word), flag))
        self.words.append(word)

    def containing(self, pos: int) -> tuple[int, int]:
        """Return the span of the word holding the character at ``pos``."""
        start, end, _ = self.spans[max(bisect.bisect_right(self.starts, pos) - 1, 0)]
        return start, end

    def is_common(self, k: int) -> bool:
        """Whether word ``k`` is a frequent dictionary word."""
        return (self._freq.get(self.words[k]) or 0) >= _COMMON_WORD_FREQ
