"""Find personal numbers in text: ID numbers, mobile numbers, bank cards (LAW.md §4, §5).

Redaction and ``assert_publishable`` at publish, the build's leak guard and ``gongshi
check`` share this one scanner, so what publish accepts the build accepts (issue 14).
Text is first folded (:mod:`admin.domain.textfold`: NFKC, zero-width characters, entities
also twice encoded, markup inside numbers, Chinese numerals) with a map back to the
original positions, then digit groups split by a few spaces or line breaks around at most
one separator (``-``, ``--``, ``.``, ``_``, ``·``, ``/``, ``|``) are tried as numbers,
identified by their check digits. A number counts only where no digit continues it and
no letter follows it; a short word of letters right before it (``ID``, ``tel``) is allowed.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import ric
from stdnum.iso7064 import mod_11_10

from admin.domain import identifiers
from admin.domain.textfold import PIECE_RE, ZW, Folded, fold_characters, fold_text

ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"

#: What may stand between the digit groups of one number: spaces and line breaks (a
#: Markdown hard break, cells read apart), hyphens, dots, underscores, middle dots,
#: slashes, a table's bar, colons and a closing bracket ((138)9501 2345; the fold turns
#: ，、：） between digits into ``/``). ``_groups`` then bounds how much one gap may hold.
_SEP = f" \n\t{ZW}._\u00b7/|:)-"
_RUN_RE = re.compile(f"[0-9]+(?:[{_SEP}]+[0-9]+)*(?:[ {ZW}]{{0,3}}[xX])?")
#: The same runs, but only where eleven run characters follow (a necessary condition for a
#: run of eleven or more): the engine skips short runs, such as SVG coordinates, in C.
_LONG_RUN_RE = re.compile(f"(?=[0-9][0-9xX{_SEP}]{{10}})" + _RUN_RE.pattern)
_GROUP_RE = re.compile("[0-9]+")
#: One gap between groups: a few spaces or line breaks around at most one separator.
_GAP_RE = re.compile(r"[ \n\t]{0,8}(?:--?|\.|_|\u00b7|/|\||:|\))?[ \n\t]{0,8}")
# Without zero-width marks every run character is Latin-1, so a run shows in the text
# encoded one byte a character (others become "?") and mapped to "r" (run) or "." (not).
_RUN_BYTES = bytes(
    ord("r" if chr(i) in "0123456789xX" + _SEP.replace(ZW, "") else ".") for i in range(256)
)
_ELEVEN = b"r" * 11
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
#: Letters written right before a number (ID…, tel…, No) up to this many.
_MAX_PREFIX = 12

# A label before a number makes an organisation's code or an officer's certificate public.
_GAP = r"""(?:[\s\u200b"'“”‘’:=,()\[\]【】{}/|：＝，（）［］＂]|<[^<>]{0,200}>|为|是)*\Z"""
_ORG_LABEL_RE = re.compile(
    "(?:统一社会信用代码|信用代码|工商注册号|注册号|组织机构代码|税务登记号|事业单位证书号|登记证号"
    "|credit_code|reg_no|org_code|tax_no|institution_no|social_org_no|authority_code"
    f"|source_unit_code){_GAP}"
)
_LABEL_WINDOW = 300


@dataclass(frozen=True)
class Finding:
    """A personal number: its kind, its digits, and its span in the scanned text."""

    kind: str
    value: str
    start: int
    end: int

    @property
    def masked(self) -> str:
        return mask_number(self.value)


def find_personal_numbers(
    text: str, *, markup: bool = False, public: Collection[str] = (), strict: bool = False
) -> list[Finding]:
    """Return every ID number, mobile and bank card number in ``text``, in order.

    Every text is folded alike (``markup`` is kept for old callers): a Markdown body may
    hold HTML, and a page may hold entities. ``public`` holds values known to be public
    (officers' certificate numbers from the roster, the record's own codes).

    ``strict`` is for redaction at publish, which knows the record: a 15-digit number
    after a registration label is then public only when ``public`` holds it. A legacy ID
    written after 工商注册号 passes MOD 11,10 one time in ten, so the label and the check
    cannot tell it from a registration number; the guard and ``gongshi check`` have no
    record to ask and keep the looser rule, so publish stays the stricter of the three.
    """
    if len(text) < 11 and not PIECE_RE.search(text):
        return []  # nothing folds, and no run fits: a search index's words
    hits = _scan(fold_text(text))
    if not hits:
        return []  # nearly every page and cell: no map, no object
    folded = Folded(text, markup)
    found = []
    for nstart, nend, kind, value, single in hits:
        if value in public:
            continue
        labelled = single and not (strict and len(value) == 15)
        if labelled and _is_labelled_public(folded.text, nstart, kind, value):
            continue
        start, end = folded.original(nstart, nend)
        found.append(Finding(kind, value, start, end))
    return found


def find_value(text: str, value: str, *, markup: bool = False) -> list[tuple[int, int]]:
    """Return the spans where the known number ``value`` appears, however disguised."""
    key = "".join(ch for ch in fold_characters(value).upper() if ch.isalnum())
    if not key:
        return []
    folded = Folded(text, markup)
    sep = f"[{_SEP}]{{0,3}}"  # the separators the scanner tolerates between groups
    pattern = "(?<![0-9])" + sep.join(re.escape(ch) for ch in key) + "(?![0-9])"
    return [
        folded.original(m.start(), m.end())
        for m in re.finditer(pattern, folded.text, re.IGNORECASE)
    ]


def mask_number(value: str) -> str:
    """Mask a number for a report, like 1101********002X or 138****5678."""
    if len(value) >= 15:
        return value[:4] + "*" * (len(value) - 8) + value[-4:]
    if len(value) >= 11:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    keep = max(len(value) // 4, 1)
    return value[:keep] + "*" * max(len(value) - 2 * keep, 1) + value[-keep:]


def is_id_number(value: str) -> bool:
    """Return whether ``value`` is an 18-digit ID number by check digit and birth date.

    The place of birth is not checked (unlike ``identifiers.is_valid_id_number``): a real
    number whose county code the table does not know must still be found.
    """
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    born = identifiers.birth_date_of(value[6:14])
    return born is not None and born.year >= 1880 and ric.calc_check_digit(value) == value[17]


@lru_cache(maxsize=4096)  # a long run of spaced digits asks about the same values again
def classify(value: str, plus_before: bool = False) -> tuple[str, str] | None:
    """Return (kind, digits) when the digits ``value`` form a personal number, else None."""
    if len(value) == 18 and is_id_number(value):
        return ID_NUMBER, value.upper()
    if not value.isdigit():
        return None
    if len(value) == 15 and value.startswith("0086") and _is_mobile(value[4:]):
        return MOBILE, value[4:]
    if len(value) == 13 and plus_before and value.startswith("86") and _is_mobile(value[2:]):
        return MOBILE, value[2:]
    if len(value) == 15 and identifiers.is_plausible_legacy_id_number(value):
        return ID_NUMBER, value
    if 16 <= len(value) <= 19 and identifiers.is_bank_card_number(value):
        return BANK_CARD, value
    if _is_mobile(value):
        return MOBILE, value
    return None


def _is_mobile(value: str) -> bool:
    return len(value) == 11 and identifiers.MOBILE_RE.fullmatch(value) is not None


def _scan(text: str) -> list[tuple[int, int, str, str, bool]]:
    """Yield (start, end, kind, value, single_group) for each number in folded ``text``."""
    results: list[tuple[int, int, str, str, bool]] = []
    for start, end in _long_runs(text):
        run = text[start:end]
        # Every personal number has at least eleven digits (a mobile; an ID ending in X
        # has seventeen), so a run with fewer cannot hold one: dates, 文号, coordinates.
        if end - start < 11 or sum(map(run.count, "0123456789")) < 11:
            continue
        before = _before(text, start)
        after = text[end : end + 1]
        offset = start - len(before)
        results += [
            (s + offset, e + offset, kind, value, single)
            for s, e, kind, value, single in _scan_run(before, run, after)
        ]
    return results


def _before(text: str, start: int) -> str:
    """Return the character before a run as ``_free`` should judge it.

    Letters right before a number do not hide it (ID64052119850312123X, tel138…): they
    read as a space when they are a word of their own, at most ``_MAX_PREFIX`` long and
    not preceded by a digit or letter. Inside a longer token (a hex digest's …ab1234…)
    the letter still blocks, as a digit does.
    """
    if not start:
        return ""
    k = start
    while k > 0 and start - k <= _MAX_PREFIX and text[k - 1] in _LETTERS:
        k -= 1
    if k == start or start - k > _MAX_PREFIX or (k > 0 and text[k - 1] in _ALNUM):
        return text[start - 1]
    return " "


def _long_runs(text: str) -> list[tuple[int, int]]:
    """Return the spans of ``_LONG_RUN_RE.finditer(text)``, finding their stretches in C."""
    if len(text) < 11:
        return []  # shorter than one run: most strings of a search index
    if ZW in text:
        return [m.span() for m in _LONG_RUN_RE.finditer(text)]
    marks = text.encode("latin-1", "replace").translate(_RUN_BYTES)
    spans: list[tuple[int, int]] = []
    pos = 0
    # A run starts where eleven run characters follow, so it lies inside a stretch of at
    # least eleven; a stretch ends before a character that no run contains, so searching
    # each stretch alone finds the same runs as searching the whole text.
    while (start := marks.find(_ELEVEN, pos)) >= 0:
        end = marks.find(b".", start + 11)
        end = len(marks) if end < 0 else end
        spans += [m.span() for m in _LONG_RUN_RE.finditer(text, start, end)]
        pos = end
    return spans


@lru_cache(maxsize=4096)
def _scan_run(before: str, run: str, after: str) -> tuple[tuple[int, int, str, str, bool], ...]:
    """Scan one run between the characters around it (the same office number on every page).

    Spans count from the start of ``before + run + after``; nothing else of the text can
    change what the run holds, since ``_free`` and the plus sign look one character out.
    """
    text = before + run + after
    run_start, run_end = len(before), len(before) + len(run)
    groups, joinable = _groups(text, run_start, run_end)
    candidates = []
    for i in range(len(groups)):
        found = _numbers_from(text, run, run_end, groups, joinable, i)
        skip = _country_code(text, groups[i])
        if skip and not found:
            found = _numbers_from(text, run, run_end, groups, joinable, i, skip)
        candidates += found
    return _longest_first(candidates)


def _country_code(text: str, group: tuple[int, int, str]) -> int:
    """Return how many digits of ``group`` are a country code glued to a number, or 0.

    ``+86`` and ``0086`` written right before an ID or a card number (+8664052119…)
    make one run with it, too long for any number: the number starts after the code.
    """
    start, _, digits = group
    if digits.startswith("86") and start > 0 and text[start - 1] == "+" and len(digits) > 13:
        return 2
    if digits.startswith("0086") and len(digits) > 15:
        return 4
    return 0


def _numbers_from(
    text: str,
    run: str,
    run_end: int,
    groups: list[tuple[int, int, str]],
    joinable: list[bool],
    i: int,
    skip: int = 0,
) -> list[tuple[int, int, str, str, bool]]:
    """Return the numbers that start at group ``i`` (after ``skip`` digits of it)."""
    candidates = []
    # Groups make one number when there are two, when every middle group has three
    # digits or more (138 1234 5678), or when each is one digit (spaced digit by digit).
    digits = ""
    single = True  # every group so far one digit: spaced digit by digit
    short_middle = False  # a group before the last one (not the first) under 3 digits
    for j in range(i, len(groups)):
        if j > i and not joinable[j - 1]:
            break
        digits += groups[j][2][skip:] if j == i else groups[j][2]
        single = single and len(groups[j][2]) == 1
        if len(digits) > 19 or (short_middle and not single):
            break  # no longer number starting at group i can be plausible
        if j > i + 1:
            short_middle = short_middle or len(groups[j - 1][2]) < 3
            if short_middle and not single:
                break
        if len(digits) < 11 or _counts(groups[i : j + 1]):
            continue
        start, end = groups[i][0], groups[j][1]
        variants = [(digits, end)]
        if j == len(groups) - 1 and run.endswith(("x", "X")):
            variants.insert(0, (digits + "X", run_end))
        for value, stop in variants:
            if not _free(text, start, stop):
                continue
            plus = not skip and start > 0 and text[start - 1] == "+"
            hit = classify(value, plus)
            if hit:
                begin = start - 1 if plus and len(value) == 13 else start + skip
                candidates.append((begin, stop, hit[0], hit[1], i == j))
                break
    return candidates


def _counts(groups: list[tuple[int, int, str]]) -> bool:
    """Whether three or more groups count up or down by one (118 119 120 121 122).

    A pager's links, a numbered list or a run of years read as one long number once the
    markup between them is folded away; no one writes a personal number that way.
    """
    if len(groups) < 3:
        return False
    values = [int(group[2]) for group in groups]
    steps = {b - a for a, b in itertools.pairwise(values)}
    return steps in ({1}, {-1})


def _longest_first(
    candidates: list[tuple[int, int, str, str, bool]],
) -> tuple[tuple[int, int, str, str, bool], ...]:
    """Keep the longest candidates that overlap no longer (or earlier) one, in text order.

    The kept spans never overlap, so each new one need only be compared with its
    neighbours in start order: a long run of digits (a chart's data) stays linear.
    """
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    starts: list[int] = []
    taken: list[tuple[int, int, str, str, bool]] = []
    for cand in candidates:
        k = bisect.bisect_right(starts, cand[0])
        if k and taken[k - 1][1] > cand[0]:
            continue
        if k < len(taken) and taken[k][0] < cand[1]:
            continue
        starts.insert(k, cand[0])
        taken.insert(k, cand)
    return tuple(taken)


def _groups(
    text: str, run_start: int, run_end: int
) -> tuple[list[tuple[int, int, str]], list[bool]]:
    """Split a run into digit groups, merging groups split only by zero-width characters."""
    groups: list[tuple[int, int, str]] = []
    joinable: list[bool] = []
    for m in _GROUP_RE.finditer(text, run_start, run_end):
        start, end = m.start(), m.end()
        if groups:
            gap = text[groups[-1][1] : start]
            if set(gap) == {ZW}:
                groups[-1] = (groups[-1][0], end, groups[-1][2] + m.group())
                continue
            joinable.append(_GAP_RE.fullmatch(gap.replace(ZW, "")) is not None)
        groups.append((start, end, m.group()))
    return groups, joinable


def _free(text: str, start: int, end: int) -> bool:
    """Whether no letter or digit continues the number on either side."""
    return (start == 0 or text[start - 1] not in _ALNUM) and (
        end >= len(text) or text[end] not in _ALNUM
    )


def _is_labelled_public(text: str, start: int, kind: str, value: str) -> bool:
    """Whether an organisation's label makes the number before ``start`` its public code.

    A label alone proves nothing (issue 14): the code must also pass its own check — a
    credit code's GB 32100 digit, a 15-digit registration number's ISO 7064 MOD 11,10 —
    or, for other 15-digit codes, not read as a legacy ID. An officer's certificate label
    makes nothing public: only the roster's numbers are (``public``).
    """
    window = text[max(0, start - _LABEL_WINDOW) : start]
    if not _ORG_LABEL_RE.search(window):
        return False
    if len(value) == 15:
        return mod_11_10.is_valid(value) or not identifiers.is_plausible_legacy_id_number(value)
    return identifiers.is_valid_credit_code(value)
