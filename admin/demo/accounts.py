"""The demo accounts ``officer``, ``reviewer`` and ``admin``, with fresh passwords."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain.passwords import generate_password, password_problem
from admin.domain.vocab import ROLE_NAMES
from admin.models import Body, User
from admin.store.accounts import create_user

#: One account per role, named after it, so the demo's login page is self-explaining.
DEMO_ACCOUNTS = ("officer", "reviewer", "admin")


def add_accounts(
    session: Session, township: Body, office: Body, actor: str
) -> tuple[dict[str, User], list[str]]:
    """Create the demo accounts; return them by name and the lines that show passwords."""
    users: dict[str, User] = {}
    lines: list[str] = []
    shown = False
    for username in DEMO_ACCOUNTS:
        existing = session.scalar(sa.select(User).where(User.username == username))
        if existing is not None:
            # Someone made this account before loading the demo: keep it as it is.
            users[username] = existing
            lines.append(f"账户 {username} 已存在，未改动其密码")
            continue
        password = _password_for(username)
        users[username] = create_user(
            session, username, [username], password, actor=actor, bodies=[township, office]
        )
        lines.append(f"账户 {username}（{ROLE_NAMES[username]}）密码：{password}")
        shown = True
    if shown:
        lines.append("以上密码只显示这一次，请登录后立即修改。")
    return users, lines


def _password_for(username: str) -> str:
    # generate_password() checks strength without the name; the account check adds it.
    while True:
        password = generate_password()
        if password_problem(password, username) is None:
            return password
