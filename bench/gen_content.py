"""Generate a large, realistic ``content/`` for build benchmarks (fictional, seeded).

Usage: ``python bench/gen_content.py OUT_DIR [--decisions N] [--seed S] [--live]``

N penalty decisions (natural persons masked as publishing masks them, companies and
个体工商户 with valid 统一社会信用代码, every penalty kind) and N/2 information items,
written with the one serialiser (``serialize_content_file``). Site identity, the
enforcement body, officers, items, inspections and pages are copied from the demo
township's shipped ``content/`` so every reference resolves. Same N and seed, same bytes.
With ``--live`` every decision is dated in the 300 days before LAST_DAY, so each is still
within its publicity (a year at least) on the benchmarks' build day: no notice pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import shutil
import time
from pathlib import Path

from admin.content.store import read_dataset
from admin.domain import vocab
from admin.domain.contentfile import serialize_content_file
from admin.domain.identifiers import CREDIT_CODE_CHARSET
from admin.domain.redact import mask_person_name

DEMO_CONTENT = Path(__file__).resolve().parent.parent / "content"
#: Datasets copied from the demo as they are: what the generated records refer to.
COPIED = ("subjects", "officers", "items", "inspections", "pages")
FIRST_YEAR, LAST_YEAR = 2021, 2026
#: The latest decision date: a few weeks before the demo's build date.
LAST_DAY = dt.date(2026, 10, 31)
#: With ``live``: the first decision date (a year of publicity outlasts 2026-11-27).
LIVE_FROM = LAST_DAY - dt.timedelta(days=300)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玉兰萍红国斌福春梅"
VILLAGES = ("大战场村", "红宝村", "长沙村", "宽口井村", "杨庄村", "清河村", "长山头村")
FIRM_WORDS = ("宏达", "恒信", "鑫源", "泰和", "昌盛", "金丰", "瑞丰", "兴隆", "永安", "华宇")
FIRM_KINDS = ("砂石料有限公司", "建材有限公司", "商贸有限公司", "农业开发有限公司", "运输有限公司")
SHOPS = ("饭庄", "便利店", "汽修部", "五金店", "烧烤店", "建材店", "农资店")
VIOLATIONS = (
    ("未按规定处置建筑垃圾", "《城市市容和环境卫生管理条例》第三十六条"),
    ("占用道路从事经营活动", "《城市道路管理条例》第四十二条"),
    ("擅自占用耕地建房", "《中华人民共和国土地管理法》第七十八条"),
    ("露天焚烧秸秆", "《中华人民共和国大气污染防治法》第一百一十九条"),
    ("未取得许可擅自经营", "《宁夏回族自治区乡镇综合行政执法条例》第二十条"),
    ("在不具备安全条件的场所使用燃气", "《城镇燃气管理条例》第四十九条"),
)
#: Kinds a township may impose (Art 18 leaves detention to the police).
KINDS = tuple(k for k in vocab.PENALTY_KINDS if k not in vocab.KINDS_REFUSED_FOR_TOWNSHIP)
TOPICS = ("财政预决算", "规划计划", "乡村振兴", "社会救助", "应急管理", "人事信息", "政策文件")
#: Years of publicity by severity (LAW.md §3): the generated dates expire some records.
PUBLICITY_YEARS = {"轻微": 1, "一般": 3, "严重": 3}
AUTHORITY, AUTHORITY_CODE = "大战场镇人民政府", "11640521328907888U"


#: A fictional audit anchor: what publishing writes beside the records.
ANCHOR = 'head = "' + "5a" * 32 + '"\nentries = 1000\nat = 2026-12-01T00:00:00Z\n'


def credit_code(rng: random.Random, head: str) -> str:
    """Return a valid 统一社会信用代码 starting with ``head`` (GB 32100 check character)."""
    chars = CREDIT_CODE_CHARSET
    body = head + "".join(rng.choice(chars) for _ in range(17 - len(head)))
    total = sum(chars.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + chars[(31 - total % 31) % 31]


def person(rng: random.Random) -> str:
    """Return a fictional full name (only ever written masked)."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def day_in(rng: random.Random, year: int, first_day: dt.date | None = None) -> dt.date:
    """Return a random day of ``year`` no later than LAST_DAY nor earlier than ``first_day``."""
    first = max(dt.date(year, 1, 1), first_day or dt.date.min)
    last = min(dt.date(year, 12, 31), LAST_DAY)
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def party(rng: random.Random) -> dict[str, str]:
    """Return the party fields of one decision: a masked person, a firm or a 个体工商户."""
    kind = rng.choice(vocab.PARTY_KINDS)
    empty = dict.fromkeys(
        ("party_credit_code", "party_reg_no", "party_org_code", "party_tax_no"), ""
    )
    fields = {"party_kind": kind, **empty, "party_institution_no": "", "party_social_org_no": ""}
    if kind == vocab.PARTY_NATURAL:
        return {**fields, "party_name": mask_person_name(person(rng)), "legal_rep": ""}
    if kind == vocab.PARTY_SOLE_TRADER:
        name = f"中宁县大战场镇{rng.choice(SURNAMES)}记{rng.choice(SHOPS)}"
        code = credit_code(rng, "92640521")
    else:
        name = f"宁夏中宁县{rng.choice(FIRM_WORDS)}{rng.choice(FIRM_KINDS)}"
        code = credit_code(rng, "91640521")
    ids = {
        "party_credit_code": code,
        "party_org_code": f"{code[8:16]}-{code[16]}",
        "party_tax_no": code,
    }
    return {**fields, **ids, "party_name": name, "legal_rep": person(rng)}


