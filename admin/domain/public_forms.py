"""The public form of each record: exactly the front matter and body that may be published.

One pure function per dataset returns ``(front_matter, body)`` with the keys of
docs/content-format.md, in that order, for a live (``published``) record; the publisher
writes it, adds notices, and may set ``published``/``updated`` from its own history.
Inputs are the ORM objects or anything with the same attributes.

- Natural persons appear masked (张某某) unless ``site["show_full_names"]``; their ID
  number, phone, address, related persons and the manual masks never appear.
- Organisations and 个体工商户 keep name, credit codes and legal representative.
- A party who is a minor on the decision date is never published.
- Officers: only certified ones (执法人员 with a certificate) are public; auxiliaries get
  None. An officer who left (离岗) stays published with ``officer_status = "离岗"``: the
  decisions they signed remain on the site and readers must be able to check who acted.
- Every public text field goes through one :class:`~admin.domain.fieldmask.FieldMasker`:
  free text is masked, titles and document numbers are refused when the masker would change
  them (fieldmask.py says why). Penalties, inspections and information items are refused
  while a name candidate is undecided (``confirm_names``; the preview passes False and a
  ``masker`` of its own to list them). Catalogue pages (subjects, officers, items) are
  masked without candidates: they describe the office, hold no case, and have no
  ``masks`` to keep an officer's choice in.
- Every form ends with ``assert_publishable`` (publishable.py): a form that still holds a
  personal number or a full name the record knows is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ParamSpec, TypeVar

from admin.domain import identifiers, vocab
from admin.domain.contentfile import COMMON_KEYS
from admin.domain.datasets import INSPECTIONS, ITEMS, OFFICERS, PENALTIES, SUBJECTS
from admin.domain.datasetspec import Dataset
from admin.domain.fieldmask import (
    FieldMasker,
    FieldRefused,
    catalogue_masker,
    info_masker,
    known_people,
    record_masker,
)
from admin.domain.publicity import effective_severity
from admin.domain.publishable import NotPublishable, assert_publishable
from admin.domain.redact import KnownPeople, mask_person_name

_P = ParamSpec("_P")
_R = TypeVar("_R")

FrontMatter = dict[str, Any]


def _refusing(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn a field's refusal into the form's own (NotPublishable)."""

    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        except FieldRefused as exc:
            raise NotPublishable(exc.message) from None

    return wrapper


@_refusing
def subject_form(
    body: Any,
    *,
    today: dt.date,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
) -> tuple[FrontMatter, str]:
    """Return the public form of an 执法主体 (``Body``); the body text is its duties."""
    parent = body.parent.slug if getattr(body, "parent", None) else ""
    m = catalogue_masker([*public_names, body.name, getattr(body.parent, "name", "") or ""])
    front = _header(body.name, body, today) | {
        "name": body.name,
        "kind": body.kind,
        "parent": parent,
        "credit_code": body.credit_code,
        "address": body.address,
        "phone": body.phone,
    }
    front = _with_declared_texts(SUBJECTS, front, body, m)
    return _checked(front, m.mask("duties", "职责", body.duties), "职责")


@_refusing
def officer_form(
    officer: Any, *, today: dt.date, site: Mapping[str, Any] | None = None
) -> tuple[FrontMatter, str] | None:
    """Return the public form of a certified officer, or None for anyone else."""
    if officer.staff_kind != "执法人员" or not officer.certificate_no:
        return None
    m = catalogue_masker([officer.name, officer.body.name])  # a public official (DESIGN.md)
    front = _header(officer.name, officer, today) | {
        "name": officer.name,
        "certificate_no": officer.certificate_no,
        "subject": officer.body.slug,
        "subject_name": officer.body.name,
        "officer_status": officer.status,
    }
    front = _with_declared_texts(OFFICERS, front, officer, m)
    return _checked(front, "", "正文", public_numbers=[officer.certificate_no])


@_refusing
def item_form(
    item: Any,
    *,
    today: dt.date,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
) -> tuple[FrontMatter, str]:
    """Return the public form of an 执法事项."""
    m = catalogue_masker([*public_names, item.body.name])
    front = _header(item.name, item, today) | {
        "name": item.name,
        "code": item.code,
        "category": item.category,
        "subject": item.body.slug,
        "subject_name": item.body.name,
    }
    front = _with_declared_texts(ITEMS, front, item, m)
    return _checked(front, "", "正文")


