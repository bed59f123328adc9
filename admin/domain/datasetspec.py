"""The vocabulary of the record-type declaration (admin.domain.datasets): a field, a type."""

from __future__ import annotations

from dataclasses import dataclass

#: How a detail page shows a value: as it is, as a wide row, a list joined by 、, or
#: an amount in 分 shown in 元 (left out when zero).
TEXT, WIDE, LIST, YUAN = "text", "wide", "list", "yuan"


@dataclass(frozen=True)
class Field:
    """One field of a record type's public form (or, with ``public=False``, of its input).

    ``description`` is the open-data dictionary's: a field without one is in the content
    file only. ``masked`` free text goes through the masker before publication (its label
    in a refusal is ``title``). ``plain`` fields are copied from the model attribute of the
    same name with no rule of their own besides masking: the public form, the back-office
    form, the page and the data files all come from this line.
    """

    key: str
    title: str
    description: str = ""
    masked: bool = False
    plain: bool = False
    public: bool = True
    #: In the content file's front matter (``title`` and the body are not: they have
    #: places of their own).
    in_file: bool = True
    #: The model attribute it is read from, when not ``key`` (the body from ``facts``).
    source: str = ""
    #: The 双公示 header (LAW.md §6) and the column's number in the standard (1–30).
    column: str = ""
    column_no: int = 0
    #: The longest text the model's String column holds (plain fields).
    size: int | None = None
    #: The detail page: its block of the type's template, the label when not ``title``,
    #: and how the value is shown.
    section: str = ""
    shown: str = ""
    show: str = TEXT
    #: The page shows the field right before that one (the open data does not), and when
    #: it is empty the record's attribute named here (``published``).
    page_before: str = ""
    fallback: str = ""
    #: The back office: the form group a plain field joins, and a multi-line input.
    form_group: str = ""
    multiline: bool = False
    #: The content file puts this key right before that one (the open data does not).
    file_before: str = ""

    @property
    def model_attribute(self) -> str:
        """Return the model attribute the field is read from."""
        return self.source or self.key

    @property
    def page_label(self) -> str:
        """Return the label of the field's row on a detail page."""
        return self.shown or self.title


@dataclass(frozen=True)
class Dataset:
    """One record type: where it lives, what it is called, its workflow and its fields."""

    #: The content folder, URL prefix and open-data file name.
    key: str
    #: What the back office, the audit log and commit messages call one of them.
    name: str
    #: The open data's name of the dataset and what one row is.
    data_title: str
    data_row: str
    #: The audit log's entity and the key of ``admin.domain.fields.FIELD_LABELS``.
    entity: str
    label_key: str
    #: Whether records go through the review workflow (draft → … → published).
    workflow: bool
    fields: tuple[Field, ...]
    #: The public URL of one record (officers have no page of their own).
    page: str = "/{dataset}/{slug}/"

    def public_fields(self) -> tuple[Field, ...]:
        """Return the fields of the public form, in the open data's order."""
        return tuple(f for f in self.fields if f.public)

    def data_fields(self) -> tuple[Field, ...]:
        """Return the fields of the open data (CSV/JSON columns), in order."""
        return tuple(f for f in self.fields if f.public and f.description)

    def file_keys(self) -> tuple[str, ...]:
        """Return the front-matter keys of the dataset, in file order (after the common ones)."""
        keys = [f.key for f in self.fields if f.public and f.in_file]
        for f in self.fields:
            if f.file_before and f.key in keys:
                keys.remove(f.key)
                keys.insert(keys.index(f.file_before), f.key)
        return tuple(keys)

    def section(self, name: str) -> tuple[Field, ...]:
        """Return the fields shown in block ``name`` of the detail page, in order."""
        fields = [f for f in self.fields if f.public and f.section == name]
        for f in [f for f in fields if f.page_before]:
            fields.remove(f)
            fields.insert(next(i for i, g in enumerate(fields) if g.key == f.page_before), f)
        return tuple(fields)

    def plain_fields(self) -> tuple[Field, ...]:
        """Return the plain public fields (copied from the model attribute, perhaps masked)."""
        return tuple(f for f in self.fields if f.plain)

    def field(self, key: str) -> Field:
        """Return the field ``key`` (KeyError when the type has none)."""
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def has_pages(self) -> bool:
        """Return whether each record has a page of its own (officers share the list's)."""
        return "{slug}" in self.page

    def url(self, slug: str) -> str:
        """Return the site path of record ``slug``."""
        return self.page.format(dataset=self.key, slug=slug)


def party_code(number: int, key: str, title: str) -> Field:
    """Return 行政相对人代码_2…6 of a penalty: 双公示 columns 4–8."""
    column = f"行政相对人代码_{number}({title})"
    description = f"行政相对人代码_{number}"
    return Field(key, title, description, column=column, column_no=number + 2, section="party")


#: Columns 1–13 of both 双公示 standards (行政许可 and 行政处罚): the party, its codes,
#: its legal representative, and the identity documents that are never published.
PARTY_FIELDS: tuple[Field, ...] = (
    Field(
        "party_name",
        "行政相对人名称",
        "自然人仅显示姓氏，名字以“某”代替",
        column_no=1,
        section="party",
    ),
    Field(
        "party_kind",
        "行政相对人类别",
        "法人及非法人组织、自然人或个体工商户",
        column_no=2,
        section="party",
        file_before="party_name",
    ),
    Field(
        "party_credit_code",
        "统一社会信用代码",
        "行政相对人代码_1（自然人不公示证件号码）",
        column="行政相对人代码_1(统一社会信用代码)",
        column_no=3,
        section="party",
    ),
    party_code(2, "party_reg_no", "工商注册号"),
    party_code(3, "party_org_code", "组织机构代码"),
    party_code(4, "party_tax_no", "税务登记号"),
    party_code(5, "party_institution_no", "事业单位证书号"),
    party_code(6, "party_social_org_no", "社会组织登记证号"),
    Field(
        "legal_rep",
        "法定代表人",
        "组织的法定代表人（登记信息，依法公开）",
        column_no=9,
        section="party",
    ),
    Field("legal_rep_id_type", "法定代表人证件类型", public=False, column_no=10),
    Field("legal_rep_id_number", "法定代表人证件号码", public=False, column_no=11),
    Field("id_type", "证件类型", public=False, column_no=12),
    Field("id_number", "证件号码", public=False, column_no=13),
)
