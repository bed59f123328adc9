"""The public form of a 行政许可决定 (docs/licences.md §2): front matter and 许可内容.

Beside :mod:`admin.domain.public_forms` and built from its parts: the same masker as a
penalty (natural persons 张某某, their ID numbers, phones and addresses never out; an
organisation named with its codes and 法定代表人), the same final check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from admin.domain import vocab
from admin.domain.fieldmask import FieldMasker, record_masker
from admin.domain.licence_dataset import LICENCES
from admin.domain.public_forms import (
    _checked,
    _drop_empty_dates,
    _header,
    _party_name,
    _refusing,
    _with_declared_texts,
)

_ORG_CODES = (
    "party_credit_code",
    "party_reg_no",
    "party_org_code",
    "party_tax_no",
    "party_institution_no",
    "party_social_org_no",
    "legal_rep",
)


def licence_title(doc_name: str, decision_no: str) -> str:
    """Return a licence's page title: the decision document's name and number."""
    return f"{doc_name}（{decision_no}）" if decision_no else doc_name


@_refusing
def licence_form(
    licence: Any,
    *,
    today: dt.date,
    on_time: bool | None,  # None: imported, its publication here is not its first
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
    masker: FieldMasker | None = None,
) -> tuple[dict[str, Any], str]:
    """Return the public form of a 行政许可决定; the body is the masked 许可内容.

    The 文书名称, 文书号, 证书名称 and 许可编号 are refused (not changed) when they hold
    anything personal: a number that changed silently would no longer find its licence.
    """
    m = masker or record_masker(licence, site=site, public_names=public_names)
    org = licence.party_kind != vocab.PARTY_NATURAL
    doc_name = m.refuse("doc_name", "行政许可决定文书名称", licence.doc_name)
    decision_no = m.refuse("decision_no", "行政许可决定文书号", licence.decision_no)
    front = _header(licence_title(doc_name, decision_no), licence, today)
    front |= {
        "party_kind": licence.party_kind,
        "party_name": _party_name(licence, site),
        **{key: (getattr(licence, key) or "") if org else "" for key in _ORG_CODES},
        "doc_name": doc_name,
        "decision_no": decision_no,
        "licence_kind": licence.licence_kind,
        "certificate_name": m.refuse("certificate_name", "许可证书名称", licence.certificate_name),
        "licence_no": m.refuse("licence_no", "许可编号", licence.licence_no),
        "decision_date": licence.decision_date,
        "valid_from": licence.valid_from,
        "valid_until": licence.valid_until,
        "authority": licence.authority,
        "authority_code": licence.authority_code,
        "current_status": licence.current_status or vocab.LICENCE_STATUS_VALID,
        "status_date": licence.status_date,
        "source_unit": licence.source_unit,
        "source_unit_code": licence.source_unit_code,
        "subject": licence.body.slug,
        "on_time": on_time,
    }
    front = _with_declared_texts(LICENCES, front, licence, m)
    body = m.mask("content", "许可内容", licence.content)
    m.check_confirmed()
    return _checked(_drop_empty_dates(front), body, "许可内容", m.known)
