"""The record lists read the index, not every row, whatever the row count (#16 item 6)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.models.db import db
from tests.backoffice.records.conftest import World, signed_in
from tests.backoffice.records.test_lists import add_decisions


def statements_of(app: Flask, client: FlaskClient, path: str) -> list[tuple[str, tuple]]:
    """Return the SELECTs on penalty_decision that GET ``path`` runs."""
    seen: list[tuple[str, tuple]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().startswith("SELECT") and "FROM penalty_decision" in statement:
            seen.append((statement, tuple(parameters)))

    with app.app_context():
        engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            assert client.get(path).status_code == 200
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
    return seen


@pytest.mark.sqlite_only
@pytest.mark.parametrize("path", ["/penalties/", "/penalties/?year=2020", "/penalties/?page=2"])
def test_a_list_reads_whole_rows_only_for_its_page(
    app: Flask, client: FlaskClient, world: World, path: str
) -> None:
    # The count, the page's order and the year options once read every visible decision
    # from the table: ≈1 s at 100,000. Now only an index, and the table by id for 20 rows.
    add_decisions(app, world.township, [f"公司{n:02d}" for n in range(1, 30)])
    add_decisions(app, world.township, ["去年丙"], decision_date=dt.date(2020, 3, 1))
    officer = signed_in(client, "officer")
    statements = statements_of(app, officer, path)
    assert statements
    with app.app_context():
        database = db.engine.url.database
    connection = sqlite3.connect(str(database))
    try:
        for statement, parameters in statements:
            values = tuple(str(v) if isinstance(v, dt.date) else v for v in parameters)
            rows = connection.execute(f"EXPLAIN QUERY PLAN {statement}", values)
            plan = [row[-1] for row in rows]
            for step in plan:
                if "penalty_decision" in step:
                    assert "COVERING INDEX" in step or "INTEGER PRIMARY KEY" in step, (
                        statement,
                        plan,
                    )
    finally:
        connection.close()


def test_year_options_are_the_years_present_only(
    app: Flask, client: FlaskClient, world: World
) -> None:
    add_decisions(app, world.township, ["二二年"], decision_date=dt.date(2022, 2, 1))
    add_decisions(app, world.township, ["二四年"], decision_date=dt.date(2024, 5, 1))
    add_decisions(app, world.other, ["他镇二三年"], decision_date=dt.date(2023, 5, 1))
    page = signed_in(client, "officer").get("/penalties/").get_data(as_text=True)
    years = [y for y in ("2021", "2022", "2023", "2024", "2025") if f'value="{y}">' in page]
    # 2023 lies between the first and last year but only another body's decision has it.
    assert years == ["2022", "2024"]
    assert page.index('value="2024"') < page.index('value="2022"')
