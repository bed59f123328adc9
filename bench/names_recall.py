"""Measure name masking on generated 违法事实: private names masked, organisations kept.

Usage: ``python bench/names_recall.py [--cases N] [--seed S] [--show K]``

Generates N case texts (seeded, fictional) in the style of published 双公示 违法事实: people
on site named after a role noun (现场负责人, 房东, 驾驶员 …, after ：, 为, 是 or a space),
lists of names (张三、李四和王五), the party's own name, sometimes disguised (spaces,
zero-width characters, hyphens, dots, full-width spaces, traditional characters), and
organisations and places, many starting with a surname (王家庄村, 马家梁村, 李明养殖场,
张记餐馆). Surnames are drawn by a rough national frequency with 宁夏's Hui surnames
(马 纳 哈 虎 …) weighted up; given names are one or two characters drawn from a large
pool, so some of them are ordinary words (马兰, 高峰, 王建设), as real names are.

The real redaction (``redact_text``, with the party as the record's known name) runs on
each text. Printed: the recall of private names (every given-name character masked;
target ≥ 99.5 %), the share of organisation and place names kept whole (target ≥ 99 %),
and the worst misses; also how often text after a role noun that names no one is left
intact (未到场, 于当日自行拆除), and how many undecided candidates the preview would list a
case. Exit status 1 when a target is missed.

The generator knows nothing of the masker's lists: its role nouns, surnames and given-name
characters are its own, written from case files, not from admin/domain.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import opencc

from admin.domain.candidates import find_candidates
from admin.domain.redact import KnownPeople, redact_text

RECALL_TARGET, KEPT_TARGET = 99.5, 99.0

# (surname, weight): the common national surnames, then 宁夏's Hui surnames weighted up.
_SURNAME_WEIGHTS = (
    "王30 李30 张28 刘24 陈20 杨18 黄12 赵12 吴10 周10 徐8 孙8 朱7 胡7 郭7 何6 高6 林6 罗5 "
    "郑5 梁5 谢4 宋4 唐4 许4 韩4 冯4 邓4 曹4 彭3 曾3 肖3 田6 董3 袁3 潘3 于3 蒋3 蔡3 余3 "
    "杜3 叶3 程3 苏4 魏3 吕3 丁5 任3 沈2 姚2 卢2 姜2 崔2 钟2 谭2 陆2 汪2 范2 金3 石2 廖2 "
    "贾2 夏2 韦2 付2 方2 白5 邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 闫3 段2 雷2 侯2 龙2 史2 黎1 "
    "贺1 顾1 毛1 郝2 龚1 邵1 万1 钱1 严1 覃1 武2 戴1 莫1 孔1 向1 汤1 常2 温1 康1 施1 牛2 "
    "马40 纳6 哈4 虎3 海4 拜2 冶2 撒2 锁2 妥2 喇2 铁1 者1 买1 穆2 米2 杨3 欧阳1 司马1 上官1"
)
SURNAMES = [
    (item[:-1].rstrip("0123456789"), int("".join(c for c in item if c.isdigit())))
    for item in _SURNAME_WEIGHTS.split()
]
# Characters seen in given names, men's and women's, old and young (not the masker's list).
GIVEN_POOL = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玉兰萍红斌福春梅建国海生成林文志学德"
    "忠义永安宁兴旺发财宝贵喜金银凤花莲桂珍英琴燕玲娥梅菊香翠云霞雪冰晶亮光辉耀宏伟鹏飞"
    "龙虎豹彪雄军兵武卫东西南北山川河江涛波清源泉森松柏竹荣华富强盛昌隆祥瑞吉庆丰收满仓"
    "有存占全保根柱锁福禄寿春夏秋冬晓晨旭阳朝霞彩虹月星辰宇航天地思想念望希盼梦佳嘉欣悦"
    "怡婷婉倩巧媛娇妮莉蓉芝萱蕾薇茹艺馨彤诗雨露霜风雷电鸿鹤雁骏驰腾跃进向前新达通顺利和"
    "谐睦友爱真诚实朴素淳厚道理智慧聪颖捷锐哲贤彬韬略邦家民立功长久万千百一二三四五六七"
    "八九十小大少得胜留来占仁礼信勤俭良善毅坚广振彦治孝恩泽浩子涵轩博睿琳琪瑶璐珊娅秀"
)
ROLES = (  # noqa: SIM905 - a word list reads best as words
    "现场负责人 实际经营人 实际控制人 施工队长 工地负责人 项目负责人 房东 房主 "
    "驾驶员 司机 店长 店主 村民 居民 邻居 举报人 投诉人 同行人员 同行人 "
    "在场人员 现场人员 证人 负责人 经营者 承包人 工人 雇工 法定代理人 "
    "委托代理人 妻子 丈夫 儿子 女儿 群众 许可证持有人 经营户 车主 养殖户 "
    "见证人 租户 老板 厨师 其妻 其子"
).split()
JOINERS = ("", "", "", "", "：", "为", "是", " ")
VILLAGE_TAILS = ("家庄村", "家梁村", "家沟村", "家湾村", "家堡村", "庄子村", "家圈村", "滩村")
TOWNS = ("大战场镇", "石空镇", "恩和镇", "鸣沙镇", "白马乡", "喊叫水乡", "余丁乡", "新堡镇")
GROUPS = ("一组", "二组", "三组", "四组", "五组", "六组")
FIRM_WORDS = (
    "宏达",
    "恒信",
    "鑫源",
    "泰和",
    "昌盛",
    "金丰",
    "瑞丰",
    "兴隆",
    "永安",
    "华宇",
    "天成",
)
FIRM_KINDS = (
    "有限公司",
    "建材有限公司",
    "商贸有限公司",
    "养殖专业合作社",
    "种植专业合作社",
    "农机专业合作社",
    "运输有限公司",
    "加油站",
    "砂石厂",
    "砖厂",
)
NAMED_SHOPS = ("养殖场", "家庭农场", "种植园", "修理部", "商店", "超市", "加油站", "砖厂", "饭店")
KEPT_SHOPS = ("记餐馆", "记饭庄", "氏牛肉面馆", "家大院", "记烧烤店", "记汽修部")
ACTS = (
    "未经批准擅自占用耕地建设房屋",
    "在河道管理范围内倾倒建筑垃圾",
    "露天焚烧秸秆",
    "未取得许可擅自经营",
    "超限运输砂石",
    "在禁养区内养殖生猪",
    "未按规定设置安全警示标志",
    "违规燃放烟花爆竹",
    "擅自砍伐林木",
    "在公路用地范围内堆放杂物",
)
# What follows a role noun that names no one: the text must be left as it is.
NO_NAME = (
    "未到场",
    "称不知情",
    "当即停车",
    "拒不配合",
    "反映强烈",
    "多次劝阻",
    "要求保密",
    "已撤离",
    "随即驶离",
    "均表示认可",
    "于当日自行拆除",
    "应当在场",
    "自行拆除",
    "围观",
    "正在作业",
    "于次日补办手续",
    "在外地务工",
    "对此无异议",
    "签字确认",
    "高度重视",
)
DISGUISES = ("spaces", "zero_width", "hyphen", "dots", "traditional", "ideographic_space")


@dataclass
class Case:
    """A generated text with the spans of its private names and its organisations."""

    text: str = ""
    party: str = ""
    private: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, surname)
    kept: list[tuple[int, int]] = field(default_factory=list)
    plain: list[tuple[int, int]] = field(default_factory=list)  # text after a role noun

    def add(self, piece: str, kind: str = "", surname: str = "") -> None:
        start = len(self.text)
        self.text += piece
        if kind == "private":
            self.private.append((start, len(self.text), surname))
        elif kind == "kept":
            self.kept.append((start, len(self.text)))
        elif kind == "plain":
            self.plain.append((start, len(self.text)))


class Generator:
    """Seeded generator of case texts."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.s2t = opencc.OpenCC("s2t")
        names, weights = zip(*SURNAMES, strict=True)
        self._surnames, self._weights = names, weights

    def surname(self) -> str:
        return self.rng.choices(self._surnames, self._weights)[0]

    def person(self) -> tuple[str, str]:
        surname = self.surname()
        given = "".join(self.rng.choice(GIVEN_POOL) for _ in range(self.rng.choice((1, 2, 2, 2))))
        return surname, surname + given

    def organisation(self) -> str:
        rng = self.rng
        kind = rng.randrange(6)
        if kind == 0:
            return (
                self.surname()[0] + rng.choice(VILLAGE_TAILS) + rng.choice(("", rng.choice(GROUPS)))
            )
        if kind == 1:
            return rng.choice(TOWNS)
        if kind == 2:
            return rng.choice(("中宁县", "宁夏")) + rng.choice(FIRM_WORDS) + rng.choice(FIRM_KINDS)
        if kind == 3:
            return self.person()[1] + rng.choice(NAMED_SHOPS)
        if kind == 4:
            return self.surname()[0] + rng.choice(KEPT_SHOPS)
        return rng.choice(TOWNS) + self.surname()[0] + rng.choice(VILLAGE_TAILS)

    def disguise(self, name: str) -> str:
        how = self.rng.choice(DISGUISES)
        if how == "spaces":
            return " ".join(name)
        if how == "zero_width":
            return name[0] + "\u200b" + name[1:]
        if how == "hyphen":
            return "-".join(name)
        if how == "dots":
            return "·".join(name)
        if how == "ideographic_space":
            return "\u3000".join(name)
        return self.s2t.convert(name)

    def role_name(self, case: Case) -> None:
        """Add a role noun and one name, or a list of names."""
        case.add(self.rng.choice(ROLES) + self.rng.choice(JOINERS))
        count = self.rng.choice((1, 1, 1, 1, 2, 3))
        for k in range(count):
            if k:
                case.add("和" if k == count - 1 and self.rng.random() < 0.5 else "、")
            surname, name = self.person()
            case.add(name, "private", surname)

    def case(self) -> Case:
        rng, case = self.rng, Case()
        surname, party = self.person()
        case.party = party
        case.add(f"{rng.randint(2021, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日，")
        case.add("执法人员在")
        case.add(self.organisation(), "kept")
        case.add("检查时发现，当事人")
        case.add(party, "private", surname)
        case.add(rng.choice(("在", "于")))
        case.add(self.organisation(), "kept")
        case.add(rng.choice(ACTS) + "。")
        for _ in range(rng.randint(1, 3)):
            shape = rng.randrange(7)
            if shape == 0:
                case.add("现场")
                self.role_name(case)
                case.add(rng.choice(("在场。", "签字确认。", "陪同检查。", "对上述事实无异议。")))
            elif shape == 1:
                case.add("据")
                self.role_name(case)
                case.add("反映，")
                case.add(self.organisation(), "kept")
                case.add(rng.choice(ACTS) + "。")
            elif shape == 2:
                case.add("经询问，")
                self.role_name(case)
                case.add(rng.choice(("称", "陈述", "承认", "表示")) + "该行为系当事人")
                case.add(self.disguise(party), "private", surname)
                case.add("所为。")
            elif shape == 3:
                self.role_name(case)
                case.add("系")
                case.add(self.organisation(), "kept")
                case.add(rng.choice(("员工", "股东", "会计", "雇员")) + "。")
            elif shape == 4:
                case.add("当事人")
                case.add(self.disguise(party), "private", surname)
                case.add("的")
                self.role_name(case)
                case.add("证实上述事实。")
            elif shape == 5:
                case.add(self.organisation(), "kept")
                case.add("的")
                self.role_name(case)
                case.add("未能提供相关证照。")
            else:
                case.add(rng.choice(ROLES))
                case.add(rng.choice(NO_NAME), "plain")
                case.add("。")
        return case


