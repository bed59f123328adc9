"""Build test helpers: the site tests' content fixture, the real ``gongshi build``, a server.

The content is the one the site tests use (``tests/site/sitefixture.py``, loaded by path:
this folder is not a package); the build runs the installed ``gongshi`` command in a
subprocess, as CI does.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GONGSHI = shutil.which("gongshi") or "gongshi"


def _load_site_fixture():
    if "sitefixture" in sys.modules:  # the site tests imported it first: share it
        return sys.modules["sitefixture"]
    spec = importlib.util.spec_from_file_location(
        "sitefixture", ROOT / "tests" / "site" / "sitefixture.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitefixture"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


site_fixture = _load_site_fixture()
TODAY = site_fixture.TODAY
BASE_URL = site_fixture.BASE_URL
write_site = site_fixture.write_site
#: The sub-path the site is served under in the tests, like a column of the county portal.
SUB_PATH = "/dzc/"


@dataclass(frozen=True)
class Built:
    """A finished build: its content, its ``--out`` and what the command printed."""

    content: Path
    out: Path
    result: subprocess.CompletedProcess[str]


#: The audit chain head the fixture content carries (docs/content-format.md).
AUDIT_HEAD = 'head = "' + "ab" * 32 + '"\nentries = 42\nat = 2026-05-31T08:00:00Z\n'


def write_content(root: Path) -> Path:
    """Write the site tests' content fixture plus an audit head under ``root``."""
    content = write_site(root)
    (content / "audit-head.toml").write_text(AUDIT_HEAD, encoding="utf-8")
    return content


def build(
    content: Path, out: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``gongshi build`` on ``content`` into ``out`` for the fixture's date."""
    full_env = {**os.environ, "CI": "true", **(env or {})}
    full_env.pop("GONGSHI_DEBUG", None)
    command = [GONGSHI, "build", "--content", str(content), "--out", str(out)]
    command += ["--today", TODAY.isoformat(), *extra]
    return subprocess.run(
        command, capture_output=True, text=True, env=full_env, cwd=out.parent, timeout=300
    )


def start_build(content: Path, out: Path) -> subprocess.Popen[str]:
    """Start ``gongshi build`` in the background, its progress lines readable on stderr."""
    full_env = {**os.environ, "CI": "true"}
    full_env.pop("GONGSHI_DEBUG", None)
    command = [GONGSHI, "build", "--content", str(content), "--out", str(out)]
    return subprocess.Popen(
        [*command, "--today", TODAY.isoformat()],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=full_env,
        cwd=out.parent,
    )


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Return every file under ``root`` (following the ``--out`` symlink) with its bytes."""
    root = root.resolve()
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path, sub_path: str = SUB_PATH) -> Iterator[str]:
    """Serve ``site`` at ``http://127.0.0.1:PORT<sub_path>`` and yield that URL."""
    www = site.parent / f".www-{os.getpid()}-{threading.get_ident()}"
    www.mkdir(exist_ok=True)
    mount = www / sub_path.strip("/")
    if not mount.is_symlink():
        mount.symlink_to(site.resolve(), target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{sub_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        shutil.rmtree(www, ignore_errors=True)
