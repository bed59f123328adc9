"""Site identity page: edits content/site.toml through the safe writer, audited."""

from __future__ import annotations

import tomllib

import pytest
import sqlalchemy as sa

from admin.content.store import ContentStoreError, read_site_config, write_site_config
from admin.models import AuditEntry
from admin.models.db import db
from tests.backoffice.conftest import csrf_token, login


def form_of(content_dir, **changes) -> dict:
    site = read_site_config(content_dir)
    data = {key: site[key] for key in ("name", "base_url", "sponsor", "contact", "address",
                                       "site_code", "icp", "police_filing", "region", "court",
                                       "review_body")}  # fmt: skip
    data |= {"show_full_names": "", "demo": "y"} if site["demo"] else {}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def save(client, content_dir, **changes):
    token = csrf_token(client, "/admin/site/")
    return client.post(
        "/admin/site/", data={"csrf_token": token, **form_of(content_dir, **changes)}
    )


@pytest.mark.parametrize("username", ["officer", "reviewer"])
def test_non_admins_are_refused(client, accounts, username) -> None:
    login(client, username)
    assert client.get("/admin/site/").status_code == 403


def test_form_shows_the_current_identity(client, accounts) -> None:
    login(client, "admin")
    html = client.get("/admin/site/").get_data(as_text=True)
    assert "https://dzc.example.gov.cn/gongshi/" in html and "宁ICP备00000000号" in html


def test_edit_writes_site_toml_and_is_audited(app, client, accounts, content_dir) -> None:
    login(client, "admin")
    response = save(
        client, content_dir, sponsor="某县某镇人民政府", base_url="https://x.example.cn/g"
    )
    assert response.status_code == 303
    text = (content_dir / "site.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["sponsor"] == "某县某镇人民政府" and data["base_url"] == "https://x.example.cn/g/"
    assert data["court"] == "中宁县人民法院" and data["demo"] is True  # the rest is kept
    assert text.startswith("# The demo township")  # the header comment survives
    assert list(data)[:2] == ["name", "base_url"]
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert (entry.action, entry.actor) == ("site-config", "admin")
        assert entry.detail["before"]["sponsor"] == "中宁县大战场镇人民政府"
        assert entry.detail["after"]["sponsor"] == "某县某镇人民政府"
        assert set(entry.detail["after"]) == {"sponsor", "base_url"}


def test_checkbox_off_writes_false(client, accounts, content_dir) -> None:
    login(client, "admin")
    save(client, content_dir, demo=None)
    assert read_site_config(content_dir)["demo"] is False


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("", "网站地址（base_url）：必须填写"),
        ("ftp://x.example.cn/", "必须以 https:// 或 http:// 开头"),
        ("javascript:alert(1)", "必须以 https:// 或 http:// 开头"),
        ("dzc.example.gov.cn", "必须以 https:// 或 http:// 开头"),
    ],
)
def test_missing_or_non_http_base_url_is_refused(client, accounts, content_dir, base_url, message):
    before = (content_dir / "site.toml").read_bytes()
    login(client, "admin")
    response = save(client, content_dir, base_url=base_url)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert (content_dir / "site.toml").read_bytes() == before


def test_unknown_region_is_refused(client, accounts, content_dir) -> None:
    before = (content_dir / "site.toml").read_bytes()
    login(client, "admin")
    assert save(client, content_dir, region="mars").status_code == 422
    assert (content_dir / "site.toml").read_bytes() == before


def test_unchanged_form_writes_nothing(app, client, accounts, content_dir) -> None:
    login(client, "admin")
    before = (content_dir / "site.toml").stat().st_mtime_ns
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    assert save(client, content_dir).status_code == 303
    assert (content_dir / "site.toml").stat().st_mtime_ns == before
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == count


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x"}, "base_url：必须填写"),
        ({"base_url": "  "}, "base_url：必须填写"),
        ({"base_url": "file:///etc/"}, "base_url：必须以 https:// 或 http:// 开头"),
        ({"base_url": "https://x.cn/", "demo": "false"}, "demo：必须是 true 或 false"),
    ],
)
def test_write_site_config_refuses_what_read_would(tmp_path, data, message) -> None:
    with pytest.raises(ContentStoreError, match=message):
        write_site_config(tmp_path, data)
    assert not (tmp_path / "site.toml").exists()


def test_write_site_config_orders_keys_and_round_trips(tmp_path) -> None:
    data = {"zeta": 1, "court": "某法院", "base_url": "https://x.cn/", "name": "某镇"}
    write_site_config(tmp_path, data)
    text = (tmp_path / "site.toml").read_text(encoding="utf-8")
    assert [line.split(" =")[0] for line in text.splitlines()] == [
        "name",
        "base_url",
        "court",
        "zeta",
    ]
    assert not write_site_config(tmp_path, data).changed
