"""The preview is the published form (issue 15): one preparation step, every dataset.

With a publicity policy that is not the default (一般 = 6 months), the form the preview
shows must be exactly what publishing then writes into content/: once the preview took
the default policy and showed 公示截止期 two years later than the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from admin.backoffice.workflow import preview, records
from admin.content.store import read_record_file
from admin.domain import publicity, vocab
from admin.models import EnforcementItem, Officer
from admin.models.db import db
from tests.backoffice.workflow.conftest import act, signed_in

SIX_MONTHS = {regime: {"一般": 6} for regime in publicity.RANGES}


@pytest.fixture
def make_officer(app: Flask, township: int) -> Callable[..., int]:
    def make(**_: Any) -> int:
        with app.app_context():
            officer = Officer(slug="o-0001", body_id=township, name="马建军",
                              certificate_no="64052100001", category="综合执法")  # fmt: skip
            db.session.add(officer)
            db.session.commit()
            return officer.id

    return make


@pytest.fixture
def make_item(app: Flask, township: int) -> Callable[..., int]:
    def make(**_: Any) -> int:
        with app.app_context():
            item = EnforcementItem(
                slug="cf-0001", body_id=township, name="对占用道路的处罚", category="行政处罚"
            )
            db.session.add(item)
            db.session.commit()
            return item.id

    return make


@pytest.fixture
def make_subject(township: int) -> Callable[..., int]:
    return lambda **_: township


def _reviewed(app: Flask, dataset: str, record_id: int) -> None:
    """Take a decision through 法制审核, as the back office does, so it may be published."""
    assert act(signed_in(app.test_client(), "officer"), dataset, record_id, "submit").status_code
    reviewer = signed_in(app.test_client(), "reviewer")
    answer = act(reviewer, dataset, record_id, "review", outcome="同意", opinion="事实清楚。")
    assert answer.status_code == 302


@pytest.mark.parametrize(
    ("dataset", "maker"),
    [
        ("penalties", "make_penalty"),
        ("inspections", "make_inspection"),
        ("info", "make_info"),
        ("subjects", "make_subject"),
        ("officers", "make_officer"),
        ("items", "make_item"),
    ],
)
def test_preview_is_what_publishing_writes(
    app: Flask, request: pytest.FixtureRequest, content_dir, dataset: str, maker: str
) -> None:
    app.config["GONGSHI"]["PUBLICITY_MONTHS"] = SIX_MONTHS
    make = request.getfixturevalue(maker)
    if dataset == "penalties":
        # No possible names in the facts: the officer has nothing to decide before review.
        record_id = make(facts="当事人在村口占道经营，影响通行。")
        _reviewed(app, dataset, record_id)
    else:
        record_id = make()
    with app.test_request_context():
        record = db.session.get(records.MODELS[dataset], record_id)
        masker = preview.review_masker(dataset, record, root=content_dir)
        today = records.today()
        shown = preview.public_form(dataset, record, today=today, root=content_dir, masker=masker)
        slug, decided = record.slug, getattr(record, "decision_date", None)
        db.session.rollback()
    answer = act(signed_in(app.test_client(), "officer"), dataset, record_id, "publish")
    assert answer.status_code == 302
    written = read_record_file(content_dir, dataset, slug)
    assert written is not None
    meta = {key: value for key, value in shown[0].items() if value is not None}
    assert (meta, shown[1].strip()) == (written.meta, written.body.strip())
    if dataset == "penalties":
        # The configured six months, not the default (12 months from 2025-07-01).
        assert written.meta["publicity_until"] == publicity.add_months(decided, 6)
        assert written.meta["status"] == "published"


def test_the_public_page_preview_shows_the_configured_period(
    app: Flask, make_penalty, content_dir
) -> None:
    app.config["GONGSHI"]["PUBLICITY_MONTHS"] = SIX_MONTHS
    record_id = make_penalty(facts="当事人在村口占道经营。", procedure=vocab.PROCEDURE_ORDINARY)
    _reviewed(app, "penalties", record_id)
    officer = signed_in(app.test_client(), "officer")
    with app.app_context():
        decided: dt.date = db.session.get(records.MODELS["penalties"], record_id).decision_date
    start = officer.get(f"/records/penalties/{record_id}/public/")
    page = officer.get(start.headers["Location"]).get_data(as_text=True)
    assert publicity.add_months(decided, 6).isoformat() in page
    assert publicity.add_months(decided, 12).isoformat() not in page
