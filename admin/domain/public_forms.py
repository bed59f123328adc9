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
- Every form ends with ``assert_publishable``: a form that still holds a personal number or
  a full name the record knows is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from admin.domain import identifiers, pii, vocab
from admin.domain.publicity import effective_severity
from admin.domain.redact import KnownPeople, known_name_spans, mask_person_name, redact_text
from admin.domain.render import render_markdown, render_plain
from admin.domain.textfold import Folded

FrontMatter = dict[str, Any]

FIELD_LABELS = {
    "title": "标题",
    "name": "名称",
    "decision_no": "决定书文号",
    "party_name": "当事人名称",
    "legal_rep": "法定代表人",
    "violation_type": "违法行为类型",
    "basis": "处罚依据",
    "content": "处罚内容",
    "kinds": "处罚类别",
    "licence_info": "暂扣或吊销证照名称及编号",
    "authority": "处罚机关",
    "source_unit": "数据来源单位",
    "item_name": "执法事项",
    "subject_name": "执法主体",
    "remarks": "备注",
    "result": "检查结果",
    "follow_up": "整改情况",
    "summary": "内容概述",
    "publisher": "发布机构",
    "doc_no": "文号",
    "phone": "联系电话",
    "address": "地址",
    "certificate_no": "执法证号",
    "attachments": "附件",
}
KIND_LABELS = {pii.ID_NUMBER: "身份证号", pii.MOBILE: "手机号", pii.BANK_CARD: "银行卡号"}


class NotPublishable(Exception):
    """A record whose public form may not be published; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def subject_form(
    body: Any, *, today: dt.date, site: Mapping[str, Any] | None = None
) -> tuple[FrontMatter, str]:
    """Return the public form of an 执法主体 (``Body``); the body text is its duties."""
    parent = body.parent.slug if getattr(body, "parent", None) else ""
    front = _header(body.name, body, today) | {
        "name": body.name,
        "kind": body.kind,
        "parent": parent,
        "credit_code": body.credit_code,
        "address": body.address,
        "phone": body.phone,
        "office_hours": body.office_hours,
        "legal_basis": body.legal_basis,
        "delegation_basis": body.delegation_basis,
        "supervisor": body.supervisor,
        "complaint_channel": body.complaint_channel,
        "review_body": body.review_body,
        "court": body.court,
    }
    return _checked(front, body.duties, "职责")


def officer_form(
    officer: Any, *, today: dt.date, site: Mapping[str, Any] | None = None
) -> tuple[FrontMatter, str] | None:
    """Return the public form of a certified officer, or None for anyone else."""
    if officer.staff_kind != "执法人员" or not officer.certificate_no:
        return None
    front = _header(officer.name, officer, today) | {
        "name": officer.name,
        "certificate_no": officer.certificate_no,
        "category": officer.category,
        "area": officer.area,
        "subject": officer.body.slug,
        "subject_name": officer.body.name,
        "officer_status": officer.status,
    }
    return _checked(front, "", "正文", public_numbers=[officer.certificate_no])


def item_form(
    item: Any, *, today: dt.date, site: Mapping[str, Any] | None = None
) -> tuple[FrontMatter, str]:
    """Return the public form of an 执法事项."""
    front = _header(item.name, item, today) | {
        "name": item.name,
        "code": item.code,
        "category": item.category,
        "subject": item.body.slug,
        "subject_name": item.body.name,
        "legal_basis": item.legal_basis,
        "procedure": item.procedure,
        "time_limit": item.time_limit,
        "remedy": item.remedy,
        "discretion": item.discretion,
    }
    return _checked(front, "", "正文")


def penalty_form(
    decision: Any,
    *,
    today: dt.date,
    publicity_until: dt.date | None,
    on_time: bool,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
) -> tuple[FrontMatter, str]:
    """Return the public form of a 行政处罚决定; the body is the masked 违法事实."""
    natural = decision.party_kind == vocab.PARTY_NATURAL
    if natural and identifiers.is_minor_on(decision.id_number or "", decision.decision_date):
        raise NotPublishable("当事人：未成年人的行政处罚决定不予公示")
    known = known_people(decision, site=site, public_names=public_names)
    masks, unmasks = _manual(decision)

    def clean(text: str) -> str:
        return redact_text(text or "", known, masks, unmasks).text

    org = not natural
    front = _header(decision.decision_no, decision, today) | {
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
        "violation_type": decision.violation_type,
        "basis": clean(decision.basis),
        "kinds": list(decision.kinds),
        "content": clean(decision.content),
        "fine_fen": decision.fine_fen,
        "confiscation_fen": decision.confiscation_fen,
        "licence_info": decision.licence_info,
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
        "remarks": clean(decision.remarks),
        "on_time": on_time,
    }
    return _checked(_drop_empty_dates(front), clean(decision.facts), "违法事实", known)


def inspection_form(
    inspection: Any,
    *,
    today: dt.date,
    on_time: bool,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
) -> tuple[FrontMatter, str]:
    """Return the public form of a 检查结果; the body is the masked findings."""
    known = known_people(inspection, site=site, public_names=public_names)
    masks, unmasks = _manual(inspection)
    party = _party_name(inspection, site)
    natural = inspection.party_kind == vocab.PARTY_NATURAL
    front = _header(
        f"{party}行政检查结果（{inspection.inspected_on.isoformat()}）", inspection, today
    )
    front |= {
        "party_kind": inspection.party_kind,
        "party_name": party,
        "party_credit_code": "" if natural else inspection.party_credit_code,
        "inspected_on": inspection.inspected_on,
        "item": inspection.item.slug if inspection.item else "",
        "item_name": inspection.item.name if inspection.item else "",
        "subject": inspection.body.slug,
        "result": inspection.result,
        "follow_up": redact_text(inspection.follow_up or "", known, masks, unmasks).text,
        "on_time": on_time,
    }
    findings = redact_text(inspection.findings or "", known, masks, unmasks).text
    return _checked(front, findings, "检查情况", known)


def info_form(
    info: Any,
    *,
    today: dt.date,
    on_time: bool,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
) -> tuple[FrontMatter, str]:
    """Return the public form of a 政府信息 item; summary and text are masked."""
    known = KnownPeople(public_names=(*public_names, info.publisher, info.body.name))
    masks, unmasks = _manual(info)
    front = _header(info.title, info, today) | {
        "index_no": info.index_no,
        "summary": redact_text(info.summary or "", known, masks, unmasks).text,
        "topic": info.topic,
        "publisher": info.publisher,
        "doc_no": info.doc_no,
        "written_on": info.written_on,
        "published_on": info.published_on,
        "validity": info.validity,
        "subject": info.body.slug,
        "attachments": [
            {"name": a.get("name", ""), "url": a.get("url") or a.get("file", "")}
            for a in info.attachments or []
        ],
        "on_time": on_time,
    }
    body = redact_text(info.body_md or "", known, masks, unmasks).text
    return _checked(_drop_empty_dates(front), body, "正文", known)


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
        names=_present(names),
        id_numbers=_present(
            [getattr(record, "id_number", ""), getattr(record, "legal_rep_id_number", "")]
            + [p.get("id_number", "") for p in related]
        ),
        phones=_present(
            [getattr(record, "party_phone", "")] + [p.get("phone", "") for p in related]
        ),
        addresses=_present(
            ([record.party_address] if natural else []) + [p.get("address", "") for p in related]
        ),
        public_names=_present(public),
        public_numbers=_present(o.certificate_no for o in officers),
    )


def assert_publishable(
    front_matter: Mapping[str, Any],
    body: str,
    *,
    body_label: str = "正文",
    known: KnownPeople | None = None,
    public_numbers: Iterable[str] = (),
) -> None:
    """Refuse a public form that still holds a personal number or a known person's name.

    The body is checked as written and as the site shows it (rendered HTML, and the plain
    text of the data files), with the scanner the build's leak guard runs: markup that
    splits a number in the Markdown joins it on the page, and publish must never accept
    what every later build would refuse (issue 14).
    """
    public = {_compact(n) for n in (*public_numbers, *(known.public_numbers if known else ()))}
    texts = [(label, text) for label, text in _texts(front_matter)] + [(body_label, body)]
    texts += _shown_body(body_label, body)
    for label, text in texts:
        for hit in pii.find_personal_numbers(text, markup=True, public=public):
            raise NotPublishable(
                f"{label}：含疑似{KIND_LABELS[hit.kind]}（{hit.masked}），不予公示"
            )
        if known is None:
            continue
        guarded = [(m, m + len(n)) for n in known.public_names if n for m in _find_all(text, n)]
        for name in known.names:
            if known_name_spans(text, name, guarded):
                raise NotPublishable(f"{label}：含自然人全名（{mask_person_name(name)}），不予公示")


def _shown_body(label: str, body: str) -> list[tuple[str, str]]:
    """Return the body as the built site shows it: its page's HTML and its plain text."""
    if not body:
        return []
    return [(label, str(render_markdown(body))), (label, render_plain(body))]


