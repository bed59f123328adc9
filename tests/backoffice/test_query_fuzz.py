"""Every back-office GET route, every role, hostile query parameters: a 4xx, never a 5xx."""

from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.models import Attachment, InfoRequest, PenaltyDecision
from admin.models.db import db
from tests.backoffice.conftest import login

#: Every parameter name a back-office view reads, plus one no view knows.
PARAMETERS = [
    "page", "q", "year", "date_from", "date_to", "actor", "action", "entity",
    "state", "procedure", "kind", "category", "body", "next", "unknown",
]  # fmt: skip
HOSTILE = [
    "99999999999999999999",
    "-1",
    "0",
    "10000",
    "99999",
    "1e3",
    "abc",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "20260101",
    "\x00",
    "2026\x00",
    "x" * 20_000,
    "１２",
    "²",
    "%",
    "' OR 1=1--",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    " ",
    "NaN",
]
HUGE_ID = "99999999999999999999"
#: Raw query strings that a browser would not send: invalid UTF-8, bare separators.
RAW = ["page=%FF%FE", "year=%C0%80", "q=%", "&&&=&", "page", "date_from=%00"]


def _query(name: str, value: str) -> str:
    return f"{name}={quote(value, safe='')}"


def _queries() -> list[str]:
    every = ["&".join(_query(name, value) for name in PARAMETERS) for value in HOSTILE]
    each = [_query(name, value) for name, value in zip(PARAMETERS, itertools.cycle(HOSTILE))]
    shifted = [_query(name, value) for name, value in zip(PARAMETERS, itertools.cycle(HOSTILE[7:]))]
    repeated = [f"{_query(name, '1')}&{_query(name, '2')}" for name in PARAMETERS]
    return every + each + shifted + repeated + RAW


def _paths(app: Flask) -> list[str]:
    with app.app_context():
        penalty = db.session.scalar(sa.select(sa.func.min(PenaltyDecision.id)))
        request_id = db.session.scalar(sa.select(sa.func.min(InfoRequest.id))) or 1
        attachment = db.session.scalar(sa.select(sa.func.min(Attachment.id))) or 1
    values = {
        "record_id": penalty,
        "request_id": request_id,
        "attachment_id": attachment,
        "dataset": "penalties",
        "kind": "acknowledgement",
        "path": "index.html",
        "filename": "admin.css",
        "year": 2021,  # the 法治政府建设年度报告 (the demo has one)
    }
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", str(values[name]))
            path = path.replace(f"<path:{name}>", str(values[name]))
            path = path.replace(f"<{name}>", str(values[name]))
        paths.append(path)
        if "<int:" in rule.rule:  # an id too large for the database's integer: 404
            huge = rule.rule
            for name in rule.arguments:
                huge = huge.replace(f"<int:{name}>", HUGE_ID)
                huge = huge.replace(f"<path:{name}>", str(values[name]))
                huge = huge.replace(f"<{name}>", str(values[name]))
            paths.append(huge)
    return paths


@pytest.fixture
def signed_in(app: Flask, demo) -> dict[str, FlaskClient]:
    clients = {"anonymous": app.test_client()}
    for role in ("officer", "reviewer", "admin"):
        clients[role] = app.test_client()
        assert login(clients[role], role).status_code == 302
    return clients


def test_no_query_parameter_gives_a_server_error(app: Flask, signed_in) -> None:
    paths = _paths(app)
    assert len(paths) > 50, "the url_map was not enumerated"
    failures = []
    for path, (role, client) in itertools.product(paths, signed_in.items()):
        # Anonymous requests all end at the login page, and a too-large id never reaches
        # a view: the combined queries are enough for those.
        few = role == "anonymous" or HUGE_ID in path
        queries = _queries()[: len(HOSTILE)] if few else _queries()
        for query in queries:
            try:
                response = client.get(f"{path}?{query}")
            except Exception as exc:  # TESTING propagates what would be a 500
                failures.append((role, path, query[:80], type(exc).__name__))
                continue
            response.close()  # static files are streamed from an open file
            if response.status_code >= 500:
                failures.append((role, path, query[:80], response.status_code))
    summary = sorted({(path, query[:30], error) for _, path, query, error in failures})
    assert failures == [], f"{len(failures)} server errors: {summary}"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=99999999999999999999", "页码："),
        ("page=-1", "页码："),
        ("date_from=0001-01-01", "起始日期："),
        ("date_to=9999-12-31", "截止日期："),
        ("date_from=2026-01-01%00", "起始日期："),
        ("actor=a&actor=b", "操作人：只能给一个值"),
    ],
)
def test_audit_log_refuses_a_malformed_parameter_in_chinese(client, accounts, query, message):
    login(client, "admin")
    response = client.get(f"/audit?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("year", ["99999", "-1", "10000", "1999", "abc", "2021%00", "２０２１"])
def test_annual_report_refuses_a_year_out_of_range(client, accounts, year) -> None:
    login(client, "officer")
    response = client.get(f"/annual-report/?year={year}")
    assert response.status_code == 400
    assert "年份：" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=99999999999999999999", "页码："),
        ("page=0", "页码："),
        ("q=" + "x" * 101, "搜索：过长"),
        ("q=a%00b", "搜索：含有不允许的控制字符"),
        ("year=20x0", "年份：不是可选的值"),
        ("state=' OR 1=1--", "不是可选的值"),
    ],
)
def test_record_lists_refuse_a_malformed_parameter_in_chinese(
    client, accounts, query, message
) -> None:
    login(client, "officer")
    response = client.get(f"/penalties/?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'lang="zh-CN"' in html
