"""Mask natural persons in public text: names as 张某某, and every personal number (LAW.md §4).

Names are found three ways — the names the record knows, also disguised (namefold.py:
马 建 国, 马-建-國), names right after a role noun (roles.py: 当事人, 房东, 驾驶员 …), and
jieba's person-name tag limited by a surname list (names.py) — and never
where a public official, an organisation, a place or a manual unmask says otherwise.
Personal numbers (pii.py) and the record's known numbers are masked whatever the unmasks.
The name format is surnames.py's ``mask_person_name``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from admin.domain import pii
from admin.domain.namefold import FoldedNames, find_disguised, needs_folding
from admin.domain.names import DOTTED_RE, find_names
from admin.domain.surnames import HAN, mask_person_name, surname_of
from admin.domain.textfold import Folded

__all__ = ["KnownPeople", "Masked", "Redacted", "mask_person_name", "redact_text"]

MARKS = {
    pii.ID_NUMBER: "［身份证号已隐去］",
    pii.MOBILE: "［电话已隐去］",
    pii.BANK_CARD: "［银行账号已隐去］",
    "phone": "［电话已隐去］",
    "document": "［证件号已隐去］",
    "address": "［住址已隐去］",
    "manual": "［已隐去］",
}
# Priorities: lower wins an overlap.
_P_NUMBER, _P_MANUAL, _P_KNOWN, _P_ADDRESS, _P_CUE, _P_TAGGED = range(6)


@dataclass(frozen=True)
class KnownPeople:
    """What a record knows: people to mask, their numbers, and names that are public."""

    names: tuple[str, ...] = ()  # natural persons: the party, witnesses, relatives
    id_numbers: tuple[str, ...] = ()  # their ID or other document numbers
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    public_names: tuple[str, ...] = ()  # officers, organisations, legal representatives
    public_numbers: tuple[str, ...] = ()  # officers' certificate numbers


@dataclass(frozen=True)
class Masked:
    """One masked span of the original text and what replaced it."""

    kind: str  # id_number, mobile, bank_card, phone, document, address, name, manual
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class Redacted:
    """The redacted text and every span that was masked, in order, for the preview."""

    text: str
    masked: tuple[Masked, ...] = field(default=())


def redact_text(
    text: str,
    known: KnownPeople = KnownPeople(),
    masks: Iterable[str] = (),
    unmasks: Iterable[str] = (),
) -> Redacted:
    """Mask personal numbers and natural persons' names in ``text``; list what was masked."""
    if not text:
        return Redacted(text)
    spans: list[tuple[int, int, int, str, str]] = []  # (priority, start, end, kind, mark)
    public_numbers = {_compact(n) for n in known.public_numbers}
    for hit in pii.find_personal_numbers(text, public=public_numbers, strict=True):
        spans.append((_P_NUMBER, hit.start, hit.end, hit.kind, MARKS[hit.kind]))
    for number in (n for n in known.id_numbers if len(_compact(n)) >= 6):
        kind = pii.ID_NUMBER if pii.classify(_compact(number)) else "document"
        spans += [(_P_NUMBER, s, e, kind, MARKS[kind]) for s, e in _number_spans(text, number)]
    for phone in known.phones:
        spans += [(_P_NUMBER, s, e, "phone", MARKS["phone"]) for s, e in _phone_spans(text, phone)]
    for item in masks:
        mark = mask_person_name(item) if _looks_like_name(item) else MARKS["manual"]
        spans += [(_P_MANUAL, s, e, "manual", mark) for s, e in _occurrences(text, item)]
    for address in known.addresses:
        for part in address_forms(address):
            spans += [
                (_P_ADDRESS, s, e, "address", MARKS["address"]) for s, e in _occurrences(text, part)
            ]

    # Unmasks and public names overrule the recogniser; a known person's name only where
    # it is part of a longer one (王伟 inside 王伟东), so the party is never unmasked by hand.
    guarded = [
        span for item in (*unmasks, *known.public_names) for span in _occurrences(text, item)
    ]
    for name in (n for n in known.names if len(n.strip()) >= 2):  # "王" alone would hit everything
        spans += [
            (_P_KNOWN, s, e, "name", mask_person_name(name))
            for s, e in known_name_spans(text, name, guarded)
        ]
    for s, e, after_role, name in _unknown_names(text):
        if not any(s < pe and ps < e for ps, pe in guarded):
            priority = _P_CUE if after_role else _P_TAGGED
            spans.append((priority, s, e, "name", mask_person_name(name)))
    return _apply(text, spans)


