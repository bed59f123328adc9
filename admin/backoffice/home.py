"""The signed-in start page."""

from __future__ import annotations

from flask import Blueprint, render_template

from admin.backoffice.access import signed_in

bp = Blueprint("home", __name__)
NAV_ORDER = 0
NAV = [("工作台", "home.index", ())]


@bp.route("/")
@signed_in
def index():
    return render_template("home/index.html")
