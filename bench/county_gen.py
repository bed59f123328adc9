"""Generate a fictional county for ``county_bench.py``: the files its public commands import.

A 县人民政府, 9 county departments and 11 townships (parent links, credit codes, 文号代字),
their officers and 执法事项 as the catalogue imports read them, penalty decisions as 双公示
files (one per year: natural persons with ID numbers and phones in the 违法事实, firms and
个体工商户 with valid credit codes, witnesses named after role nouns, so the masker has
work), and inspections and information items as JSON lines for :func:`publish_jsonl`,
which saves and publishes them with the application's own publishing functions (there is
no import command for them). Same scale and seed, same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from gen_content import FIRM_KINDS, FIRM_WORDS, SHOPS, TOPICS, VIOLATIONS
from gen_shuanggongshi import credit_code, id_number, person_name

from admin.domain import vocab
from admin.publish.exporter import render_export

COUNTY, COUNTY_CODE_HEAD = "中宁县人民政府", "11640521"
#: (name, short name, 文号代字 of its penalty decisions, URL-ish key) of each county body.
DEPARTMENTS = (
    ("中宁县市场监督管理局", "县市场监管局", "中宁市监罚"),
    ("中宁县自然资源局", "县自然资源局", "中宁自然资罚"),
    ("中宁县农业农村局", "县农业农村局", "中宁农罚"),
    ("中宁县住房和城乡建设局", "县住建局", "中宁建罚"),
    ("中宁县交通运输局", "县交通运输局", "中宁交罚"),
    ("中宁县应急管理局", "县应急管理局", "中宁应急罚"),
    ("中宁县卫生健康局", "县卫生健康局", "中宁卫健罚"),
    ("中宁县文化旅游广电局", "县文旅广电局", "中宁文旅罚"),
    ("中宁县城市管理综合执法局", "县城管局", "中宁城管罚"),
)
TOWNSHIPS = (
    "宁安镇", "鸣沙镇", "石空镇", "新堡镇", "恩和镇", "大战场镇",
    "舟塔乡", "白马乡", "余丁乡", "喊叫水乡", "徐套乡",
)  # fmt: skip
VILLAGE_WORDS = ("红柳", "枣园", "黄河", "新田", "沙坡", "石桥", "长滩", "东湾", "西营", "营盘")
ROLES = ("现场负责人", "证人", "房东", "驾驶员", "店员", "邻居")
FIRST_YEAR, LAST_YEAR = 2022, 2026
LAST_DAY = dt.date(2026, 11, 30)
FULL = {"penalties": 100_000, "inspections": 30_000, "info": 5_000}
OFFICERS_PER_BODY, ITEMS_PER_BODY = 8, 10


def bodies(rng: random.Random) -> list[dict[str, str]]:
    """Return the county's 21 bodies: the government first, then departments and townships."""
    rows = [
        {"名称": COUNTY, "简称": "县政府", "主体类别": "法定行政机关",
         "统一社会信用代码": credit_code(rng, COUNTY_CODE_HEAD), "上级机关": "",
         "文号代字": "中宁政罚", "prefix": "中宁政罚", "villages": "县城"}
    ]  # fmt: skip
    for name, short, prefix in DEPARTMENTS:
        rows.append({"名称": name, "简称": short, "主体类别": "法定行政机关",
                     "统一社会信用代码": credit_code(rng, COUNTY_CODE_HEAD),
                     "上级机关": COUNTY, "文号代字": prefix, "prefix": prefix})  # fmt: skip
    for town in TOWNSHIPS:
        prefix = f"中宁{town[:-1]}综执罚"
        rows.append({"名称": f"中宁县{town}人民政府", "简称": f"{town}人民政府",
                     "主体类别": "法定行政机关",
                     "统一社会信用代码": credit_code(rng, COUNTY_CODE_HEAD),
                     "上级机关": rows[0]["统一社会信用代码"], "文号代字": prefix,
                     "prefix": prefix})  # fmt: skip
    for row in rows:
        row["town"] = row["名称"].removeprefix("中宁县").removesuffix("人民政府") or "宁安镇"
        if row["town"].endswith("局"):
            row["town"] = rng.choice(TOWNSHIPS)
    return rows


def village(rng: random.Random, body: dict[str, str]) -> str:
    """Return a fictional village of the body's township (or of a township it covers)."""
    return f"{body['town']}{rng.choice(VILLAGE_WORDS)}村"


