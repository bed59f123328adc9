"""No lost updates (issue 6 item 8): a save against a newer version is refused with 409."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa
from flask import Flask

from admin.models import PenaltyDecision
from tests.backoffice.records.conftest import (
    World,
    penalty_data,
    signed_in,
    stored_penalties,
    submit,
    token_of,
    version_of,
)


def test_second_save_from_a_stale_form_is_refused_with_the_other_change(
    app: Flask, world: World
) -> None:
    alice = signed_in(app.test_client(), "officer")
    bob = signed_in(app.test_client(), "clerk")
    assert submit(alice, "/penalties/new", penalty_data(world)).status_code == 302
    [decision] = stored_penalties(app)
    path = f"/penalties/{decision.id}/edit"
    # Both open the form on the same version.
    alice_page = alice.get(path).get_data(as_text=True)
    bob_page = bob.get(path).get_data(as_text=True)
    assert version_of(alice_page) == version_of(bob_page)
    alice_form = {"csrf_token": token_of(alice_page), "version": version_of(alice_page)}
    bob_form = {"csrf_token": token_of(bob_page), "version": version_of(bob_page)}

    saved = bob.post(path, data={**bob_form, **penalty_data(world, party_name="乙公司")})
    assert saved.status_code == 302
    refused = alice.post(path, data={**alice_form, **penalty_data(world, content="罚款 3000 元整")})

    assert refused.status_code == 409
    page = html.unescape(refused.get_data(as_text=True))
    assert "他人已修改这条记录" in page
    # The other person's change is shown: the stored value of the field that differs.
    row = re.search(r"<th scope=\"row\">行政相对人名称</th><td>(.*?)</td><td>(.*?)</td>", page)
    assert row and row.groups() == ("乙公司", "某某建材有限公司")
    # Alice's input stays in the form, and nothing of hers was written.
    assert "罚款 3000 元整" in page
    [stored] = stored_penalties(app)
    assert (stored.party_name, stored.content) == ("乙公司", "罚款人民币 3000 元")
    # The 409 form carries the version just shown: saving again is a decision she makes.
    again = alice.post(
        path,
        data={
            "csrf_token": token_of(page),
            "version": version_of(page),
            **penalty_data(world, party_name="乙公司", content="罚款 3000 元整"),
        },
    )
    assert again.status_code == 302
    assert stored_penalties(app)[0].content == "罚款 3000 元整"


def test_a_tampered_version_is_refused_too(app: Flask, world: World) -> None:
    client = signed_in(app.test_client(), "officer")
    submit(client, "/penalties/new", penalty_data(world))
    [decision] = stored_penalties(app)
    path = f"/penalties/{decision.id}/edit"
    page = client.get(path).get_data(as_text=True)
    for version in ("0", "", "abc", str(decision.version + 5)):
        response = client.post(
            path,
            data={
                "csrf_token": token_of(page),
                "version": version,
                **penalty_data(world, party_name="改"),
            },
        )
        assert response.status_code == 409
    assert stored_penalties(app)[0].party_name == "某某建材有限公司"


def test_subject_without_version_column_is_guarded_by_its_values(app: Flask, world: World) -> None:
    first = signed_in(app.test_client(), "admin")
    second = signed_in(app.test_client(), "admin")
    path = f"/subjects/{world.township}/edit"
    first_page = first.get(path).get_data(as_text=True)
    second_page = second.get(path).get_data(as_text=True)
    data = {"name": "测试镇人民政府", "kind": "法定行政机关", "is_enforcement_subject": "y"}
    data |= {"credit_code": re.search(r'id="credit_code"[^>]*value="([^"]+)"', first_page)[1]}
    data |= {"decision_prefix": "测试镇综执罚"}
    ok = second.post(
        path,
        data={
            "csrf_token": token_of(second_page),
            "version": version_of(second_page),
            **data,
            "phone": "0955-1234567",
        },
    )
    assert ok.status_code == 302
    refused = first.post(
        path,
        data={
            "csrf_token": token_of(first_page),
            "version": version_of(first_page),
            **data,
            "phone": "0955-7654321",
        },
    )
    assert refused.status_code == 409
    assert "0955-1234567" in refused.get_data(as_text=True)


def test_a_write_racing_past_the_check_is_answered_409_not_500(app: Flask, world: World) -> None:
    client = signed_in(app.test_client(), "officer")
    submit(client, "/penalties/new", penalty_data(world))
    [decision] = stored_penalties(app)

    def other_writer(_mapper, connection, target) -> None:
        # Another process commits between our version check and our UPDATE.
        connection.execute(
            sa.text("UPDATE penalty_decision SET version = version + 1, party_name = '丙公司'")
        )

    sa.event.listen(PenaltyDecision, "before_update", other_writer)
    try:
        response = submit(
            client, f"/penalties/{decision.id}/edit", penalty_data(world, party_name="丁公司")
        )
    finally:
        sa.event.remove(PenaltyDecision, "before_update", other_writer)
    assert response.status_code == 409
    assert "他人已修改这条记录" in response.get_data(as_text=True)
    assert stored_penalties(app)[0].party_name == "某某建材有限公司"  # both rolled back
