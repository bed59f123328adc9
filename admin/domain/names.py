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
from functools import cache, lru_cache
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
PLACE_ENDINGS = _NOT_LAST = _NOT_BEFORE | set("节格书证费款法规条章单表册号码点处科室")
# Words that cannot start a name (当事人于本月, 负责人应当). Not q or r: 张 and 何 are
# measure word and pronoun to jieba, and surnames after a cue.
_FUNCTION_FLAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "m", "t", "f", "v"}
# Surnames that are also prepositions: jieba may glue them to the word before (人于|当日).
_PREPOSITIONS = frozenset("于向")
# After a strong role noun only these (grammar, time: 养殖户|秋季) and frequent verbs
# are taken for what follows instead of a name.
_GRAMMAR_FLAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "t", "m", "f"}
_NAME_FLAGS = ("nr", "nrfg", "nrt")
# jieba's dictionary tags many ordinary words as names (许可证, 高峰, 胡同); a private
# person's name is rarely a frequent dictionary word, so those are left to cues and masks.
_COMMON_WORD_FREQ = 100
# A word this frequent right after a surname and one character is grammar, not a given
# name's end: 赵四|发生 (24,052), 王芳|证实 (1,611); 李福|贵在 (76) stays 李福贵.
_FREQUENT_WORD_FREQ = 1000
# After a name's first given character, a word this common ends the name: 李敏|陈述 (763),
# 蒋少|陪同 (547); names' own words are rarer (海燕 87, 秀英 18).
_SENTENCE_WORD_FREQ = 300
# What may follow a name at once: grammar, never a given name's character.
_AFTER_NAME = frozenset("在于的系称说等均也都并即又将被把对因已未、及与")
# What no given name starts with: a masked name (张某), grammar.
_NO_GIVEN_START = frozenset("某的在于与及系称说等均也都并即又将被把对因已未")
_HAN_CHAR = re.compile(HAN)
# Suffixes of places and organisations: one character right after a name or two more
# (马家梁村, 杨家堡村), a longer one after a few (李明养殖场, 华宇商贸有限公司).
# Single characters only of places (not 司, 行, 部: 董七|和司马悦, 王芳|行走).
_PLACE_CHARS = "村镇乡县区组队屯庄寨沟湾梁渠桥坝堡滩圈场厂店铺馆社站园矿窑"
_PLACE_WORDS = (  # noqa: SIM905 - a word list reads best as words
    "大院 农场 家庭农场 养殖场 种植园 合作社 专业合作社 有限公司 公司 加油站 "
    "超市 商店 饭店 餐馆 饭庄 面馆 酒店 宾馆 诊所 药店 门市 门市部 中心 "
    "协会 学校 幼儿园 医院 工作室 砖厂 砂石厂 修理部 汽修部 批发部 经营部 "
    "烧烤店 牧场 林场 果园 菜园 商行"
).split()
_RUN = f"(?:(?![在于的系称说等均也都并即又将被把对因已未和与及、]){HAN})"
_PLACE_AHEAD_RE = re.compile(
    f"{_RUN}{{0,6}}?(?:" + "|".join(sorted(_PLACE_WORDS, key=len, reverse=True)) + ")"
    f"|{_RUN}{{0,2}}?[{_PLACE_CHARS}]"
)
_BLOCK_RE = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._]+")  # what jieba segments at a time
DOTTED_RE = re.compile(f"{HAN}{{1,8}}(?:[{DOTS}]{HAN}{{1,8}})+")
_LIST_RE = re.compile("(?:、|，|,|和|及|与|以及|、及)")


def find_names(text: str) -> list[tuple[int, int, bool]]:
    """Return (start, end, after_role) of every name after a role noun or tagged by jieba."""
    words = words_of(text)
    nouns = role_nouns()
    found = []
    for cue in nouns.pattern.finditer(text):
        pos = cue.end()
        strong = nouns.is_strong(cue["noun"])
        everyday = nouns.trusts_everyday_surnames(cue["noun"])
        while (end := _name_at(text, pos, words, strong=strong, everyday=everyday)) > pos:
            found.append((pos, end, True))
            sep = _LIST_RE.match(text, end)
            # In a list every item is a name (张三、李四和王五); after a comma only a name
            # that jieba does not read as an ordinary word (证人张三，李四 but 张三，现场…),
            # or one that grammar ends at once (驾驶员丁某，韩国军在场: 韩国 is a word).
            if not sep:
                break
            if sep.group() in "，," and words.is_ordinary_word_at(sep.end()):
                ahead = _name_at(text, sep.end(), words, strong=strong, everyday=everyday)
                if ahead == sep.end() or text[ahead : ahead + 1] not in _AFTER_NAME:
                    break
            pos = sep.end()
    found += _names_before_roles(text, words)
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


