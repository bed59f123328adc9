"""The personal-number scanner: every disguise found, every ordinary number left alone."""

from __future__ import annotations

import hashlib
import re

import pytest

from admin.domain import pii
from admin.domain.identifiers import is_valid_credit_code

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id_number(born: str = "19850312", seq: str = "123", region: str = "640521") -> str:
    """Build a valid test ID number (GB 11643 check digit computed here, not copied)."""
    body = region + born + seq
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def make_card(prefix: str) -> str:
    """Append the Luhn check digit to ``prefix``."""
    for check in "0123456789":
        digits = [int(d) for d in reversed(prefix + check)]
        total = sum(digits[::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
        if total % 10 == 0:
            return prefix + check
    raise AssertionError


def id_like_credit_code() -> str:
    """An all-digit 统一社会信用代码 that also passes the ID-number check."""
    for seq in range(1000):
        value = make_id_number("19850312", f"{seq:03d}")
        if is_valid_credit_code(value):
            return value
    raise AssertionError


IDS = [make_id_number(seq=f"{s:03d}") for s in range(100, 200)]
ID = next(v for v in IDS if not v.endswith("X"))
ID_X = next(v for v in IDS if v.endswith("X"))
LEGACY = "640521850312123"  # 15 digits, born 1985-03-12
MOBILE = "13812345678"
CARD16 = make_card("622202123456789")
CARD19 = make_card("622848001234567890")
FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def entities(value: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in value)


@pytest.mark.parametrize(
    ("text", "markup", "kind", "value"),
    [
        (f"身份证号{ID}。", False, pii.ID_NUMBER, ID),
        (f"身份证号{ID_X}", False, pii.ID_NUMBER, ID_X),
        (f"身份证号{ID_X.lower()}", False, pii.ID_NUMBER, ID_X),
        (f"旧证号{LEGACY}", False, pii.ID_NUMBER, LEGACY),
        (f"证号{ID_X.translate(FW)}", False, pii.ID_NUMBER, ID_X),
        (f"证号{ID[:6]} {ID[6:14]} {ID[14:]}", False, pii.ID_NUMBER, ID),
        (f"证号{ID[:6]}-{ID[6:14]}-{ID[14:]}", False, pii.ID_NUMBER, ID),
        ("证号" + "\u200b".join(ID), False, pii.ID_NUMBER, ID),
        ("证号" + "\ufeff".join(ID_X), False, pii.ID_NUMBER, ID_X),
        ("证号" + " ".join(ID), False, pii.ID_NUMBER, ID),
        ("证号" + " ".join(ID_X), False, pii.ID_NUMBER, ID_X),
        (f"<td>{entities(ID)}</td>", True, pii.ID_NUMBER, ID),
        (f"<td>{ID[:9]}&#x{ord(ID[9]):x};{ID[10:]}</td>", True, pii.ID_NUMBER, ID),
        (
            '{"v": "' + "".join(f"\\u{ord(c):04x}" for c in ID.translate(FW)) + '"}',
            True,
            pii.ID_NUMBER,
            ID,
        ),
        (f"电话{MOBILE}", False, pii.MOBILE, MOBILE),
        ("电话+86 138 1234 5678", False, pii.MOBILE, MOBILE),
        ("电话+8613812345678", False, pii.MOBILE, MOBILE),
        ("电话008613812345678", False, pii.MOBILE, MOBILE),
        ("电话138-1234-5678", False, pii.MOBILE, MOBILE),
        ("电话138–1234–5678", False, pii.MOBILE, MOBILE),
        ("电话１３８１２３４５６７８", False, pii.MOBILE, MOBILE),
        ("电话1 3 8 1 2 3 4 5 6 7 8", False, pii.MOBILE, MOBILE),
        ("电话138\u30001234\u30005678", False, pii.MOBILE, MOBILE),
        ("电话138&nbsp;1234&nbsp;5678", True, pii.MOBILE, MOBILE),
        (f"tel:{MOBILE}", False, pii.MOBILE, MOBILE),
        (f"账号{CARD16}", False, pii.BANK_CARD, CARD16),
        (f"账号{CARD19}", False, pii.BANK_CARD, CARD19),
        (
            f"账号{CARD19[:4]} {CARD19[4:8]} {CARD19[8:12]} {CARD19[12:16]} {CARD19[16:]}",
            False,
            pii.BANK_CARD,
            CARD19,
        ),
    ],
)
def test_every_disguise_is_found(text: str, markup: bool, kind: str, value: str) -> None:
    found = pii.find_personal_numbers(text, markup=markup)
    assert [(f.kind, f.value) for f in found] == [(kind, value)]


@pytest.mark.parametrize(
    "text",
    [
        "中宁大战场综执罚〔2021〕15号",
        "中宁大战场综执罚〔2021〕1500号、宁中卫综执罚字〔2022〕第0032号",
        "处罚决定日期 2021-05-10，公示截止期 2022-05-09，20210510",
        "2021年5月10日 至 2021年6月10日；2021-05-10 2021-06-10 2021-07-10",
        "罚款人民币 15,000.00 元，0.0356万元，5000元，1 500 000 分",
        "依据第四十八条、第48条第二款、第七十七条第一款第（三）项",
        "办公电话 0955-1234567，(0955)7012345，0955 7012345，010-12345678，热线 12345",
        "统一社会信用代码 91350100M000100Y43",
        "执法证号：64052100123",
        f"manifest sha256 {hashlib.sha256(b'x').hexdigest()}",
        "a1b2c3d4e5f613812345678ab9",
        f"x{MOBILE}abc 与 9abc{MOBILE} 与 a1bcdef{MOBILE}",
        f"编号 {MOBILE}9 与 9{MOBILE}",
        "123e4567-e89b-12d3-a456-426614174000",
        f"校验位错误 {ID[:17]}{(int(ID[17]) + 1) % 10}",
        "出生日期无效 640521198513321235",
        "卡号校验失败 6222021234567891",
        "电话12812345678（第二位不是 3–9）",
    ],
)
def test_ordinary_numbers_are_not_findings(text: str) -> None:
    assert pii.find_personal_numbers(text, markup=True) == []


def test_sha256_digests_with_mobile_like_runs_are_not_findings() -> None:
    digests = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(20000)]
    assert sum(bool(re.search("1[3-9][0-9]{9}", d)) for d in digests) > 10
    assert pii.find_personal_numbers("\n".join(digests), markup=True) == []


CODE = id_like_credit_code()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"统一社会信用代码：{CODE}", False),
        (f"信用代码 {CODE}", False),
        (f"<tr><th>统一社会信用代码</th><td>{CODE}</td></tr>", False),
        (f'{{"party_credit_code": "{CODE}"}}', False),
        (f'authority_code = "{CODE}"', False),
        (f"行政相对人代码_1(统一社会信用代码),{CODE}", False),
        (f"当事人 {CODE}", True),
        (f"统一社会信用代码：无。身份证号：{CODE}", True),
        (f"统一社会信用代码：{ID if not is_valid_credit_code(ID) else LEGACY + '000'}", True),
    ],
)
def test_an_id_like_credit_code_is_public_only_after_its_label(text: str, found: bool) -> None:
    assert bool(pii.find_personal_numbers(text, markup=True)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [("执法证号：13912345678", True), (f"执法证号：{ID}", True), ("证件号：13912345678", True)],
)
def test_a_certificate_label_alone_makes_no_number_public(text: str, found: bool) -> None:
    assert bool(pii.find_personal_numbers(text)) is found


