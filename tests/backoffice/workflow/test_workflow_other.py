"""Inspection results, information and the catalogue: publish, withdraw, optional second eyes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from admin.domain import vocab
from admin.models import AuditEntry, EnforcementItem, Inspection, Officer
from admin.models.db import db
from tests.backoffice.workflow.conftest import act, signed_in


def inspection_state(app, record_id: int) -> tuple[str, int]:
    with app.app_context():
        record = db.session.get(Inspection, record_id)
        return record.state, record.version


def test_inspection_publishes_and_withdraws_without_review(app, make_inspection, content_dir):
    record_id = make_inspection()
    officer = signed_in(app.test_client(), "officer")
    assert act(officer, "inspections", record_id, "publish").status_code == 302
    path = content_dir / "inspections" / "inspection-1.md"
    assert "示范商贸有限公司" in path.read_text(encoding="utf-8")
    assert inspection_state(app, record_id)[0] == vocab.STATE_PUBLISHED
    answer = act(officer, "inspections", record_id, "withdraw", reason="检查结果录入有误")
    assert answer.status_code == 302
    assert 'status = "withdrawn"' in path.read_text(encoding="utf-8")
    assert inspection_state(app, record_id)[0] == vocab.STATE_WITHDRAWN


def test_second_eyes_on_inspections(app, make_inspection, content_dir):
    app.config["GONGSHI"]["SECOND_EYES_FOR_OTHER_RECORDS"] = True
    record_id = make_inspection(author="both")
    author = signed_in(app.test_client(), "both")
    version = str(inspection_state(app, record_id)[1])
    assert act(author, "inspections", record_id, "publish", version=version).status_code == 409
    assert act(author, "inspections", record_id, "submit").status_code == 302
    version = str(inspection_state(app, record_id)[1])
    answer = act(
        author, "inspections", record_id, "review", outcome="同意", opinion="好", version=version
    )
    assert answer.status_code == 403  # the author never reviews own work
    reviewer = signed_in(app.test_client(), "reviewer")
    answer = act(reviewer, "inspections", record_id, "review", outcome="同意", opinion="结果属实。")
    assert answer.status_code == 302
    assert inspection_state(app, record_id)[0] == vocab.STATE_APPROVED
    with app.app_context():  # an edit after the approval
        db.session.get(Inspection, record_id).findings += "补充说明。"
        db.session.commit()
    version = str(inspection_state(app, record_id)[1])
    answer = act(author, "inspections", record_id, "publish", version=version)
    assert answer.status_code == 409 and "须重新提交审核" in answer.get_data(as_text=True)
    assert act(author, "inspections", record_id, "submit").status_code == 302
    act(reviewer, "inspections", record_id, "review", outcome="同意", opinion="复核属实。")
    assert act(author, "inspections", record_id, "publish").status_code == 302
    assert (content_dir / "inspections" / "inspection-1.md").exists()
    page = author.get(f"/records/inspections/{record_id}").get_data(as_text=True)
    assert "结果属实。" in page and "复核属实。" in page
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions.count("review") == 2 and actions.count("submit") == 2


def test_information_publishes(app, make_info, content_dir):
    record_id = make_info()
    officer = signed_in(app.test_client(), "officer")
    assert act(officer, "info", record_id, "publish").status_code == 302
    assert "春耕" in (content_dir / "info" / "info-1.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("dataset", ["subjects", "officers", "items"])
def test_catalogue_records_are_refreshed_by_officers(app, township, content_dir, dataset):
    with app.app_context():
        if dataset == "subjects":
            record_id, slug = township, "shi-fan-zhen"
        else:
            record = (
                Officer(slug="li-si", name="李四", certificate_no="64000000001", body_id=township)
                if dataset == "officers"
                else EnforcementItem(
                    slug="zhan-dao", name="对占道经营的处罚", category="行政处罚", body_id=township
                )
            )
            db.session.add(record)
            db.session.commit()
            record_id, slug = record.id, record.slug
    officer = signed_in(app.test_client(), "officer")
    page = officer.get(f"/records/{dataset}/{record_id}")
    assert page.status_code == 200 and "/publish" in page.get_data(as_text=True)
    assert act(officer, dataset, record_id, "publish").status_code == 302
    assert (content_dir / dataset / f"{slug}.md").exists()