def penalty(
    rng: random.Random, year: int, number: int, items: list[dict], first_day: dt.date | None = None
) -> tuple[dict, str]:
    """Return the front matter and body of decision ``number`` of ``year``."""
    decided = day_in(rng, year, first_day)
    published = min(decided + dt.timedelta(days=rng.randint(1, 9)), LAST_DAY)
    violation, basis = rng.choice(VIOLATIONS)
    kinds = sorted(rng.sample(KINDS, rng.choice((1, 1, 1, 2))), key=KINDS.index)
    fine = rng.randrange(100, 50000) * 100 if "罚款" in kinds else 0
    confiscation = rng.randrange(100, 20000) * 100 if kinds[0].startswith("没收") else 0
    severity = rng.choice(vocab.SEVERITIES)
    item = rng.choice(items)
    who = party(rng)
    decision_no = f"中宁大战场综执罚〔{year}〕{number}号"
    meta = {
        "title": decision_no,
        "status": "published",
        "published": published,
        "updated": published,
        "decision_no": decision_no,
        **who,
        "violation_type": violation,
        "basis": basis,
        "kinds": kinds,
        "content": "、".join(kinds) + (f"，罚款人民币{fine // 100}元" if fine else "") + "。",
        "fine_fen": fine,
        "confiscation_fen": confiscation,
        "licence_info": "",
        "decision_date": decided,
        "publicity_until": decided.replace(year=decided.year + PUBLICITY_YEARS[severity])
        if (decided.month, decided.day) != (2, 29)
        else decided + dt.timedelta(days=365 * PUBLICITY_YEARS[severity]),
        "authority": AUTHORITY,
        "authority_code": AUTHORITY_CODE,
        "source_unit": AUTHORITY,
        "source_unit_code": AUTHORITY_CODE,
        "procedure": rng.choice(vocab.PROCEDURES),
        "severity": severity,
        "item": item["slug"],
        "item_name": item["name"],
        "subject": "dzc-gov",
        "remarks": "",
        "on_time": rng.random() < 0.95,
    }
    subject = who["party_name"] if who["party_kind"] == vocab.PARTY_NATURAL else "当事人"
    witness = mask_person_name(person(rng))
    area = rng.randrange(50, 3000)
    body = (
        f"{decided.year}年{decided.month}月{decided.day}日，本机关执法人员在"
        f"{rng.choice(VILLAGES)}{rng.randint(1, 9)}组巡查时发现，{subject}{violation}，"
        f"涉及面积约{area}平方米。执法人员当即责令其停止违法行为。\n\n"
        f"邻近村民{witness}证实了上述情况；当事人对事实无异议。\n\n"
        f"以上事实有现场检查笔录、询问笔录、{witness}的证言、现场照片等证据证实。\n"
    )
    return meta, body


