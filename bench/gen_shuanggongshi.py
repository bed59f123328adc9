"""Generate a realistic 双公示 行政处罚 file (fictional people, valid check digits).

Usage: ``python bench/gen_shuanggongshi.py ROWS OUT.csv|OUT.xlsx [--seed N]``

Every natural person gets a valid 18-digit ID number and a mobile number, which also
appear in the 违法事实 text, as they do in real case files: the file is what the import
and the leak guard have to cope with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from admin.domain.identifiers import CREDIT_CODE_CHARSET
from admin.publish.exporter import render_export

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕"
    "聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游"
    "阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳上官司马诸葛"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强海燕文斌永福春梅"
VILLAGES = ("大战场村", "红宝村", "长沙村", "宽口井村", "杨庄村", "清河村")
TOWNSHIP = "中宁县大战场镇人民政府"
TOWNSHIP_CODE = "11640521MB1234567"  # the check character is appended below
VIOLATIONS = (
    ("未按规定处置建筑垃圾", "《城市市容和环境卫生管理条例》第三十六条", "罚款"),
    ("占用道路从事经营活动", "《城市道路管理条例》第四十二条", "警告"),
    ("擅自占用耕地建房", "《中华人民共和国土地管理法》第七十八条", "罚款;没收非法财物"),
    ("露天焚烧秸秆", "《中华人民共和国大气污染防治法》第一百一十九条", "罚款"),
    ("未取得许可擅自经营", "《宁夏回族自治区乡镇综合行政执法条例》第二十条", "罚款;没收违法所得"),
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random) -> str:
    """Return a valid 18-digit 居民身份证号码 of an adult born in 中宁县."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
    body = f"640521{born:%Y%m%d}{rng.randrange(1000):03d}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def credit_code(rng: random.Random, head: str = "91640521") -> str:
    """Return a valid 统一社会信用代码 of a company registered in 中宁县."""
    chars = CREDIT_CODE_CHARSET
    body = head + "".join(rng.choice(chars) for _ in range(17 - len(head)))
    total = sum(chars.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + chars[(31 - total % 31) % 31]


def person_name(rng: random.Random) -> str:
    """Return a fictional Chinese name, sometimes with a compound surname."""
    compound = ("欧阳", "上官", "司马", "诸葛")
    surname = rng.choice(compound) if rng.random() < 0.05 else rng.choice(SURNAMES[:-8])
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def generate_rows(
    count: int, seed: int = 2021, years: Sequence[int] = (2021, 2022, 2023, 2024, 2025)
) -> list[list[object]]:
    """Return ``count`` rows of the 30 双公示 columns, decisions spread over ``years``."""
    rng = random.Random(seed)
    authority_code = credit_code(rng, TOWNSHIP_CODE)
    rows = []
    for n in range(1, count + 1):
        year = years[n % len(years)]
        decided = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
        violation, basis, kinds = rng.choice(VIOLATIONS)
        kind = rng.choices(("自然人", "法人及非法人组织", "个体工商户"), (50, 35, 15))[0]
        fine_yuan = rng.choice((100, 200, 500, 1000, 2000, 3560, 5000, 20000))
        if kind == "自然人":
            name, code, rep = person_name(rng), "", ""
            id_type, number = "身份证", id_number(rng)
            phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
            facts = (
                f"当事人{name}（身份证号码{number}，联系电话{phone}）于{decided:%Y年%m月}在"
                f"{rng.choice(VILLAGES)}{violation}，证人{person_name(rng)}在场。"
            )
        else:
            rep = person_name(rng)
            name = f"中宁县{rep[0]}氏{'商贸有限公司' if kind != '个体工商户' else '便利店'}"
            code, id_type, number = credit_code(rng), "", ""
            facts = (
                f"当事人{name}（法定代表人{rep}）于{decided:%Y年%m月}在"
                f"{rng.choice(VILLAGES)}{violation}。"
            )
        if kinds == "警告":
            fine = None
            content = "警告"
        else:
            fine = Decimal(fine_yuan) / 10000
            content = f"罚款{fine_yuan}元"
        seized = Decimal(rng.randrange(1, 500000)) / 1000000 if "没收" in kinds else None
        rows.append(
            [
                name, kind, code, "", "", "", "", "", rep, "", "", id_type, number,
                f"中宁大战场综执罚〔{year}〕{n}号", violation, facts, basis, kinds, content,
                fine, seized, "", decided, None, None, TOWNSHIP, authority_code,
                TOWNSHIP, authority_code, "",
            ]
        )  # fmt: skip
    return rows


def main() -> None:
    """Write the generated file, choosing CSV or XLSX by the file's extension."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    started = time.perf_counter()
    fmt = "xlsx" if args.out.suffix.lower() == ".xlsx" else "csv"
    args.out.write_bytes(render_export(generate_rows(args.rows, args.seed), fmt))
    print(f"{args.rows} rows → {args.out} in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
