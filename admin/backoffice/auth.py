"""Sign in, sign out and change one's password."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from admin.backoffice.access import password_stamp, public, safe_next, signed_in
from admin.backoffice.forms import LoginForm, PasswordChangeForm
from admin.backoffice.queryargs import arg_text
from admin.backoffice.sessions import end_sessions_of
from admin.models.db import db
from admin.store import audit
from admin.store.accounts import AccountError, change_password, check_login

bp = Blueprint("auth", __name__)

#: One message for an unknown user and a wrong password, so names can't be probed.
LOGIN_FAILED = "用户名或密码错误"
THROTTLED = "登录失败次数过多，请 15 分钟后再试"


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm(next=arg_text("next", "跳转地址", max_length=2000))
    if form.validate_on_submit():
        outcome = check_login(
            db.session,
            form.username.data.strip(),
            form.password.data,
            address=request.remote_addr or "",
        )
        db.session.commit()
        if outcome.user is None:
            flash(THROTTLED if outcome.throttled else LOGIN_FAILED, "error")
            return render_template("auth/login.html", form=form), 200
        session.clear()
        session.regenerate = True  # a new token at login: no session fixation
        session["user_id"] = outcome.user.id
        session["password_stamp"] = password_stamp(outcome.user)
        return redirect(safe_next(form.next.data) or url_for("home.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    audit.record(db.session, g.user.username, "logout", "account", g.user.id)
    db.session.commit()
    session.clear()
    session.regenerate = True
    flash("已退出登录", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(db.session, g.user, form.current.data, form.new.data)
        except AccountError as exc:
            db.session.rollback()
            form.new.errors.append(exc.message)
            return render_template("auth/password.html", form=form), 422
        # Every other session of this account ends; this one continues with a new token.
        end_sessions_of(g.user.id)
        db.session.commit()
        session.regenerate = True
        session["password_stamp"] = password_stamp(g.user)
        flash("密码已修改，其他设备上的登录已退出", "info")
        return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form)
