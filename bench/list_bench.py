"""Time the back office's record lists on a loaded instance, one user, in process (#16).

    python bench/list_bench.py --instance /dev/shm/listspeed-inst [--runs 15] [--explain]

Signs in through the Flask test client as an officer seeing every body (created on the
instance when missing: run it on a copy), fetches each list page ``--runs`` times and
prints the median and p95 in ms, then EXPLAIN QUERY PLAN (SQLite) of the statements a
list page runs. Issue 16 item 6 asks p95 ≤ 300 ms at 100,000 rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

USER = "listbench"
PASSWORD = "list-bench-passphrase-2026"
LISTS = ("penalties", "inspections", "info", "licences")


def variants(dataset: str, year: str) -> list[str]:
    """The list URLs to time for ``dataset``: plain, searched, filtered, paged."""
    base = f"/{dataset}/"
    search = {"penalties": "罚款", "inspections": "检查", "info": "通知", "licences": "许可"}
    # The penalties list also gets the words of the 20-user load (bench/load_backoffice.py)
    # and the hard cases of an index: a word found nowhere, one character, a person's name.
    words = ["草原", "建筑", "2026", "耿", "耿秀敏"] if dataset == "penalties" else []
    return [
        base,
        f"{base}?q={search[dataset]}",
        *(f"{base}?q={word}" for word in words),
        f"{base}?year={year}",
        f"{base}?state=已公示",
        f"{base}?page=2",
        f"{base}?page=400",
    ]


def ensure_user(app) -> None:
    from admin.models import User
    from admin.models.db import db
    from admin.store.accounts import create_user

    with app.app_context():
        if db.session.query(User).filter_by(username=USER).first() is None:
            create_user(db.session, USER, ["officer"], PASSWORD, actor="list_bench")
            db.session.commit()


def sign_in(app):
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html)
    data = {"username": USER, "password": PASSWORD, "csrf_token": token.group(1) if token else ""}
    response = client.post("/login", data=data)
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    return client


def timed(client, url: str, runs: int) -> list[float]:
    client.get(url)  # warm: templates compiled, SQLite pages cached
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def explain(app, dataset: str, year: str) -> None:
    """Print EXPLAIN QUERY PLAN of every SELECT a list page runs (SQLite only)."""
    import sqlalchemy as sa

    from admin.models.db import db

    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return
        seen: list[tuple[str, tuple]] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith("SELECT"):
                seen.append((statement, parameters))

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            client = sign_in(app)
            seen.clear()
            client.get(f"/{dataset}/?year={year}")
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
        # A plain connection: the app's begins every transaction with BEGIN IMMEDIATE,
        # which would wait for the test client's own session.
        conn = sqlite3.connect(str(engine.url.database))
        for statement, parameters in seen:
            if "FROM account" in statement or "user_session" in statement:
                continue
            parameters = tuple(str(p) if isinstance(p, dt.date) else p for p in parameters)
            plan = conn.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            print("  " + " ".join(statement.split())[:160])
            for row in plan:
                print(f"      {row[-1]}")
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--year", default="2024")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    os.environ["GONGSHI_INSTANCE_DIR"] = str(args.instance.absolute())
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from admin.backoffice.app import create_app

    app = create_app()
    ensure_user(app)
    client = sign_in(app)
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; runs: {args.runs}")
    print(f"{'page':44} {'median':>8} {'p95':>8}  ms")
    worst = 0.0
    times = timed(client, "/", args.runs)  # the 工作台, every account's first page
    print(f"{'/ (工作台)':44} {statistics.median(times):8.1f} {p95(times):8.1f}")
    for dataset in LISTS:
        for url in variants(dataset, args.year):
            times = timed(client, url, args.runs)
            worst = max(worst, p95(times))
            print(f"{url:44} {statistics.median(times):8.1f} {p95(times):8.1f}")
    print(f"worst p95: {worst:.1f} ms")
    if args.explain:
        for dataset in LISTS:
            print(f"EXPLAIN QUERY PLAN /{dataset}/?year={args.year}")
            explain(app, dataset, args.year)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