def test_public_values_are_skipped() -> None:
    assert pii.find_personal_numbers(f"证号 {MOBILE}", public={MOBILE}) == []


@pytest.mark.parametrize(
    "text",
    [
        f"当事人（{ID_X.translate(FW)}）称",
        "电话：+86 138 1234 5678。",
        f"见{entities(MOBILE)}。",
        "号" + "\u200b".join(ID) + "止",
    ],
)
def test_spans_point_into_the_original_text(text: str) -> None:
    (hit,) = pii.find_personal_numbers(text, markup=True)
    original = text[hit.start : hit.end]
    assert original[0] not in "（：见号" and original[-1] not in "）称。止"
    rebuilt = pii.Folded(original, markup=True).text
    assert "".join(ch for ch in rebuilt if ch.isalnum()).upper().endswith(hit.value)


def test_several_numbers_in_one_text_are_all_found_in_order() -> None:
    text = f"{MOBILE} {ID}、{CARD16}；13912345678"
    found = pii.find_personal_numbers(text)
    assert [f.kind for f in found] == [pii.MOBILE, pii.ID_NUMBER, pii.BANK_CARD, pii.MOBILE]


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "1101**********002X"),
        ("13812345678", "138****5678"),
        ("6222021234567890", "6222********7890"),
        ("7654321", "7*****1"),
    ],
)
def test_mask_number_leaks_neither_the_middle_nor_the_length_of_a_report(
    value: str, masked: str
) -> None:
    assert pii.mask_number(value) == masked


@pytest.mark.parametrize(
    "text",
    [
        "电话 0955-7654321",
        "电话 0955 765 4321",
        "电话０９５５７６５４３２１",
        "电话 0955\u200b7654321",
    ],
)
def test_find_value_finds_a_known_number_however_written(text: str) -> None:
    (span,) = pii.find_value(text, "0955-7654321")
    assert text[span[0]] in "0０" and text[span[1] - 1] in "1１"


def test_find_value_does_not_match_inside_a_longer_number() -> None:
    assert pii.find_value("编号 709557654321", "0955-7654321") == []


def test_the_long_run_pattern_finds_exactly_the_long_runs() -> None:
    import random

    from admin.domain import pii as scanner

    def runs(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text) if m.end() - m.start() >= 11]

    rng = random.Random(3)
    alphabet = "0123456789 -xX\u200ba"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert runs(scanner._LONG_RUN_RE, text) == runs(scanner._RUN_RE, text), text