def catalogue_rows(rng: random.Random, county: list[dict[str, str]]) -> dict[str, list[dict]]:
    """Return the rows of the three catalogue files: subjects, officers, items."""
    columns = ("名称", "简称", "主体类别", "统一社会信用代码", "上级机关", "文号代字")
    # Children before parents, as the held-out county lists them.
    subjects = [{c: b[c] for c in columns} | {"地址": f"宁夏中卫市中宁县{b['town']}"}
                for b in reversed(county)]  # fmt: skip
    officers, items, serial = [], [], 0
    for body in county:
        for n in range(OFFICERS_PER_BODY):
            serial += 1
            officers.append({
                "姓名": person_name(rng), "人员类别": "执法人员" if n < 6 else "辅助人员",
                "执法证号": f"64052100{serial:05d}" if n < 6 else "",
                "所属执法主体": body["统一社会信用代码"], "执法类别": "综合执法",
                "执法区域": body["town"], "状态": "在岗",
            })  # fmt: skip
        for n in range(ITEMS_PER_BODY):
            violation, basis = VIOLATIONS[n % len(VIOLATIONS)]
            category = "行政处罚" if n < 6 else "行政检查"
            items.append({
                "事项编码": f"{body['prefix'][:-1]}-{category[2:]}-{n + 1:03d}",
                "事项名称": f"对{violation}的{category}" if n < 6 else f"{violation}情况检查{n}",
                "事项类别": category, "实施依据": basis,
                "执法主体": body["名称"] if n % 2 else body["统一社会信用代码"],
            })  # fmt: skip
    return {"subjects": subjects, "officers": officers, "items": items}