@dataclass
class Result:
    """Counts over a corpus and the misses, for printing."""

    names: int = 0
    masked: int = 0
    orgs: int = 0
    kept: int = 0
    plain: int = 0
    plain_kept: int = 0
    candidates: int = 0  # undecided candidates the preview would list
    missed_but_listed: int = 0  # missed names that the preview lists as candidates
    misses: Counter = field(default_factory=Counter)
    broken: Counter = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return 100.0 * self.masked / max(self.names, 1)

    @property
    def kept_share(self) -> float:
        return 100.0 * self.kept / max(self.orgs, 1)

    @property
    def plain_share(self) -> float:
        return 100.0 * self.plain_kept / max(self.plain, 1)


def measure(cases: int, seed: int) -> Result:
    """Generate ``cases`` texts, redact each, and count what was masked and kept."""
    generator, result = Generator(seed), Result()
    for _ in range(cases):
        case = generator.case()
        known = KnownPeople(names=(case.party,))
        redacted = redact_text(case.text, known)
        covered = set()
        for span in redacted.masked:
            covered.update(range(span.start, span.end))
        listed = find_candidates("违法事实", case.text, redacted, known)
        result.candidates += len(listed)
        for start, end, surname in case.private:
            result.names += 1
            given = [i for i in range(start + len(surname), end) if not case.text[i].isspace()]
            given = [i for i in given if case.text[i] not in "-·\u200b\u3000"]
            if all(i in covered for i in given):
                result.masked += 1
            else:
                result.misses[_context(case.text, start, end)] += 1
                if any(c.start < end and start < c.end for c in listed):
                    result.missed_but_listed += 1
        for start, end in case.kept:
            result.orgs += 1
            if not any(i in covered for i in range(start, end)):
                result.kept += 1
            else:
                result.broken[_context(case.text, start, end)] += 1
        for start, end in case.plain:
            result.plain += 1
            if not any(i in covered for i in range(start, end)):
                result.plain_kept += 1
            else:
                result.broken[_context(case.text, start, end)] += 1
    return result


