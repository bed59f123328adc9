"""The leak guard: planted values found in every kind of file, clean output passes."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from admin.domain.identifiers import is_valid_credit_code
from admin.freeze.leakguard import scan_tree

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id_number(born: str = "19850312", seq: str = "121") -> str:
    """Build a valid test ID number (GB 11643 check digit computed here)."""
    body = "640521" + born + seq
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


ID = next(v for v in (make_id_number(seq=f"{s:03d}") for s in range(100)) if v.endswith("X"))
ORG_CODE = next(
    c for c in (make_id_number(seq=f"{s:03d}") for s in range(1000)) if is_valid_credit_code(c)
)
MOBILE = "13812345678"
CARD = "6222021234567890128"
CARD_GROUPED = f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def cbor_strings(*strings: str) -> bytes:
    """Encode a CBOR array of short text strings, as Pagefind's index files hold words."""
    out = bytearray([0x80 | len(strings)])
    for s in strings:
        data = s.encode()
        out += bytes([0x78, len(data)]) + data
    return bytes(out)


def pagefind(payload: bytes) -> bytes:
    return gzip.compress(b"pagefind_dcd" + payload, mtime=0)


CLEAN_HTML = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>中宁大战场综执罚〔2021〕15号</title></head><body>
<dl><dt>当事人</dt><dd>张某某</dd><dt>统一社会信用代码</dt><dd>{ORG_CODE}</dd>
<dt>处罚决定日期</dt><dd>2021-05-20</dd><dt>罚款金额</dt><dd>2,000.00 元（0.2万元）</dd></dl>
<p>依据《中华人民共和国土地管理法》第七十七条、第48条。办公电话 0955-1234567。</p>
<p>执法人员：王伟（执法证号 64052100123）。身份证号［身份证号已隐去］。</p>
</body></html>
"""
MANIFEST = json.dumps(
    {
        "files": {
            f"p/{i}/index.html": hashlib.sha256(str(i).encode()).hexdigest() for i in range(3000)
        },
        "credit_code": ORG_CODE,
    }
)


def clean_site(root: Path) -> Path:
    """A built site holding every false-positive control and no personal number."""
    (root / "penalties" / "a").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "pagefind" / "fragment").mkdir(parents=True)
    (root / "pagefind" / "index").mkdir(parents=True)
    (root / "index.html").write_text(CLEAN_HTML, encoding="utf-8")
    (root / "penalties" / "a" / "index.html").write_text(CLEAN_HTML, encoding="utf-8")
    (root / "manifest.json").write_text(MANIFEST, encoding="utf-8")
    (root / "data" / "penalties.csv").write_text(
        f"行政处罚决定书文号,行政相对人名称,统一社会信用代码,处罚决定日期\n"
        f"中宁大战场综执罚〔2021〕15号,中宁县某养殖场,{ORG_CODE},2021-05-20\n",
        encoding="utf-8-sig",
    )
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://x.example/penalties/a/</loc>'
        "<lastmod>2021-05-20</lastmod></url></urlset>\n",
        encoding="utf-8",
    )
    fragment = json.dumps({"url": "/penalties/a/", "content": "罚款 2000 元，0955-1234567"})
    (root / "pagefind" / "fragment" / "zh_1.pf_fragment").write_bytes(pagefind(fragment.encode()))
    (root / "pagefind" / "index" / "zh_1.pf_index").write_bytes(
        pagefind(cbor_strings("2021", "罚款", "0955"))
    )
    (root / "pagefind" / "wasm.unknown.pagefind").write_bytes(pagefind(b"\x00asm13812345678"))
    (root / "logo.png").write_bytes(b"\x89PNG" + MOBILE.encode())
    return root


def test_clean_output_has_no_findings(tmp_path: Path) -> None:
    assert re.search(r"1[3-9][0-9]{9}", MANIFEST)  # digests holding a mobile-like run
    assert list(scan_tree(clean_site(tmp_path / "site"))) == []


PLANTS = [
    ("p/index.html", f"<td>{''.join(f'&#{ord(c)};' for c in ID)}</td>", "id_number"),
    ("p/b/index.html", f"<p>电话 {MOBILE[:3]}\u200b{MOBILE[3:]}</p>", "mobile"),
    ("data/penalties.json", json.dumps({"phone": MOBILE.translate(FULL_WIDTH)}), "mobile"),
    ("data/penalties.csv", f"名称,证件号码\n张某某,{ID}\n", "id_number"),
    ("data/cards.csv", f"名称,账号\n张某某,{CARD_GROUPED}\n", "bank_card"),
    ("data/codes.csv", f"名称,备注\n某公司,{ORG_CODE}\n", "id_number"),
    ("feed.xml", "<feed><entry><summary>电话 +86 138 1234 5678</summary></entry></feed>", "mobile"),
    ("sitemap.xml", f"<urlset><url><loc>https://x/{ID}/</loc></url></urlset>", "id_number"),
    ("robots.txt", f"# {CARD}", "bank_card"),
    ("static/app.js", f'var t = "{MOBILE[:3]}-{MOBILE[3:7]}-{MOBILE[7:]}";', "mobile"),
]


@pytest.mark.parametrize(("name", "content", "kind"), PLANTS)
def test_planted_values_are_found(tmp_path: Path, name: str, content: str, kind: str) -> None:
    root = clean_site(tmp_path / "site")
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(content, encoding="utf-8")
    assert [(f.path, f.kind) for f in scan_tree(root)] == [(name, kind)]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        (
            "pagefind/fragment/zh_2.pf_fragment",
            pagefind(json.dumps({"content": f"身份证号 {ID}"}, ensure_ascii=True).encode()),
            "id_number",
        ),
        (
            "pagefind/index/zh_2.pf_index",
            pagefind(cbor_strings("当事人", f"电话{MOBILE}")),
            "mobile",
        ),
        ("data/penalties.csv.gz", gzip.compress(f"证件号码\n{ID}\n".encode()), "id_number"),
        ("data/penalties.csv", f"名称,证件号码\n张某某,{ID}\n".encode("gb18030"), "id_number"),
    ],
)
def test_compressed_and_binary_files_are_read(
    tmp_path: Path, name: str, data: bytes, kind: str
) -> None:
    root = clean_site(tmp_path / "site")
    (root / name).write_bytes(data)
    assert [(f.path, f.kind) for f in scan_tree(root)] == [(name, kind)]


def test_spreadsheets_are_opened(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("xl/sharedStrings.xml", f"<sst><si><t>{MOBILE}</t></si></sst>")
    root = clean_site(tmp_path / "site")
    (root / "data" / "penalties.xlsx").write_bytes(buffer.getvalue())
    assert [(f.path, f.kind) for f in scan_tree(root)] == [("data/penalties.xlsx", "mobile")]


def test_a_corrupt_compressed_file_is_reported_not_skipped(tmp_path: Path) -> None:
    root = clean_site(tmp_path / "site")
    (root / "pagefind" / "fragment" / "zh_3.pf_fragment").write_bytes(b"\x1f\x8b\x08garbage")
    findings = list(scan_tree(root))
    assert [(f.path, f.kind, f.masked) for f in findings] == [
        ("pagefind/fragment/zh_3.pf_fragment", "unreadable", "-")
    ]


def test_gongshi_check_reports_each_finding_masked_and_exits_1(gongshi, tmp_path: Path) -> None:
    root = clean_site(tmp_path / "site")
    (root / "penalties" / "a" / "index.html").write_text(
        f"<p>{ID}</p><p>{MOBILE}</p>", encoding="utf-8"
    )
    result = gongshi("check", "site")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"penalties/a/index.html\tid_number\t{ID[:4]}**********{ID[-4:]}",
        "penalties/a/index.html\tmobile\t138****5678",
    ]
    assert ID not in result.stdout + result.stderr and MOBILE not in result.stdout + result.stderr
    assert result.stderr.startswith("错误：发现 2 处疑似个人信息")


def test_gongshi_check_passes_a_clean_site_without_a_database(gongshi, tmp_path: Path) -> None:
    clean_site(tmp_path / "site")
    result = gongshi("check", "site")
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "未发现个人信息" in result.stderr


@pytest.mark.parametrize(("arg", "message"), [("missing", "目录不存在"), ("file.txt", "不是目录")])
def test_gongshi_check_usage_errors_exit_2(gongshi, tmp_path: Path, arg: str, message: str) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    result = gongshi("check", arg)
    assert result.returncode == 2
    assert result.stderr.startswith("错误：DIR：") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_gongshi_check_help_has_an_example(gongshi) -> None:
    result = gongshi("check", "--help")
    assert (
        result.returncode == 0
        and "示例：" in result.stdout
        and "gongshi check build/" in result.stdout
    )
