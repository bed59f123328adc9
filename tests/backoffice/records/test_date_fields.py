"""Date fields are text read by one tolerant parser; the hint says what it accepts."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.backoffice.records.conftest import (
    DECIDED,
    World,
    penalty_data,
    signed_in,
    stored_penalties,
    submit,
)
from tests.backoffice.records.test_other_records import inspection_data

SPELLINGS = [
    DECIDED.isoformat(),
    f"{DECIDED.year}年{DECIDED.month}月{DECIDED.day}日",
    DECIDED.strftime("%Y%m%d"),
]


@pytest.fixture
def officer(client: FlaskClient, world: World) -> FlaskClient:
    return signed_in(client, "officer")


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_decision_date_may_be_typed_as_officers_write_it(
    app: Flask, officer: FlaskClient, world: World, spelling: str
) -> None:
    data = penalty_data(world, decision_date=spelling, filed_date=spelling)
    response = submit(officer, "/penalties/new", data)
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[-2000:]
    [decision] = stored_penalties(app)
    assert decision.decision_date == DECIDED and decision.filed_date == DECIDED


def test_an_unreadable_date_is_refused_once_in_chinese_naming_the_field(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    response = submit(officer, "/penalties/new", penalty_data(world, decision_date="12/06/26"))
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert (
        '<span class="error" id="decision_date-error">处罚决定日期：「12/06/26」不是日期，'
        "请写作 2026-12-06、2026年12月6日 或 20261206" in page
    )
    assert page.count('id="decision_date-error"') == 1  # not also "不能为空"
    assert 'value="12/06/26"' in page  # what was typed stays for correcting
    assert stored_penalties(app) == []


def test_inspection_dates_use_the_same_parser(
    app: Flask, officer: FlaskClient, world: World
) -> None:
    typed = f"{DECIDED.year}年{DECIDED.month}月{DECIDED.day}日"
    response = submit(officer, "/inspections/new", inspection_data(world, inspected_on=typed))
    assert response.status_code == 302


def test_date_fields_are_text_with_a_hint_that_matches_what_is_accepted(
    officer: FlaskClient,
) -> None:
    for path in ("/penalties/new", "/inspections/new", "/info/new"):
        page = officer.get(path).get_data(as_text=True)
        assert 'type="date"' not in page, path  # the browser's own format varies by system
        assert "可写作 2026-12-06、2026年12月6日 或 20261206" in page, path
        assert "年-月-日" not in page, path
        assert 'placeholder="例如 2026-12-06"' in page, path
