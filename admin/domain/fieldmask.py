"""Mask every public text field of a record the same way, and keep what each field showed.

A public form runs each of its text fields through one :class:`FieldMasker`, which applies
the number and name masking (redact.py) with the record's known people and the officer's
choices, and lists the name candidates left undecided (candidates.py). Two ways a field
is treated, decided per field by the forms:

- ``mask`` — free text (违法事实, 处罚内容, 违法行为类型, 摘要, 正文 …): what the masker finds
  is replaced, as a court judgment is anonymised; refusing would make officers reword long
  texts for every witness they name.
- ``refuse`` — a title or a document number the officer writes as the record's identity
  (information titles, 文号, 决定书文号): it is shown in lists, feeds, search results and
  citations, where a half-masked string would read as a different document, so publishing
  stops and names the field and the masked value; the officer rewords it, or keeps (保留)
  a false hit in the preview.

A record with ``confirm_names`` refuses any undecided candidate in any field: the officer
marks each 遮蔽 or 保留 in the preview, and the choice is stored in the record's ``masks``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stdnum.iso7064 import mod_11_10

from admin.domain import pii, vocab
from admin.domain.candidates import Candidate, find_candidates
from admin.domain.identifiers import is_valid_credit_code
from admin.domain.redact import KnownPeople, Redacted, redact_text
from admin.domain.surnames import mask_person_name
from admin.errors import GongshiError

KIND_NAMES = {
    pii.ID_NUMBER: "身份证号",
    pii.MOBILE: "手机号",
    pii.BANK_CARD: "银行卡号",
    "phone": "电话号码",
    "document": "证件号码",
    "address": "住址",
    "name": "人名",
    "manual": "手动遮蔽内容",
}


class FieldRefused(GongshiError):
    """A field may not be published as written; ``message`` is Chinese and names it."""


@dataclass(frozen=True)
class FieldText:
    """One public text field: its label, original text, what was masked, what is undecided."""

    key: str
    label: str
    original: str
    redacted: Redacted
    candidates: tuple[Candidate, ...]


class FieldMasker:
    """Mask a record's public text fields with one set of known people and choices."""

    def __init__(
        self,
        known: KnownPeople,
        masks: Iterable[str] = (),
        unmasks: Iterable[str] = (),
        *,
        confirm_names: bool = True,
    ) -> None:
        self.known = known
        self.masks = tuple(masks)
        self.unmasks = tuple(unmasks)
        self.confirm_names = confirm_names
        self.fields: list[FieldText] = []

    def mask(self, key: str, label: str, text: str | None) -> str:
        """Return ``text`` as published: names and numbers masked."""
        return self._run(key, label, text or "").redacted.text

    def refuse(self, key: str, label: str, text: str | None) -> str:
        """Return ``text`` unchanged, or refuse it when the masker would change it."""
        field = self._run(key, label, text or "")
        if field.redacted.masked:
            hit = field.redacted.masked[0]
            if hit.kind in ("name", "manual"):
                shown = mask_person_name(hit.original)
            else:
                shown = pii.mask_number("".join(ch for ch in hit.original if ch.isalnum()))
            kind = KIND_NAMES.get(hit.kind, "个人信息")
            raise FieldRefused(f"{label}：含疑似{kind}（{shown}），不予公示，请修改后再提交")
        return field.original

    @property
    def candidates(self) -> list[Candidate]:
        """Return every undecided name candidate, field by field."""
        return [c for field in self.fields for c in field.candidates]

    def check_confirmed(self) -> None:
        """Refuse when a candidate is undecided and the record requires decisions."""
        if self.confirm_names and (pending := self.candidates):
            first = pending[0]
            more = f"等 {len(pending)} 处" if len(pending) > 1 else ""
            raise FieldRefused(
                f"{first.label}：含未确认的疑似人名（{first.masked}）{more}，"
                "请在预览中逐个标记“遮蔽”或“保留”后再公示"
            )

    def _run(self, key: str, label: str, text: str) -> FieldText:
        redacted = redact_text(text, self.known, self.masks, self.unmasks)
        found = find_candidates(label, text, redacted, self.known, self.unmasks)
        field = FieldText(key, label, text, redacted, tuple(found))
        self.fields.append(field)
        return field


