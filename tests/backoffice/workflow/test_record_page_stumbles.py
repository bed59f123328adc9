"""The record page: a 修改 link where allowed, the author's name, the review form last."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from admin.domain import vocab
from admin.models import User
from admin.models.db import db
from tests.backoffice.workflow.conftest import act, signed_in


def page_of(client, decision_id: int) -> str:
    return client.get(f"/records/penalties/{decision_id}").get_data(as_text=True)


def test_an_officer_gets_a_edit_link_on_a_record_they_may_edit(app: Flask, make_penalty) -> None:
    decision_id = make_penalty()
    page = page_of(signed_in(app.test_client(), "officer"), decision_id)
    assert f'<a class="button" href="/penalties/{decision_id}/edit">修改</a>' in page


def test_no_edit_link_for_a_reviewer_or_a_published_record(app: Flask, make_penalty) -> None:
    draft = make_penalty()
    assert "/edit" not in page_of(signed_in(app.test_client(), "reviewer"), draft)
    published = make_penalty(state=vocab.STATE_PUBLISHED)
    assert "/edit" not in page_of(signed_in(app.test_client(), "officer"), published)


def test_the_author_is_shown_by_name_not_account_id(app: Flask, make_penalty, accounts) -> None:
    with app.app_context():
        db.session.get(User, accounts["officer"]).display_name = "王录入"
        db.session.commit()
    page = page_of(signed_in(app.test_client(), "reviewer"), make_penalty())
    assert '<th scope="row">录入人</th><td>王录入</td>' in page


def test_the_reviewer_reads_the_record_before_the_distinct_agree_and_object_buttons(
    app: Flask, make_penalty
) -> None:
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    assert act(officer, "penalties", decision_id, "submit").status_code == 302
    page = page_of(signed_in(app.test_client(), "reviewer"), decision_id)
    fields, history = page.index('id="fields-h"'), page.index('id="reviews-h"')
    form = page.index(f'action="/records/penalties/{decision_id}/review"')
    assert fields < history < form
    assert '<button type="submit" class="wf-agree" name="outcome" value="同意">' in page
    assert '<button type="submit" class="wf-object" name="outcome" value="存在问题">' in page
    assert 'href="#review-h"' in page[:fields]  # the top of the page says where the form is
    css = (Path(app.static_folder) / "workflow.css").read_text(encoding="utf-8")
    assert ".wf-agree {" in css and ".wf-object {" in css
    assert "style=" not in page


def test_the_edit_page_is_headed_by_the_decision_number(app: Flask, make_penalty) -> None:
    decision_id = make_penalty()
    page = signed_in(app.test_client(), "officer").get(f"/penalties/{decision_id}/edit")
    html = page.get_data(as_text=True)
    assert "<h1>修改行政处罚决定：示范综执罚〔2026〕1号</h1>" in html
    assert "penalty-1" not in html.split("<h1>", 1)[1].split("</h1>", 1)[0]
