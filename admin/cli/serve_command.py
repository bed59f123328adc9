"""``gongshi serve``: run the back-office with a production WSGI server (Waitress)."""

from __future__ import annotations

from pathlib import Path

import click

from admin.cli.common import database_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option(
    "--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="监听端口。"
)
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="工作线程数。"
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="每次公示、撤回后自动增量构建公开网站（单机部署、没有 CI 时用；也可设 AUTO_REBUILD）。",
)
def serve_command(host: str, port: int, threads: int, rebuild: bool) -> None:
    """运行后台（Waitress 服务器），含公开网站预览。

    加 --rebuild 时，后台在每次公示、撤回、信用修复后等写入停止 3 秒，再在后台运行
    gongshi build（一次只运行一个）；结果显示在工作台上，失败时原网站保持不变。

    \b
    示例：
      gongshi serve
      gongshi serve --rebuild                   # 单机部署：公示后自动更新 build/
      gongshi serve --host 0.0.0.0 --port 8080   # 放在 HTTPS 反向代理之后，见 docs/deploy.md
    """
    # Waitress: pure Python (no compiler on a township's server), production-grade, and
    # it buffers slow clients itself, so a phone on a village connection can't hold a thread.
    from waitress import serve

    with database_app() as app:
        click.echo(f"后台已启动：http://{host}:{port}/ （Ctrl+C 停止）")
        settings = app.config["GONGSHI"]
        if rebuild or settings.get("AUTO_REBUILD"):
            from admin.freeze.rebuilder import Rebuilder

            content, out = Path(settings["CONTENT_DIR"]), Path(settings["BUILD_DIR"])
            Rebuilder(content, out, Path(app.instance_path)).start()
            click.echo(f"自动构建已开启：公示、撤回后更新 {out}")
        # Behind a configured reverse proxy the app's ProxyFix reads X-Forwarded-* (only as
        # many hops as TRUSTED_PROXIES says); otherwise Waitress drops them, so a client
        # cannot claim HTTPS or another address.
        behind_proxy = bool(app.config["GONGSHI"].get("TRUSTED_PROXIES"))
        serve(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="gongshi",
            clear_untrusted_proxy_headers=not behind_proxy,
        )


def register(group: click.Group) -> None:
    group.add_command(serve_command)
