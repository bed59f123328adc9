"""An edit after approval is announced before saving, and the old approval shown void."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.domain import vocab
from tests.backoffice.records.conftest import (
    World,
    penalty_data,
    signed_in,
    stored_penalties,
    submit,
)
from tests.backoffice.workflow.conftest import act

WARNING = "保存后需重新法制审核"


@pytest.fixture
def approved(app: Flask, world: World) -> tuple[FlaskClient, int, int]:
    """An officer's client and a decision approved at revision N: (client, id, N)."""
    officer = signed_in(app.test_client(), "officer")
    assert submit(officer, "/penalties/new", penalty_data(world)).status_code == 302
    [decision] = stored_penalties(app)
    assert act(officer, "penalties", decision.id, "submit").status_code == 302
    reviewer = signed_in(app.test_client(), "reviewer")
    agreed = act(reviewer, "penalties", decision.id, "review", outcome="同意", opinion="同意。")
    assert agreed.status_code == 302
    [decision] = stored_penalties(app)
    assert decision.state == vocab.STATE_APPROVED
    return officer, decision.id, decision.version


def test_the_edit_form_of_an_approved_decision_warns_beside_the_save_button(
    approved: tuple[FlaskClient, int, int],
) -> None:
    officer, decision_id, revision = approved
    page = officer.get(f"/penalties/{decision_id}/edit").get_data(as_text=True)
    actions = page[page.index('<div class="actions">') :]
    actions = actions[: actions.index("</div>")]
    assert WARNING in actions and f"第 {revision} 版已通过法制审核" in actions
    assert 'aria-describedby="edit-warning"' in actions  # read out with the button


def test_a_draft_edit_form_has_no_warning(app: Flask, world: World) -> None:
    officer = signed_in(app.test_client(), "officer")
    assert submit(officer, "/penalties/new", penalty_data(world)).status_code == 302
    [decision] = stored_penalties(app)
    assert WARNING not in officer.get(f"/penalties/{decision.id}/edit").get_data(as_text=True)


def test_after_the_edit_the_old_approval_is_shown_void_with_its_revision(
    app: Flask, world: World, approved: tuple[FlaskClient, int, int]
) -> None:
    officer, decision_id, revision = approved
    page = officer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert "已失效" not in page  # still the approved revision
    edited = submit(
        officer, f"/penalties/{decision_id}/edit", penalty_data(world, content="罚款人民币2000元")
    )
    assert edited.status_code == 302, html.unescape(edited.get_data(as_text=True))[-2000:]
    [decision] = stored_penalties(app)
    assert decision.state == vocab.STATE_DRAFT
    assert decision.version == revision + 1  # the edit and its new state: one revision
    page = officer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert f'同意 <span class="wf-voided">已失效（第 {revision} 版）</span>' in page


def test_publishing_does_not_void_the_approval(
    app: Flask, approved: tuple[FlaskClient, int, int]
) -> None:
    officer, decision_id, _revision = approved
    assert act(officer, "penalties", decision_id, "publish").status_code == 302
    page = officer.get(f"/records/penalties/{decision_id}").get_data(as_text=True)
    assert "已公示" in page and "已失效" not in page
