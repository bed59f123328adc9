"""``gongshi init [--demo]``: create or upgrade the database, optionally with the demo."""

from __future__ import annotations

from pathlib import Path

import click

from admin import config
from admin.cli.common import CliError


@click.command("init")
@click.option("--demo", is_flag=True, help="同时载入示例乡镇（大战场镇）的数据和演示账户。")
@click.option(
    "--new-site",
    "new_site",
    metavar="名称",
    default=None,
    help="为本乡镇（机关）新建网站内容：content/ 写入本站的 site.toml 和标准页面，不含示例数据。",
)
@click.option("--base-url", default=None, help="与 --new-site 一起：本站网址（写入 site.toml）。")
@click.option(
    "--force", is_flag=True, help="与 --new-site 一起：content/ 已有记录时移到一旁后新建。"
)
def init_command(demo: bool, new_site: str | None, base_url: str | None, force: bool) -> None:
    """创建或升级数据库（迁移）；--demo 同时载入示例数据；--new-site 新建本站内容。

    \b
    示例：
      gongshi init            # 新建空数据库，不建任何默认账户
      gongshi init --demo     # 载入示例乡镇，打印演示账户的密码（仅一次）
      gongshi init --new-site 某某镇人民政府 --base-url https://www.example.gov.cn/gongshi/
    """
    from admin.backoffice.app import create_app
    from admin.models.db import db
    from admin.models.migrate import upgrade_database

    if new_site is not None and demo:
        raise CliError("--new-site 与 --demo 不能同时使用（示例乡镇有自己的网站内容）", 2)
    if new_site is None and (base_url or force):
        raise CliError("--base-url 和 --force 只能与 --new-site 一起使用", 2)
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
        if new_site is not None:
            _new_site(app, new_site, base_url, force)


def _new_site(app, name: str, base_url: str | None, force: bool) -> None:
    from admin.content.newsite import NewSiteRefused, write_new_site
    from admin.demo import is_loaded
    from admin.models.db import db

    if is_loaded(db.session):
        raise CliError(
            f"数据库中已载入示例乡镇，不能用作新站：请换一个实例文件夹"
            f"（GONGSHI_INSTANCE_DIR）后运行 gongshi init --new-site {name}"
        )
    try:
        lines = write_new_site(
            Path(app.config["GONGSHI"]["CONTENT_DIR"]), name, base_url=base_url, force=force
        )
    except NewSiteRefused as exc:
        raise CliError(exc.message) from None
    for line in lines:
        click.echo(line)
    click.echo(
        "下一步：gongshi export subjects --template --out 执法主体.xlsx，"
        "填写后运行 gongshi import subjects 执法主体.xlsx"
    )


def _where(app) -> str:
    path = config.sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    return str(path) if path else "（外部数据库）"


def register(group: click.Group) -> None:
    group.add_command(init_command)
