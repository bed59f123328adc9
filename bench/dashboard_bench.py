"""Time the back-office dashboard (工作台) with many decisions moved over by import.

Usage: ``python bench/dashboard_bench.py [--imported 5000] [--own 300] [--runs 3]``

It makes a fresh instance in a temporary folder, imports ``--imported`` generated
双公示 rows (bench/gen_shuanggongshi.py, decided 2021–2025) and marks them published on
the import's day, as ``gongshi import penalties FILE --publish`` leaves them (the public
files are not written: the dashboard does not read them). The first ``--own`` of them are
turned into this system's decisions, approved and never published: overdue clocks, more
than a page of them. Then it times, interleaved, best of ``--runs``:

- before: the dashboard as it was until issue 16 (every imported decision with a
  publication clock met late, no SQL filter for them, every clock listed);
- after: the dashboard as it is;

each as ``collect_clocks`` alone and as a whole signed-in ``GET /`` (Flask test client,
SQLite file), and prints the clocks found and the page's size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from admin.backoffice.app import create_app
from admin.demo.publish import TEMPLATE
from admin.domain import clocks, vocab
from admin.domain import info_requests as requests
from admin.models import Body, InfoItem, InfoRequest, Inspection, Licence, PenaltyDecision, User
from admin.models.db import db
from admin.models.migrate import upgrade_database
from admin.publish.exporter import render_export
from admin.publish.importer import import_penalties
from admin.store import dashboard
from admin.store.accounts import create_user
from admin.store.calendar import load_calendar
from bench.gen_shuanggongshi import TOWNSHIP, generate_rows

TODAY = dt.date(2026, 3, 2)
PASSWORD = "bench-horse-battery-9"
GEN_CODE = "11640521MB1234567Q"  # the 处罚机关 code gen_shuanggongshi writes


def old_penalty_clocks(record: Any) -> list[clocks.Clock]:
    """clocks.penalty_clocks before issue 16: an imported decision had a publication clock."""
    decided = record.imported or record.state in clocks._DECIDED_STATES
    found = []
    if record.filed_date is not None:
        found.append(
            clocks.decide_case_clock(record.filed_date, record.decision_date if decided else None)
        )
    if decided:
        found.append(clocks.publish_penalty_clock(record.decision_date, record.published_on))
    if record.changed_on is not None:
        found.append(clocks.withdraw_clock(record.changed_on, record.withdrawn_on))
    return found


def old_licence_clocks(record: Any) -> list[clocks.Clock]:
    return [clocks.publish_licence_clock(record.decision_date, record.published_on)]


def old_candidates(session: Any, cutoff: dt.date) -> list[tuple[str, Any, list[clocks.Clock]]]:
    """dashboard._candidates before issue 16 (the same queries, the old clocks)."""
    final = (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN, vocab.STATE_REPAIRED)
    penalties = session.scalars(
        sa.select(PenaltyDecision).where(
            sa.or_(
                PenaltyDecision.state.notin_(final),
                PenaltyDecision.published_on >= cutoff,
                PenaltyDecision.withdrawn_on >= cutoff,
                sa.and_(
                    PenaltyDecision.changed_on.is_not(None),
                    PenaltyDecision.withdrawn_on.is_(None),
                ),
            )
        )
    )
    found = [("penalties", r, old_penalty_clocks(r)) for r in penalties]
    for dataset, model, make in (
        ("inspections", Inspection, clocks.inspection_clocks),
        ("info", InfoItem, clocks.info_clocks),
        ("licences", Licence, old_licence_clocks),
    ):
        rows = session.scalars(
            sa.select(model).where(
                sa.or_(
                    model.state.notin_((vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN)),
                    model.published_on >= cutoff,
                )
            )
        )
        found += [(dataset, r, make(r)) for r in rows if r.state != vocab.STATE_WITHDRAWN]
    open_requests = session.scalars(
        sa.select(InfoRequest).where(
            sa.or_(InfoRequest.replied_on.is_(None), InfoRequest.replied_on >= cutoff)
        )
    )
    return found + [("requests", r, requests.request_clocks(r)) for r in open_requests]


def setup(folder: Path, imported: int, own: int) -> Any:
    os.environ["GONGSHI_INSTANCE_DIR"] = str(folder / "instance")
    for key in ("GONGSHI_DATABASE_URL", "GONGSHI_SECRET_KEY", "GONGSHI_CONTENT_DIR"):
        os.environ.pop(key, None)
    (folder / "instance").mkdir()
    content = folder / "content"
    content.mkdir()
    shutil.copyfile(TEMPLATE / "site.toml", content / "site.toml")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "CONTENT_DIR": str(content),
            "TODAY": TODAY.isoformat(),
        }
    )
    with app.app_context():
        upgrade_database(db.engine)
        body = Body(slug="dazhanchang", name=TOWNSHIP, kind="法定行政机关", credit_code=GEN_CODE)
        db.session.add(body)
        officer = create_user(db.session, "officer", ["officer"], PASSWORD, actor="bench")
        officer.bodies.append(body)
        db.session.commit()
        path = folder / "moved.csv"
        path.write_bytes(render_export(generate_rows(imported, seed=16), "csv"))
        started = time.perf_counter()
        import_penalties(db.session, path, actor="cli:bench", today=TODAY, content_root=content)
        # What --publish leaves in these columns (its files are not needed here).
        db.session.execute(
            sa.update(PenaltyDecision).values(state=vocab.STATE_PUBLISHED, published_on=TODAY)
        )
        ids = sa.select(PenaltyDecision.id).order_by(PenaltyDecision.id).limit(own)
        db.session.execute(
            sa.update(PenaltyDecision)
            .where(PenaltyDecision.id.in_(ids.scalar_subquery()))
            .values(imported=False, state=vocab.STATE_APPROVED, published_on=None)
        )
        db.session.commit()
        print(f"imported {imported} decisions in {time.perf_counter() - started:.1f} s")
    return app


def best_of(runs: int, works: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Return the best time of each work in ms, runs interleaved (a busy machine slows all)."""
    spent: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(runs):
        for name, work in works.items():
            started = time.perf_counter()
            work()
            spent[name].append(time.perf_counter() - started)
    return {name: min(times) * 1000 for name, times in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--imported", type=int, default=5000)
    parser.add_argument("--own", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = setup(Path(tmp), args.imported, args.own)
        client = app.test_client()
        html = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        form = {"username": "officer", "password": PASSWORD, "csrf_token": token.group(1)}
        assert client.post("/login", data=form).status_code == 302
        new_candidates, new_page = dashboard._candidates, dashboard.PAGE
        found: dict[str, int] = {}
        pages: dict[str, int] = {}

        def as_before(before: bool) -> None:
            dashboard._candidates = old_candidates if before else new_candidates
            dashboard.PAGE = 10**9 if before else new_page

        def collect(before: bool) -> Callable[[], object]:
            def run() -> None:
                as_before(before)
                with app.app_context():
                    user = db.session.scalar(sa.select(User).where(User.username == "officer"))
                    entries = dashboard.collect_clocks(
                        db.session, user, calendar=load_calendar(db.session), today=TODAY,
                        region="ningxia",
                    )  # fmt: skip
                    found["before" if before else "after"] = len(entries)

            return run

        def get(before: bool) -> Callable[[], object]:
            def run() -> None:
                as_before(before)
                response = client.get("/")
                assert response.status_code == 200
                pages["before" if before else "after"] = len(response.data)

            return run

        times = best_of(
            args.runs,
            {
                "collect_clocks before": collect(True),
                "collect_clocks after": collect(False),
                "GET / before": get(True),
                "GET / after": get(False),
            },
        )
        as_before(False)
    print(f"{args.imported} imported-published decisions, {args.own} own overdue ones")
    for name, ms in times.items():
        print(f"{name:24} {ms:9.1f} ms")
    print(f"clocks found: before {found['before']}, after {found['after']}")
    print(
        f"page size: before {pages['before'] / 1024:.0f} KiB, after {pages['after'] / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
