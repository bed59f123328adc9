"""行政许可决定: the paginated list, its year and 许可类别 pages, one page per licence."""

from __future__ import annotations

from flask import Blueprint, abort

from admin.domain import vocab
from admin.site.content import VALIDITY_PASSED, Record
from admin.site.views.helpers import current_site
from admin.site.views.listing import add_list_routes, show_list
from admin.site.views.records import find_or_404, show_record
from admin.site.views.remedies import remedies_for

bp = Blueprint("licences", __name__, url_prefix="/licences")
COLUMN = "行政许可决定"
TEMPLATE = "licences/index.html"
KIND_BY_SLUG = {slug: kind for kind, slug in vocab.LICENCE_KIND_SLUGS.items()}


def with_kind(kind: str) -> list[Record]:
    """Return the listed licences of 许可类别 ``kind``, in list order."""
    return [r for r in current_site().listed("licences") if r.get("licence_kind") == kind]


def licences_of(subject: Record) -> list[Record]:
    """Return the listed licences a 执法主体 granted: by 许可机关统一社会信用代码, else name."""
    code, name = str(subject.get("credit_code") or ""), str(subject.get("name") or "")
    chosen = []
    for record in current_site().listed("licences"):
        granted = str(record.get("authority_code") or "")
        if granted == code if code and granted else record.get("authority") == name:
            chosen.append(record)
    return chosen


def _kind_filter() -> dict[str, list[tuple[str, str]]]:
    used = {r.get("licence_kind") for r in current_site().listed("licences")}
    kinds = [(k, slug) for k, slug in vocab.LICENCE_KIND_SLUGS.items() if k in used]
    return {"kind_filter": kinds}


add_list_routes(bp, "licences", column=COLUMN, template=TEMPLATE, extra=_kind_filter)


@bp.get("/kind/<kind>/")
@bp.get("/kind/<kind>/page/<int:n>/", endpoint="kind_page")
def kind(kind: str, n: int | None = None) -> str:
    """List the licences of one 许可类别."""
    if kind not in KIND_BY_SLUG:
        abort(404)
    name = KIND_BY_SLUG[kind]
    records = with_kind(name)
    if not records:
        abort(404)
    return show_list(
        "licences",
        records,
        n,
        endpoint="licences.kind",
        column=COLUMN,
        heading=f"{COLUMN}（{name}许可）",
        template=TEMPLATE,
        values={"kind": kind},
        kind=kind,
        **_kind_filter(),
    )


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one licence with every public field, its current status and its remedies."""
    record = find_or_404("licences", slug)
    return show_record(
        record,
        "licences/detail.html",
        column=COLUMN,
        description=f"{record.get('decision_no')} {record.get('certificate_name')}",
        remedies=remedies_for(record),
        expired=bool(record.get(VALIDITY_PASSED, False)),
    )
