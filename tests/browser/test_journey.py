"""The main journey in headless Chromium against a real ``gongshi serve``.

An officer signs in, records a decision and submits it; a reviewer approves it with an
opinion; the officer publishes it and its file appears in ``content/penalties/``. An
account holding both roles is never offered the review of its own decision, and a
forged review request is refused.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from admin.demo.fictional import credit_code
from tests.browsersupport import chromium, require_chromium
from tests.conftest import GONGSHI, run_gongshi

require_chromium()
from playwright.sync_api import Browser, Page, expect  # noqa: E402

PASSWORD = "journey-horse-battery-2026"
SHOTS = Path(os.environ.get("GONGSHI_SCREENSHOTS", "/tmp"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A fresh demo instance with known accounts behind ``gongshi serve``; (url, folder)."""
    folder = tmp_path_factory.mktemp("journey")
    env = {"GONGSHI_INSTANCE_DIR": str(folder / "instance")}
    assert run_gongshi("init", "--demo", cwd=folder, env=env).returncode == 0
    for name, roles in {
        "clerk": ["officer"],
        "lawyer": ["reviewer"],
        "dual": ["officer", "reviewer"],
        "chief": ["officer", "reviewer", "admin"],
    }.items():
        options = [part for role in roles for part in ("--role", role)]
        added = run_gongshi(
            "user", "add", name, *options, "--password-stdin", cwd=folder, input=PASSWORD, env=env
        )
        assert added.returncode == 0, added.stderr
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [GONGSHI, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=folder,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        process.terminate()
        _, log = process.communicate(timeout=30)
    assert b"Traceback" not in log, log.decode("utf-8", "replace")[-3000:]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def sign_in(browser: Browser, base: str, username: str) -> Page:
    """Open a fresh browser context and sign in through the login form."""
    page = browser.new_context(base_url=base, locale="zh-CN").new_page()
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    return page


def record_decision(page: Page, party: str, key: str) -> str:
    """Fill in the new-decision form as a clerk would; return the detail page's path."""
    page.goto("/penalties/new")
    page.select_option("#party_kind", "法人及非法人组织")
    page.fill("#party_name", party)
    page.fill("#party_credit_code", credit_code("91", key))
    page.fill("#legal_rep", "王某某")
    page.fill("#decision_date", "2026-11-20")
    page.fill("#violation_type", "未按规定处置建筑垃圾")
    page.fill("#facts", "经查，当事人于2026年10月在大战场村倾倒建筑垃圾约3立方米。")
    page.fill("#basis", "《城市市容和环境卫生管理条例》第三十六条")
    page.check("input[name=kinds][value=罚款]")
    page.fill("#content", "罚款人民币5000元。")
    page.fill("#fine_yuan", "5000")
    page.fill("#filed_date", "2026-11-02")
    page.select_option("#procedure", "普通程序")
    page.select_option("#item_id", index=1)
    page.check("#officers-0")
    page.check("#officers-1")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(r"/records/penalties/\d+$"))
    return urlsplit(page.url).path


def test_officer_records_reviewer_approves_officer_publishes(server, browser) -> None:
    base, folder = server
    clerk = sign_in(browser, base, "clerk")
    detail = record_decision(clerk, "中宁县旅程建材有限公司", "journey-1")
    clerk.screenshot(path=str(SHOTS / "journey-1-recorded.png"), full_page=True)
    clerk.get_by_role("button", name="提交法制审核").click()
    expect(clerk.get_by_role("status")).to_have_text("已提交审核")
    # Not yet approved: the officer is not offered publishing.
    expect(clerk.get_by_role("button", name="公示", exact=True)).to_have_count(0)

    lawyer = sign_in(browser, base, "lawyer")
    lawyer.goto(detail)
    lawyer.get_by_label("审核意见（必填）").fill("事实清楚，证据充分，适用依据正确，同意。")
    lawyer.get_by_role("button", name="同意", exact=True).click()
    expect(lawyer.get_by_role("status")).to_have_text("审核意见已保存（同意）")
    expect(lawyer.get_by_text("事实清楚，证据充分，适用依据正确，同意。")).to_be_visible()
    lawyer.screenshot(path=str(SHOTS / "journey-2-approved.png"), full_page=True)

    before = set((folder / "content" / "penalties").glob("*.md"))
    clerk.goto(detail)
    clerk.get_by_role("button", name="公示", exact=True).click()
    expect(clerk.get_by_role("status")).to_have_text("已公示")
    clerk.screenshot(path=str(SHOTS / "journey-3-published.png"), full_page=True)
    [published] = set((folder / "content" / "penalties").glob("*.md")) - before
    text = published.read_text(encoding="utf-8")
    assert "中宁县旅程建材有限公司" in text and "罚款人民币5000元" in text


def test_reviewer_with_both_roles_cannot_approve_own_decision(server, browser) -> None:
    base, _ = server
    dual = sign_in(browser, base, "dual")
    detail = record_decision(dual, "中宁县自审建材有限公司", "journey-2")
    dual.get_by_role("button", name="提交法制审核").click()
    expect(dual.locator(".flash").get_by_text("已提交审核")).to_be_visible()
    # The review form is not offered to the author, whatever roles the account holds …
    expect(dual.get_by_label("审核意见（必填）")).to_have_count(0)
    dual.screenshot(path=str(SHOTS / "journey-4-own-decision.png"), full_page=True)
    # … and a review posted anyway, with a valid CSRF token, is refused by the server.
    token = dual.locator("input[name=csrf_token]").first.get_attribute("value")
    dual.goto(detail.replace("/records/penalties/", "/penalties/") + "/edit")
    version = dual.locator("#version").get_attribute("value")
    response = dual.request.post(
        f"{base}{detail}/review",
        form={"csrf_token": token, "version": version, "outcome": "同意", "opinion": "自己同意"},
        max_redirects=0,
    )
    assert response.status == 403
    dual.goto(detail)
    expect(dual.get_by_text("自己同意")).to_have_count(0)


def test_the_menu_of_every_role_fits_one_line_and_a_phone(server, browser) -> None:
    base, _ = server
    chief = sign_in(browser, base, "chief")  # every role: the longest menu there is
    chief.set_viewport_size({"width": 1280, "height": 800})
    tops = chief.eval_on_selector_all(
        "nav .menu > li", "items => items.map(item => item.getBoundingClientRect().top)"
    )
    assert len(tops) >= 5 and len(set(tops)) == 1, tops  # one line
    brand, nav = (chief.locator(s).bounding_box() for s in (".brand", "nav .menu"))
    assert abs(brand["y"] - nav["y"]) < brand["height"]  # the menu sits beside the brand
    # A group opens as a list under its label, without a script, and its links work.
    chief.get_by_text("管理", exact=True).click()
    chief.get_by_role("link", name="审计日志").click()
    chief.wait_for_url(re.compile(r"/audit$"))
    expect(chief.locator("summary.current")).to_have_text("管理")

    chief.set_viewport_size({"width": 360, "height": 740})
    chief.get_by_text("记录", exact=True).click()
    expect(chief.get_by_role("link", name="行政处罚")).to_be_visible()
    chief.screenshot(path=str(SHOTS / "menu-phone.png"))
    # On a phone the header wraps within the screen, the open list included.
    right = chief.eval_on_selector_all(
        "header.top, header.top *",
        "els => Math.max(...els.map(e => e.getBoundingClientRect().right))",
    )
    assert right <= 360, right