def spread(total: int, parts: int) -> list[int]:
    """Split ``total`` into ``parts`` counts differing by at most one."""
    return [total // parts + (i < total % parts) for i in range(parts)]


def day_in(rng: random.Random, year: int) -> dt.date:
    last = min(dt.date(year, 12, 31), LAST_DAY)
    first = dt.date(year, 1, 1)
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def penalty_row(rng: random.Random, body: dict[str, str], year: int, number: int) -> list:
    """Return one decision as the 30 双公示 columns."""
    decided = day_in(rng, year)
    violation, basis = rng.choice(VIOLATIONS)
    kind = rng.choices(vocab.PARTY_KINDS, (35, 50, 15))[0]
    place, witness = village(rng, body), person_name(rng)
    role = rng.choice(ROLES)
    if kind == vocab.PARTY_NATURAL:
        name, code, rep, id_type = person_name(rng), "", "", "身份证"
        number_id = id_number(rng)
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        who = f"当事人{name}（身份证号码{number_id}，联系电话{phone}）"
    else:
        rep, id_type, number_id = person_name(rng), "", ""
        if kind == vocab.PARTY_SOLE_TRADER:
            name = f"中宁县{body['town']}{rep[0]}记{rng.choice(SHOPS)}"
            code = credit_code(rng, "92640521")
        else:
            name = f"宁夏中宁县{rng.choice(FIRM_WORDS)}{rng.choice(FIRM_KINDS)}"
            code = credit_code(rng, "91640521")
        who = f"当事人{name}（法定代表人{rep}）"
    facts = (
        f"{decided.year}年{decided.month}月{decided.day}日，本机关执法人员在{place}"
        f"{rng.randint(1, 9)}组检查时发现，{who}{violation}，涉及面积约"
        f"{rng.randrange(20, 3000)}平方米。{role}{witness}在场并证实了上述情况，"
        "当事人对事实无异议。"
    )
    fine_yuan = rng.choice((200, 500, 1000, 2000, 3000, 5000, 10000, 20000))
    kinds = "罚款" if rng.random() < 0.8 else "警告"
    fine = Decimal(fine_yuan) / 10000 if kinds == "罚款" else None
    content = f"罚款人民币{fine_yuan}元" if fine else "警告"
    return [
        name, kind, code, "", "", "", "", "", rep, "", "", id_type, number_id,
        f"{body['prefix']}〔{year}〕{number}号", violation, facts, basis, kinds, content,
        fine, None, "", decided, None, None, body["名称"],
        body["统一社会信用代码"] if number % 5 else "", body["名称"],
        body["统一社会信用代码"], "",
    ]  # fmt: skip


def penalty_files(
    rng: random.Random, county: list[dict[str, str]], total: int
) -> dict[int, list[list]]:
    """Return each year's decisions, spread over the bodies (townships and 城管 the most)."""
    weights = [1 if b["文号代字"] in ("中宁政罚",) else 3 if "乡" in b["名称"] or "镇" in b["名称"]
               else 2 for b in county]  # fmt: skip
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    by_year: dict[int, list[list]] = {}
    numbers: dict[tuple[str, int], int] = {}
    for year, count in zip(years, spread(total, len(years)), strict=True):
        rows = []
        for body in rng.choices(county, weights, k=count):
            key = (body["prefix"], year)
            numbers[key] = numbers.get(key, 0) + 1
            rows.append(penalty_row(rng, body, year, numbers[key]))
        by_year[year] = rows
    return by_year


def inspection(rng: random.Random, body: dict[str, str], year: int) -> dict:
    """Return one inspection result as :func:`publish_jsonl` reads it."""
    day = day_in(rng, year)
    kind = rng.choices(vocab.PARTY_KINDS, (60, 15, 25))[0]
    if kind == vocab.PARTY_ORGANISATION:
        name, code = (
            f"宁夏中宁县{rng.choice(FIRM_WORDS)}{rng.choice(FIRM_KINDS)}",
            credit_code(rng, "91640521"),
        )
    elif kind == vocab.PARTY_SOLE_TRADER:
        name = f"中宁县{body['town']}{person_name(rng)[0]}记{rng.choice(SHOPS)}"
        code = credit_code(rng, "92640521")
    else:
        name, code = person_name(rng), ""
    result = rng.choices(vocab.INSPECTION_RESULTS, (70, 20, 5, 5))[0]
    findings = (
        f"{day.year}年{day.month}月{day.day}日，执法人员对{village(rng, body)}"
        f"{'当事人' if kind == vocab.PARTY_NATURAL else name}的经营场所进行检查，"
        f"{rng.choice(ROLES)}{person_name(rng)}在场。检查结果：{result}。"
    )
    return {
        "body": body["统一社会信用代码"], "date": day.isoformat(), "party_kind": kind,
        "party_name": name, "party_credit_code": code, "result": result,
        "findings": findings, "published": (day + dt.timedelta(days=rng.randint(1, 7))).isoformat(),
    }  # fmt: skip


def info(rng: random.Random, body: dict[str, str], year: int, serial: int) -> dict:
    """Return one information item as :func:`publish_jsonl` reads it."""
    written = day_in(rng, year)
    topic = rng.choice(TOPICS)
    place = village(rng, body)
    return {
        "body": body["统一社会信用代码"], "date": written.isoformat(),
        "published": min(written + dt.timedelta(days=rng.randint(1, 15)), LAST_DAY).isoformat(),
        "index_no": f"{body['统一社会信用代码']}/{year}-{serial:05d}", "topic": topic,
        "title": f"{body['简称']}{place}{year}年{topic}公开（第{serial}期）",
        "summary": f"{place}{topic}有关情况。", "publisher": body["名称"],
        "body_md": f"## 基本情况\n\n{year}年{written.month}月，{place}开展{topic}相关工作，"
        f"现将有关情况公开如下。\n\n- 经费 {rng.randrange(1, 900)}.{rng.randrange(100):02d}"
        " 万元；\n"
        "- 接受群众监督，联系电话 0955-0000000。\n",
    }  # fmt: skip


def generate(folder: Path, scale: float, seed: int) -> dict[str, object]:
    """Write every input file into ``folder``; return what was written, by kind."""
    rng = random.Random(seed)
    county = bodies(rng)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, object] = {}
    for kind, rows in catalogue_rows(rng, county).items():
        path = folder / f"{kind}.csv"
        header = list(rows[0]) if kind != "subjects" else list(dict.fromkeys(
            k for row in rows for k in row))  # fmt: skip
        lines = [",".join(header)] + [",".join(str(r.get(h, "")) for h in header) for r in rows]
        path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
        written[kind] = (path, len(rows))
    sizes = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    files = []
    for year, rows in penalty_files(rng, county, sizes["penalties"]).items():
        path = folder / f"penalties-{year}.csv"
        path.write_bytes(render_export(rows, "csv"))
        files.append((path, len(rows)))
    written["penalties"] = files
    # The one decision a later publish adds (the rebuild after one publish).
    extra = penalty_row(rng, county[-1], LAST_YEAR, 99_999)
    (folder / "penalty-new.csv").write_bytes(render_export([extra], "csv"))
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    for kind, size in (("inspections", sizes["inspections"]), ("info", sizes["info"])):
        serials: dict[tuple[str, int], int] = {}
        path = folder / f"{kind}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for year, count in zip(years, spread(size, len(years)), strict=True):
                for body in rng.choices(county, k=count):
                    key = (body["prefix"], year)
                    serials[key] = serials.get(key, 0) + 1
                    record = (
                        inspection(rng, body, year)
                        if kind == "inspections"
                        else info(rng, body, year, serials[key])
                    )
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written[kind] = (path, size)
    written["bodies"] = county
    return written