def _names_before_roles(text: str, words: Words) -> list[tuple[int, int, bool]]:
    """Return the names right before a role noun in brackets or after 担任 (王某（房东）)."""
    found = []
    nouns = role_nouns()
    for cue in nouns.after_name.finditer(text):
        end = cue.start()
        if not nouns.is_strong(cue["noun"]):
            continue  # 张三丰（当事人）: the party is the record's known name
        if end < 2 or text[end - 1] in PLACE_ENDINGS:
            continue  # 马家梁村（村民委员会）, 李明养殖场（经营者）: a place or a firm
        # Three characters first (most names), two when the third back is a surname that is
        # also an everyday word (500元|华辉（车主）), four for compound surnames.
        for length in (3, 2, 4):
            start = end - length
            if start < 0 or not _is_han(text, start):
                continue
            if length == 3 and text[start] in WORDLIKE_SURNAMES:
                continue
            # What follows is the role noun, never a place's end (萧辉强|担任村民).
            if _name_at(text[:end] + "，", start, words, strong=True) != end:
                continue
            # Glued to the text before, a given name must not be a word (张三丰|签字).
            glued = start > 0 and _is_han(text, start - 1) and text[start - 1] not in "由和与及"
            given = start + len(surname_of(text[start : start + 2]) or "x")
            ordinary = words.is_ordinary_word_at(given)
            if glued and ordinary and not all(ch in GIVEN_NAME_CHARS for ch in text[given:end]):
                continue
            found.append((start, end, True))
            break
    return found


def _name_at(
    text: str, pos: int, words: Words, *, strong: bool = False, everyday: bool = False
) -> int:
    """Return the end of a person's name starting at ``pos`` (``pos`` when there is none)."""
    dotted = DOTTED_RE.match(text, pos)
    if dotted:
        return _dotted_end(text, dotted, words)
    surname = surname_of(text[pos : pos + 2])
    if not surname and everyday and text[pos : pos + 1] in WORDLIKE_SURNAMES:
        surname = text[pos]
    if not surname or words.is_grammar_at(pos):
        return pos  # 负责人应当, 司机于是: the role noun is followed by grammar, not a name
    if not strong and words.is_ordinary_word_at(pos):
        return pos
    common = strong and words.is_common_thing_at(pos, wordlike=surname in WORDLIKE_SURNAMES)
    if common and not _word_then_given(text, pos):
        return pos  # 房东|家中, 店主|商量, 群众|来信; but 房东马兰, 驾驶员高峰 (tagged names)
    end = pos + len(surname)
    given = given_length(text, end, words)
    if not given or names_a_place(text, end + given):
        return pos
    return end + given


def _word_then_given(text: str, pos: int) -> bool:
    """Whether a two-character word at ``pos`` is a name's start: one given-name character
    follows, then grammar (驾驶员撒娇颖在场: 撒娇 is a verb; not 店主商量后, 群众来信称)."""
    third, after = text[pos + 2 : pos + 3], text[pos + 3 : pos + 4]
    return (
        third in GIVEN_NAME_CHARS
        and third not in _STOP
        and (not after or after in _AFTER_NAME or not _is_han(text, pos + 3))
    )


def given_length(text: str, start: int, words: Words) -> int:
    """Return how many characters from ``start`` (after a surname) make the given name: 0-2.

    Two unless what follows one character reads as the sentence going on and what follows
    two does not: 马建国|在场, 马得福|系, 王芳|证实, 程和|未能, 赵四|发生, 王芳|和李四.
    """
    if not _is_han(text, start) or text[start] in _NO_GIVEN_START:
        return 0
    if not _is_han(text, start + 1) or text[start + 1] in _AFTER_NAME:
        return 1  # 王芳|在场, 蒋国|系
    if text[start + 1] in "和与及" and surname_of(text[start + 2 : start + 4]):
        return 1  # 陈安|和张韬: a list goes on (马和平 keeps its 和)
    if _opens_sentence(text, start + 2, words):
        return 2
    return 1 if _opens_sentence(text, start + 1, words) else 2


def _opens_sentence(text: str, pos: int, words: Words) -> bool:
    """Whether the text at ``pos`` reads as what follows a name (在场, 证实, 、, 的)."""
    if not _is_han(text, pos) or text[pos] in _AFTER_NAME:
        return True
    if text[pos] in "和与" and surname_of(text[pos + 1 : pos + 3]):
        return True  # 李亮信|和梁学前
    return any(words.is_frequent_word(text[pos : pos + k]) for k in (2, 3, 4))


