"""What each record type tells the shared list and form views: fields, layout, rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import sqlalchemy as sa
from flask import abort, g
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from admin.backoffice.records import formsupport as fs
from admin.backoffice.records.forms import options
from admin.backoffice.records.listing import Filter
from admin.backoffice.records.scope import visible_bodies, visible_body_ids
from admin.domain import vocab
from admin.domain import workflow as rules
from admin.domain.datasets import DATASETS
from admin.domain.dates import DATE_EXAMPLES, DateError, format_day, parse_day
from admin.domain.fields import FIELD_LABELS
from admin.domain.validation import FieldError
from admin.models import Body
from admin.models.db import db
from admin.store import states
from admin.store.slugs import allocate_slug

#: States in which a record can no longer be edited here: it is public (or was), and a
#: change goes through withdrawal and publishing again in the workflow (the rules' own).
LOCKED_STATES = rules.LOCKED_STATES


def _inserted(names: list[str], key: str, after: list[str]) -> list[str]:
    """Return ``names`` with ``key`` before the first of ``after`` it holds, else at the end."""
    at = next((names.index(k) for k in after if k in names), len(names))
    return [*names[:at], key, *names[at:]]


class RecordType:
    """The description of one record type; subclasses fill in the class attributes."""

    dataset: ClassVar[str]  # blueprint name and dataset name: "penalties"
    record: ClassVar[str]  # key of fields.FIELD_LABELS: "penalty"
    model: ClassVar[type]
    title: ClassVar[str]  # "行政处罚决定"
    form_class: ClassVar[type[FlaskForm]]
    write_roles: ClassVar[tuple[str, ...]] = ("officer",)
    #: Model attributes a form may set; anything else posted is ignored.
    fields: ClassVar[tuple[str, ...]]
    #: Attributes set only when the record is created (its body, its slug).
    create_only: ClassVar[tuple[str, ...]] = ("body_id",)
    text_fields: ClassVar[tuple[str, ...]] = ()
    date_fields: ClassVar[tuple[str, ...]] = ()
    bool_fields: ClassVar[tuple[str, ...]] = ()
    #: Personal values, masked in the audit trail.
    private: ClassVar[frozenset[str]] = frozenset()
    markdown: ClassVar[tuple[str, ...]] = ()
    #: Fieldsets of the form: (legend, form field names).
    layout: ClassVar[list[tuple[str, list[str]]]]
    hints: ClassVar[dict[str, str]] = {}
    #: Domain field → form field, where the form asks in another shape (元 for 分).
    error_fields: ClassVar[dict[str, str]] = {}
    #: (header, function of the record) per list column; the first links to the record.
    columns: ClassVar[list[tuple[str, Callable[[Any], Any]]]]
    #: The columns its list searches: admin.models.searchindex.SEARCHED (with their index).
    filters: ClassVar[list[Filter]] = []
    order: ClassVar[Sequence[Any]]
    has_state: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Add the declaration's plain fields to the form, its field lists and its layout."""
        super().__init_subclass__(**kwargs)
        declared = DATASETS.get(getattr(cls, "dataset", ""))
        for field in declared.plain_fields() if declared else ():
            widget = TextAreaField if field.multiline else StringField
            setattr(cls.form_class, field.key, widget(field.title))
            cls.text_fields = (*cls.text_fields, field.key)
            cls.fields = (*cls.fields, field.key)
            after = [f.key for f in declared.fields[declared.fields.index(field) + 1 :]]
            group = field.form_group
            cls.layout = [
                (legend, _inserted(names, field.key, after) if legend == group else names)
                for legend, names in cls.layout
            ]

    @property
    def labels(self) -> dict[str, str]:
        return FIELD_LABELS[self.record]

    # Scope -----------------------------------------------------------------------------

    def list_query(self) -> sa.Select:
        """Return the query of the records the signed-in account may see."""
        ids = visible_body_ids(db.session, g.user)
        return sa.select(self.model).where(self.model.body_id.in_(ids))

    def get_or_404(self, record_id: int) -> Any:
        """Return the record if the signed-in account may see it; 404 otherwise."""
        record = db.session.get(self.model, record_id)
        if record is None or record.body_id not in visible_body_ids(db.session, g.user):
            abort(404)  # another body's record: as if it did not exist
        return record

    def is_locked(self, record: Any) -> bool:
        return self.has_state and record.state in LOCKED_STATES

    def name_of(self, record: Any) -> str:
        """Return how a person names the record: its 文号, title or name, else its slug."""
        for attribute in ("decision_no", "title", "name", "party_name"):
            value = getattr(record, attribute, None)
            if value:
                return str(value)
        return str(record.slug)

    def edit_warning(self, record: Any | None) -> str:
        """Return what saving an edit will undo, said before saving ('' when nothing)."""
        if record is None or not self.has_state or record.state != vocab.STATE_APPROVED:
            return ""
        # An approval holds for the revision it judged (admin.domain.workflow): say so
        # before the officer saves, not after the approval has silently gone.
        return (
            f"这条记录的第 {record.version} 版已通过法制审核。保存后需重新法制审核："
            "修改后原审核同意失效，须重新提交审核后才能公示（未作修改则不受影响）。"
        )

    def version_of(self, record: Any) -> str:
        """Return the version a form carries to detect a concurrent change."""
        return str(record.version)

    # Form ------------------------------------------------------------------------------

    def prepare(self, form: FlaskForm, record: Any | None) -> None:
        """Fill the choices of select fields."""
        if "body_id" in form:
            form.body_id.choices = options(
                (str(body.id), body.name) for body in visible_bodies(db.session, g.user)
            )

    def hint(self, name: str) -> str:
        """Return the hint beside field ``name``: its own, and for a date what it accepts."""
        own = self.hints.get(name, "")
        if name in self.date_fields:
            return f"{own}可写作 {DATE_EXAMPLES}。"
        return own

    def defaults(self, form: FlaskForm) -> dict[str, str]:
        """Fill a new form's defaults; return hints to show (e.g. a suggested number)."""
        return {}

    def load(self, form: FlaskForm, record: Any) -> None:
        """Fill the form from a stored record."""
        for name in self.text_fields + self.bool_fields:
            form[name].data = getattr(record, name)
        for name in self.date_fields:
            form[name].data = format_day(getattr(record, name))

    def values(self, form: FlaskForm, record: Any | None) -> tuple[dict[str, Any], list]:
        """Return the model values the form gives, and conversion errors."""
        errors: list[FieldError] = []
        values: dict[str, Any] = {}
        for name in self.text_fields:
            values[name] = fs.text_of(form[name].data)
        for name in self.date_fields:
            try:
                values[name] = parse_day(form[name].data, self.labels[name])
            except DateError as exc:
                errors.append(FieldError(name, self.labels[name], exc.message))
                values[name] = None
        for name in self.bool_fields:
            values[name] = bool(form[name].data)
        if record is None and "body_id" in self.create_only:
            values["body_id"] = self.chosen_body_id(form, errors)
        self.convert(form, values, errors, record)
        return values, errors

    def chosen_body_id(self, form: FlaskForm, errors: list[FieldError]) -> int | None:
        """Return the chosen body's id if the account may file under it."""
        raw = fs.text_of(form.body_id.data)
        allowed = visible_body_ids(db.session, g.user)
        if raw.isdigit() and int(raw) in allowed:
            return int(raw)
        if not allowed:
            # Say the way out: no choice is offered at all (#16).
            message = (
                "所属主体：您的账户还没有所属的执法主体，请管理员在“账户”页面设定"
                f"（或运行 gongshi user bodies {g.user.username} 主体名称）"
            )
            if db.session.scalar(sa.select(Body.id).limit(1)) is None:
                message = (
                    "所属主体：还没有任何执法主体，请管理员先导入（gongshi import subjects FILE）"
                )
            errors.append(FieldError("body_id", "所属主体", message))
            return None
        errors.append(FieldError("body_id", "所属主体", "所属主体：请选择您所在的执法主体或机构"))
        return None

    def convert(
        self, form: FlaskForm, values: dict[str, Any], errors: list, record: Any | None
    ) -> None:
        """Convert the fields of other shapes (amounts, lists, relations)."""

    def validate(self, values: dict[str, Any], record: Any | None) -> list[FieldError]:
        """Return the domain's refusals of ``values``."""
        raise NotImplementedError

    # Saving ----------------------------------------------------------------------------

    def new_slug(self, values: dict[str, Any]) -> str:
        """Return the slug of a new record, free in the database and in content/."""
        folder = fs.content_root() / self.dataset
        prefix = self.slug_prefix(values)
        return allocate_slug(db.session, self.model, prefix, content_folder=folder)

    def slug_prefix(self, values: dict[str, Any]) -> str:
        """Return the slug prefix of a new record (a year or a category code)."""
        return str(fs.today().year)

    def created(self, record: Any) -> None:
        """Set what a new record gets beside the form's values (its author)."""
        if hasattr(record, "created_by_id"):
            record.created_by_id = g.user.id

    def edited(self, record: Any) -> None:
        """Move a record after an edit changed it: the state machine's EDIT (an approved
        decision goes back to draft, its approval given to the previous revision)."""
        if self.has_state:
            actor = rules.Actor(g.user.id, frozenset(g.user.roles))
            states.apply_transition(db.session, record, rules.EDIT, actor, dataset=self.dataset)

    def snapshot(self, record: Any) -> dict[str, Any]:
        """Return the audited values of a record."""
        return fs.snapshot(record, self.fields)

    def body_choices(self) -> list[Body]:
        return visible_bodies(db.session, g.user)
