"""行政处罚决定: the paginated list, its year and kind filter pages, one page per decision."""

from __future__ import annotations

from flask import Blueprint, abort

from admin.domain import vocab
from admin.site.views.helpers import current_site
from admin.site.views.listing import add_list_routes, show_list
from admin.site.views.records import find_or_404, show_record
from admin.site.views.remedies import remedies_for

bp = Blueprint("penalties", __name__, url_prefix="/penalties")
COLUMN = "行政处罚决定"
TEMPLATE = "penalties/index.html"
KIND_BY_SLUG = {slug: kind for kind, slug in vocab.PENALTY_KIND_SLUGS.items()}


def _kind_filter() -> dict[str, list[tuple[str, str]]]:
    return {"kind_filter": current_site().penalty_kinds()}


add_list_routes(bp, "penalties", column=COLUMN, template=TEMPLATE, extra=_kind_filter)


@bp.get("/kind/<kind>/")
@bp.get("/kind/<kind>/page/<int:n>/", endpoint="kind_page")
def kind(kind: str, n: int | None = None) -> str:
    """List the decisions that impose one penalty kind."""
    if kind not in KIND_BY_SLUG:
        abort(404)
    name = KIND_BY_SLUG[kind]
    records = current_site().listed_with_kind(name)
    if not records:
        abort(404)
    return show_list(
        "penalties",
        records,
        n,
        endpoint="penalties.kind",
        column=COLUMN,
        heading=f"{COLUMN}（{name}）",
        template=TEMPLATE,
        values={"kind": kind},
        kind=kind,
        **_kind_filter(),
    )


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show one decision with every public field, the remedies and its 公示截止期."""
    record = find_or_404("penalties", slug)
    item = current_site().find("items", str(record.get("item"))) if record.get("item") else None
    return show_record(
        record,
        "penalties/detail.html",
        column=COLUMN,
        description=f"{record.get('decision_no')} {record.get('violation_type')}",
        remedies=remedies_for(record),
        item=item if item is not None and item.listed else None,
    )
