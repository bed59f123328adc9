"""``gongshi init [--demo]``: create or upgrade the database, optionally with the demo."""

from __future__ import annotations

from pathlib import Path

import click

from admin import config


@click.command("init")
@click.option("--demo", is_flag=True, help="同时载入示例乡镇（大战场镇）的数据和演示账户。")
def init_command(demo: bool) -> None:
    """创建或升级数据库（迁移）；--demo 同时载入示例数据。

    \b
    示例：
      gongshi init            # 新建空数据库，不建任何默认账户
      gongshi init --demo     # 载入示例乡镇，打印演示账户的密码（仅一次）
    """
    from admin.backoffice.app import create_app
    from admin.models.db import db
    from admin.models.migrate import upgrade_database

    instance = config.instance_dir()
    instance.mkdir(parents=True, exist_ok=True)
    config.read_or_create_secret_key(instance)
    app = create_app()
    with app.app_context():
        before, after = upgrade_database(db.engine)
        if before is None:
            click.echo(f"已创建数据库（版本 {after}）：{_where(app)}")
        elif before != after:
            click.echo(f"已升级数据库：{before} → {after}")
        else:
            click.echo(f"数据库已是最新版本（{after}）")
        if demo:
            from admin.demo import is_loaded, load_demo
            from admin.demo.publish import publish_demo

            fresh = not is_loaded(db.session)
            report = load_demo(db.session)
            if fresh:
                # Published in the same transaction: a failure leaves neither half behind.
                content = Path(app.config["GONGSHI"]["CONTENT_DIR"])
                report += publish_demo(db.session, content, actor="cli:init --demo")
            db.session.commit()
            for line in report:
                click.echo(line)


def _where(app) -> str:
    path = config.sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    return str(path) if path else "（外部数据库）"


def register(group: click.Group) -> None:
    group.add_command(init_command)
