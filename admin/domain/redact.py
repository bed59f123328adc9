"""Mask natural persons in public text: names as 张某某, and every personal number (LAW.md §4).

Names are found three ways — the names the record knows, names right after a cue word
(当事人, 证人, 其妻 …), and jieba's person-name tag limited by a surname list — and never
where a public official, an organisation, a place or a manual unmask says otherwise.
Personal numbers (pii.py) and the record's known numbers are masked whatever the unmasks.

Name format, decided here: keep the surname (a compound surname whole) and write one 某
per given-name character, at most two (张某, 张某某, 欧阳某某), as courts usually do;
minority and foreign names (with ·, or without a known surname) become first character + 某.
"""

from __future__ import annotations

import bisect
import logging
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

from admin.domain import pii
from admin.domain.textfold import Folded

_COMPOUND = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 "
    "万俟 呼延 澹台 轩辕 闻人 赫连 太史 申屠 公羊 淳于 单于 钟离 宗政 濮阳 公冶 仲孙 拓跋 百里 "
    "东郭 第五 鲜于 闾丘 司空 亓官 司寇 左丘 谷梁 段干 羊舌 梁丘 东门 子车 巫马 公西 漆雕 乐正 "
    "壤驷 公良 颛孙 微生"
)
COMPOUND_SURNAMES = tuple(_COMPOUND.split())
# Common single surnames (百家姓 and 宁夏's Hui surnames), without those that are mostly
# ordinary words (家, 国, 都, 元 …), which would make the recogniser guess wrong too often.
SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
    "奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于傅皮卞齐康伍"
    "余卜顾孟平黄穆萧尹姚邵湛汪祁毛禹狄米贝明臧伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻"
    "强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫房裘缪干解应宗丁宣贲邓"
    "郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧"
    "隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲"
    "邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍卻璩桑桂濮牛寿边扈燕"
    "冀郏浦尚农温庄晏柴瞿阎慕连茹习宦艾鱼容向古易慎戈廖庾暨衡步耿满弘匡文寇广禄阙欧殳沃利蔚越"
    "夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶曾毋沙乜鞠丰巢关蒯荆游竺权逯盖桓岳帅缑亢况商牟佘伯墨"
    "谯笪年阳闫肖付佟邸覃仝展迟鄢海纳拜冶撒哈虎锁妥喇铁涂邝晋粟苟"
)
_CUES = (
    "当事人 违法行为人 行为人 证人 见证人 在场人 负责人 村民 居民 群众 户主 经营者 驾驶员 驾驶人 "
    "车主 船主 房主 业主 店主 老板 雇工 工人 员工 承包人 承租人 出租人 租户 邻居 监护人 "
    "法定代理人 委托代理人 代理人 举报人 投诉人 受害人 被害人 申请人 联系人 施工人 家属 亲属 "
    "其妻 其夫 其子 其女 其父 其母 其兄 其弟 其姐 其妹 之子 之妻 之夫 之女 之父 之母 "
    "妻子 丈夫 儿子 女儿 父亲 母亲"
)
CUE_WORDS = tuple(_CUES.split())
# After these a person's name nearly always follows, so a name is masked even when it
# happens to be a dictionary word (证人高建国, 其妻时春); after weaker cues such as 当事人 a
# word like 于 or 应当 is more often grammar than a surname.
_STRONG_CUES = (
    "证人 见证人 在场人 举报人 投诉人 受害人 被害人 监护人 联系人 家属 亲属 "
    "其妻 其夫 其子 其女 其父 其母 其兄 其弟 其姐 其妹 之子 之妻 之夫 之女 之父 之母"
)
STRONG_CUES = frozenset(_STRONG_CUES.split())
# Surnames that are also everyday words (时, 查, 位 …): trusted only right after a strong cue.
WORDLIKE_SURNAMES = frozenset("时兰查隋位原续来过晋战盛家国都元操商衣才寸")
# Characters common in given names. The recogniser accepts a tagged word as a name only
# when its given name is made of these (jieba's dictionary calls 水土保持, 宣传品 and
# 麻黄 names); after a cue word the second given-name character must be one of them
# unless jieba keeps it in one word with the first (王芳|申请 but 李福贵).
GIVEN_NAME_CHARS = frozenset(
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙全国胜学祥才发武新利清"
    "飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善"
    "厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家"
    "致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春"
    "菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦"
    "黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭"
    "冰爽琬茗羽希欣育滢馥筠柔竹凝晓欢霄枫芸菲寒伊亚宜可舒影丽阳妮宝贝初程恒鸿桦骅剑娇纪宽灵"
    "琪晴容睿烁堂唯威韦雯苇萱彦宇雨洋忠宗曼紫逸贤蝶菡儿轩小大二三四五六七八九十丰金银铁锁柱根"
    "来喜寿财占礼存满万千百花卫正立孝廷继耀祖治道仲叔季长吉旺隆存仓田禄魁元"
)
MARKS = {
    pii.ID_NUMBER: "［身份证号已隐去］",
    pii.MOBILE: "［电话已隐去］",
    pii.BANK_CARD: "［银行账号已隐去］",
    "phone": "［电话已隐去］",
    "document": "［证件号已隐去］",
    "address": "［住址已隐去］",
    "manual": "［已隐去］",
}
DOTS = "·•・．"
# A given name stops at these: prepositions, adverbs and verbs that usually follow a name.
_STOP = set("于在从将与和及同跟的地得因未擅私驾经系是为对向把被已自所称说家某均都也并即又现曾")
_STOP |= set("不无没以到去来前后时签拒承认表等共分其之该此男女年月日等")
_NOT_BEFORE = set("村镇乡县市区省州街路巷组队屯庄寨沟湾梁渠桥坝场厂店铺部馆社站所院校司行厅局委办")
# A recognised "name" ending so is a thing or a place: 古尔邦节, 申请书, 梁村.
_NOT_LAST = _NOT_BEFORE | set("节格书证费款法规条章单表册号码点处科室")
# Words that cannot start a name (当事人于本月, 负责人应当). Not q or r: 张 and 何 are
# measure word and pronoun to jieba, and surnames after a cue.
_FUNCTION_FLAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "m", "t", "f", "v"}
_NAME_FLAGS = ("nr", "nrfg", "nrt")
# jieba's dictionary tags many ordinary words as names (许可证, 高峰, 胡同); a private
# person's name is rarely a frequent dictionary word, so those are left to cues and masks.
_COMMON_WORD_FREQ = 100
# A word this frequent right after a surname and one character is grammar, not a given
# name's end: 赵四|发生 (24,052), 王芳|证实 (1,611); 李福|贵在 (76) stays 李福贵.
_FREQUENT_WORD_FREQ = 1000
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_BLOCK_RE = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._]+")  # what jieba segments at a time
_CUE_RE = re.compile("(?:" + "|".join(sorted(CUE_WORDS, key=len, reverse=True)) + ")[:：\\s]*")
_DOTTED_RE = re.compile(f"{_HAN}{{1,8}}(?:[{DOTS}]{_HAN}{{1,8}})+")
_LIST_RE = re.compile("[、和及与]")

