"""The public site's Content-Security-Policy: in every page, in docs/deploy.md, in a browser.

The policy forbids inline script and style, so the test checks that the built pages hold
none, and drives the real site in Chromium (search with Pagefind's WebAssembly, 长者模式,
a page with its QR code) listening for any violation the browser reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from buildsupport import GONGSHI, ROOT, serve
from selectolax.lexbor import LexborHTMLParser

from tests.browsersupport import CHROMIUM, CHROMIUM_FLAGS, require_chromium
from tests.shipped import shipped_content

DIRECTIVES = {
    "default-src": "'none'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
#: Records every violation the browser reports; init scripts are outside the page's policy.
_LISTEN = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});"""


def _policy(text: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in text.split(";") if part.strip())
    return {name: value.strip() for name, value in pairs}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo content/ built with the real command."""
    import subprocess

    out = tmp_path_factory.mktemp("demo") / "build"
    content = shipped_content(out.parent / "content")
    result = subprocess.run(
        [GONGSHI, "build", "--content", str(content), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=out.parent,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_every_demo_page_parses_and_carries_the_policy_before_any_resource(
    demo_site: Path,
) -> None:
    pages = sorted(demo_site.resolve().rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        head = tree.css_first("head")
        assert head is not None, page
        first = head.css_first("meta[http-equiv], script, link[rel=stylesheet], style")
        assert first is not None and first.attributes.get("http-equiv") == (
            "Content-Security-Policy"
        ), page
        assert _policy(first.attributes["content"]) | DIRECTIVES == _policy(
            first.attributes["content"]
        ), page
        problems = [
            f"<script> without src in {page}"
            for n in tree.css("script")
            if "src" not in n.attributes
        ]
        problems += [f"<style> in {page}" for _ in tree.css("style")]
        for node in tree.css("*"):
            for name, value in (node.attributes or {}).items():
                if name == "style" or name.startswith("on"):
                    problems.append(f"{node.tag} {name}= in {page}")
                if name in ("href", "src", "action") and re.match(
                    r"\s*(javascript|data):", value or "", re.I
                ):
                    problems.append(f"{node.tag} {name}={value[:30]} in {page}")
        assert problems == []


def test_deploy_doc_sends_the_pages_policy_as_headers(demo_site: Path) -> None:
    meta = LexborHTMLParser((demo_site / "index.html").read_text(encoding="utf-8")).css_first(
        "meta[http-equiv=Content-Security-Policy]"
    )
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    header = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', doc)
    assert header, "docs/deploy.md：缺少 Content-Security-Policy 响应头"
    sent = _policy(header.group(1))
    assert sent == {**_policy(meta.attributes["content"]), "frame-ancestors": "'none'"}


# ---------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="module")
def page_factory() -> Iterator:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)

        def new_page():
            context = browser.new_context()
            context.add_init_script(_LISTEN)
            page = context.new_page()
            messages: list[str] = []
            page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: messages.append(str(error)))
            # The site has no favicon; the browser asks for one anyway.
            page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
            return page, messages

        yield new_page
        browser.close()


def test_search_senior_mode_and_qr_work_under_the_policy(page_factory, demo_site: Path) -> None:
    page, messages = page_factory()
    with serve(demo_site) as base:
        page.goto(base + "search/index.html?q=政府")
        # Not wait_for_function: Playwright evaluates its string with eval, which the
        # policy forbids (as it should); a selector wait needs no eval.
        page.wait_for_selector("#search[data-state=done], #search[data-state=error]")
        assert page.get_attribute("#search", "data-state") == "done"
        assert int(page.get_attribute("#search-results", "data-count") or 0) > 0
        violations = page.evaluate("window.__violations")
        page.goto(base + "items/cf-0012/index.html")
        assert page.locator("svg.qr").count() == 1
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        page.click(".elder-on")
        page.goto(base + "index.html")  # elder.js remembers the mode across pages
        assert page.evaluate("document.documentElement.classList.contains('elder')")
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= size
        violations += page.evaluate("window.__violations")
    assert violations == []
    assert [m for m in messages if "Content Security Policy" in m] == []
    assert messages == []


def test_a_violation_would_be_seen(page_factory, demo_site: Path, tmp_path: Path) -> None:
    """The listener is live: an inline script added to a copy of a page is reported."""
    page, _ = page_factory()
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    (demo_site / "csp-probe.html").write_text(
        html.replace("</body>", "<script>document.title='x'</script></body>"), encoding="utf-8"
    )
    try:
        with serve(demo_site) as base:
            page.goto(base + "csp-probe.html")
            assert page.evaluate("window.__violations")
            assert page.title() != "x"
    finally:
        (demo_site / "csp-probe.html").unlink()