def info_item(rng: random.Random, year: int, number: int) -> tuple[dict, str]:
    """Return the front matter and body of information item ``number`` of ``year``."""
    written = day_in(rng, year)
    published = min(written + dt.timedelta(days=rng.randint(1, 15)), LAST_DAY)
    topic = rng.choice(TOPICS)
    village = rng.choice(VILLAGES)
    title = f"大战场镇{village}{year}年{topic}公开（第{number}期）"
    meta = {
        "title": title,
        "status": "published",
        "published": published,
        "updated": published,
        "index_no": f"{AUTHORITY_CODE}/{year}-{number:05d}",
        "summary": f"{village}{topic}有关情况。",
        "topic": topic,
        "publisher": AUTHORITY,
        "doc_no": "",
        "written_on": written,
        "published_on": published,
        "validity": "有效",
        "subject": "dzc-gov",
        "attachments": [],
        "on_time": rng.random() < 0.95,
    }
    rows = "\n".join(
        f"| {name} | {rng.randrange(1, 900)}.{rng.randrange(100):02d} |"
        for name in rng.sample(("一般公共服务", "农林水", "社会保障和就业", "卫生健康"), 3)
    )
    body = (
        f"## 基本情况\n\n{year}年{written.month}月，{village}按照镇党委、政府部署，"
        f"开展{topic}相关工作，现将有关情况公开如下。\n\n"
        f"| 项目 | 金额（万元） |\n|---|---:|\n{rows}\n\n"
        f"## 下一步工作\n\n- 持续做好{topic}工作；\n- 接受群众监督，联系电话 0955-0000000。\n"
    )
    return meta, body


def generate(
    out: Path, decisions: int = 10_000, seed: int = 7, *, live: bool = False
) -> dict[str, int]:
    """Write a complete ``content/`` into the new folder ``out``; return counts per dataset.

    ``live``: every decision dated from LIVE_FROM on (none expired on the build day).
    """
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out}: not empty")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    shutil.copy(DEMO_CONTENT / "site.toml", out / "site.toml")
    # The demo ships no audit anchor (it differs on every machine): a fixed one, as a
    # published site has, so the build's manifest carries one.
    (out / "audit-head.toml").write_text(ANCHOR, encoding="utf-8")
    for dataset in COPIED:
        shutil.copytree(DEMO_CONTENT / dataset, out / dataset)
    items = [
        {"slug": f.slug, "name": f.meta["name"]}
        for f in read_dataset(DEMO_CONTENT, "items")
        if f.slug.startswith("cf-")
    ]
    if live:
        make = functools.partial(penalty, first_day=LIVE_FROM)
        first_year = LIVE_FROM.year
    else:
        make, first_year = penalty, FIRST_YEAR
    counts = {"penalties": _write_many(out / "penalties", decisions, rng, make, items, first_year)}
    counts["info"] = _write_many(out / "info", decisions // 2, rng, info_item, None)
    return counts


def _write_many(
    folder: Path, total: int, rng: random.Random, make, items, first_year: int = FIRST_YEAR
) -> int:
    """Spread ``total`` records over the years, slugs ``YYYY-NNNN``; return the count."""
    folder.mkdir()
    years = list(range(first_year, LAST_YEAR + 1))
    per_year = {
        year: total // len(years) + (i < total % len(years)) for i, year in enumerate(years)
    }
    for year, count in per_year.items():
        for number in range(1, count + 1):
            args = (rng, year, number, items) if items is not None else (rng, year, number)
            meta, body = make(*args)
            text = serialize_content_file(meta, body)
            (folder / f"{year}-{number:05d}.md").write_text(text, encoding="utf-8")
    return total


def main() -> None:
    """Parse the command line and generate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--live", action="store_true", help="no decision expired on 2026-11-27")
    args = parser.parse_args()
    started = time.monotonic()
    counts = generate(args.out, args.decisions, args.seed, live=args.live)
    print(f"{args.out}: {counts} in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