@_refusing
def penalty_form(
    decision: Any,
    *,
    today: dt.date,
    publicity_until: dt.date | None,
    # None: imported, published elsewhere first; the file then says nothing of it.
    on_time: bool | None,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
    masker: FieldMasker | None = None,
) -> tuple[FrontMatter, str]:
    """Return the public form of a 行政处罚决定; the body is the masked 违法事实.

    ``masker`` (the preview's) collects the fields and candidates instead of refusing them.
    """
    natural = decision.party_kind == vocab.PARTY_NATURAL
    if natural and identifiers.is_minor_on(decision.id_number or "", decision.decision_date):
        raise NotPublishable("当事人：未成年人的行政处罚决定不予公示")
    m = masker or record_masker(decision, site=site, public_names=public_names)
    org = not natural
    front = _header(m.refuse("decision_no", "决定书文号", decision.decision_no), decision, today)
    front |= {
        "decision_no": decision.decision_no,
        "party_kind": decision.party_kind,
        "party_name": _party_name(decision, site),
        "party_credit_code": decision.party_credit_code if org else "",
        "party_reg_no": decision.party_reg_no if org else "",
        "party_org_code": decision.party_org_code if org else "",
        "party_tax_no": decision.party_tax_no if org else "",
        "party_institution_no": decision.party_institution_no if org else "",
        "party_social_org_no": decision.party_social_org_no if org else "",
        "legal_rep": decision.legal_rep if org else "",
        "kinds": list(decision.kinds),
        "fine_fen": decision.fine_fen,
        "confiscation_fen": decision.confiscation_fen,
        "decision_date": decision.decision_date,
        "validity_until": decision.validity_until,
        "publicity_until": publicity_until,
        "authority": decision.authority,
        "authority_code": decision.authority_code,
        "source_unit": decision.source_unit,
        "source_unit_code": decision.source_unit_code,
        "procedure": decision.procedure,
        # The severity the publicity period was counted by: a 警告-only or 简易程序
        # decision is 轻微 whatever was ticked (LAW.md §3), so the page agrees with its date.
        "severity": effective_severity(decision.severity, decision.procedure, decision.kinds),
        "item": decision.item.slug if decision.item else "",
        "item_name": decision.item.name if decision.item else "",
        "subject": decision.body.slug,
        "on_time": on_time,
    }
    front = _with_declared_texts(PENALTIES, front, decision, m)
    body = m.mask("facts", "违法事实", decision.facts)
    m.check_confirmed()
    return _checked(_drop_empty_dates(front), body, "违法事实", m.known)


@_refusing
def inspection_form(
    inspection: Any,
    *,
    today: dt.date,
    on_time: bool,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
    masker: FieldMasker | None = None,
) -> tuple[FrontMatter, str]:
    """Return the public form of a 检查结果; the body is the masked findings."""
    m = masker or record_masker(inspection, site=site, public_names=public_names)
    party = _party_name(inspection, site)
    natural = inspection.party_kind == vocab.PARTY_NATURAL
    # The title is made here from the public party name and the date: nothing to mask.
    title = f"{party}行政检查结果（{inspection.inspected_on.isoformat()}）"
    front = _header(title, inspection, today)
    front |= {
        "party_kind": inspection.party_kind,
        "party_name": party,
        "party_credit_code": "" if natural else inspection.party_credit_code,
        "inspected_on": inspection.inspected_on,
        "item": inspection.item.slug if inspection.item else "",
        "item_name": inspection.item.name if inspection.item else "",
        "subject": inspection.body.slug,
        "on_time": on_time,
    }
    front = _with_declared_texts(INSPECTIONS, front, inspection, m)
    findings = m.mask("findings", "检查情况", inspection.findings)
    m.check_confirmed()
    return _checked(front, findings, "检查情况", m.known)


@_refusing
def info_form(
    info: Any,
    *,
    today: dt.date,
    on_time: bool,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
    masker: FieldMasker | None = None,
) -> tuple[FrontMatter, str]:
    """Return the public form of a 政府信息 item; title and 文号 refused, texts masked."""
    m = masker or info_masker(info, public_names=public_names)
    front = _header(m.refuse("title", "标题", info.title), info, today) | {
        "index_no": info.index_no,
        "summary": m.mask("summary", "内容概述", info.summary),
        "topic": info.topic,
        "publisher": info.publisher,
        "doc_no": m.refuse("doc_no", "文号", info.doc_no),
        "written_on": info.written_on,
        "published_on": info.published_on,
        "validity": info.validity,
        "project": m.refuse("project", "项目名称", info.project or ""),
        "project_stage": info.project_stage or "",
        "subject": info.body.slug,
        "attachments": [
            {
                "name": m.refuse("attachments", "附件", a.get("name", "")),
                "url": a.get("url") or a.get("file", ""),
            }
            for a in info.attachments or []
        ],
        "on_time": on_time,
    }
    body = m.mask("body_md", "正文", info.body_md)
    m.check_confirmed()
    return _checked(_drop_empty_dates(front), body, "正文", m.known)


def _with_declared_texts(
    dataset: Dataset, front: FrontMatter, record: Any, m: FieldMasker
) -> FrontMatter:
    """Add the declared masked texts and plain fields to ``front``, in file order."""
    for f in dataset.public_fields():
        if not f.in_file or not (f.masked or f.plain):
            continue
        value = getattr(record, f.model_attribute)
        front[f.key] = m.mask(f.key, f.title, value) if f.masked else value
    order = [*COMMON_KEYS, *dataset.file_keys()]
    return {k: front[k] for k in order if k in front} | front


def _header(title: str, record: Any, today: dt.date) -> FrontMatter:
    published = getattr(record, "published_on", None) or today
    return {"title": title, "status": "published", "published": published, "updated": today}


def _party_name(record: Any, site: Mapping[str, Any] | None) -> str:
    name = str(record.party_name)
    if record.party_kind != vocab.PARTY_NATURAL or (site or {}).get("show_full_names", False):
        return name
    return mask_person_name(name)


def _checked(
    front: FrontMatter,
    body: str,
    body_label: str,
    known: KnownPeople | None = None,
    public_numbers: Iterable[str] = (),
) -> tuple[FrontMatter, str]:
    body = body or ""
    assert_publishable(
        front, body, body_label=body_label, known=known, public_numbers=public_numbers
    )
    return front, body


def _drop_empty_dates(front: FrontMatter) -> FrontMatter:
    """TOML has no null: optional dates are left out when empty."""
    return {k: v for k, v in front.items() if v is not None}


__all__ = [
    "NotPublishable",
    "assert_publishable",
    "catalogue_masker",
    "info_masker",
    "known_people",
    "record_masker",
]
