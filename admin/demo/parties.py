"""Turn a demo party (a person, firm or 个体工商户 from the data files) into record fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from admin.demo import fictional
from admin.domain.vocab import PARTY_NATURAL

PLACE = "宁夏中卫市中宁县大战场镇"


def person(name: str, sex: str, age: int, on: dt.date) -> dict[str, str]:
    """Return a fictional person's private identifiers: name, ID number and phone."""
    born = fictional.birth_date(name, age, on)
    return {
        "name": name,
        "id_number": fictional.id_number(name, born, sex),
        "phone": fictional.mobile(name),
    }


def decision_party(party: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """Return the 行政相对人 fields of a PenaltyDecision for ``party`` as of ``on``."""
    fields: dict[str, Any] = {"party_kind": party["kind"], "party_name": party["name"]}
    if party["kind"] == PARTY_NATURAL:
        who = person(party["name"], party["sex"], party["age"], on)
        fields.update(
            id_type="身份证",
            id_number=who["id_number"],
            party_address=PLACE + party["address"],
            party_phone=who["phone"],
        )
        return fields
    code = fictional.credit_code(party["code"], party["name"])
    rep = person(party["legal_rep"], party["rep_sex"], party["rep_age"], on)
    fields.update(
        party_credit_code=code,
        # 三证合一: the organisation and tax numbers are read off the credit code.
        party_org_code=fictional.format_organisation_code(code),
        party_tax_no=code,
        party_reg_no=party.get("reg_no", ""),
        legal_rep=party["legal_rep"],
        legal_rep_id_type="身份证",
        legal_rep_id_number=rep["id_number"],
        party_address=party["address"],
        party_phone=rep["phone"],
    )
    return fields


def inspection_party(party: dict[str, Any]) -> dict[str, Any]:
    """Return the inspected party's fields of an Inspection."""
    natural = party["kind"] == PARTY_NATURAL
    return {
        "party_kind": party["kind"],
        "party_name": party["name"],
        "party_credit_code": "" if natural else fictional.credit_code(party["code"], party["name"]),
        # A firm's registered address is public; a person's home address is not kept.
        "party_address": "" if natural else party["address"],
    }


def related_persons(entries: list[dict[str, Any]], on: dt.date) -> list[dict[str, str]]:
    """Return the private list of other people a case names (witnesses, relatives)."""
    return [{**person(e["name"], e["sex"], e["age"], on), "role": e["role"]} for e in entries]
