"""The Markdown preview in a real browser: in place with preview.js, under the strict CSP."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.backoffice.conftest import PASSWORD
from tests.backoffice.records.conftest import World
from tests.browsersupport import CHROMIUM, CHROMIUM_FLAGS, require_chromium

require_chromium()
from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture
def base_url(app: Flask, world: World) -> Iterator[str]:
    """The back-office served on loopback by Werkzeug in a thread."""
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_preview_shows_sanitised_markdown_in_place(base_url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        # CSP violations and script errors surface as console errors; a missing favicon
        # (not ours) as a failed load, checked by status instead.
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and problems.append(m.text)
            ),
        )
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and not r.url.endswith("/favicon.ico")
                and problems.append(f"{r.status} {r.url}")
            ),
        )
        page.goto(f"{base_url}/login")
        page.fill("#username", "officer")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base_url}/penalties/new")
        page.fill("#party_name", "仍在表单中的名称")
        page.fill("#facts", "经查，**当事人**<img src=x onerror=alert(1)>")
        page.evaluate("window.stillHere = true")  # lost if the page is reloaded
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.click("button[name=preview]")
        assert answer.value.status == 200
        preview = page.locator("section.preview")
        preview.wait_for()
        assert preview.locator("strong").inner_text() == "当事人"
        assert preview.locator("img[onerror]").count() == 0
        # In place: the page was not reloaded, and what the clerk typed is untouched.
        assert page.evaluate("window.stillHere === true")
        assert page.input_value("#party_name") == "仍在表单中的名称"
        browser.close()
    assert problems == []
