"""Accounts for administrators: create, change roles, disable or enable, reset a password.

Any change to an account's roles, its being active or its password ends all of its
sessions at once (SECURITY.md): the next request with an old cookie finds no session.
An administrator can neither remove their own admin role nor disable themselves, so a
deployment cannot lose its last way in by a slip.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from admin.backoffice.access import roles_required
from admin.backoffice.sessions import end_sessions_of
from admin.domain.passwords import generate_password, hash_password, password_problem
from admin.domain.vocab import ROLE_NAMES, ROLES
from admin.models import Body, User, UserSession
from admin.models.common import utcnow
from admin.models.db import db
from admin.store import audit
from admin.store.accounts import AccountError, create_user, set_user_bodies

bp = Blueprint("admin_accounts", __name__, url_prefix="/admin/accounts")


@bp.route("/")
@roles_required("admin")
def index():
    return _list()


def _list(error: str | None = None, status: int = 200, form: dict | None = None):
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    counts = dict(
        db.session.execute(
            sa.select(UserSession.user_id, sa.func.count()).group_by(UserSession.user_id)
        ).all()
    )
    bodies = db.session.scalars(sa.select(Body).order_by(Body.parent_id.is_not(None), Body.id))
    return render_template(
        "admin/accounts.html",
        users=users,
        bodies=bodies.all(),
        sessions=counts,
        roles=ROLES,
        role_names=ROLE_NAMES,
        error=error,
        form=form or {},
    ), status


@bp.route("/", methods=["POST"])
@roles_required("admin")
def create():
    username = (request.form.get("username") or "").strip()
    roles = request.form.getlist("roles")
    password = _new_password(username)
    try:
        user = create_user(db.session, username, roles, password, actor=g.user.username)
    except AccountError as exc:
        db.session.rollback()
        return _list(exc.message, 422, {"username": username, "roles": roles})
    display = (request.form.get("display_name") or "").strip()[:50]
    if display:
        user.display_name = display
    db.session.commit()
    # Shown once in this response, never flashed: a flash would sit in the session store.
    return render_template("admin/password_once.html", user=user, password=password, new=True)


@bp.route("/<int:user_id>/roles", methods=["POST"])
@roles_required("admin")
def change_roles(user_id: int):
    user = _target(user_id)
    roles = [role for role in ROLES if role in request.form.getlist("roles")]
    unknown = set(request.form.getlist("roles")) - set(ROLES)
    if not roles or unknown:
        return _list(f"角色（{user.username}）：至少选择一个，且只能是 {' / '.join(ROLES)}", 422)
    if user.id == g.user.id and "admin" not in roles:
        return _list("角色：不能取消自己的管理员角色（请由另一位管理员操作）", 422)
    before = list(user.roles)
    if before == roles:
        flash(f"{user.username} 的角色未改动", "info")
        return redirect(url_for(".index"), 303)
    user.roles = roles
    _end_sessions(user)
    audit.record(
        db.session,
        g.user.username,
        "user-roles",
        "account",
        user.id,
        username=user.username,
        before={"roles": before},
        after={"roles": roles},
    )
    db.session.commit()
    flash(f"已修改 {user.username} 的角色，其登录已全部退出", "info")
    return redirect(url_for(".index"), 303)


@bp.route("/<int:user_id>/bodies", methods=["POST"])
@roles_required("admin")
def change_bodies(user_id: int):
    """Attach an account to the chosen bodies: it sees their records and those below them."""
    user = _target(user_id)
    chosen = {int(v) for v in request.form.getlist("bodies") if v.isdigit()}
    bodies = list(db.session.scalars(sa.select(Body).where(Body.id.in_(chosen))))
    if len(bodies) != len(chosen) or len(chosen) != len(request.form.getlist("bodies")):
        return _list(f"所属主体（{user.username}）：只能从列表中选择", 422)
    try:
        changed = set_user_bodies(db.session, user, bodies, actor=g.user.username)
    except AccountError as exc:
        return _list(f"{exc}（{user.username}）", 422)
    db.session.commit()
    flash(
        f"已修改 {user.username} 的所属主体" if changed else f"{user.username} 的所属主体未改动",
        "info",
    )
    return redirect(url_for(".index"), 303)


@bp.route("/<int:user_id>/active", methods=["POST"])
@roles_required("admin")
def set_active(user_id: int):
    user = _target(user_id)
    active = request.form.get("active") == "1"
    if user.id == g.user.id and not active:
        return _list("账户状态：不能停用自己的账户", 422)
    if user.active == active:
        return redirect(url_for(".index"), 303)
    user.active = active
    if not active:
        _end_sessions(user)
    action = "user-enable" if active else "user-disable"
    audit.record(db.session, g.user.username, action, "account", user.id, username=user.username)
    db.session.commit()
    flash(f"已{'启用' if active else '停用'}账户 {user.username}", "info")
    return redirect(url_for(".index"), 303)


@bp.route("/<int:user_id>/password", methods=["POST"])
@roles_required("admin")
def reset_password(user_id: int):
    user = _target(user_id)
    if user.id == g.user.id:
        return _list("密码：请在“修改密码”页面修改自己的密码", 422)
    password = _new_password(user.username)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    _end_sessions(user)
    audit.record(
        db.session,
        g.user.username,
        "user-password-reset",
        "account",
        user.id,
        username=user.username,
    )
    db.session.commit()
    return render_template("admin/password_once.html", user=user, password=password, new=False)


def _target(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _end_sessions(user: User) -> None:
    # An admin changing their own roles keeps this session; every other one ends.
    own = user.id == g.user.id
    end_sessions_of(user.id, keep_row_id=getattr(session, "row_id", None) if own else None)


def _new_password(username: str) -> str:
    while True:
        password = generate_password()
        if password_problem(password, username) is None:
            return password
