"""The annual 政府信息公开 report in the back-office: compute, edit the inputs, publish."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy.orm.exc import StaleDataError

from admin.backoffice.access import roles_required
from admin.backoffice.home import today
from admin.backoffice.queryargs import FIRST_YEAR, LAST_YEAR, arg_int
from admin.backoffice.records.scope import visible_bodies
from admin.domain import annual_report as ar
from admin.domain.money import MoneyError, fen_to_yuan, yuan_to_fen
from admin.errors import GongshiError
from admin.models import Body
from admin.models.db import db
from admin.publish import transaction as publishtx
from admin.publish.reports import (
    SECTION_HEADINGS,
    gather_report,
    publish_report,
    report_inputs,
)

bp = Blueprint("annual_report", __name__, url_prefix="/annual-report")
ROLES = ("officer", "admin")
STALE = "年度报告已被他人修改或发布，请核对本页的最新内容后再发布；本次未发布"
COUNT_FIELDS = {
    "licensing_decisions": "未在本系统登记的行政许可决定数",
    "coercion_decisions": "行政强制决定数",
}


@bp.get("/")
@roles_required(*ROLES)
def index():
    """Show the year's tables as the records give them, with the inputs to edit."""
    year = arg_int("year", "年份", today().year - 1, FIRST_YEAR, LAST_YEAR)
    body = _body()
    if body is None:
        flash("本账户未关联本级人民政府，无法编制年度报告", "error")
        return render_template("annual_report/index.html", data=None, year=year), 403
    data = gather_report(db.session, body, year)
    inputs = report_inputs(db.session, body, year)
    return render_template(
        "annual_report/index.html",
        data=data,
        year=year,
        inputs=inputs,
        fees_yuan=fen_to_yuan(inputs.fees_fen or 0),
        tables={
            2: ar.table2_rows(data.table2),
            3: ar.table3_rows(data.table3),
            4: ar.table4_rows(data.table4),
        },
        titles=ar.TABLE_TITLES,
        headings=SECTION_HEADINGS,
        groups=ar.TABLE4_GROUPS,
        cells=ar.TABLE4_CELLS,
    )


@bp.post("/<int:year>/save")
@roles_required(*ROLES)
def save(year: int):
    """Store the hand-entered inputs: decision counts, fees, table 四 and the sections."""
    _check_year(year)
    body = _body()
    if body is None:
        return redirect(url_for("annual_report.index", year=year))
    inputs = report_inputs(db.session, body, year)
    if inputs.id is not None and str(inputs.version) != request.form.get("version"):
        flash("年度报告已被他人修改，请核对后重新保存", "error")
        return redirect(url_for("annual_report.index", year=year)), 409
    errors = []
    for key, label in COUNT_FIELDS.items():
        value = request.form.get(key, "0").strip() or "0"
        if not value.isdigit():
            errors.append(f"{label}：须为非负整数")
        else:
            setattr(inputs, key, int(value))
    try:
        inputs.fees_fen = yuan_to_fen(request.form.get("fees_yuan", "0") or "0", label="收费金额")
    except MoneyError as exc:
        errors.append(exc.message)
    cells = [request.form.get(f"t4_{i}", "0").strip() or "0" for i in range(15)]
    if all(cell.isdigit() for cell in cells):
        inputs.table4 = [int(cell) for cell in cells]
    else:
        errors.append("表四：须填写非负整数")
    for key in SECTION_HEADINGS:
        setattr(inputs, key, request.form.get(key, "").replace("\r\n", "\n").strip())
    if errors:
        db.session.rollback()
        for error in errors:
            flash(error, "error")
        return redirect(url_for("annual_report.index", year=year))
    db.session.add(inputs)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash("年度报告已被他人修改，请核对后重新保存", "error")
        return redirect(url_for("annual_report.index", year=year)), 409
    flash("已保存", "info")
    return redirect(url_for("annual_report.index", year=year))


@bp.post("/<int:year>/publish")
@roles_required(*ROLES)
def publish(year: int):
    """Publish the year's report into content/, refusing it when a check fails."""
    _check_year(year)
    body = _body()
    if body is None:
        return redirect(url_for("annual_report.index", year=year))
    inputs = report_inputs(db.session, body, year)
    if request.form.get("version", "") != (str(inputs.version) if inputs.id is not None else ""):
        # The page was loaded before someone saved or published: publish what they see.
        db.session.rollback()
        flash(STALE, "error")
        return redirect(url_for("annual_report.index", year=year)), 409
    data = gather_report(db.session, body, year)
    root = Path(current_app.config["GONGSHI"]["CONTENT_DIR"])
    try:
        with publishtx.all_or_nothing(db.session):
            publish_report(
                db.session, data, actor=g.user.username, today=today(), content_root=root
            )
    except publishtx.NotPlaced as exc:  # the database committed: nothing to roll back
        flash(exc.message, "error")
        return redirect(url_for("annual_report.index", year=year))
    except GongshiError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("annual_report.index", year=year)), 409
    except StaleDataError:
        flash(STALE, "error")
        return redirect(url_for("annual_report.index", year=year)), 409
    flash(f"已发布 {year} 年度报告（content/reports/{year}.md）", "info")
    return redirect(url_for("annual_report.index", year=year))


def _check_year(year: int) -> None:
    """Refuse a year in the address outside the years a report can be for (a 404, as for
    any address that names nothing), before it reaches a date computation."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404, f"年份：{year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间")


def _body() -> Body | None:
    # The report is the government's: the top-level body the account belongs to. An
    # account of a body below has none (its report would replace the government's file).
    bodies = visible_bodies(db.session, g.user)
    return bodies[0] if bodies and bodies[0].parent_id is None else None
