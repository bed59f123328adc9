"""The record forms: input shape only. admin.domain.validation decides what is acceptable.

Selects accept any submitted value (``validate_choice=False``): the record type checks it
and the domain validation explains a refusal in Chinese next to the field.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from admin.domain import vocab
from admin.domain.fields import FIELD_LABELS


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (easier than Ctrl-click)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Return (value, label) pairs as the choices of a select field."""
    return [SelectChoice(value, label) for value, label in pairs]


def _select(label: str, values: tuple[str, ...] = (), blank: str | None = None) -> SelectField:
    choices = ([("", blank)] if blank is not None else []) + [(v, v) for v in values]
    return SelectField(label, choices=options(choices), validate_choice=False)


class RecordForm(FlaskForm):
    """Fields every record form carries: the version it was loaded from, its body."""

    version = HiddenField()
    body_id = SelectField("所属主体", validate_choice=False)


P = FIELD_LABELS["penalty"]


class PenaltyForm(RecordForm):
    party_kind = _select(P["party_kind"], vocab.PARTY_KINDS, blank="请选择")
    party_name = StringField(P["party_name"])
    party_credit_code = StringField(P["party_credit_code"])
    legal_rep = StringField(P["legal_rep"])
    legal_rep_id_type = _select(P["legal_rep_id_type"], vocab.ID_TYPES, blank="（不填）")
    legal_rep_id_number = StringField(P["legal_rep_id_number"])
    id_type = _select(P["id_type"], vocab.ID_TYPES, blank="（不填）")
    id_number = StringField(P["id_number"])
    party_address = StringField(P["party_address"])
    party_phone = StringField(P["party_phone"])
    related_persons = TextAreaField(P["related_persons"])
    decision_no = StringField(P["decision_no"])
    violation_type = StringField(P["violation_type"])
    facts = TextAreaField(P["facts"])
    basis = TextAreaField(P["basis"])
    kinds = CheckboxesField(P["kinds"], validate_choice=False)
    content = TextAreaField(P["content"])
    fine_yuan = StringField("罚款金额（元）")
    confiscation_yuan = StringField("没收违法所得、没收非法财物的金额（元）")
    filed_date = StringField(P["filed_date"])
    decision_date = StringField(P["decision_date"])
    validity_until = StringField(P["validity_until"])
    authority = StringField(P["authority"])
    authority_code = StringField(P["authority_code"])
    source_unit = StringField(P["source_unit"])
    source_unit_code = StringField(P["source_unit_code"])
    procedure = _select(P["procedure"], vocab.PROCEDURES, blank="请选择")
    severity = _select(P["severity"], vocab.SEVERITIES)
    review_required = BooleanField("须经法制审核")
    item_id = SelectField(P["item_id"], validate_choice=False)
    officers = CheckboxesField(P["officers"], validate_choice=False)
    remarks = TextAreaField(P["remarks"])


I = FIELD_LABELS["inspection"]  # noqa: E741


class InspectionForm(RecordForm):
    party_kind = _select(I["party_kind"], vocab.PARTY_KINDS, blank="请选择")
    party_name = StringField(I["party_name"])
    party_credit_code = StringField(I["party_credit_code"])
    party_address = StringField(I["party_address"])
    related_persons = TextAreaField(I["related_persons"])
    inspected_on = StringField(I["inspected_on"])
    item_id = SelectField(I["item_id"], validate_choice=False)
    result = _select(I["result"], vocab.INSPECTION_RESULTS, blank="请选择")
    findings = TextAreaField(I["findings"])
    follow_up = TextAreaField(I["follow_up"])
    officers = CheckboxesField(I["officers"], validate_choice=False)


N = FIELD_LABELS["info"]


class InfoForm(RecordForm):
    index_no = StringField(N["index_no"])
    title = StringField(N["title"])
    topic = _select(N["topic"], vocab.INFO_TOPICS, blank="请选择")
    publisher = StringField(N["publisher"])
    doc_no = StringField(N["doc_no"])
    written_on = StringField(N["written_on"])
    validity = _select(N["validity"], vocab.INFO_VALIDITY)
    project = StringField(N["project"])
    project_stage = _select(N["project_stage"], vocab.PROJECT_STAGES, blank="（非重大建设项目）")
    is_normative = BooleanField(N["is_normative"])
    issued_on = StringField(N["issued_on"])
    repealed_on = StringField(N["repealed_on"])
    summary = TextAreaField(N["summary"])
    body_md = TextAreaField(N["body_md"])


O = FIELD_LABELS["officer"]  # noqa: E741


class OfficerForm(RecordForm):
    name = StringField(O["name"])
    staff_kind = _select(O["staff_kind"], vocab.STAFF_KINDS)
    certificate_no = StringField(O["certificate_no"])
    category = StringField(O["category"])
    area = StringField(O["area"])
    status = _select(O["status"], vocab.OFFICER_STATUSES)
    id_number = StringField(O["id_number"])
    phone = StringField(O["phone"])


T = FIELD_LABELS["item"]


class ItemForm(RecordForm):
    code = StringField(T["code"])
    name = StringField(T["name"])
    category = _select(T["category"], vocab.ITEM_CATEGORIES, blank="请选择")
    legal_basis = TextAreaField(T["legal_basis"])
    procedure = TextAreaField(T["procedure"])
    time_limit = StringField(T["time_limit"])
    remedy = TextAreaField(T["remedy"])
    discretion = TextAreaField(T["discretion"])


S = FIELD_LABELS["subject"]


class SubjectForm(FlaskForm):
    version = HiddenField()
    name = StringField(S["name"])
    short_name = StringField(S["short_name"])
    slug = StringField(S["slug"])
    parent_id = SelectField(S["parent_id"], validate_choice=False)
    kind = _select(S["kind"], vocab.SUBJECT_KINDS, blank="请选择")
    is_enforcement_subject = BooleanField("是执法主体（以自己的名义作出决定并公示）")
    credit_code = StringField(S["credit_code"])
    decision_prefix = StringField(S["decision_prefix"])
    address = StringField(S["address"])
    phone = StringField(S["phone"])
    legal_basis = TextAreaField(S["legal_basis"])
    delegation_basis = TextAreaField(S["delegation_basis"])
    duties = TextAreaField(S["duties"])
    review_body = StringField(S["review_body"])
    court = StringField(S["court"])