def _context(text: str, start: int, end: int) -> str:
    return f"{text[max(0, start - 6) : start]}[{text[start:end]}]{text[end : end + 4]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", type=int, default=15, help="worst misses to print")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    result = measure(args.cases, args.seed)
    seconds = time.perf_counter() - began
    print(f"{args.cases} cases (seed {args.seed}) in {seconds:.1f} s")
    print(
        f"private names masked: {result.masked}/{result.names} = {result.recall:.2f} %"
        f" (target ≥ {RECALL_TARGET} %)"
    )
    print(
        f"organisations and places kept: {result.kept}/{result.orgs} = "
        f"{result.kept_share:.2f} % (target ≥ {KEPT_TARGET} %)"
    )
    print(
        f"role nouns naming no one, text kept: {result.plain_kept}/{result.plain} = "
        f"{result.plain_share:.2f} %"
    )
    print(
        f"undecided candidates the preview lists: {result.candidates / max(args.cases, 1):.2f}"
        f" a case; missed names among them: {result.missed_but_listed}"
    )
    for title, misses in (("missed names", result.misses), ("broken names", result.broken)):
        if misses:
            print(f"worst {title}:")
            for context, count in misses.most_common(args.show):
                print(f"  {count:4d}  {context}")
    ok = result.recall >= RECALL_TARGET and result.kept_share >= KEPT_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
