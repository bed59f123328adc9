"""Held-out leak attack on the whole publishing path (issue 14, "Done when").

Usage: ``python bench/leak_attack.py [--rows 200] [--seed 14] [--keep]``

Generates a 双公示 file whose every public field carries planted personal data (ID numbers,
mobiles, bank cards in thirty-odd written forms; private people's names after role nouns;
the party's own name disguised), runs the real ``gongshi init``, ``import penalties
--publish``, ``build`` and ``check`` in a temporary folder holding a copy of ``content/``,
then searches every file of ``content/`` and ``build/`` (the Pagefind index read as the
leak guard reads it) for each secret in a normalised form: digits extracted after
decoding entities, NFKC and Chinese numerals; names compared without spaces, zero-width
characters or hyphens, traditional characters read as simplified (OpenCC). Last, a
dual-role account drives the back-office over HTTP: it edits and submits another
officer's decision, its approval must be refused, another reviewer's must pass, and
publishing must work. Prints every recoverable secret with its file and field.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from admin.freeze.cbortexts import cbor_texts  # noqa: E402
from admin.freeze.leakguard import _decode, _gunzip  # noqa: E402
from admin.freeze.searchtext import unspaced  # noqa: E402
from admin.publish.exporter import render_export  # noqa: E402

TOWNSHIP = "中宁县大战场镇人民政府"
TODAY = dt.date(2026, 12, 6)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
FIELDS = ("违法行为类型", "违法事实", "处罚依据", "处罚内容", "暂扣或吊销证照名称及编号", "备注")
ROLES = (
    "现场负责人", "实际经营人", "施工队长", "工地负责人", "房东", "驾驶员", "店长", "村民",
    "邻居", "举报人", "同行人员", "群众", "许可证持有人", "证人", "承租人", "车主", "雇工",
    "出租人", "监护人", "投诉人", "受害人", "见证人", "其妻", "其子", "经营者", "妻子",
)  # fmt: skip
ROLE_GLUE = (
    "{r}{n}", "{r}：{n}", "{r}为{n}", "{r}{n}（男）", "{r}是{n}", "{r}{n}、{m}", "{n}（{r}）",
    "{r}（{n}）", "{r}名叫{n}", "{r}姓名：{n}", "由{n}担任{r}", "{r}有{m}、{n}等人", "{r}系{n}",
    "{r}**{n}**", "{r}{n}，{m}",
)  # fmt: skip
# Surnames and given characters whose traditional forms differ, so 馬建國 tests OpenCC.
SURNAMES = "马陈刘张杨黄赵吴孙郑罗梁谢韩冯邓萧钱卫蒋沈孔曹严华吕苏卢贾丁邱骆纳虎哈海拜锁撒者冶黑妥"
GIVEN = "建国华丽军兴龙凤伟红东贵宝辉进财丰强鹏飞云涛凯颖娇凤兰玲"
#: Names that are also everyday words: after a role noun they are still names.
WORDY = ("高山", "林海", "江南", "白云", "金星", "马兰", "方正", "常青", "钟声", "黄河", "石磊")
#: Disguises of other people's names after their role noun.
OTHER_FORMS = ("plain", "spaced", "zero-width", "hyphens", "traditional", "plain", "plain")
CN = str.maketrans("0123456789", "〇一二三四五六七八九")
CN0 = str.maketrans("0123456789", "零一二三四五六七八九")
CAP = str.maketrans("0123456789", "零壹贰叁肆伍陆柒捌玖")
YAO = str.maketrans("0123456789", "洞幺两三四五六拐八九")
FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
BOLD = str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
CIRCLED = str.maketrans("0123456789", "⓪①②③④⑤⑥⑦⑧⑨")
SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _groups(s: str, size: int = 4) -> list[str]:
    return [s[i : i + size] for i in range(0, len(s), size)]


def _entities(s: str, hexa: bool = False) -> str:
    return "".join((f"&#x{ord(c):x};" if hexa else f"&#{ord(c)};") if i % 3 == 0 else c
                   for i, c in enumerate(s))  # fmt: skip


#: name → function(number) → text; every form a number may be written in.
FORMS = {
    "plain": lambda s: s,
    "lower-x": lambda s: s.lower(),
    "letters-before": lambda s: ("ID" if len(s) > 11 else "tel") + s,
    "No.": lambda s: "No." + s,
    "dots": lambda s: ".".join(_groups(s)),
    "double-hyphen": lambda s: "--".join(_groups(s)),
    "hyphen": lambda s: "-".join(_groups(s)),
    "underscore": lambda s: "_".join(_groups(s)),
    "four-spaces": lambda s: "    ".join(_groups(s)),
    "each-digit-spaced": lambda s: " ".join(s),
    "slash": lambda s: "/".join(_groups(s)),
    "middle-dot": lambda s: "·".join(_groups(s)),
    "nbsp": lambda s: "\u00a0".join(_groups(s)),
    "ideographic-space": lambda s: "\u3000".join(_groups(s)),
    "full-width": lambda s: s.translate(FW),
    "half-full-mix": lambda s: s[:6] + s[6:].translate(FW),
    "chinese-〇": lambda s: s.translate(CN),
    "chinese-零": lambda s: s.translate(CN0),
    "capital-壹贰": lambda s: s.translate(CAP),
    "幺两拐洞": lambda s: s.translate(YAO),
    "chinese-mixed": lambda s: s[:3] + s[3:].translate(CN),
    "zero-width": lambda s: "\u200b".join(_groups(s)),
    "word-joiner-bom": lambda s: "\u2060".join(_groups(s, 3)) + "\ufeff",
    "soft-hyphen": lambda s: "\u00ad".join(_groups(s)),
    "entities": lambda s: _entities(s),
    "hex-entities": lambda s: _entities(s, hexa=True),
    "twice-encoded": lambda s: _entities(s).replace("&", "&amp;"),
    "emphasis": lambda s: f"{s[:4]}**{s[4:8]}**{s[8:]}",
    "underscore-emphasis": lambda s: f"{s[:4]}_{s[4:8]}_{s[8:]}",
    "inline-code": lambda s: f"{s[:3]}`{s[3:7]}`{s[7:]}",
    "html-comment": lambda s: f"{s[:4]}<!-- x -->{s[4:]}",
    "span": lambda s: f"{s[:4]}<span>{s[4:8]}</span>{s[8:]}",
    "line-break": lambda s: f"{s[:7]}  \n{s[7:]}",
    "backslash-break": lambda s: f"{s[:7]}\\\n{s[7:]}",
    "table-cells": lambda s: f"\n\n| 证件 | 号码 |\n|---|---|\n| {s[:8]} | {s[8:]} |\n\n",
    "escaped-last": lambda s: f"{s[:-1]}\\{s[-1]}",
    "plus86": lambda s: f"+86 {s[:3]} {s[3:7]} {s[7:]}" if len(s) == 11 else f"+86{s}",
    "0086": lambda s: f"0086-{s}",
    "math-bold": lambda s: s.translate(BOLD),
    "circled": lambda s: s.translate(CIRCLED),
    "superscript": lambda s: s.translate(SUPER),
    "arabic-indic": lambda s: s.translate(ARABIC),
    "comma": lambda s: "，".join(_groups(s)),
    "dunhao": lambda s: "、".join(_groups(s)),
    "colon": lambda s: ":".join(_groups(s)),
    "paren-area": lambda s: f"({s[:3]}){s[3:]}",
    "mixed-seps": lambda s: f"{s[:3]} {s[3:7]}-{s[7:]}",
    "fw-hyphen": lambda s: "－".join(_groups(s)).translate(FW),
    "em-dashes": lambda s: "——".join(_groups(s)),
    "entity-zw": lambda s: "&#8203;".join(_groups(s)),
    "entity-shy": lambda s: "&shy;".join(_groups(s)),
    "entity-nbsp": lambda s: "&nbsp;".join(_groups(s)),
    "wbr": lambda s: "<wbr>".join(_groups(s)),
    "br-tag": lambda s: "<br>".join(_groups(s)),
    "tel-link": lambda s: f"[联系](tel:{s})",
    "url-link": lambda s: f"[查看](https://example.com/u/{s})",
    "percent-url": lambda s: (
        "[查看](https://example.com/?q=" + "".join(f"%{ord(c):02X}" for c in s) + ")"
    ),
    "html-attr": lambda s: f'<span title="{s}">联系</span>',
    "img-alt": lambda s: f"![{s}](x.png)",
    "fenced": lambda s: f"\n\n```\n{s}\n```\n\n",
}
#: the party's own name, disguised
NAME_FORMS = {
    "spaced": lambda n: " ".join(n),
    "zero-width": lambda n: n[0] + "\u200b" + n[1:],
    "hyphens": lambda n: "-".join(n),
    "traditional": lambda n: _s2t(n),
    "trad+spaces": lambda n: " ".join(_s2t(n)),
    "soft-hyphen": lambda n: "\u00ad".join(n),
    "nbsp": lambda n: "\u00a0".join(n),
    "full-width-space": lambda n: "\u3000".join(n),
    "plain": lambda n: n,
}


def _s2t(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


try:
    import opencc

    _T2S = opencc.OpenCC("t2s")
except ImportError:  # pragma: no cover
    _T2S = None


#: Public text that must stay: places, organisations, numbers that are no person's.
KEEP = (
    "经王家庄村委会核实",
    "马家梁村村民委员会出具证明",
    "李明养殖场负责整改",
    "中宁县某某有限公司未整改",
    "参照中宁大战场综执罚〔2021〕15号",
    "举报电话0955-7012345",
    "依据第七十七条第一款",
    "统一社会信用代码：{code}",
    "于2026年3月5日14时30分",
    "罚款人民币15,000.00元",
)


@dataclass
class Secret:
    kind: str  # id, mobile, card, legacy-id, name, party-name
    value: str
    form: str
    field: str
    row: int


def id_number(rng: random.Random) -> str:
    born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
    body = f"{rng.choice(('640521', '640502', '110105', '370102'))}{born:%Y%m%d}"
    body += f"{rng.randrange(1000):03d}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def bank_card(rng: random.Random) -> str:
    body = "622848" + "".join(str(rng.randrange(10)) for _ in range(12))
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return body + str((10 - total % 10) % 10)


def legacy_id(rng: random.Random) -> str:
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
    return f"640521{born:%y%m%d}{rng.randrange(1000):03d}"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((2, 2, 1))))


def unique_name(rng: random.Random, used: set[str]) -> str:
    """Return a fictional name no other person of the corpus has, nor contains."""
    while True:
        name = person_name(rng)
        if not any(name in u or u in name for u in used):
            used.add(name)
            return name


def credit_code(rng: random.Random) -> str:
    from admin.domain.identifiers import CREDIT_CODE_CHARSET as chars

    body = "91640521" + "".join(rng.choice(chars) for _ in range(9))
    total = sum(chars.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + chars[(31 - total % 31) % 31]


def generate(count: int, seed: int) -> tuple[list[dict[str, object]], list[Secret]]:
    """Return the rows (column → value) and every secret planted in them."""
    rng = random.Random(seed)
    rows, secrets = [], []
    used: set[str] = set()  # each private name once, so a leak counts once
    public_code = credit_code(random.Random(seed + 1))
    form_names = list(FORMS)
    name_forms = list(NAME_FORMS)
    for n in range(count):
        natural = n % 5 < 3
        party = person_name(rng) if natural else ""
        while natural and len(party) < 3:
            party = person_name(rng)
        own_id, own_mobile = id_number(rng), mobile(rng)
        # Recent decisions: none expires at the build, so every published text is checked.
        decided = TODAY - dt.timedelta(days=rng.randrange(5, 60))
        row: dict[str, object] = {
            "行政相对人名称": party if natural else f"中宁县{rng.choice(SURNAMES)}氏商贸有限公司",
            "行政相对人类别": "自然人" if natural else "法人及非法人组织",
            "行政处罚决定书文号": f"中宁大战场综执罚〔2026〕{n + 1}号",
            "处罚类别": "罚款",
            "罚款金额（万元）": "0.05",
            "处罚决定日期": decided.isoformat(),
            "处罚机关": TOWNSHIP,
        }
        if natural:
            row.update({"证件类型": "身份证", "证件号码": own_id})
            secrets.append(Secret("id", own_id, "column", "证件号码", n))
        else:
            rep_id = id_number(rng)
            row.update({"法定代表人证件类型": "身份证", "法定代表人证件号码": rep_id})
            secrets.append(Secret("id", rep_id, "column", "法定代表人证件号码", n))
            row.update({"行政相对人代码_1(统一社会信用代码)": credit_code(rng)})
            row["法定代表人"] = person_name(rng)
        base = {
            "违法行为类型": "占道经营",
            "违法事实": f"当事人于{decided:%Y年%m月%d日}在王家庄村口占道经营，经马家梁村委会核实。",
            "处罚依据": "《城市市容和环境卫生管理条例》第三十六条",
            "处罚内容": "罚款人民币500元",
            "暂扣或吊销证照名称及编号": "营业执照",
            "备注": "办公电话0955-7012345",
        }
        for f, field in enumerate(FIELDS):
            k = (n * len(FIELDS) + f) % len(form_names)
            form = form_names[k]
            choice = (n + f) % 7
            if choice == 0 and natural:
                kind, value = "id", own_id
            elif choice == 1 and natural:
                kind, value = "mobile", own_mobile
            elif choice in (0, 2):
                kind, value = "id", id_number(rng)
            elif choice in (1, 3):
                kind, value = "mobile", mobile(rng)
            elif choice == 4:
                kind, value = "card", bank_card(rng)
            elif choice == 5:
                kind, value = "legacy-id", legacy_id(rng)
            else:
                kind, value = "mobile", mobile(rng)
            written = FORMS[form](value)
            label = {
                "id": "身份证号码",
                "mobile": "联系电话",
                "card": "银行卡号",
                "legacy-id": "工商注册号：",
            }[kind]
            if kind == "mobile" and n % 4 == 0:
                label = "执法证号："
            who, other = unique_name(rng, used), unique_name(rng, used)
            if (n + f) % 9 == 0 and (wordy := [w for w in WORDY if w not in used]):
                who = wordy[0]
                used.add(who)
            role = ROLES[(n + f * 3) % len(ROLES)]
            glue = ROLE_GLUE[(n + f) % len(ROLE_GLUE)]
            disguise = OTHER_FORMS[(n * 7 + f) % len(OTHER_FORMS)]
            named = glue.format(r=role, n=NAME_FORMS[disguise](who), m=other)
            keep = KEEP[(n + f) % len(KEEP)].format(code=public_code)
            text = f"{base[field]}{named}在场，{label}{written}。{keep}。"
            secrets.append(Secret(kind, value, form, field, n))
            secrets.append(Secret("name", who, f"glue:{glue}", field, n))
            if disguise != "plain":
                secrets.append(Secret("name-disguised", who, f"other:{disguise}", field, n))
            if "{m}" in glue:
                secrets.append(Secret("name", other, "role-list", field, n))
            if natural:
                nf = name_forms[(n + f) % len(name_forms)]
                text += f"当事人{NAME_FORMS[nf](party)}签字确认。"
                secrets.append(Secret("party-name", party, f"party:{nf}", field, n))
            row[field] = text
        rows.append(row)
    return rows, secrets


# ---------------------------------------------------------------- normalised reading

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
DIGITS = str.maketrans(
    "〇零洞一幺二两三四五六七拐八九壹贰叁肆伍陆柒捌玖", "000112234567789123456789"
)


def read_texts(path: Path, build: Path | None) -> str:
    """Return a file's readable text, the Pagefind index read as the leak guard reads it."""
    data = path.read_bytes()
    if path.suffix in (".png", ".jpg", ".ico", ".woff2", ".wasm", ".pdf", ".db"):
        return ""
    if "pagefind" in path.parts:
        with contextlib.suppress(OSError, EOFError, ValueError, zlib.error):  # not gzipped
            data = _gunzip(data)
        if data.startswith(b"\x00asm"):
            return ""
        if data[:1] in (b"{", b"["):
            return unspaced(_decode(data))
        strings = cbor_texts(data)
        return "\n".join(strings) if strings is not None else data.decode("utf-8", "replace")
    return data.decode("utf-8", "replace")


