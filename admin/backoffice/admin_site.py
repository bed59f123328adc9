"""Site identity for administrators: the fields of ``content/site.toml``, edited and audited."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from admin.backoffice.access import roles_required
from admin.content.store import (
    SITE_DEFAULTS,
    SITE_FILE,
    ContentStoreError,
    commit_content_file,
    write_site_config,
)
from admin.domain.calendar_notice import REGION_NAMES, REGIONS
from admin.domain.safepath import root_file_path
from admin.models.db import db
from admin.store import audit

try:  # wtforms 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice

    REGION_CHOICES: list[Any] = [SelectChoice(r, REGION_NAMES[r]) for r in REGIONS]
except ImportError:  # pragma: no cover - older wtforms
    REGION_CHOICES = [(r, REGION_NAMES[r]) for r in REGIONS]

bp = Blueprint("admin_site", __name__, url_prefix="/admin/site")

TEXT_FIELDS = {
    "name": "网站名称",
    "base_url": "网站地址（base_url）",
    "sponsor": "主办单位",
    "contact": "联系电话",
    "address": "地址",
    "site_code": "网站标识码",
    "icp": "ICP备案编号",
    "police_filing": "公安机关备案号",
    "court": "行政诉讼管辖法院",
    "review_body": "行政复议机关",
}


def check_base_url(form: FlaskForm, field: StringField) -> None:
    """Refuse a base URL that is not an absolute http(s) address."""
    parts = urlsplit((field.data or "").strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("网站地址（base_url）：必须以 https:// 或 http:// 开头的完整地址")


def _text(name: str, *validators: Any) -> StringField:
    label = TEXT_FIELDS[name]
    return StringField(
        label, validators=[*validators, Length(max=200, message=f"{label}：最长 200 个字")]
    )


class SiteForm(FlaskForm):
    name = _text("name", DataRequired("网站名称：不能为空"))
    base_url = _text("base_url", DataRequired("网站地址（base_url）：必须填写"), check_base_url)
    sponsor = _text("sponsor")
    contact = _text("contact")
    address = _text("address")
    site_code = _text("site_code")
    icp = _text("icp")
    police_filing = _text("police_filing")
    region = SelectField("节假日地区", choices=REGION_CHOICES)
    court = _text("court")
    review_body = _text("review_body")
    show_full_names = BooleanField("公开自然人全名（默认不公开，显示为张某某）")
    demo = BooleanField("示例网站（每页标注“示例数据”）")


def content_root() -> Path:
    return Path(current_app.config["GONGSHI"]["CONTENT_DIR"])


def read_raw(root: Path) -> tuple[dict[str, Any], str | None]:
    """Return site.toml's own keys (no defaults merged) and why it could not be read."""
    path = root_file_path(root, SITE_FILE)
    if not path.is_file():
        return {}, f"{SITE_FILE}：文件不存在，保存后将新建"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig")), None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {}, f"{SITE_FILE}：格式错误（{exc}），保存将按本页内容重写"


@bp.route("/", methods=["GET", "POST"])
@roles_required("admin")
def index():
    root = content_root()
    current, problem = read_raw(root)
    form = SiteForm(data={**SITE_DEFAULTS, **current})
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("admin/site.html", form=form, problem=problem), status
    after = dict(current)
    for key in TEXT_FIELDS:
        after[key] = (getattr(form, key).data or "").strip()
    base_url = after["base_url"]
    after["base_url"] = base_url if base_url.endswith("/") else base_url + "/"
    after["region"] = form.region.data
    after["show_full_names"] = bool(form.show_full_names.data)
    after["demo"] = bool(form.demo.data)
    changed = [key for key in after if current.get(key) != after[key]]
    if not changed:
        flash("网站信息未改动", "info")
        return redirect(url_for(".index"), 303)
    try:
        written = write_site_config(root, after)
    except ContentStoreError as exc:
        flash(exc.message, "error")
        return render_template("admin/site.html", form=form, problem=problem), 422
    audit.record(
        db.session,
        g.user.username,
        "site-config",
        "site",
        None,
        before={key: current.get(key) for key in changed},
        after={key: after[key] for key in changed},
    )
    db.session.commit()
    settings = current_app.config["GONGSHI"]
    if written.changed and (
        current_app.config.get("GIT_COMMIT_CONTENT") or settings.get("GIT_COMMIT_CONTENT")
    ):
        commit_content_file(
            root,
            written.path,
            author=g.user.display_name or g.user.username,
            message="修改网站信息",
        )
    flash("网站信息已保存；重新构建网站后生效", "info")
    return redirect(url_for(".index"), 303)
