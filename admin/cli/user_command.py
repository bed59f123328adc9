"""``gongshi user add``: create an account from the command line."""

from __future__ import annotations

import getpass
import sys

import click

from admin.cli.common import CliError, database_app
from admin.domain.vocab import ROLES


@click.group("user")
def user_group() -> None:
    """管理后台账户。

    \b
    示例：
      gongshi user add zhangsan --role officer
      gongshi user bodies zhangsan 中宁县新堡镇人民政府
    """


@user_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(ROLES),
    help="角色：officer（执法人员）、reviewer（法制审核员）、admin（管理员），可重复。",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="从标准输入读取密码（第一行；至少 12 位，不能是常见或容易猜到的密码）。",
)
def user_add_command(name: str, roles: tuple[str, ...], password_stdin: bool) -> None:
    """创建账户；不给 --password-stdin 时生成强密码并只显示这一次。

    \b
    示例：
      gongshi user add lisi --role officer --role reviewer
      echo 'a-long-passphrase-2026' | gongshi user add wangwu --role admin --password-stdin
    """
    from admin.domain.passwords import generate_password
    from admin.models.db import db
    from admin.store.accounts import AccountError, create_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else generate_password()
    with database_app():
        try:
            user = create_user(db.session, name, list(roles), password, actor=_cli_actor())
        except AccountError as exc:
            db.session.rollback()
            raise CliError(exc.message) from None
        db.session.commit()
        click.echo(f"已创建账户 {user.username}（角色：{'、'.join(user.roles)}）")
        if not user.bodies:
            # Not an error: bodies come later, and this account gets the top-level ones.
            click.echo(
                "数据库中还没有执法主体：运行 gongshi import subjects FILE 导入后，"
                "本账户自动归属于导入的最上级执法主体"
            )
        if not password_stdin:
            click.echo(f"初始密码（只显示这一次，请立即登录修改）：{password}")


@user_group.command("bodies")
@click.argument("name")
@click.argument("bodies", nargs=-1, required=True)
def user_bodies_command(name: str, bodies: tuple[str, ...]) -> None:
    """设定账户所属的执法主体（名称、统一社会信用代码或网址标识，可多个）。

    账户只能查看和办理所属主体及其下级机构的记录；本命令以给出的主体替换原有的。

    \b
    示例：
      gongshi user bodies zhangsan 中宁县新堡镇人民政府
      gongshi user bodies lisi 11640521MB0100000K 中宁县市场监督管理局
    """
    import sqlalchemy as sa

    from admin.models import Body, User
    from admin.models.db import db
    from admin.publish.bodyref import IMPORT_SUBJECTS_HINT, BodyDirectory
    from admin.store.accounts import AccountError, set_user_bodies

    with database_app():
        user = db.session.scalar(sa.select(User).where(User.username == name.strip()))
        if user is None:
            raise CliError(f"用户名：没有账户 {name}（用 gongshi user add {name} --role … 创建）")
        directory = BodyDirectory.of(db.session)
        if not directory:
            raise CliError(f"数据库中还没有执法主体：{IMPORT_SUBJECTS_HINT}")
        chosen, problems = [], []
        for text in bodies:
            body = db.session.scalar(sa.select(Body).where(Body.slug == text.strip()))
            reason = ""
            if body is None:
                body, reason = directory.find(text)
            if body is None:
                problems.append(f"执法主体：{reason}")
            else:
                chosen.append(body)
        if problems:
            raise CliError("\n".join(problems))
        try:
            changed = set_user_bodies(db.session, user, chosen, actor=_cli_actor())
        except AccountError as exc:
            raise CliError(str(exc)) from None
        db.session.commit()
        names = "、".join(body.name for body in user.bodies)
        click.echo(f"账户 {user.username} 所属执法主体{'已设为' if changed else '未改动：'}{names}")


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(group: click.Group) -> None:
    group.add_command(user_group)
