"""What every browser test shares: Debian's Chromium, its flags, and when to skip."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright  # after require_chromium's skip

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
