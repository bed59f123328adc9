"""Creating and changing accounts: the rules shared by the CLI and the admin pages."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain.passwords import hash_password, needs_rehash, password_problem, verify_password
from admin.domain.vocab import ROLES
from admin.errors import GongshiError
from admin.models import Body, User
from admin.models.common import utcnow
from admin.store import audit, throttle


class AccountError(GongshiError, ValueError):
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


@dataclass
class LoginOutcome:
    user: User | None
    throttled: bool = False


# Verified against when the name is unknown, so both failures take the same time.
_DUMMY_HASH = hash_password("gongshi-timing-equaliser")


def check_login(session: Session, username: str, password: str, address: str) -> LoginOutcome:
    """Check a login attempt, throttled and audited; the caller commits.

    The attempt is counted and committed *before* the slow hash, in one write transaction
    (BEGIN IMMEDIATE on SQLite serialises it), so parallel guesses cannot all read "4 so
    far" and then all be evaluated: at most ``MAX_PER_ACCOUNT`` reach the hash.
    """
    throttled = throttle.is_throttled(session, username, address)
    throttle.record_attempt(session, username, address)
    if throttled:
        audit.record(session, username or "?", "login-throttled", "account", None, address=address)
        return LoginOutcome(None, throttled=True)
    found = session.execute(
        sa.select(User.id, User.password_hash).where(User.username == username)
    ).first()
    # Commit the claimed attempt and end the transaction before hashing: argon2 takes tens
    # of milliseconds that every other writer would otherwise wait for.
    session.commit()
    valid = verify_password(found.password_hash if found else _DUMMY_HASH, password)
    user = session.get(User, found.id) if found else None
    if user is None or not valid or not user.active or user.password_hash != found.password_hash:
        audit.record(
            session,
            username or "?",
            "login-failed",
            "account",
            user.id if user else None,
            address=address,
        )
        return LoginOutcome(None)
    throttle.clear_failures(session, username)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(session, user.username, "login", "account", user.id, address=address)
    return LoginOutcome(user)


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change ``user``'s password after checking the current one; the caller commits."""
    if not verify_password(user.password_hash, current):
        raise AccountError("当前密码：不正确")
    problem = password_problem(new, user.username)
    if problem:
        raise AccountError(problem)
    if verify_password(user.password_hash, new):
        raise AccountError("新密码：不能与当前密码相同")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    audit.record(session, user.username, "password-change", "account", user.id)


def give_bodies_to_accounts_without(session: Session, bodies: list[Body], *, actor: str) -> None:
    """Give new top-level ``bodies`` to every account that has no body yet.

    The rule for a township set up by commands (#16): ``gongshi user add`` gives an account
    the top-level bodies that exist; one made before any body would otherwise never get
    one (its officer could save nothing). Accounts that already have bodies keep them:
    a county's second township is given to its accounts by an administrator
    (``gongshi user bodies`` or the accounts page), never by default.
    """
    if not bodies:
        return
    for user in session.scalars(sa.select(User).order_by(User.id)):
        if user.bodies:
            continue
        user.bodies = list(bodies)
        audit.record(
            session,
            actor,
            "user-bodies",
            "account",
            user.id,
            username=user.username,
            before={"bodies": []},
            after={"bodies": [body.slug for body in bodies]},
        )


def set_user_bodies(session: Session, user: User, bodies: list[Body], *, actor: str) -> bool:
    """Attach ``user`` to exactly ``bodies``; return whether anything changed. Audited."""
    before = sorted(body.slug for body in user.bodies)
    after = sorted({body.slug for body in bodies})
    if not bodies:
        raise AccountError("所属主体：至少选择一个")
    if before == after:
        return False
    user.bodies = list({body.id: body for body in bodies}.values())
    audit.record(
        session,
        actor,
        "user-bodies",
        "account",
        user.id,
        username=user.username,
        before={"bodies": before},
        after={"bodies": after},
    )
    return True