# Priorities: lower wins an overlap.
_P_NUMBER, _P_MANUAL, _P_KNOWN, _P_ADDRESS, _P_CUE, _P_TAGGED = range(6)


@dataclass(frozen=True)
class KnownPeople:
    """What a record knows: people to mask, their numbers, and names that are public."""

    names: tuple[str, ...] = ()  # natural persons: the party, witnesses, relatives
    id_numbers: tuple[str, ...] = ()  # their ID or other document numbers
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    public_names: tuple[str, ...] = ()  # officers, organisations, legal representatives
    public_numbers: tuple[str, ...] = ()  # officers' certificate numbers


@dataclass(frozen=True)
class Masked:
    """One masked span of the original text and what replaced it."""

    kind: str  # id_number, mobile, bank_card, phone, document, address, name, manual
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class Redacted:
    """The redacted text and every span that was masked, in order, for the preview."""

    text: str
    masked: tuple[Masked, ...] = field(default=())


def mask_person_name(name: str) -> str:
    """Return the public form of a natural person's name: 张某某, 欧阳某某, 买某."""
    name = name.strip()
    if not name:
        return ""
    if any(dot in name for dot in DOTS) or not re.fullmatch(f"{_HAN}+", name):
        return name[0] + "某"
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname) and len(name) > len(surname):
            return surname + "某" * min(len(name) - len(surname), 2)
    if name[0] in SURNAMES:
        return name[0] + "某" * max(min(len(name) - 1, 2), 1)
    return name[0] + "某"


