"""Check digits and shapes of Chinese identifiers (LAW.md §5), against the standards' examples."""

from __future__ import annotations

import datetime as dt

import pytest

from admin.domain.identifiers import (
    CREDIT_CODE_CHARSET,
    birth_date_of,
    id_birth_date,
    is_bank_card_number,
    is_minor_on,
    is_mobile_number,
    is_plausible_legacy_id_number,
    is_valid_credit_code,
    is_valid_id_number,
    normalise,
    region_of_credit_code,
)

CREDIT_CODE = "91350100M000100Y43"  # GB 32100-2015's own example (LAW.md)
ID_NUMBER = "11010519491231002X"  # GB 11643-1999's own example (LAW.md)


@pytest.mark.parametrize(
    "code",
    [
        CREDIT_CODE,
        "91640521MA76000A1Y",  # a company registered in 中宁县
        "11640521MB1700001C",  # a government body (1 机构编制, 1 机关)
        "92640521MA76AB123C",  # a 个体工商户
        # 农村集体经济组织 are registered by 农业 departments, code letter N: a
        # township's village collectives look like this (stdnum's validate() refuses them).
        "N2640521MF0000123H",
        "91350100m000100y43",  # lowercase, as typed
        " 9135 0100 M000 100Y 43 ",
        "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width
        "91350100M000\u200b100Y43",  # a zero-width space from a copied web page
    ],
)
def test_accepts_valid_credit_codes(code: str) -> None:
    assert is_valid_credit_code(code)


@pytest.mark.parametrize("position", range(18))
def test_refuses_every_single_character_alteration_of_a_credit_code(position: int) -> None:
    for ch in CREDIT_CODE_CHARSET:
        if ch != CREDIT_CODE[position]:
            altered = CREDIT_CODE[:position] + ch + CREDIT_CODE[position + 1 :]
            assert not is_valid_credit_code(altered), altered


@pytest.mark.parametrize(
    "code",
    [
        "",
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y430",  # 19 characters
        "91350100M000100I43",  # I is not in the charset (nor O, S, V, Z)
        "9135A100M000100Y4Y",  # letters in the region code (check character made to fit)
        "91350100-M000100Y43",
        "91350100M000100Y4\u0663",  # an Arabic-Indic digit three
    ],
)
def test_refuses_malformed_credit_codes(code: str) -> None:
    assert not is_valid_credit_code(code)


def test_region_of_credit_code() -> None:
    assert region_of_credit_code("91640521MA76000A1Y") == "640521"


@pytest.mark.parametrize(
    "number",
    [
        ID_NUMBER,
        "11010519491231002x",  # lowercase x
        "110105 19491231 002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "1101051949\u200d1231002X",  # zero-width joiner
        "\ufeff11010519491231002X",  # byte-order mark from a CSV file
        # 中宁县 has been 640521 only since 2003; a resident born earlier holds a valid
        # number under that code (stdnum's county-history lookup refuses it).
        "64052119850315121X",
        "640521200802290033",  # born on 29 February
    ],
)
def test_accepts_valid_id_numbers(number: str) -> None:
    assert is_valid_id_number(number)


@pytest.mark.parametrize("position", range(18))
def test_refuses_every_single_character_alteration_of_an_id_number(position: int) -> None:
    for ch in "0123456789X":
        if ch != ID_NUMBER[position]:
            altered = ID_NUMBER[:position] + ch + ID_NUMBER[position + 1 :]
            assert not is_valid_id_number(altered), altered


@pytest.mark.parametrize(
    "number",
    [
        "",
        "11010519491231002",  # 17 digits
        "110105194912310021X",
        "X10105194912310021",
        "99123419800101123X",  # province 99 does not exist (check digit made to fit)
        "640521200802300035",  # 30 February (check digit made to fit)
        "11010519491231002\u0663",
        "110105194912310 2X",  # the space hides a missing digit
    ],
)
def test_refuses_malformed_id_numbers(number: str) -> None:
    assert not is_valid_id_number(number)