def _header(title: str, record: Any, today: dt.date) -> FrontMatter:
    published = getattr(record, "published_on", None) or today
    return {"title": title, "status": "published", "published": published, "updated": today}


def _party_name(record: Any, site: Mapping[str, Any] | None) -> str:
    if record.party_kind != vocab.PARTY_NATURAL or (site or {}).get("show_full_names", False):
        return record.party_name
    return mask_person_name(record.party_name)


def _manual(record: Any) -> tuple[list[str], list[str]]:
    masks = getattr(record, "masks", None) or {}
    return list(masks.get("mask", [])), list(masks.get("unmask", []))


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


def _texts(front: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Return (label, "key = value") for every scalar: the key labels organisation codes."""
    out = []
    for key, value in front.items():
        label = FIELD_LABELS.get(key, key)
        if isinstance(value, Mapping):
            out += _texts(value, label)
        elif isinstance(value, list | tuple):
            for element in value:
                out += (
                    _texts(element, label)
                    if isinstance(element, Mapping)
                    else [(label, str(element))]
                )
        elif isinstance(value, str | int) and not isinstance(value, bool):
            out.append((prefix or label, f"{key} = {value}"))
    return out


def _drop_empty_dates(front: FrontMatter) -> FrontMatter:
    """TOML has no null: optional dates are left out when empty."""
    return {k: v for k, v in front.items() if v is not None}


def _present(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _compact(number: str) -> str:
    return "".join(ch for ch in Folded(number).text.upper() if ch.isalnum())


def _find_all(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found
