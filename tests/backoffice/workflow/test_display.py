"""The record page shows values as a clerk reads them, and links the internal files."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from admin.models import PenaltyDecision
from admin.models.db import db
from tests.backoffice.conftest import login


def test_record_page_shows_yuan_kinds_item_officers_and_the_attachments_link(
    app: Flask, client, demo
) -> None:
    with app.app_context():
        decision = db.session.scalars(
            sa.select(PenaltyDecision).where(PenaltyDecision.fine_fen > 0).limit(1)
        ).one()
        record_id, fine = decision.id, decision.fine_fen
        item_name, kinds = decision.item.name, "、".join(decision.kinds)
        officer = decision.officers[0].name
    login(client, "officer")
    page = client.get(f"/records/penalties/{record_id}").get_data(as_text=True)
    assert f"{fine // 100}.{fine % 100:02d} 元" in page
    assert item_name in page and officer in page
    assert "['" not in page  # no Python list syntax
    assert kinds.split("、")[0] in page
    assert f"/records/penalties/{record_id}/attachments" in page
