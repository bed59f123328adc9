"""``gongshi serve --workers N``: N processes on one port, each serving, all stopped together.

Run as ``python -m admin`` of this checkout (the installed ``gongshi`` may be another's).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_serve import _free_port, _wait_for

STARTED = re.compile(r"工作进程 (\d+) 已启动")


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "admin", *args]


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GONGSHI_DEBUG", None)
    return env


class Output:
    """What the server prints, read by a thread so that it never blocks on a full pipe."""

    def __init__(self, server: subprocess.Popen) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(server,), daemon=True).start()

    def _read(self, server: subprocess.Popen) -> None:
        with contextlib.suppress(ValueError, OSError):  # closed by the test's end
            for line in server.stdout or ():
                self.queue.put(line)

    def lines(self) -> list[str]:
        while not self.queue.empty():
            self.seen.append(self.queue.get())
        return self.seen

    def wait_for(self, pattern: re.Pattern[str], count: int) -> None:
        deadline = time.monotonic() + 30
        while len([line for line in self.lines() if pattern.search(line)]) < count:
            self.seen.append(self.queue.get(timeout=max(0.1, deadline - time.monotonic())))


@contextmanager
def _server(tmp_path: Path, port: int, *extra: str) -> Iterator[tuple[subprocess.Popen, Output]]:
    """Start ``serve --workers 2`` on a new instance; yield it and its output."""
    assert subprocess.run(_command("init"), cwd=tmp_path, env=_env()).returncode == 0
    server = subprocess.Popen(
        _command("serve", "--port", str(port), "--workers", "2", *extra),
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(server)
    try:
        _wait_for(port, server)
        output.wait_for(STARTED, 2)
        yield server, output
    finally:
        if server.poll() is None:
            server.kill()  # the children are the test's too: stop them as well
            for pid in _children(server.pid):
                os.kill(pid, signal.SIGKILL)
        server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return set()
    return {int(word) for word in text.split()}


def _login_page(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/login")
        response = connection.getresponse()
        assert response.status == 200
        return response.read().decode("utf-8")
    finally:
        connection.close()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_two_workers_each_serve_and_sigterm_stops_them_all(
    instance_dir: Path, tmp_path: Path
) -> None:
    port = _free_port()
    with _server(tmp_path, port) as (server, output):
        workers = _children(server.pid)
        lines = output.lines()
        printed = {int(m.group(1)) for line in lines if (m := STARTED.search(line))}
        assert len(workers) == 2 and workers == printed, (workers, lines)
        assert server.pid not in workers
        for serving in workers:
            # The other one frozen, this one alone must answer: each worker serves.
            (frozen,) = workers - {serving}
            os.kill(frozen, signal.SIGSTOP)
            try:
                assert "登录后台" in _login_page(port)
            finally:
                os.kill(frozen, signal.SIGCONT)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=40) == 0
        deadline = time.monotonic() + 10
        while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(_gone(pid) for pid in workers)


def test_a_dead_worker_stops_the_server_with_an_error(instance_dir: Path, tmp_path: Path) -> None:
    port = _free_port()
    with _server(tmp_path, port) as (server, output):
        victim, other = sorted(_children(server.pid))
        os.kill(victim, signal.SIGKILL)
        assert server.wait(timeout=40) == 1
        output.wait_for(re.compile("后台已全部停止"), 1)
        assert any(f"工作进程 {victim}（信号 SIGKILL）意外退出" in line for line in output.lines())
        deadline = time.monotonic() + 10
        while not _gone(other) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(other)


def test_rebuild_with_workers_starts_one_rebuilder(instance_dir: Path, tmp_path: Path) -> None:
    port = _free_port()
    with _server(tmp_path, port, "--rebuild") as (server, output):
        time.sleep(1)  # anything a worker would print about it has been printed
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=40) == 0
        time.sleep(0.5)  # the reader thread has the last lines
        lines = output.lines()
    assert sum("自动构建已开启" in line for line in lines) == 1, lines


@pytest.mark.parametrize("value", ["0", "33", "两个"])
def test_an_invalid_worker_count_is_refused_in_chinese(tmp_path: Path, value: str) -> None:
    result = subprocess.run(
        _command("serve", "--workers", value),
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--workers 必须是整数，范围 1–32" in result.stderr


def test_a_port_in_use_is_refused_in_chinese(instance_dir: Path, tmp_path: Path) -> None:
    assert subprocess.run(_command("init"), cwd=tmp_path, env=_env()).returncode == 0
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            _command("serve", "--workers", "2", "--port", str(port)),
            cwd=tmp_path,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"无法监听 127.0.0.1:{port}：端口已被占用" in result.stderr
