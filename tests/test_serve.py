"""gongshi serve runs the back-office behind Waitress on the given address."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import GONGSHI


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_login(port: int, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/login", headers=headers or {})
        response = connection.getresponse()
        return response.read().decode("utf-8"), response.headers
    finally:
        connection.close()


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.2)


def _serve(tmp_path: Path, port: int, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [GONGSHI, "serve", "--port", str(port)],
        cwd=tmp_path,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(("proxies", "secure"), [("0", False), ("1", True)])
def test_forwarded_https_counts_only_behind_a_trusted_proxy(
    gongshi, tmp_path: Path, proxies: str, secure: bool
) -> None:
    """nginx says X-Forwarded-Proto: https; a client talking directly must not be believed."""
    assert gongshi("init").returncode == 0
    port = _free_port()
    server = _serve(tmp_path, port, GONGSHI_TRUSTED_PROXIES=proxies)
    try:
        _wait_for(port, server)
        _, headers = _get_login(port, {"X-Forwarded-Proto": "https"})
        assert ("Secure" in headers["Set-Cookie"]) is secure
        assert ("Strict-Transport-Security" in headers) is secure
    finally:
        server.terminate()
        server.wait(timeout=10)


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