def catalogue_masker(public_names: Iterable[str] = ()) -> FieldMasker:
    """Return the masker of a catalogue page: officials and bodies public, no candidates."""
    return FieldMasker(KnownPeople(public_names=present(public_names)), confirm_names=False)


def record_masker(
    record: Any,
    *,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
    confirm_names: bool = True,
) -> FieldMasker:
    """Return the masker of a penalty or inspection: its people, its officer's choices."""
    masks, unmasks = manual_choices(record)
    known = known_people(record, site=site, public_names=public_names)
    return FieldMasker(known, masks, unmasks, confirm_names=confirm_names)


def info_masker(
    info: Any, *, public_names: Iterable[str] = (), confirm_names: bool = True
) -> FieldMasker:
    """Return the masker of an information item: officers, publisher and body are public."""
    masks, unmasks = manual_choices(info)
    known = KnownPeople(public_names=present([*public_names, info.publisher, info.body.name]))
    return FieldMasker(known, masks, unmasks, confirm_names=confirm_names)


def known_people(
    record: Any, *, site: Mapping[str, Any] | None = None, public_names: Iterable[str] = ()
) -> KnownPeople:
    """Return whom a penalty or inspection names, for redaction and for the preview."""
    natural = record.party_kind == vocab.PARTY_NATURAL
    show = bool((site or {}).get("show_full_names", False))
    related = list(getattr(record, "related_persons", None) or [])
    officers = list(getattr(record, "officers", None) or [])
    names = [p.get("name", "") for p in related]
    public = [*public_names, *(o.name for o in officers), record.body.name]
    public += [getattr(record, "authority", ""), getattr(record, "source_unit", "")]
    if natural and not show:
        names.insert(0, record.party_name)
    else:
        public.append(record.party_name)
    if not natural:
        public.append(getattr(record, "legal_rep", ""))
    return KnownPeople(
        names=present(names),
        id_numbers=present(
            [getattr(record, "id_number", ""), getattr(record, "legal_rep_id_number", "")]
            + [p.get("id_number", "") for p in related]
        ),
        phones=present(
            [getattr(record, "party_phone", "")] + [p.get("phone", "") for p in related]
        ),
        addresses=present(
            ([record.party_address] if natural else []) + [p.get("address", "") for p in related]
        ),
        public_names=present(public),
        public_numbers=present(
            [*(o.certificate_no for o in officers), *([] if natural else _own_codes(record))]
        ),
    )


def _own_codes(record: Any) -> list[str]:
    """Return an organisation's registration codes that pass their own check.

    They are public in its own record's text. A code that fails its check (a 个体工商户's
    税务登记号 that is its owner's ID number) stays personal: the build's guard would
    refuse it on the page, so publish must too.
    """
    codes = [getattr(record, f, "") or "" for f in ORG_CODE_FIELDS]
    return [c for c in codes if is_valid_credit_code(c) or _is_registration_number(c)]


def _is_registration_number(value: str) -> bool:
    return len(value) == 15 and value.isdigit() and mod_11_10.is_valid(value)


ORG_CODE_FIELDS = (
    "party_credit_code",
    "party_reg_no",
    "party_org_code",
    "party_tax_no",
    "party_institution_no",
    "party_social_org_no",
)


def manual_choices(record: Any) -> tuple[list[str], list[str]]:
    """Return the officer's choices: strings always masked (遮蔽) and kept (保留)."""
    masks = getattr(record, "masks", None) or {}
    return list(masks.get("mask", [])), list(masks.get("unmask", []))


def present(values: Iterable[str | None]) -> tuple[str, ...]:
    """Return the non-empty values stripped, once each, in order."""
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
