"""``gongshi build``: freeze ``content/`` into the static site, checked, and swap it in."""

from __future__ import annotations

from pathlib import Path

import click

from admin.cli.common import CliError, leave_heap_to_the_system, parse_today, setting

#: The build date decides what has expired; the township's day, wherever CI runs.


def register(group: click.Group) -> None:
    """Add ``build`` to the ``gongshi`` command group."""
    group.add_command(build_command)


@click.command("build")
@click.option(
    "--content",
    "content_dir",
    default=lambda: setting("CONTENT_DIR"),
    show_default="配置项 CONTENT_DIR，默认 content",
    type=click.Path(path_type=Path),
    help="content 目录（网站的唯一来源）。",
)
@click.option(
    "--out",
    default=lambda: setting("BUILD_DIR"),
    show_default="配置项 BUILD_DIR，默认 build",
    type=click.Path(path_type=Path),
    help="输出位置；成功后它是指向新网站目录的符号链接。",
)
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="构建日期，默认为北京时间今天。")
@click.option(
    "--full",
    is_flag=True,
    help="全部重新生成，不沿用上次构建（默认只重新生成内容有变化的页面，结果逐字节相同）。",
)
@click.option(
    "--body",
    "body",
    metavar="SLUG",
    help="只生成这一执法主体及其下级主体的栏目（如县级门户下的乡镇栏目），其他主体的记录不出现。",
)
def build_command(
    content_dir: Path, out: Path, today_text: str | None, full: bool, body: str | None
) -> None:
    """生成静态网站：冻结页面、检查链接与个人信息、建立中文检索，再一次性替换输出目录。

    任何一步失败都返回非零状态，输出目录保持原样；同样的 content 和日期生成逐字节相同的网站。
    不需要数据库。

    \b
    示例：
      gongshi build
      gongshi build --content content --out build --today 2021-12-31
      gongshi build --full
      gongshi build --body xinbao-gov --out build-xinbao
    """
    from admin.freeze.pipeline import BuildError, build_site
    from admin.site.bodies import only_body

    today = parse_today(today_text)
    if not content_dir.is_dir():
        raise CliError(f"--content：目录 {content_dir} 不存在")
    if body is not None:
        _check_body(content_dir, body)
    try:
        with only_body(body):
            result = build_site(content_dir, out, today, incremental=not full)
    except BuildError as exc:
        raise CliError(f"构建失败，{out} 未改动。{exc.message}") from None
    leave_heap_to_the_system()
    rendered = "" if result.rendered == result.pages else f"（重新生成 {result.rendered} 个）"
    click.echo(
        f"已构建：{result.pages} 个页面{rendered}、{result.files} 个文件，"
        f"用时 {result.seconds:.1f} 秒；{out} → {result.tree.name}"
    )


def _check_body(content_dir: Path, slug: str) -> None:
    """Refuse ``--body`` naming no published body of the content, listing those there are."""
    from admin.content.store import ContentStoreError, read_dataset

    try:
        files = read_dataset(content_dir, "subjects")
    except ContentStoreError as exc:
        raise CliError(str(exc)) from None
    valid = sorted(f.slug for f in files if f.meta.get("status", "published") == "published")
    if slug not in valid:
        choices = "、".join(valid) if valid else "（content 中还没有公示的执法主体）"
        raise CliError(f"--body：没有标识为 {slug!r} 的执法主体；可选：{choices}", 2)
