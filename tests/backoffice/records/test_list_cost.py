"""The record lists read the index, not every row, whatever the row count (#16 item 6)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.backoffice.records import views
from admin.models.db import db
from tests.backoffice.records.conftest import World, signed_in
from tests.backoffice.records.test_lists import add_decisions, names_listed


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
@pytest.mark.parametrize(
    "path", ["/penalties/", "/penalties/?year=2020", "/penalties/?page=2", "/penalties/?state=草稿"]
)
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


def test_a_long_search_counts_up_to_the_cap_and_pages_on(
    app: Flask, client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counting every match of a common word read every row's texts (≈0.3 s at 100,000):
    # past the cap the list says 「以上」 and its pages go on while there are records.
    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 30)
    add_decisions(app, world.township, [f"公司{n:02d}" for n in range(1, 46)])
    officer = signed_in(client, "officer")
    first = officer.get("/penalties/?q=公司").get_data(as_text=True)
    assert "共 30 条以上，第 1 页" in first and 'rel="next"' in first
    second = officer.get("/penalties/?q=公司&page=2").get_data(as_text=True)
    assert "共 30 条以上，第 2 页" in second and "page=3" in second
    last = officer.get("/penalties/?q=公司&page=3").get_data(as_text=True)
    assert "第 3 页" in last and 'rel="next"' not in last
    pages = [names_listed(officer, f"q=公司&page={n}") for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [20, 20, 5]
    assert len({name for page in pages for name in page}) == 45
    # Past the end: counted in full, and the last page shown, as without a search.
    past = officer.get("/penalties/?q=公司&page=99").get_data(as_text=True)
    assert "共 45 条，第 3 / 3 页" in past
    # Without a search the count stays exact whatever the cap.
    assert "共 45 条，第 1 / 3 页" in officer.get("/penalties/").get_data(as_text=True)