def _unknown_names(text: str) -> list[tuple[int, int, bool, str]]:
    """Return (start, end, after_role, name) of names the record does not know.

    A disguised text (证人张\u200b三, 證人張三) is read folded too, so a witness is found
    however written, and the span mapped back to the original.
    """
    found = [(s, e, role, text[s:e]) for s, e, role in find_names(text)]
    if needs_folding(text):
        folded = FoldedNames(text)
        if folded.text != text:
            for s, e, role in find_names(folded.text):
                start, end = folded.positions[s], folded.positions[e - 1] + 1
                found.append((start, end, role, folded.text[s:e]))
    return found


def known_name_spans(text: str, name: str, guarded: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return where ``name`` occurs in ``text`` outside longer guarded names."""
    return [
        (s, e)
        for s, e in find_disguised(text, name)
        if not any(ps <= s and e <= pe and pe - ps > e - s for ps, pe in guarded)
    ]


def _apply(text: str, spans: list[tuple[int, int, int, str, str]]) -> Redacted:
    """Keep the winning span of each overlap, then splice the marks in."""
    chosen: list[tuple[int, int, int, str, str]] = []
    for span in sorted(spans, key=lambda sp: (sp[0], sp[1] - sp[2], sp[1])):
        if all(span[2] <= c[1] or span[1] >= c[2] for c in chosen):
            chosen.append(span)
    chosen.sort(key=lambda sp: sp[1])
    out, masked, last = [], [], 0
    for _, start, end, kind, mark in chosen:
        out += [text[last:start], mark]
        masked.append(Masked(kind, start, end, text[start:end], mark))
        last = end
    out.append(text[last:])
    return Redacted("".join(out), tuple(masked))


# Below the village a home address narrows to a group or house (清河村二组), which next to
# a masked name points at one household; the village alone (花豹湾村) names a place.
_LOCAL_ADDRESS_RE = re.compile(r"(?:.*?(?:镇|乡|街道))?(?P<local>.+?(?:村|社区|小区).+)")


def address_forms(address: str) -> list[str]:
    """Return the spellings of a home address to mask: whole, and from its village on."""
    address = address.strip()
    forms = [address] if address else []
    match = _LOCAL_ADDRESS_RE.fullmatch(address)
    if match and len(match["local"]) >= 4 and match["local"] != address:
        forms.append(match["local"])
    return forms


def _looks_like_name(item: str) -> bool:
    """Whether a manual mask reads as a person's name (so it becomes 张某某, not a mark)."""
    item = item.strip()
    if re.fullmatch(DOTTED_RE.pattern, item):
        return True
    return re.fullmatch(f"{HAN}{{2,4}}", item) is not None and bool(surname_of(item))


def _occurrences(text: str, item: str) -> list[tuple[int, int]]:
    item = item.strip()
    if not item:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(item), text)]


def _compact(number: str) -> str:
    return "".join(ch for ch in Folded(number).text.upper() if ch.isalnum())


def _number_spans(text: str, number: str) -> list[tuple[int, int]]:
    return pii.find_value(text, number) if number.strip() else []


def _phone_spans(text: str, phone: str) -> list[tuple[int, int]]:
    """Find a known phone, also without +86 and, for a landline, without its area code."""
    digits = "".join(ch for ch in Folded(phone).text if ch.isdigit())
    digits = digits.removeprefix("0086") if len(digits) > 11 else digits
    digits = digits[2:] if len(digits) == 13 and digits.startswith("86") else digits
    if len(digits) < 5:
        return []
    spans = pii.find_value(text, digits)
    if digits.startswith("0") and len(digits) >= 10:
        local = digits[3:] if digits[1] in "12" else digits[4:]
        spans += pii.find_value(text, local)
    return spans
