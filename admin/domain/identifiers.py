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


def normalise(value: str) -> str:
    """Fold full-width characters (NFKC) and drop spaces and zero-width characters."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cf")


def is_valid_credit_code(value: str) -> bool:
    """Return whether ``value`` is a 统一社会信用代码 with a correct check character."""
    value = normalise(value).upper()
    return (
        len(value) == 18 and all(ch in CREDIT_CODE_CHARSET for ch in value) and uscc.is_valid(value)
    )


def is_valid_id_number(value: str) -> bool:
    """Return whether ``value`` is a valid 18-digit 居民身份证号码 (check digit, birth date)."""
    value = normalise(value).upper()
    return len(value) == 18 and ric.is_valid(value)


def is_plausible_legacy_id_number(value: str) -> bool:
    """Return whether ``value`` looks like a 15-digit legacy ID number (no check digit)."""
    value = normalise(value)
    if len(value) != 15 or not value.isdigit():
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
    return value.isdigit() and 16 <= len(value) <= 19 and luhn.is_valid(value)


def region_of_credit_code(value: str) -> str:
    """Return positions 3–8 of a credit code: the administrative region code."""
    return normalise(value)[2:8]