def redact_text(
    text: str,
    known: KnownPeople = KnownPeople(),
    masks: Iterable[str] = (),
    unmasks: Iterable[str] = (),
) -> Redacted:
    """Mask personal numbers and natural persons' names in ``text``; list what was masked."""
    if not text:
        return Redacted(text)
    spans: list[tuple[int, int, int, str, str]] = []  # (priority, start, end, kind, mark)
    public_numbers = {_compact(n) for n in known.public_numbers}
    for hit in pii.find_personal_numbers(text, public=public_numbers):
        spans.append((_P_NUMBER, hit.start, hit.end, hit.kind, MARKS[hit.kind]))
    for number in (n for n in known.id_numbers if len(_compact(n)) >= 6):
        kind = pii.ID_NUMBER if pii.classify(_compact(number)) else "document"
        spans += [(_P_NUMBER, s, e, kind, MARKS[kind]) for s, e in _number_spans(text, number)]
    for phone in known.phones:
        spans += [(_P_NUMBER, s, e, "phone", MARKS["phone"]) for s, e in _phone_spans(text, phone)]
    for item in masks:
        mark = mask_person_name(item) if _looks_like_name(item) else MARKS["manual"]
        spans += [(_P_MANUAL, s, e, "manual", mark) for s, e in _occurrences(text, item)]
    for address in known.addresses:
        for part in address_forms(address):
            spans += [
                (_P_ADDRESS, s, e, "address", MARKS["address"]) for s, e in _occurrences(text, part)
            ]

    # Unmasks and public names overrule the recogniser; a known person's name only where
    # it is part of a longer one (王伟 inside 王伟东), so the party is never unmasked by hand.
    guarded = [
        span for item in (*unmasks, *known.public_names) for span in _occurrences(text, item)
    ]
    for name in (n for n in known.names if len(n.strip()) >= 2):  # "王" alone would hit everything
        spans += [
            (_P_KNOWN, s, e, "name", mask_person_name(name))
            for s, e in known_name_spans(text, name, guarded)
        ]
    for priority, s, e in _found_names(text):
        if not any(s < pe and ps < e for ps, pe in guarded):
            spans.append((priority, s, e, "name", mask_person_name(text[s:e])))
    return _apply(text, spans)


