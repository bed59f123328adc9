"""Check digits and shapes of Chinese identifiers (LAW.md §5).

The check-digit arithmetic comes from python-stdnum (``stdnum.cn.uscc``, ``stdnum.cn.ric``),
which implements GB 32100-2015 and GB 11643-1999; this module adds the shapes the
project needs around them (birth dates, mobiles, bank cards) and one normalisation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdnum import luhn
from stdnum.cn import ric, uscc

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
MOBILE_RE = re.compile(r"1[3-9]\d{9}")
#: GB/T 2260 province-level codes: the first two digits of every ID number.
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54"}
    | {"61", "62", "63", "64", "65", "71", "81", "82", "83"}
)


def normalise(value: str) -> str:
    """Fold full-width characters (NFKC) and drop spaces and zero-width characters."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cf")


def is_valid_credit_code(value: str) -> bool:
    """Return whether ``value`` is a 统一社会信用代码 with a correct check character."""
    value = normalise(value).upper()
    # Positions 1-2 may be letters (N: 农业, e.g. 村股份经济合作社 N2…; Y: other
    # registries), which stdnum's validate() refuses; only the region code is all digits.
    return (
        len(value) == 18
        and all(ch in CREDIT_CODE_CHARSET for ch in value)
        and value[2:8].isdigit()
        and uscc.calc_check_digit(value) == value[-1]
    )


def is_valid_id_number(value: str) -> bool:
    """Return whether ``value`` is a valid 18-digit 居民身份证号码 (check digit, birth date)."""
    value = normalise(value).upper()
    # Not ric.is_valid(): it also requires the county code to have existed in the birth
    # year, which refuses real numbers (中宁县 is 640521 only since 2003); GB 11643
    # defines no such check.
    return (
        len(value) == 18
        and _is_ascii_digits(value[:17])
        and value[-1] in "0123456789X"
        and value[:2] in PROVINCE_CODES
        and birth_date_of(value[6:14]) is not None
        and ric.calc_check_digit(value) == value[-1]
    )


def is_plausible_legacy_id_number(value: str) -> bool:
    """Return whether ``value`` looks like a 15-digit legacy ID number (no check digit)."""
    value = normalise(value)
    if len(value) != 15 or not _is_ascii_digits(value) or value[:2] not in PROVINCE_CODES:
        return False
    return birth_date_of("19" + value[6:12]) is not None


def id_birth_date(value: str) -> dt.date | None:
    """Return the birth date encoded in an 18- or 15-digit ID number, or None."""
    value = normalise(value)
    if len(value) == 18:
        return birth_date_of(value[6:14])
    if len(value) == 15:
        return birth_date_of("19" + value[6:12])
    return None


def birth_date_of(yyyymmdd: str) -> dt.date | None:
    """Return the date of an 8-digit ``YYYYMMDD`` text, or None when it is no date."""
    # strptime alone accepts one-digit months and non-ASCII digits.
    if len(yyyymmdd) != 8 or not _is_ascii_digits(yyyymmdd):
        return None
    try:
        return dt.datetime.strptime(yyyymmdd, "%Y%m%d").date()
    except ValueError:
        return None


def is_minor_on(id_number: str, day: dt.date) -> bool:
    """Return whether the ID number's holder is under 18 on ``day`` (False when unknown)."""
    born = id_birth_date(id_number)
    if born is None:
        return False
    try:
        adult_on = born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February
        adult_on = dt.date(born.year + 18, 3, 1)
    return day < adult_on


def is_mobile_number(value: str) -> bool:
    """Return whether ``value`` is a mainland mobile number (11 digits, 1[3-9]…; +86 allowed)."""
    value = normalise(value)
    value = value.removeprefix("+86").removeprefix("0086")
    return MOBILE_RE.fullmatch(value) is not None


def is_bank_card_number(value: str) -> bool:
    """Return whether ``value`` is 16–19 digits passing the Luhn check."""
    value = normalise(value)
    return _is_ascii_digits(value) and 16 <= len(value) <= 19 and luhn.is_valid(value)


def region_of_credit_code(value: str) -> str:
    """Return positions 3–8 of a credit code: the administrative region code."""
    return normalise(value)[2:8]


def _is_ascii_digits(value: str) -> bool:
    # str.isdigit() is also true for other scripts' digits (e.g. Arabic-Indic).
    return value.isascii() and value.isdigit()
