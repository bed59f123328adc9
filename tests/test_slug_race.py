"""Two clerks saving new records at once get two slugs, on PostgreSQL too (#16).

Under 20 users on PostgreSQL six of twenty new decisions failed with a 500: both saves
read the same largest number before either committed, and the second INSERT broke the
unique slug. SQLite's writers queue at BEGIN IMMEDIATE; PostgreSQL's now queue in
allocate_slug until the first save commits.
"""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from admin.models import Body
from admin.models.db import db
from admin.store.slugs import allocate_slug

pytestmark = pytest.mark.postgresql_only


def test_a_second_save_waits_for_the_first_and_takes_the_next_number(app: Flask) -> None:
    with Session(db.engine) as first, Session(db.engine) as second:
        slug = allocate_slug(first, Body, "subject")
        first.add(Body(slug=slug, name="甲镇人民政府", kind="乡镇人民政府"))
        first.flush()
        taken: list[str] = []
        clerk = threading.Thread(
            target=lambda: taken.append(allocate_slug(second, Body, "subject"))
        )
        clerk.start()
        clerk.join(1.0)
        # Still waiting: the first save has not committed its slug yet.
        assert clerk.is_alive() and taken == []
        first.commit()
        clerk.join(10)
        assert taken == ["subject-0002"] and slug == "subject-0001"
        second.rollback()
