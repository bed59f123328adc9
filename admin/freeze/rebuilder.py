"""Rebuild the public site after each publish or withdrawal, for a server without CI.

``gongshi serve --rebuild`` (or ``AUTO_REBUILD = true``) starts one background thread.
It watches ``content/audit-head.toml``, which every publish, withdrawal and credit repair
in the back-office rewrites, waits until the writes have settled (several publishes in a
row make one build), and runs ``gongshi build`` in a child process: one build at a time, the site
swapped in only when the build succeeded, the outcome written for the 工作台.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from admin.freeze.status import write_rebuild_status

#: How often the anchor file is looked at, and how long it must stay unchanged.
POLL_SECONDS = 1.0
SETTLE_SECONDS = 3.0
BUILD_TIMEOUT_SECONDS = 3600
ANCHOR = "audit-head.toml"


class Rebuilder(threading.Thread):
    """A daemon thread that builds the site once ``content/`` has changed and settled."""

    def __init__(
        self,
        content_dir: Path,
        build_dir: Path,
        instance: Path,
        *,
        poll: float = POLL_SECONDS,
        settle: float = SETTLE_SECONDS,
    ) -> None:
        super().__init__(name="gongshi-rebuild", daemon=True)
        self.content_dir, self.build_dir, self.instance = content_dir, build_dir, instance
        self.poll, self.settle = poll, settle
        self.stopped = threading.Event()
        # What the site was built from is unknown: react only to news from now on (read
        # here, not in run(), so a publish right after start() is news, not the start).
        self._built = self._stamp()

    def run(self) -> None:
        built = self._built
        seen, quiet = built, 0.0
        while not self.stopped.wait(self.poll):
            stamp = self._stamp()
            if stamp != seen:
                seen, quiet = stamp, 0.0
                continue
            quiet += self.poll
            if stamp != built and quiet >= self.settle:
                self.build()
                built = stamp

    def stop(self) -> None:
        """Ask the thread to end after its current wait (a running build finishes)."""
        self.stopped.set()

    def build(self) -> bool:
        """Run one incremental build now; record and return whether it succeeded."""
        write_rebuild_status(self.instance, "running")
        command = [sys.executable, "-m", "admin", "build"]
        command += ["--content", str(self.content_dir), "--out", str(self.build_dir)]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            write_rebuild_status(self.instance, "failed", f"无法运行构建：{exc}")
            return False
        if done.returncode == 0:
            write_rebuild_status(self.instance, "ok", done.stdout.strip())
            return True
        lines = [line for line in done.stderr.splitlines() if line.startswith("错误：")]
        write_rebuild_status(self.instance, "failed", (lines or ["构建失败（无输出）"])[-1])
        return False

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = (self.content_dir / ANCHOR).stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size
