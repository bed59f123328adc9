"""``gongshi workdays add`` and ``gongshi calendar load|show`` through the real entry point,
and the store behind them on a real SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from pgsupport import raw_database

from admin.domain.calendar_notice import Notice
from admin.domain.workcalendar import CalendarError
from admin.models import AuditEntry, CalendarNotice
from admin.store.calendar import (
    CREATED,
    UNCHANGED,
    UPDATED,
    deployment_region,
    load_calendar,
    store_notice,
)

D = dt.date.fromisoformat

NATIONAL_2091 = """\
year = 2091
region = "national"
source = "国务院办公厅关于2091年部分节假日安排的通知"
holidays = [2091-01-01, 2091-01-08, 2091-01-09]
workdays = [2091-01-13]
"""
NINGXIA_2091 = """\
year = 2091
region = "ningxia"
source = "宁夏回族自治区人民政府办公厅关于2091年部分节假日安排的通知"
holidays = []
"""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("2021-09-30", "2"), "2021-10-09"),  # 10-9 is a worked Saturday (国庆 调休)
        (("2021-05-12", "1"), "2021-05-13"),
        (("2021-05-12", "1", "--region", "ningxia"), "2021-05-17"),  # 开斋节 5-13/14
        (("2021-10-01", "0"), "2021-10-01"),
    ],
)
def test_workdays_add(gongshi, instance_dir: Path, args, expected: str) -> None:
    result = gongshi("workdays", "add", *args)
    assert (result.returncode, result.stdout) == (0, expected + "\n")
    # No site.toml in the working directory: the national calendar, and it says so.
    region = "宁夏" if "ningxia" in args else "全国"
    assert result.stderr.startswith(f"按{region}放假安排计算（")
    assert not (instance_dir / "gongshi.db").exists()  # needs no database, creates none


def test_workdays_add_counts_by_the_sites_region(gongshi, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.toml").write_text('base_url = "https://x.example/"\nregion = "ningxia"\n')
    # 2021-05-13/14 are 宁夏's 开斋节 days off: without --region the site's region counts.
    result = gongshi("workdays", "add", "2021-05-12", "1")
    assert (result.returncode, result.stdout) == (0, "2021-05-17\n")
    assert "按宁夏放假安排计算（content/site.toml 的 region）" in result.stderr
    national = gongshi("workdays", "add", "2021-05-12", "1", "--region", "national")
    assert (national.returncode, national.stdout) == (0, "2021-05-13\n")
    assert "--region 指定" in national.stderr
    # 2026's national notice ships with chinese-calendar; 宁夏's own is not loaded yet.
    unknown = gongshi("workdays", "add", "2026-05-12", "5")
    assert (unknown.returncode, unknown.stdout) == (3, "2026-05-19 未确认 2026\n")
    assert "宁夏回族自治区 2026 年放假通知未载入" in unknown.stderr


def test_workdays_add_refuses_an_unknown_region_in_site_toml(gongshi, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.toml").write_text('base_url = "https://x.example/"\nregion = "gansu"\n')
    result = gongshi("workdays", "add", "2021-05-12", "1")
    assert result.returncode == 2 and "region：未知地区 gansu" in result.stderr


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("2021-02-30", "1"), "DATE："),
        (("2021-01-04", "-1"), "N："),
        (("2021-01-04", "1", "--region", "gansu"), "--region："),
    ],
)
def test_workdays_add_refuses_malformed_input(gongshi, args, field: str) -> None:
    result = gongshi("workdays", "add", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"错误：{field}") and "Traceback" not in result.stderr


def test_unknown_year_is_unconfirmed_until_its_notice_is_loaded(
    gongshi, tmp_path: Path, instance_dir: Path
) -> None:
    # The database is created by the real ``gongshi init`` here, in-process elsewhere.
    # 2091-01-05 is a Friday: with weekends only, five working days end on 1-12.
    unknown = gongshi("workdays", "add", "2091-01-05", "5")
    assert (unknown.returncode, unknown.stdout) == (3, "2091-01-12 未确认 2091\n")
    assert "国务院 2091 年放假通知未载入" in unknown.stderr

    assert gongshi("init").returncode == 0
    notice = tmp_path / "2091-national.toml"
    notice.write_text(NATIONAL_2091, encoding="utf-8")
    loaded = gongshi("calendar", "load", str(notice))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("已载入 2091 年全国的放假通知")
    # 1-8, 1-9 off, Saturday 1-13 worked: 1-10, 1-11, 1-12, 1-13, 1-15.
    known = gongshi("workdays", "add", "2091-01-05", "5")
    assert (known.returncode, known.stdout) == (0, "2091-01-15\n")

    again = gongshi("calendar", "load", str(notice))
    assert again.returncode == 0 and again.stdout.startswith("未改变")
    with raw_database(instance_dir) as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM calendar_notice")) == 1
        assert (
            connection.scalar(
                sa.text("SELECT count(*) FROM audit_entry WHERE action = 'calendar-load'")
            )
            == 1
        )

    # 宁夏 needs its own notice for the year, even one that adds no day.
    regional = gongshi("workdays", "add", "2091-01-05", "5", "--region", "ningxia")
    assert (regional.returncode, regional.stdout) == (3, "2091-01-15 未确认 2091\n")
    ningxia = tmp_path / "2091-ningxia.toml"
    ningxia.write_text(NINGXIA_2091, encoding="utf-8")
    assert gongshi("calendar", "load", str(ningxia)).returncode == 0
    regional = gongshi("workdays", "add", "2091-01-05", "5", "--region", "ningxia")
    assert (regional.returncode, regional.stdout) == (0, "2091-01-15\n")

    shown = gongshi("calendar", "show", "2091", "--region", "ningxia")
    assert shown.returncode == 0
    assert "2091 年 宁夏：已确认" in shown.stdout
    assert "宁夏回族自治区人民政府办公厅关于2091年部分节假日安排的通知" in shown.stdout
    assert "2091-01-13 星期六 上班 调休上班" in shown.stdout


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (NATIONAL_2091.replace("2091-01-09]", "2092-01-09]"), "第 4 行：holidays：2092-01-09"),
        (NATIONAL_2091.replace('source = "国务院办公厅关于2091年部分节假日安排的通知"\n', ""),
         "source：缺少这一项"),
    ],
)  # fmt: skip
def test_a_malformed_notice_is_refused_whole(
    app, gongshi, tmp_path: Path, instance_dir: Path, text: str, where: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = gongshi("calendar", "load", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"错误：{path}：") and where in result.stderr
    with raw_database(instance_dir) as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM calendar_notice")) == 0


def test_load_refuses_a_missing_file(app, gongshi) -> None:
    result = gongshi("calendar", "load", "nowhere.toml")
    assert (result.returncode, result.stderr) == (1, "错误：nowhere.toml：文件不存在\n")


def test_show_needs_no_database(gongshi, instance_dir: Path) -> None:
    result = gongshi("calendar", "show", "2021", "--region", "ningxia")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2021 年 宁夏：已确认"
    assert "  宁夏：宁夏回族自治区人民政府办公厅关于2021年部分节假日安排的通知" in lines
    assert "  2021-05-13 星期四 放假 宁夏地方放假" in lines
    assert "  2021-10-09 星期六 上班 调休上班（国庆节）" in lines
    national = gongshi("calendar", "show", "2021").stdout
    assert "2021-05-13" not in national and "国务院办公厅关于2021年部分节假日安排的通知" in national
    unknown = gongshi("calendar", "show", "2091")
    assert unknown.returncode == 0 and unknown.stdout.startswith("2091 年 全国：未确认")
    assert not (instance_dir / "gongshi.db").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(("21",), "错误：YEAR："), (("2021", "--region", "xinjiang"), "错误：--region：")],
)
def test_show_refuses_bad_input(gongshi, args, message: str) -> None:
    result = gongshi("calendar", "show", *args)
    assert result.returncode == 2 and result.stderr.startswith(message)


def test_store_notice_is_idempotent_and_audited(session) -> None:
    notice = Notice(2091, "national", "通知甲", (D("2091-01-08"),), (D("2091-01-13"),))
    assert store_notice(session, notice, "cli:test") == CREATED
    assert store_notice(session, notice, "cli:test") == UNCHANGED
    corrected = Notice(2091, "national", "通知甲", (D("2091-01-09"),))
    assert store_notice(session, corrected, "admin") == UPDATED
    session.commit()
    (row,) = session.scalars(sa.select(CalendarNotice)).all()
    assert (row.holidays, row.workdays, row.loaded_by) == (["2091-01-09"], [], "admin")
    actions = session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["calendar-load", "calendar-update"]
    update = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert update.detail["before"] == {"holidays": ["2091-01-08"], "workdays": ["2091-01-13"]}


def test_load_calendar_combines_bundled_and_stored(session) -> None:
    assert load_calendar(None).known_years("ningxia") == (2019, 2020, 2021, 2022)
    store_notice(session, Notice(2091, "national", "通知"), "cli:test")
    store_notice(session, Notice(2091, "ningxia", "宁夏通知"), "cli:test")
    calendar = load_calendar(session)
    assert 2091 in calendar.known_years("ningxia")
    assert calendar.day_status(D("2021-05-13"), "ningxia").reason == "宁夏地方放假"


@pytest.mark.parametrize(
    ("site", "region"),
    [({"region": "ningxia"}, "ningxia"), ({"region": ""}, "national"), ({}, "national")],
)
def test_deployment_region_comes_from_site_toml(site: dict, region: str) -> None:
    assert deployment_region(site) == region


def test_an_unknown_deployment_region_is_refused() -> None:
    with pytest.raises(CalendarError, match=r"site\.toml：region"):
        deployment_region({"region": "gansu"})