def _is_han(text: str, pos: int) -> bool:
    return pos < len(text) and _HAN_CHAR.match(text, pos) is not None


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
    """Whether a name ending at ``end`` starts a place or organisation (马家梁村, 李明养殖场).

    A suffix (村, 养殖场, 有限公司 …) within a few characters that run on without grammar
    (在, 的, 系 …) makes the name part of a longer proper name: 张东涛|家庭农场, 华宇|加油站.
    """
    return _PLACE_AHEAD_RE.match(text, end) is not None


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


@lru_cache(maxsize=256)
def words_of(text: str) -> Words:
    """Return the (read-only) Words of ``text``, kept for the next caller.

    Publishing reads each field several times (masker, name candidates, the public form
    twice): jieba's tagger was two thirds of an import's CPU at county scale (#16).
    """
    return Words(text)


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
        self.text = text
        self.starts = [start for start, _, _ in self.spans]
        self.at = {s[0]: (w, s[2]) for w, s in zip(self.words, self.spans, strict=True)}

    def _may_be_name(self, before: str, word: str) -> bool:
        if len(word) < 2 or not re.fullmatch(f"{HAN}+", word):
            return False
        unknown = not self._freq.get(word) or self._tags.get(word, "").startswith("nr")
        return unknown and bool(surname_of(word) or before in SURNAMES)

    def tag(self, word: str) -> str:
        """Return jieba's dictionary tag of ``word`` ("" for a word it lacks)."""
        return self._tags.get(word, "")

    def frequency(self, word: str) -> int:
        """Return jieba's dictionary count of ``word`` (0 for a word it lacks)."""
        return self._freq.get(word) or 0

    def is_frequent_word(self, word: str) -> bool:
        """Whether ``word`` is a dictionary word common enough to go on a sentence (证实, 陪同)."""
        # Any tag: jieba calls 陈述 (763) a name. A given name here is the two characters
        # before the word that decides its length, so 王文明 still ends at 文明 (see callers).
        return (self._freq.get(word) or 0) >= _SENTENCE_WORD_FREQ

    def opens_frequent_word(self, pos: int) -> bool:
        """Whether a common word of two or more characters starts at ``pos`` (发生, 证实)."""
        word = self.at.get(pos, ("", ""))[0]
        return len(word) >= 2 and (self._freq.get(word) or 0) >= _FREQUENT_WORD_FREQ

    def is_grammar_at(self, pos: int) -> bool:
        """Whether a function word or a frequent verb starts at ``pos`` (应当, 于是, 发现)."""
        word, flag = self.at.get(pos, ("", ""))
        if word in COMPOUND_SURNAMES:
            return False
        if len(word) < 2:
            # A lone preposition before a common or time word or a number (于|本月,
            # 人于|当日, 于|2021年) is grammar; 于|喜|想 is a name. Not 张 (a measure word
            # to jieba) or 何 (a pronoun), which are surnames after a role noun.
            if not (flag in ("p", "c") or (not word and self.text[pos] in _PREPOSITIONS)):
                return False
            after = pos + 1
            return not _is_han(self.text, after) or self._opens_common_or_time_word(after)
        if (len(word) >= 4 or flag in ("l", "i")) and self._freq.get(word):
            # 高度重视: a dictionary idiom, not a name (jieba's guesses for unknown words,
            # 熊涛彬 "i", 方占锁系 "n", have no count).
            return not flag.startswith("nr")
        if flag in _GRAMMAR_FLAGS:  # only a common one: jieba calls 马实 an adverb
            return (self._freq.get(word) or 0) >= _SENTENCE_WORD_FREQ
        return flag.startswith("v") and (self._freq.get(word) or 0) >= _FREQUENT_WORD_FREQ

    def is_common_thing_at(self, pos: int, *, wordlike: bool = False) -> bool:
        """Whether a common verb, adjective or adverb starts at ``pos`` (商量, 来信).

        After a surname that is also an everyday word (家, 国, 来 …) any dictionary word
        (家中, 国庆); after another surname a noun or a place still reads as a name (王国全,
        韩国希, 驾驶员高峰).
        """
        word, flag = self.at.get(pos, ("", ""))
        if len(word) < 2 or flag.startswith("nr") or word in COMPOUND_SURNAMES:
            return False
        freq = self._freq.get(word) or 0
        if wordlike:
            return freq > 0
        return flag.startswith(("v", "a", "d")) and freq >= _COMMON_WORD_FREQ

    def _opens_common_or_time_word(self, pos: int) -> bool:
        word, flag = self.at.get(pos, ("", ""))
        if len(word) < 2:
            return False
        return flag == "t" or (self._freq.get(word) or 0) >= _SENTENCE_WORD_FREQ

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
