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
        if not password_stdin:
            click.echo(f"初始密码（只显示这一次，请立即登录修改）：{password}")


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(group: click.Group) -> None:
    group.add_command(user_group)