def replicate(source: Path, target: Path, factor: int) -> int:
    """Copy a published ``content/`` with every decision, inspection and item ``factor`` times.

    For the build at a scale whose import would take longer than the run may: copies get new
    slugs, 文号 numbers (+20,000 a copy) and 索引号 serials (+2,000); return the files added.
    """
    import re
    import shutil

    shutil.copytree(source, target)
    number = re.compile(r"〔(\d{4})〕(\d+)号")
    index_no = re.compile(r'(index_no = "[^/"]+/\d{4}-)(\d{5})"')
    added = 0
    for dataset in ("penalties", "inspections", "info"):
        for path in sorted((source / dataset).glob("*.md")):
            year, serial = path.stem.split("-")
            text = path.read_text(encoding="utf-8")
            for k in range(1, factor):
                new = number.sub(lambda m, k=k: f"〔{m[1]}〕{int(m[2]) + k * 20000}号", text)
                new = index_no.sub(lambda m, k=k: f'{m[1]}{int(m[2]) + k * 2000:05d}"', new)
                name = f"{year}-{int(serial) + k * 10000:05d}.md"
                (target / dataset / name).write_text(new, encoding="utf-8")
                added += 1
    return added


def publish_jsonl(kind: str, path: Path, chunk: int = 1000) -> int:
    """Save and publish the inspections or information items of ``path``; return the count.

    Run inside the instance (``gongshi``'s own environment). Each record is saved as the
    back office saves it and published with :func:`admin.publish.publishing.publish_record`
    (the same function the back office's 公示 button calls), ``chunk`` records per
    all-or-nothing transaction; undecided name candidates are masked, as
    ``import penalties --publish`` does.
    """
    import sqlalchemy as sa

    from admin.cli.common import database_app
    from admin.content.store import read_site_config
    from admin.demo.numbering import SlugSequence
    from admin.domain import namechoices
    from admin.models import Body, EnforcementItem, InfoItem, Inspection, Officer
    from admin.models.db import db
    from admin.publish import publishing

    today = dt.date.today()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    with database_app() as app:
        root = Path(app.config["GONGSHI"]["CONTENT_DIR"])
        site = read_site_config(root)
        session = db.session
        by_code = {b.credit_code: b for b in session.scalars(sa.select(Body))}
        officers: dict[int, list[Officer]] = {}
        for officer in session.scalars(sa.select(Officer)):
            if officer.is_certified:
                officers.setdefault(officer.body_id, []).append(officer)
        roster = [o.name for group in officers.values() for o in group]
        checks: dict[int, list[EnforcementItem]] = {}
        for item in session.scalars(sa.select(EnforcementItem)):
            if item.category == "行政检查":
                checks.setdefault(item.body_id, []).append(item)
        model = Inspection if kind == "inspections" else InfoItem
        slugs = SlugSequence(session, model)
        for start in range(0, len(records), chunk):
            with publishing.all_or_nothing(session), publishing.batch():
                for entry in records[start : start + chunk]:
                    record = _record(model, entry, by_code, officers, checks, slugs)
                    session.add(record)
                    session.flush()
                    undecided = namechoices.undecided_names(
                        kind, record, today=today, site=site, public_names=roster
                    )
                    if undecided:
                        record.masks = namechoices.with_choices(
                            record.masks, mask=[c.text for c in undecided]
                        )
                    publishing.publish_record(
                        session, record, actor="cli:county-bench", today=today, content_root=root
                    )
    return len(records)


def _record(model, entry, by_code, officers, checks, slugs):
    """Return the new draft record of one JSON line."""
    body = by_code[entry["body"]]
    day = dt.date.fromisoformat(entry["date"])
    published = dt.date.fromisoformat(entry["published"])
    if model.__name__ == "Inspection":
        crew = officers.get(body.id, [])[:2]
        items = checks.get(body.id) or [None]
        return model(
            body=body, slug=slugs(str(day.year)), party_kind=entry["party_kind"],
            party_name=entry["party_name"], party_credit_code=entry["party_credit_code"],
            inspected_on=day, item=items[day.toordinal() % len(items)], result=entry["result"],
            findings=entry["findings"], state=vocab.STATE_DRAFT, published_on=published,
            officers=crew,
        )  # fmt: skip
    return model(
        body=body, slug=slugs(str(day.year)), index_no=entry["index_no"], title=entry["title"],
        body_md=entry["body_md"], summary=entry["summary"], topic=entry["topic"],
        publisher=entry["publisher"], written_on=day, published_on=published,
        state=vocab.STATE_DRAFT, attachments=[],
    )  # fmt: skip


if __name__ == "__main__" and len(sys.argv) == 3:
    print(publish_jsonl(sys.argv[1], Path(sys.argv[2])))
