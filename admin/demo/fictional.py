"""Fictional identifiers for the demo: valid check digits, never a real person's number.

Every value is derived from a stable key (a person's or firm's demo name), so the demo
is the same on every machine and in every run.
"""

from __future__ import annotations

import datetime as dt
import random

from admin.domain.identifiers import CREDIT_CODE_CHARSET

#: 中宁县: positions 3–8 of credit codes and the first six digits of ID numbers.
REGION = "640521"

_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999
# Letters a post-2015 organisation code may carry after its "MA" (no I, O, S, V, Z).
_ORG_CODE_CHARS = CREDIT_CODE_CHARSET


def rng_for(key: str) -> random.Random:
    """Return a random generator seeded by ``key`` alone (string seeds are stable)."""
    return random.Random(f"gongshi-demo:{key}")


def organisation_code(key: str, *, numeric: bool = False) -> str:
    """Return a 9-character 组织机构代码 (GB 11714) for ``key``, check character included.

    Firms registered since 2015 carry codes beginning "MA"; government bodies have
    the older all-digit kind.
    """
    rng = rng_for(f"org:{key}")
    if numeric:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    else:
        body = "MA" + "".join(rng.choice(_ORG_CODE_CHARS) for _ in range(6))
    total = sum(_char_value(ch) * w for ch, w in zip(body, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(prefix: str, key: str, *, numeric: bool = False) -> str:
    """Return a 统一社会信用代码 (GB 32100) registered in 中宁县.

    ``prefix`` is the registering authority and organisation type: "11" 机关,
    "91" 企业, "92" 个体工商户, "93" 农民专业合作社.
    """
    first17 = prefix + REGION + organisation_code(key, numeric=numeric)
    total = sum(CREDIT_CODE_CHARSET.index(ch) * pow(3, i, 31) for i, ch in enumerate(first17))
    return first17 + CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def format_organisation_code(code: str) -> str:
    """Return the 组织机构代码 inside a credit code, written the usual way (XXXXXXXX-X)."""
    return f"{code[8:16]}-{code[16]}"


def birth_date(key: str, age: int, on: dt.date) -> dt.date:
    """Return a birth date that makes the person ``age`` years old on ``on``."""
    rng = rng_for(f"born:{key}")
    latest = on.replace(year=on.year - age) if (on.month, on.day) != (2, 29) else on
    return latest - dt.timedelta(days=rng.randrange(1, 360))


def id_number(key: str, born: dt.date, sex: str) -> str:
    """Return an 18-digit 居民身份证号码 of 中宁县 with a correct check digit."""
    rng = rng_for(f"id:{key}")
    sequence = rng.randrange(10, 499) * 2 + (1 if sex == "男" else 0)  # odd: male
    first17 = f"{REGION}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def mobile(key: str) -> str:
    """Return a mobile number in the 1380000xxxx block, plainly made up."""
    return f"1380000{rng_for(f'phone:{key}').randrange(10000):04d}"


def _char_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - 55
