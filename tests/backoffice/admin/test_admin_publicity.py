"""Publicity periods: the admin page, instance/config.toml, and publishing using them."""

from __future__ import annotations

import datetime as dt
import stat
import tomllib

import pytest
import sqlalchemy as sa

from admin import config
from admin.domain import vocab
from admin.domain.publicity import REGIME_2023, REGIME_2025
from admin.models import AuditEntry, PenaltyDecision
from admin.models.db import db
from admin.publish.publishing import publish_penalty
from tests.backoffice.conftest import csrf_token, login

DEFAULTS = {"months-0-0": 36, "months-0-1": 36, "months-0-2": 36}
DEFAULTS |= {"months-1-0": 3, "months-1-1": 12, "months-1-2": 36}


def save(client, **changes):
    token = csrf_token(client, "/admin/publicity/")
    return client.post("/admin/publicity/", data={"csrf_token": token, **DEFAULTS, **changes})


@pytest.mark.parametrize("username", ["officer", "reviewer"])
def test_non_admins_are_refused(client, accounts, username) -> None:
    login(client, username)
    assert client.get("/admin/publicity/").status_code == 403


def test_round_trip_through_instance_config(app, client, accounts, instance_dir) -> None:
    login(client, "admin")
    assert 'name="months-1-1" type="number" min="3" max="12" step="1" required value="12"' in (
        client.get("/admin/publicity/").get_data(as_text=True)
    )
    assert save(client, **{"months-1-1": "6", "months-0-0": "3"}).status_code == 303
    html = client.get("/admin/publicity/").get_data(as_text=True)
    assert 'required value="6"' in html and "公示期限已保存" in html
    stored = tomllib.loads((instance_dir / "config.toml").read_text(encoding="utf-8"))
    assert stored["PUBLICITY_MONTHS"] == {REGIME_2023: {"轻微": 3}, REGIME_2025: {"一般": 6}}
    # A freshly started process reads the same periods.
    fresh = config.publicity_policy(config.load_settings(instance_dir))
    assert fresh.months[REGIME_2025]["一般"] == 6 and fresh.months[REGIME_2025]["严重"] == 36
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.action, entry.actor) == ("publicity-settings", "admin")
    assert entry.detail["before"][REGIME_2025]["一般"] == 12
    assert entry.detail["after"][REGIME_2025]["一般"] == 6


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"months-1-1": "13"}, "公示期限（2025年第36号令 一般）：必须在 3–12 个月之间"),
        ({"months-1-2": "6"}, "公示期限（2025年第36号令 严重）：必须在 12–36 个月之间"),
        ({"months-0-0": "2"}, "公示期限（2023年第58号令 轻微）：必须在 3–36 个月之间"),
        ({"months-1-0": "1.5"}, "公示期限（2025年第36号令 轻微）：必须是整数月数"),
        ({"months-0-2": ""}, "公示期限（2023年第58号令 严重）：必须是整数月数"),
    ],
)
def test_out_of_range_is_refused_and_nothing_written(
    client, accounts, instance_dir, changes, message
):
    login(client, "admin")
    response = save(client, **changes)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert not (instance_dir / "config.toml").exists()


def test_publishing_uses_the_setting(app, client, demo, content_dir) -> None:
    login(client, "admin")
    save(client, **{"months-1-1": "6"})
    with app.app_context():
        decision = db.session.scalar(
            sa.select(PenaltyDecision).where(
                PenaltyDecision.state == vocab.STATE_PUBLISHED,
                PenaltyDecision.decision_date == dt.date(2026, 4, 21),
            )
        )
        assert decision.severity == "一般" and decision.procedure == "普通程序"
        publish_penalty(
            db.session, decision, actor="admin", today=dt.date(2026, 5, 1), content_root=content_dir
        )
        db.session.commit()
        assert decision.publicity_until == dt.date(2026, 10, 21)  # 6 months, not the default 12


def test_write_instance_setting_keeps_other_keys_and_mode(instance_dir) -> None:
    path = instance_dir / "config.toml"
    path.write_text('TIMEZONE = "Asia/Shanghai"\npublicity_months = 1\n', encoding="utf-8")
    path.chmod(0o640)
    config.write_instance_setting(instance_dir, "PUBLICITY_MONTHS", {REGIME_2025: {"一般": 6}})
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {"TIMEZONE": "Asia/Shanghai", "PUBLICITY_MONTHS": {REGIME_2025: {"一般": 6}}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in instance_dir.iterdir()] == ["config.toml"]  # no temporary left


def test_a_new_config_file_is_private(instance_dir) -> None:
    config.write_instance_setting(instance_dir, "PUBLICITY_MONTHS", {})
    assert stat.S_IMODE((instance_dir / "config.toml").stat().st_mode) == 0o600


def test_a_bad_hand_edited_setting_is_named(instance_dir) -> None:
    (instance_dir / "config.toml").write_text(
        f'[PUBLICITY_MONTHS."{REGIME_2025}"]\n"一般" = 24\n', encoding="utf-8"
    )
    with pytest.raises(config.ConfigError, match=r"PUBLICITY_MONTHS.*3–12"):
        config.publicity_policy(config.load_settings(instance_dir))