@pytest.mark.parametrize(
    ("number", "plausible"),
    [
        ("110105491231002", True),
        ("110105 491231 002", True),
        ("640521850315121", True),
        ("110105491331002", False),  # month 13
        ("110105490230002", False),  # 30 February
        ("990105491231002", False),  # no such province
        ("11010549123100X", False),  # legacy numbers have no check character
        ("11010549123100", False),
    ],
)
def test_legacy_15_digit_id_numbers(number: str, plausible: bool) -> None:
    assert is_plausible_legacy_id_number(number) is plausible


@pytest.mark.parametrize(
    ("number", "born"),
    [
        (ID_NUMBER, dt.date(1949, 12, 31)),
        ("110105491231002", dt.date(1949, 12, 31)),
        ("640521200802290033", dt.date(2008, 2, 29)),
        ("1101051949", None),
    ],
)
def test_birth_date_of_an_id_number(number: str, born: dt.date | None) -> None:
    assert id_birth_date(number) == born


@pytest.mark.parametrize(
    "text", ["2021111", "202111 1", "2021\u0661\u0661\u0661\u0661", "20210230"]
)
def test_birth_date_of_refuses_what_is_no_eight_digit_date(text: str) -> None:
    assert birth_date_of(text) is None


BORN_2008_03_15 = "640521200803150032"
BORN_2008_02_29 = "640521200802290033"


@pytest.mark.parametrize(
    ("number", "day", "minor"),
    [
        (BORN_2008_03_15, dt.date(2026, 3, 14), True),
        (BORN_2008_03_15, dt.date(2026, 3, 15), False),  # the 18th birthday
        (BORN_2008_02_29, dt.date(2026, 2, 28), True),  # 2026 has no 29 February
        (BORN_2008_02_29, dt.date(2026, 3, 1), False),
        (BORN_2008_02_29, dt.date(2012, 2, 29), True),
        (ID_NUMBER, dt.date(1960, 1, 1), True),
        (ID_NUMBER, dt.date(2026, 1, 1), False),
        ("110105491231002", dt.date(2026, 1, 1), False),  # legacy: born in the 1900s
        ("not a number", dt.date(2026, 1, 1), False),
    ],
)
def test_minors_by_birth_date(number: str, day: dt.date, minor: bool) -> None:
    assert is_minor_on(number, day) is minor


@pytest.mark.parametrize(
    ("number", "mobile"),
    [
        ("13812345678", True),
        ("19912345678", True),
        ("+86 138 1234 5678", True),
        ("+8613812345678", True),
        ("0086 13812345678", True),
        ("１３８１２３４５６７８", True),
        ("138\u200b1234\u200b5678", True),
        ("12812345678", False),  # no 12x mobile block
        ("1381234567", False),
        ("138123456789", False),
        ("0955-7012345", False),  # a landline
        ("+85 13812345678", False),
    ],
)
def test_mobile_numbers(number: str, mobile: bool) -> None:
    assert is_mobile_number(number) is mobile


@pytest.mark.parametrize(
    ("number", "card"),
    [
        ("4111111111111111", True),
        ("4111 1111 1111 1111", True),
        ("6222021234567890128", True),  # 19 digits
        ("4111111111111112", False),  # Luhn fails
        ("6222021234567890127", False),
        ("411111111111116", False),  # 15 digits passing Luhn: too short for a card
        ("62220212345678901286", False),  # 20 digits
        ("4111111111111111\u0663", False),
        ("", False),
    ],
)
def test_bank_card_numbers(number: str, card: bool) -> None:
    assert is_bank_card_number(number) is card


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("１２３ＡＢＣ", "123ABC"),
        (" 1 2\t3\n", "123"),
        ("1\u200b2\u200c3\u200d4\ufeff5", "12345"),
        ("1\u30002", "12"),  # ideographic space
    ],
)
def test_normalise(raw: str, normalised: str) -> None:
    assert normalise(raw) == normalised