def known_name_spans(text: str, name: str, guarded: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return where ``name`` occurs in ``text`` outside longer guarded names."""
    return [
        (s, e)
        for s, e in _occurrences(text, name)
        if not any(ps <= s and e <= pe and pe - ps > e - s for ps, pe in guarded)
    ]


def _apply(text: str, spans: list[tuple[int, int, int, str, str]]) -> Redacted:
    """Keep the winning span of each overlap, then splice the marks in."""
    chosen: list[tuple[int, int, int, str, str]] = []
    for span in sorted(spans, key=lambda sp: (sp[0], sp[1] - sp[2], sp[1])):
        if all(span[2] <= c[1] or span[1] >= c[2] for c in chosen):
            chosen.append(span)
    chosen.sort(key=lambda sp: sp[1])
    out, masked, last = [], [], 0
    for _, start, end, kind, mark in chosen:
        out += [text[last:start], mark]
        masked.append(Masked(kind, start, end, text[start:end], mark))
        last = end
    out.append(text[last:])
    return Redacted("".join(out), tuple(masked))


def _found_names(text: str) -> list[tuple[int, int, int]]:
    """Return (priority, start, end) of names after cue words and names jieba tags."""
    words = _Words(text)
    found = []
    for cue in _CUE_RE.finditer(text):
        pos = cue.end()
        strong = cue.group().rstrip(":： \t\r\n") in STRONG_CUES
        while (end := _name_at(text, pos, words, strong=strong)) > pos:
            found.append((_P_CUE, pos, end))
            if not (sep := _LIST_RE.match(text, end)):
                break
            pos = sep.end()
    for k, (start, end, flag) in enumerate(words.spans):
        if flag not in _NAME_FLAGS or words.is_common(k):
            continue
        after_surname = k > 0 and words.spans[k - 1][0] == start - 1 and text[start - 1] in SURNAMES
        if after_surname and end - start <= 2:
            start -= 1  # 张 + 秀英, 田 + 海燕: jieba tags the given name alone
        start, end = _widen_dotted(text, start, end, words)
        if _is_tagged_name(text[start:end]) and not _names_a_place(text, end):
            found.append((_P_TAGGED, start, end))
    return found


# Below the village a home address narrows to a group or house (清河村二组), which next to
# a masked name points at one household; the village alone (花豹湾村) names a place.
_LOCAL_ADDRESS_RE = re.compile(r"(?:.*?(?:镇|乡|街道))?(?P<local>.+?(?:村|社区|小区).+)")


def address_forms(address: str) -> list[str]:
    """Return the spellings of a home address to mask: whole, and from its village on."""
    address = address.strip()
    forms = [address] if address else []
    match = _LOCAL_ADDRESS_RE.fullmatch(address)
    if match and len(match["local"]) >= 4 and match["local"] != address:
        forms.append(match["local"])
    return forms


def _name_at(text: str, pos: int, words: _Words, *, strong: bool = False) -> int:
    """Return the end of a person's name starting at ``pos`` (``pos`` when there is none)."""
    dotted = _DOTTED_RE.match(text, pos)
    if dotted:
        return _dotted_end(text, dotted, words)
    surname = _surname_of(text[pos : pos + 2])
    if not surname and strong and text[pos : pos + 1] in WORDLIKE_SURNAMES:
        surname = text[pos]
    if not surname or (not strong and words.is_ordinary_word_at(pos)):
        return pos
    end = pos + len(surname)
    given = 0
    while end < len(text) and given < 2 and re.match(_HAN, text[end]) and text[end] not in _STOP:
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
    given = word[len(_surname_of(word)) :]
    return (
        len(given) in (1, 2)
        and len(given) < len(word)
        and all(ch in GIVEN_NAME_CHARS for ch in given)
        and word[-1] not in _NOT_LAST
    )


def _surname_of(word: str) -> str:
    for surname in COMPOUND_SURNAMES:
        if word.startswith(surname):
            return surname
    return word[:1] if word[:1] in SURNAMES else ""


def _names_a_place(text: str, end: int) -> bool:
    """Whether the name is the start of a place or organisation (马家梁村, 李明养殖场)."""
    return (end < len(text) and text[end] in _NOT_BEFORE) or text.startswith("养殖", end)


def _widen_dotted(text: str, start: int, end: int, words: _Words) -> tuple[int, int]:
    """Extend a tagged name over a dotted minority name (买买提·艾力)."""
    for m in _DOTTED_RE.finditer(text, max(0, start - 20), min(len(text), end + 20)):
        first_dot = next(i for i in range(m.start(), m.end()) if text[i] in DOTS)
        begin = max(m.start(), words.containing(first_dot - 1)[0])
        stop = _dotted_end(text, m, words)
        if begin <= start and end <= stop:
            return begin, stop
    return start, end


def _dotted_end(text: str, match: re.Match[str], words: _Words) -> int:
    """End a dotted name with the word after its last dot: jieba knows where it stops."""
    last_dot = max(i for i in range(match.start(), match.end()) if text[i] in DOTS)
    return min(match.end(), words.containing(last_dot + 1)[1])


def _looks_like_name(item: str) -> bool:
    """Whether a manual mask reads as a person's name (so it becomes 张某某, not a mark)."""
    item = item.strip()
    if re.fullmatch(_DOTTED_RE.pattern, item):
        return True
    return re.fullmatch(f"{_HAN}{{2,4}}", item) is not None and bool(_surname_of(item))


def _occurrences(text: str, item: str) -> list[tuple[int, int]]:
    item = item.strip()
    if not item:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(item), text)]


def _compact(number: str) -> str:
    return "".join(ch for ch in Folded(number).text.upper() if ch.isalnum())


def _number_spans(text: str, number: str) -> list[tuple[int, int]]:
    return pii.find_value(text, number) if number.strip() else []


def _phone_spans(text: str, phone: str) -> list[tuple[int, int]]:
    """Find a known phone, also without +86 and, for a landline, without its area code."""
    digits = "".join(ch for ch in Folded(phone).text if ch.isdigit())
    digits = digits.removeprefix("0086") if len(digits) > 11 else digits
    digits = digits[2:] if len(digits) == 13 and digits.startswith("86") else digits
    if len(digits) < 5:
        return []
    spans = pii.find_value(text, digits)
    if digits.startswith("0") and len(digits) >= 10:
        local = digits[3:] if digits[1] in "12" else digits[4:]
        spans += pii.find_value(text, local)
    return spans


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


class _Words:
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
        if len(word) < 2 or not re.fullmatch(f"{_HAN}+", word):
            return False
        unknown = not self._freq.get(word) or self._tags.get(word, "").startswith("nr")
        return unknown and bool(_surname_of(word) or before in SURNAMES)

    def opens_frequent_word(self, pos: int) -> bool:
        """Whether a common word of two or more characters starts at ``pos`` (发生, 证实)."""
        word = self.at.get(pos, ("", ""))[0]
        return len(word) >= 2 and (self._freq.get(word) or 0) >= _FREQUENT_WORD_FREQ

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
