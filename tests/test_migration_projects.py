"""Migration 0009 (重大建设项目 fields) on a SQLite file that already holds an info item."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from admin.models import InfoItem
from admin.models.migrate import alembic_config, head_revision, upgrade_database

AT = dt.datetime(2026, 3, 1, 1)


def _info_columns(engine: sa.Engine) -> set[str]:
    return {column["name"] for column in sa.inspect(engine).get_columns("info_item")}


def test_upgrade_from_0007_keeps_the_item_as_an_ordinary_one(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'gongshi.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0007")
        connection.execute(
            sa.text(
                "INSERT INTO body (slug, name, short_name, kind, is_enforcement_subject,"
                " credit_code, address, phone, office_hours, legal_basis, delegation_basis,"
                " duties, supervisor, complaint_channel, review_body, court, decision_prefix,"
                " created_at, version) VALUES ('town', '示范镇人民政府', '', '法定行政机关', 1,"
                " '', '', '', '', '', '', '', '', '', '', '', '', :at, 1)"
            ),
            {"at": AT},
        )
        connection.execute(
            sa.text(
                "INSERT INTO info_item (index_no, title, body_md, summary, topic, publisher,"
                " doc_no, validity, attachments, state, withdraw_reason, masks, slug,"
                " created_at, updated_at, version, body_id, is_normative) VALUES"
                " ('11640521MB1700001C/2026-00001', '示范镇防汛预案', '正文', '', '应急管理',"
                " '示范镇人民政府', '', '有效', '[]', '已公示', '', '{}', '2026-0001', :at, :at,"
                " 1, 1, 0)"
            ),
            {"at": AT},
        )
    assert "project" not in _info_columns(engine)

    before, after = upgrade_database(engine)

    assert (before, after) == ("0007", head_revision())
    assert {"project", "project_stage"} <= _info_columns(engine)
    with Session(engine) as session:
        item = session.scalars(sa.select(InfoItem)).one()
        assert (item.title, item.project, item.project_stage) == ("示范镇防汛预案", "", "")
        item.project, item.project_stage = "示范镇道路硬化工程", "施工有关信息"
        session.commit()
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0007")
    assert "project" not in _info_columns(engine)
    with engine.connect() as connection:
        titles = connection.execute(sa.text("SELECT title FROM info_item")).scalars().all()
    assert titles == ["示范镇防汛预案"]
    engine.dispose()
