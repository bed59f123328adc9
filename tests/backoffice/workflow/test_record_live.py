"""The record page says whether the public site shows the published record yet."""

from __future__ import annotations

from tests.backoffice.workflow.conftest import act, signed_in
from tests.conftest import run_gongshi


def test_a_published_record_is_pending_until_the_site_is_built(
    app, make_inspection, content_dir, tmp_path
) -> None:
    out = tmp_path / "site"
    app.config["GONGSHI"]["BUILD_DIR"] = str(out)
    record_id = make_inspection()
    officer = signed_in(app.test_client(), "officer")
    page = f"/records/inspections/{record_id}"
    assert "公开网站：" not in officer.get(page).get_data(as_text=True)  # a draft: nothing to say

    assert act(officer, "inspections", record_id, "publish").status_code == 302
    assert "公开网站：公开网站尚未构建过" in officer.get(page).get_data(as_text=True)

    built = run_gongshi("build", "--content", str(content_dir), "--out", str(out), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    html = officer.get(page).get_data(as_text=True)
    assert "公开网站：已在公开网站上（网站最近构建于 " in html

    # Withdrawn after the build: written into content/, not yet on the site.
    act(officer, "inspections", record_id, "withdraw", reason="检查结果录入有误")
    html = officer.get(page).get_data(as_text=True)
    assert "公开网站：已写入 content/，等待下次网站构建后上线" in html
