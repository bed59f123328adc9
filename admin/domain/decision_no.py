"""The 决定书文号: parsing, one stored spelling, and the next free number.

A 文号 may write its year in 〔〕 (GB/T 9704), [] or （）, full- or half-width, with an
optional 第 before the number; :func:`normalise_decision_no` folds the brackets to 〔〕 so
one decision cannot be stored twice under two spellings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

DECISION_NO_RE = re.compile(
    r"(?P<prefix>[^\s〔〕\[\]()【】]+)"
    r"(?:〔(?P<y1>[0-9]{4})〕|\[(?P<y2>[0-9]{4})\]|\((?P<y3>[0-9]{4})\)|【(?P<y4>[0-9]{4})】)"
    r"(?P<nth>第?)(?P<number>[0-9]{1,6})号"
)
#: Said in every refusal of a 文号's form, so the officer sees what is expected.
DECISION_NO_EXAMPLE = "「机关代字〔年份〕N号」，例如 中宁大战场综执罚〔2021〕15号"


class DecisionNo(NamedTuple):
    prefix: str
    year: int
    number: int


def parse_decision_no(text: str) -> DecisionNo | None:
    """Split a 文号 such as 中宁大战场综执罚〔2021〕15号 into prefix, year and number."""
    match = DECISION_NO_RE.fullmatch(unicodedata.normalize("NFKC", text.strip()))
    if match is None or int(match["number"]) == 0:
        return None
    year = match["y1"] or match["y2"] or match["y3"] or match["y4"]
    return DecisionNo(match["prefix"], int(year), int(match["number"]))


def normalise_decision_no(text: str) -> str:
    """Fold a 文号's width and year brackets to the standard 〔〕, keeping it otherwise."""
    text = unicodedata.normalize("NFKC", text.strip())
    match = DECISION_NO_RE.fullmatch(text)
    if match is None:
        return text
    year = match["y1"] or match["y2"] or match["y3"] or match["y4"]
    return f"{match['prefix']}〔{year}〕{match['nth']}{match['number']}号"


def suggest_next_decision_no(prefix: str, year: int, taken_numbers: Iterable[int | str]) -> str:
    """Return the 文号 after the highest taken one of ``prefix`` and ``year``.

    ``taken_numbers`` holds serial numbers or whole 文号 (others' prefixes and years are
    ignored). Gaps are never refilled: a skipped number may exist on paper.
    """
    prefix = prefix.strip()
    if not prefix:
        raise ValueError("文号机关代字：不能为空")
    highest = 0
    for taken in taken_numbers:
        if isinstance(taken, str):
            parsed = parse_decision_no(taken)
            if parsed is None or parsed.prefix != prefix or parsed.year != year:
                continue
            taken = parsed.number
        highest = max(highest, taken)
    return f"{prefix}〔{year}〕{highest + 1}号"
