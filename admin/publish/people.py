"""The people the records name, for masking hand-written prose (the annual reports).

A report's sections are prose written in the back office, with no preview in which an
officer decides name candidates: its masker knows every natural person the records name
(parties and related persons, their ID numbers and phones) and keeps bodies and certified
officers (public officials) public.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain import vocab
from admin.domain.fieldmask import FieldMasker, present
from admin.domain.redact import KnownPeople
from admin.models import Body, Inspection, Licence, Officer, PenaltyDecision


def public_names(session: Session) -> list[str]:
    """Return the names the report may print: bodies and certified officers (public officials)."""
    officers = session.scalars(sa.select(Officer).where(Officer.certificate_no != ""))
    return [*session.scalars(sa.select(Body.name)), *(o.name for o in officers if o.is_certified)]


def report_masker(session: Session) -> FieldMasker:
    """Return the masker of the report's text: officials and bodies public, and every
    natural person the records name (party, related persons) masked wherever they appear.

    Without the records' people it only guessed names from role words: 「为马国福办理许可」
    named the demo's licence holder in full.
    """
    names: list[str] = []
    numbers: list[str] = []
    phones: list[str] = []
    for model in (PenaltyDecision, Licence, Inspection):
        blank = sa.literal("")  # an inspection records no ID number or phone of its party
        rows = session.execute(
            sa.select(
                model.party_kind,
                model.party_name,
                getattr(model, "id_number", blank),
                getattr(model, "party_phone", blank),
                model.related_persons,
            )
        )
        for kind, name, id_number, phone, related in rows:
            if kind == vocab.PARTY_NATURAL:
                names.append(name)
                numbers.append(id_number)
                phones.append(phone)
            for person in related or []:
                names.append(person.get("name", ""))
                numbers.append(person.get("id_number", ""))
                phones.append(person.get("phone", ""))
    known = KnownPeople(
        names=present(names),
        id_numbers=present(numbers),
        phones=present(phones),
        public_names=present(public_names(session)),
    )
    return FieldMasker(known, confirm_names=False)