def normalise(text: str) -> str:
    text = html.unescape(html.unescape(text))
    text = unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH)
    return text


def digits_of(text: str) -> str:
    return re.sub(r"[^0-9]", "", text.translate(DIGITS))


def name_text(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[\s\-‐‑–—·•*_`\\]", "", text)
    return _T2S.convert(text) if _T2S else text


def recoverable(secret: Secret, digits: str, names: str) -> bool:
    if secret.kind in ("name", "name-disguised", "party-name"):
        return secret.value in names
    value = secret.value[:17] if secret.kind == "id" else secret.value
    return value in digits


# ---------------------------------------------------------------- the run


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
    print(f"$ {' '.join(cmd[:4])} → {done.returncode} ({took:.1f} s) {' | '.join(tail)[:300]}")
    return done


def scan(root: Path, secrets: list[Secret], label: str) -> list[tuple[Secret, str]]:
    """Return (secret, file) for every secret recoverable from a file under ``root``."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = normalise(read_texts(path, None))
        if not text:
            continue
        digits, names = digits_of(text), name_text(text)
        for secret in secrets:
            if recoverable(secret, digits, names):
                found.append((secret, f"{label}/{path.relative_to(root)}"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="leak-attack-"))
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    before_files = [p.relative_to(content) for p in content.rglob("*.md")]
    env = {**os.environ, "GONGSHI_INSTANCE_DIR": str(tmp / "instance"), "PYTHONPATH": str(ROOT)}
    for key in ("GONGSHI_DATABASE_URL", "GONGSHI_CONTENT_DIR", "GONGSHI_DEBUG"):
        env.pop(key, None)
    os.environ.update({k: v for k, v in env.items() if k.startswith("GONGSHI")})
    rows, secrets = generate(args.rows, args.seed)
    # A secret already in the copied content (a common name) proves nothing, nor does a
    # private name that is also a firm's 法定代表人 (public registration data): set aside.
    before = scan(content, secrets, "content")
    untestable = {(s.kind, s.value) for s, _ in before}
    reps = [str(row.get("法定代表人", "")) for row in rows if row.get("法定代表人")]
    untestable |= {(s.kind, s.value) for s in secrets if any(s.value in r for r in reps)}
    secrets = [s for s in secrets if (s.kind, s.value) not in untestable]
    print(f"planted {len(secrets)} secrets in {args.rows} rows ({len(untestable)} set aside)")
    from admin.domain.shuanggongshi import COLUMNS

    table = [[row.get(c, "") for c in COLUMNS] for row in rows]
    (tmp / "attack.csv").write_bytes(render_export(table, "csv"))
    gongshi = shutil.which("gongshi") or "gongshi"
    failures = []
    if run([gongshi, "init"], tmp, env).returncode:
        failures.append("gongshi init failed")
    add_township(tmp)
    imported = run([gongshi, "import", "penalties", "attack.csv", "--publish"], tmp, env)
    if imported.returncode:
        failures.append("import --publish refused: " + imported.stderr[:2000])
    built = run([gongshi, "build", "--today", TODAY.isoformat()], tmp, env)
    if built.returncode:
        failures.append("build failed after an accepted publish: " + built.stderr[-2000:])
    checked = run([gongshi, "check", "build"], tmp, env)
    if checked.returncode:
        failures.append(
            "gongshi check build/ flagged: " + (checked.stdout + checked.stderr)[-2000:]
        )
    http_secrets = drive_backoffice(tmp, failures)
    secrets += http_secrets
    if http_secrets:
        rebuilt = run([gongshi, "build", "--today", TODAY.isoformat()], tmp, env)
        if rebuilt.returncode:
            failures.append("build after the HTTP publish failed: " + rebuilt.stderr[-2000:])
    leaks = scan(content, secrets, "content")
    if (tmp / "build").exists():
        leaks += scan((tmp / "build").resolve(), secrets, "build")
    report(secrets, leaks, failures)
    report_kept(content, rows, args.seed, set(before_files))
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if leaks or failures else 0


def add_township(tmp: Path) -> None:
    from admin.backoffice.app import create_app
    from admin.models import Body
    from admin.models.db import db

    app = create_app({"CONTENT_DIR": str(tmp / "content")})
    with app.app_context():
        db.session.add(Body(slug="dazhanchang", name=TOWNSHIP, kind="法定行政机关"))
        db.session.commit()
        db.engine.dispose()


def drive_backoffice(tmp: Path, failures: list[str]) -> list[Secret]:
    """Dual-role account: edit another officer's decision, submit, approval refused."""
    import sqlalchemy as sa

    from admin.backoffice.app import create_app
    from admin.domain import vocab
    from admin.domain.passwords import hash_password
    from admin.models import Body, Officer, PenaltyDecision, User
    from admin.models.db import db
    from tests.backoffice.conftest import PASSWORD, login
    from tests.backoffice.workflow.conftest import act
    from tests.backoffice.workflow.formdata import form_fields

    app = create_app({"TESTING": True, "SECRET_KEY": "attack", "CONTENT_DIR": str(tmp / "content")})
    rng = random.Random(99)
    party, witness, other_id, other_mobile = "陈建华", person_name(rng), id_number(rng), mobile(rng)
    with app.app_context():
        body = db.session.scalars(sa.select(Body)).first()
        digest = hash_password(PASSWORD)
        users = {
            name: User(username=name, display_name=name, password_hash=digest, roles=roles)
            for name, roles in (
                ("officer", ["officer"]),
                ("both", ["officer", "reviewer"]),
                ("reviewer", ["reviewer"]),
            )
        }
        for user in users.values():
            user.bodies = [body]
        db.session.add_all(users.values())
        officers = [
            Officer(body=body, slug=f"attack-officer-{i}", name=n, certificate_no=f"6400099{i}")
            for i, n in enumerate(("马执法", "杨执法"))
        ]
        db.session.add_all(officers)
        own_id = id_number(rng)
        decision = PenaltyDecision(
            slug="2026-9001",
            body=body,
            party_kind=vocab.PARTY_NATURAL,
            party_name=party,
            id_type="身份证",
            id_number=own_id,
            decision_no="中宁大战场综执罚〔2026〕901号",
            violation_type="占道经营",
            facts="当事人在王家庄村口占道经营。",
            basis="《城市市容和环境卫生管理条例》第三十六条",
            kinds=["罚款"],
            content="罚款人民币200元",
            fine_fen=20000,
            decision_date=TODAY - dt.timedelta(days=3),
            authority=TOWNSHIP,
            procedure=vocab.PROCEDURE_ORDINARY,
            review_required=True,
            severity="一般",
            state=vocab.STATE_DRAFT,
            created_by_id=None,
        )
        decision.created_by = users["officer"]
        decision.officers = officers
        db.session.add(decision)
        db.session.commit()
        decision_id = decision.id
    secrets = [
        Secret("party-name", party, "http:party-spaced", "违法事实", -1),
        Secret("name", witness, "http:role:房东", "违法事实", -1),
        Secret("id", other_id, "http:dots", "违法事实", -1),
        Secret("mobile", other_mobile, "http:span", "违法事实", -1),
        Secret("id", own_id, "http:own-plain", "违法事实", -1),
    ]
    facts = (
        f"当事人{' '.join(party)}在王家庄村口占道经营，房东{witness}在场，"
        f"身份证{FORMS['dots'](other_id)}，电话{FORMS['span'](other_mobile)}，本人{own_id}。"
    )
    both = app.test_client()
    if login(both, "both").status_code != 302:
        failures.append("HTTP: the dual-role account cannot sign in")
        return secrets
    page = both.get(f"/penalties/{decision_id}/edit")
    data = form_fields(page.get_data(as_text=True))
    data.pop("preview", None)
    data["facts"] = [facts]
    saved = both.post(f"/penalties/{decision_id}/edit", data=data)
    if saved.status_code != 302:
        failures.append(f"HTTP: edit by the dual-role account → {saved.status_code}")
    submitted = act(both, "penalties", decision_id, "submit")
    if submitted.status_code != 302:
        failures.append(f"HTTP: submit → {submitted.status_code}")
    forced = act(both, "penalties", decision_id, "review", outcome="同意", opinion="同意。")
    print(f"HTTP: dual-role account approves what it edited and submitted → {forced.status_code}")
    if forced.status_code != 403:
        failures.append(f"HTTP: self-approval not refused ({forced.status_code})")
    reviewer = app.test_client()
    login(reviewer, "reviewer")
    agreed = act(reviewer, "penalties", decision_id, "review", outcome="同意", opinion="同意。")
    print(f"HTTP: another reviewer approves → {agreed.status_code}")
    if agreed.status_code != 302:
        failures.append(f"HTTP: the other reviewer's approval → {agreed.status_code}")
    published = act(both, "penalties", decision_id, "publish")
    with app.app_context():
        state = db.session.get(PenaltyDecision, decision_id).state
        db.engine.dispose()
    print(f"HTTP: publish → {published.status_code}, state {state}")
    if state != vocab.STATE_PUBLISHED:
        body = published.get_data(as_text=True)
        reason = re.findall(r'class="(?:error|alert|flash)[^"]*"[^>]*>([^<]+)', body)
        failures.append(f"HTTP: publish did not publish ({published.status_code}, {reason})")
    return secrets


def report(secrets: list[Secret], leaks: list[tuple[Secret, str]], failures: list[str]) -> None:
    leaked = {id(s) for s, _ in leaks}
    by_form, by_field, by_kind = Counter(), Counter(), Counter()
    planted_form, planted_field, planted_kind = Counter(), Counter(), Counter()
    for s in secrets:
        planted_form[s.form] += 1
        planted_field[s.field] += 1
        planted_kind[s.kind] += 1
        if id(s) in leaked:
            by_form[s.form] += 1
            by_field[s.field] += 1
            by_kind[s.kind] += 1
    print(f"\nrecovered {len(leaked)} of {len(secrets)} planted secrets")
    for title, planted, got in (
        ("kind", planted_kind, by_kind),
        ("field", planted_field, by_field),
    ):
        print(f"by {title}: " + ", ".join(f"{k} {got[k]}/{v}" for k, v in sorted(planted.items())))
    print("by form (recovered/planted, only forms with a leak): " + ", ".join(
        f"{k} {by_form[k]}/{v}" for k, v in sorted(planted_form.items()) if by_form[k]
    ))  # fmt: skip
    seen = set()
    for s, where in leaks:
        key = (id(s), where)
        if key in seen:
            continue
        seen.add(key)
        print(f"LEAK row {s.row + 1} {s.field} [{s.kind} {s.form}] {s.value} in {where}")
    for failure in failures:
        print(f"FAIL {failure}")


def report_kept(content: Path, rows: list[dict], seed: int, old: set[Path]) -> None:
    """Print how much public text (places, organisations, codes, amounts) publish kept."""
    texts = [
        unicodedata.normalize("NFKC", p.read_text("utf-8"))
        for p in sorted(content.rglob("*.md"))
        if p.relative_to(content) not in old
    ]
    public_code = credit_code(random.Random(seed + 1))
    planted, kept = Counter(), Counter()
    for row in rows:
        for field in FIELDS:
            for phrase in KEEP:
                phrase = unicodedata.normalize("NFKC", phrase.format(code=public_code))
                planted[phrase] += str(row.get(field, "")).count(phrase)
    for phrase in planted:
        kept[phrase] = sum(t.count(phrase) for t in texts)
    reps = [str(r["法定代表人"]) for r in rows if r.get("法定代表人")]
    planted["法定代表人 (firms)"] = len(reps)
    joined = "\n".join(texts)
    kept["法定代表人 (firms)"] = sum(1 for r in reps if f'"{r}"' in joined)
    total, got = sum(planted.values()), sum(min(kept[k], v) for k, v in planted.items())
    print(f"\npublic text kept: {got} of {total} ({100 * got / max(total, 1):.1f} %)")
    for phrase, count in planted.items():
        if kept[phrase] < count:
            print(f"OVER-MASKED {phrase}: kept {kept[phrase]} of {count}")


if __name__ == "__main__":
    sys.exit(main())
