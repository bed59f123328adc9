"""``gongshi expire``: rewrite penalties whose 公示截止期 has passed into their notices."""

from __future__ import annotations

from pathlib import Path

import click

from admin.cli.common import CliError, parse_today, setting

#: Expiry is judged by the township's day, wherever CI runs.


def register(group: click.Group) -> None:
    """Add ``expire`` to the ``gongshi`` command group."""
    group.add_command(expire_command)


@click.command("expire")
@click.option(
    "--content",
    "content_dir",
    default=lambda: setting("CONTENT_DIR"),
    show_default="配置项 CONTENT_DIR，默认 content",
    type=click.Path(path_type=Path),
    help="content 目录。",
)
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="判断日期，默认为北京时间今天。")
def expire_command(content_dir: Path, today_text: str | None) -> None:
    """把公示截止期已过的行政处罚决定文件改写为“公示期满”告知，只留文号和日期。

    公示截止期当天仍然公示，之后一天起改写。不需要数据库；CI 每天在构建前运行，
    使到期的个人信息也离开 content 的最新版本。某个文件无法读取时，其余文件照常
    改写，最后列出该文件并以退出码 1 结束。设置 GIT_COMMIT_CONTENT 打开且
    content 在 git 工作区内时，每个改写的文件单独提交一次。

    \b
    示例：
      gongshi expire
      gongshi expire --content content --today 2024-06-01
    """
    from admin.config import ConfigError, instance_dir, load_settings
    from admin.content.store import ContentStoreError
    from admin.publish.publishing import NotPlaced, expire_content

    today = parse_today(today_text)
    if not content_dir.is_dir():
        raise CliError(f"--content：目录 {content_dir} 不存在")
    try:
        git_commit = bool(load_settings(instance_dir())["GIT_COMMIT_CONTENT"])
    except ConfigError as exc:
        raise CliError(exc.message) from None
    problems: list[str] = []
    try:
        rewritten = expire_content(content_dir, today, git_commit=git_commit, problems=problems)
    except ContentStoreError as exc:
        raise CliError(f"{exc.message}；未改写任何文件") from None
    except NotPlaced as exc:
        raise CliError(exc.message) from None
    for path in rewritten:
        click.echo(f"公示期满，已改写：{path.relative_to(content_dir).as_posix()}")
    click.echo(f"共改写 {len(rewritten)} 个文件（判断日期 {today.isoformat()}）。")
    # One unreadable file must not keep the other expired records online: they are
    # rewritten above, and the file is named for a person to mend (exit 1 for CI).
    for problem in problems:
        click.echo(f"警告：无法读取，未处理：{problem}", err=True)
    if problems:
        raise CliError(f"{len(problems)} 个文件无法读取，其余文件已按期处理")
