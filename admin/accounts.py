"""Creating and changing accounts: the rules shared by the CLI and the admin pages."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin import audit
from admin.domain.passwords import hash_password, password_problem
from admin.domain.vocab import ROLES
from admin.models import Body, User


class AccountError(ValueError):
    """An account change was refused; the message names the field, in Chinese."""


def create_user(
    session: Session,
    username: str,
    roles: list[str],
    password: str,
    actor: str,
    bodies: list[Body] | None = None,
) -> User:
    """Create an account with ``roles`` in ``bodies`` (default: every top-level body)."""
    username = username.strip()
    if not username or len(username) > 50 or any(ch.isspace() for ch in username):
        raise AccountError("用户名：不能为空、不能含空格，最长 50 个字符")
    unknown = [role for role in roles if role not in ROLES]
    if not roles or unknown:
        raise AccountError(f"角色：必须是 {' / '.join(ROLES)} 之一")
    if session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"用户名：{username} 已存在")
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem)
    if bodies is None:
        bodies = list(session.scalars(sa.select(Body).where(Body.parent_id.is_(None))))
    user = User(
        username=username,
        display_name=username,
        password_hash=hash_password(password),
        roles=sorted(set(roles), key=ROLES.index),
        bodies=bodies,
    )
    session.add(user)
    session.flush()
    audit.record(
        session, actor, "user-add", "account", user.id, username=username, roles=user.roles
    )
    return user
