"""gongshi serve runs the back-office behind Waitress on the given address."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from pathlib import Path

from tests.conftest import GONGSHI


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_the_login_page(gongshi, tmp_path: Path) -> None:
    assert gongshi("init").returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        [GONGSHI, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/login")
            response = connection.getresponse()
            body = response.read().decode("utf-8")
            headers = response.headers
        finally:
            connection.close()
        assert "登录后台" in body
        assert headers["Server"] == "gongshi"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_refuses_without_a_database(gongshi) -> None:
    result = gongshi("serve", "--port", str(_free_port()))
    assert result.returncode == 1
    assert "数据库未初始化" in result.stderr
