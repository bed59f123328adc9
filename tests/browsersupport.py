"""What every browser test shares: Debian's Chromium, its flags, and when to skip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test module without the browser, except in CI where it must run.

    Call at import time, before importing Playwright.
    """
    if os.environ.get("CI") == "true":
        return
    if not Path(CHROMIUM).exists():
        pytest.skip("需要 Debian 的 Chromium：apt-get install chromium", allow_module_level=True)
    pytest.importorskip("playwright", reason="需要 Playwright：pip install playwright")
