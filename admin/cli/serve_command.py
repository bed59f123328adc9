"""``gongshi serve``: run the back-office with a production WSGI server (Waitress)."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from admin.cli.common import CliError, database_app

#: How often the parent looks at its workers, and how long they have to stop when asked.
WATCH_SECONDS = 0.5
STOP_GRACE_SECONDS = 30.0
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}
LISTEN_ERRORS = {
    errno.EADDRINUSE: "端口已被占用（另一个 gongshi serve 或其他程序）",
    errno.EACCES: "没有权限（1024 以下的端口需要 root，请用反向代理）",
    errno.EADDRNOTAVAIL: "本机没有这个地址",
}


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option(
    "--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="监听端口。"
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 64),
    help="每个工作进程的线程数。",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 32),
    help="工作进程数；建议等于服务器的 CPU 核数（见 docs/deploy.md）。",
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="每次公示、撤回后自动增量构建公开网站（单机部署、没有 CI 时用；也可设 AUTO_REBUILD）。",
)
def serve_command(host: str, port: int, threads: int, workers: int, rebuild: bool) -> None:
    """运行后台（Waitress 服务器），含公开网站预览。

    加 --rebuild 时，后台在每次公示、撤回、信用修复后等写入停止 3 秒，再在后台运行
    gongshi build（一次只运行一个）；结果显示在工作台上，失败时原网站保持不变。

    --workers N 启动 N 个工作进程共用一个端口，每个进程 --threads
    个线程，多核服务器上可同时处理更多请求；自动构建只运行一个（--rebuild
    时）。某个工作进程意外退出时，整个后台停止并报错，由 systemd
    等服务管理器重新启动。

    \b
    示例：
      gongshi serve
      gongshi serve --rebuild                   # 单机部署：公示后自动更新 build/
      gongshi serve --workers 2                 # 双核服务器
      gongshi serve --host 0.0.0.0 --port 8080   # 放在 HTTPS 反向代理之后，见 docs/deploy.md
    """
    # Waitress: pure Python (no compiler on a township's server), production-grade, and
    # it buffers slow clients itself, so a phone on a village connection can't hold a thread.
    from waitress import serve

    from admin.models.db import db

    with database_app() as app:
        settings = app.config["GONGSHI"]
        build = None
        if rebuild or settings.get("AUTO_REBUILD"):
            paths = (settings["CONTENT_DIR"], settings["BUILD_DIR"], app.instance_path)
            build = (Path(paths[0]), Path(paths[1]), Path(paths[2]))
        # Behind a configured reverse proxy the app's ProxyFix reads X-Forwarded-* (only as
        # many hops as TRUSTED_PROXIES says); otherwise Waitress drops them, so a client
        # cannot claim HTTPS or another address.
        behind_proxy = bool(settings.get("TRUSTED_PROXIES"))
        options = {
            "threads": threads,
            "ident": "gongshi",
            "clear_untrusted_proxy_headers": not behind_proxy,
        }
        if workers == 1:
            click.echo(f"后台已启动：http://{host}:{port}/ （Ctrl+C 停止）")
            _start_rebuilder(build)
            serve(app, host=host, port=port, **options)
            return
        # No database connection may cross a fork: SQLite's locks belong to the process,
        # and a child closing an inherited handle would drop the parent's (or a
        # sibling's); a PostgreSQL connection shared by two processes mixes their talk.
        db.session.remove()
        db.engine.dispose()
    _serve_workers(host, port, workers, options, build)


def _start_rebuilder(build: tuple[Path, Path, Path] | None) -> None:
    if build is None:
        return
    from admin.freeze.rebuilder import Rebuilder

    Rebuilder(*build).start()
    click.echo(f"自动构建已开启：公示、撤回后更新 {build[1]}")


def _serve_workers(
    host: str,
    port: int,
    workers: int,
    options: dict[str, Any],
    build: tuple[Path, Path, Path] | None,
) -> None:
    """Bind once, fork the workers, watch them; stop them all on a signal or a death.

    The workers share the listening socket: the kernel hands each connection to one of
    them. Each makes its own app (and database engine) after the fork. A worker that dies
    stops the whole server with an error rather than being replaced: Waitress catches
    every request's errors, so a death means something outside a request (memory, a
    killed process, a bug in the server), which a quiet restart loop would hide; the
    service manager (systemd's Restart=on-failure, docs/deploy.md) restarts it whole and
    the journal says why.
    """
    try:
        listener = _listen(host, port)
    except OSError as exc:
        reason = LISTEN_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
        raise CliError(f"无法监听 {host}:{port}：{reason}") from None
    click.echo(f"后台已启动：http://{host}:{port}/ （{workers} 个工作进程，Ctrl+C 停止）")
    sys.stdout.flush()
    alive: set[int] = set()
    stopping: list[str] = []

    def stop(signum: int, _frame: Any) -> None:
        stopping.append(signal.Signals(signum).name)
        _signal_all(alive, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        # Held back across the fork, so a child never runs the parent's handler above.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        pid = os.fork()
        if pid == 0:
            _worker(listener, options)
        alive.add(pid)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    listener.close()  # the workers hold it; the parent only watches
    # One Rebuilder for the whole server, in the parent, started after the forks so that
    # its thread never crosses one: it watches content/, which every worker writes.
    _start_rebuilder(build)
    died = _watch(alive, stopping)
    if died:
        raise CliError(f"工作进程 {died}意外退出，后台已全部停止（请查看上方日志）")


def _listen(host: str, port: int) -> socket.socket:
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    listener = socket.create_server((host, port), family=family[0][0], backlog=1024)
    listener.set_inheritable(True)
    return listener


def _worker(listener: socket.socket, options: dict[str, Any]) -> NoReturn:
    """Serve in a forked child until SIGTERM or SIGINT; never return into the parent's code."""
    code = 1
    try:
        # SystemExit and KeyboardInterrupt end Waitress's loop cleanly (server.run).
        signal.signal(signal.SIGTERM, _exit_now)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        from waitress import serve

        from admin.backoffice.app import create_app

        app = create_app()  # its own engine: nothing of the parent's database is used
        click.echo(f"工作进程 {os.getpid()} 已启动")
        sys.stdout.flush()
        serve(app, sockets=[listener], **options)
        code = 0
    except (SystemExit, KeyboardInterrupt):
        code = 0
    except BaseException as exc:  # reported, then the parent stops the server
        click.echo(f"错误：工作进程 {os.getpid()} 出错：{exc!r}", err=True)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _exit_now(_signum: int, _frame: Any) -> None:
    raise SystemExit(0)


def _watch(alive: set[int], stopping: list[str]) -> str:
    """Wait for the workers; return a description of the first unexpected death, or ''."""
    died, deadline = "", None
    while alive:
        time.sleep(WATCH_SECONDS)
        for pid in sorted(alive):
            done, status = os.waitpid(pid, os.WNOHANG)
            if not done:
                continue
            alive.discard(pid)
            if not stopping and not died:
                died = f"{pid}（{_describe(status)}）"
                click.echo(f"错误：工作进程 {died}意外退出，正在停止其余进程", err=True)
                _signal_all(alive, signal.SIGTERM)
        if (stopping or died) and deadline is None:
            deadline = time.monotonic() + STOP_GRACE_SECONDS
        if deadline is not None and time.monotonic() > deadline:
            _signal_all(alive, signal.SIGKILL)  # asked, waited; now told
    return died


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"信号 {signal.Signals(os.WTERMSIG(status)).name}"
    return f"退出码 {os.waitstatus_to_exitcode(status)}"


def _signal_all(pids: set[int], signum: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):  # already gone: the watch reaps it
            os.kill(pid, signum)


def register(group: click.Group) -> None:
    group.add_command(serve_command)
