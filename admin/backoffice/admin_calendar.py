"""The holiday calendar for administrators: load a year's notice, see which years are known."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from admin.backoffice.access import roles_required
from admin.backoffice.home import today
from admin.domain.calendar_notice import REGION_NAMES, REGIONS, NoticeError, parse_notice
from admin.models.db import db
from admin.store.calendar import CREATED, UPDATED, load_calendar, store_notice

bp = Blueprint("admin_calendar", __name__, url_prefix="/admin/calendar")
#: A notice is a few hundred bytes; anything this large is not one.
MAX_NOTICE_BYTES = 64 * 1024
OUTCOMES = {CREATED: "已载入", UPDATED: "已更新（同一通知的日期有变）"}


def year_table(years_around: int = 2) -> list[dict]:
    """Return one row per year (recent, coming and loaded ones): each region's status."""
    calendar = load_calendar(db.session)
    this_year = today().year
    years = set(range(this_year - years_around, this_year + 2))
    years |= {notice.year for notice in calendar.notices}
    return [
        {
            "year": year,
            "regions": [
                {
                    "region": region,
                    "known": calendar.is_known(year, region),
                    "sources": calendar.sources(year, region),
                }
                for region in REGIONS
            ],
        }
        for year in sorted(years, reverse=True)
    ]


def _page(error: str | None = None, text: str = "", status: int = 200):
    return render_template(
        "admin/calendar.html",
        rows=year_table(),
        regions=REGIONS,
        region_names=REGION_NAMES,
        error=error,
        text=text,
    ), status


@bp.route("/")
@roles_required("admin")
def index():
    return _page()


@bp.route("/", methods=["POST"])
@roles_required("admin")
def load():
    upload = request.files.get("file")
    text = request.form.get("text") or ""
    if upload is not None and upload.filename:
        data = upload.read(MAX_NOTICE_BYTES + 1)
        if len(data) > MAX_NOTICE_BYTES:
            return _page("文件：过大，节假日通知文件不超过 64 KB", status=422)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _page("文件：不是 UTF-8 编码的文本", status=422)
    if not text.strip():
        return _page("通知内容：请上传文件或粘贴 TOML 文本", status=422)
    try:
        notice = parse_notice(text.replace("\r\n", "\n"))
    except NoticeError as exc:
        # Nothing is stored: a notice is taken whole or refused whole.
        return _page(f"通知内容：{exc.message}", text=text, status=422)
    outcome = store_notice(db.session, notice, actor=g.user.username)
    db.session.commit()
    region = REGION_NAMES.get(notice.region, notice.region)
    flash(
        f"{notice.year} 年{region}节假日安排：{OUTCOMES.get(outcome, '与已载入的相同，未改动')}",
        "info",
    )
    return redirect(url_for(".index"), 303)
