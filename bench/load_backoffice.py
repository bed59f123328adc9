"""Load the back-office with concurrent officers and reviewers while the site is being built.

Usage: ``python bench/load_backoffice.py [--users 20] [--duration 60] [--max-requests 20000]
[--think 1.0] [--build-nice 19] [--no-build] [--threads 8] [--workers 1]``

It makes a fresh instance in a temporary folder (``gongshi init --demo``), adds one
officer and one reviewer account per simulated user, starts ``gongshi serve`` on
127.0.0.1 and runs ``gongshi build`` of the demo content in a loop for the whole test.
Each simulated user, in its own thread with its own keep-alive connections (plain
``http.client``: no external service, loopback only), repeats a working day in
miniature: read the list, a search, the dashboard and a detail page; record a decision
once; then save an edit, submit it, and have its reviewer approve it with an opinion.
After each page a user pauses for about ``--think`` seconds (0 for back-to-back clicks,
a stress test rather than people); the builds run under ``nice -n --build-nice``, as
docs/deploy.md recommends for a build on the back-office's own server.

It prints p50/p95/max for reads (GET) and writes (POST), the error count, throughput
and the builds completed, and exits 1 when p95 reads > 300 ms, p95 writes > 800 ms or
any request failed.

``--instance DIR`` runs against an existing instance instead (``DIR/instance`` and
``DIR/content``, the database named by ``GONGSHI_DATABASE_URL`` or the SQLite file there),
as ``county_bench.py`` does at county scale; only the bench accounts are added to it.
Every command is this checkout's (``python -m admin``), not whatever ``gongshi`` is on PATH.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
#: This checkout's command, so the bench measures the code it sits beside.
GONGSHI = [sys.executable, "-m", "admin"]
PASSWORD = "bench-horse-battery-2026"
READ_P95_MS, WRITE_P95_MS = 300.0, 800.0
PENALTY = {
    "party_kind": "法人及非法人组织",
    "party_name": "中宁县压测建材有限公司",
    "legal_rep": "王某某",
    "decision_date": "2026-11-20",
    "violation_type": "未按规定处置建筑垃圾",
    "facts": "经查，当事人于2026年10月在大战场村倾倒建筑垃圾。",
    "basis": "《城市市容和环境卫生管理条例》第三十六条",
    "kinds": ["罚款"],
    "content": "罚款人民币5000元。",
    "fine_yuan": "5000",
    "procedure": "普通程序",
    "severity": "一般",
    "filed_date": "2026-11-02",
}


# ---------------------------------------------------------------------------------------
# Measurements


@dataclass
class Stats:
    """Latencies per kind of request and the failures, shared by every user thread."""

    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pages: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, method: str, path: str, seconds: float) -> None:
        with self.lock:
            (self.reads if method == "GET" else self.writes).append(seconds * 1000)
            self.pages.setdefault(page_of(method, path), []).append(seconds * 1000)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    def count(self) -> int:
        return len(self.reads) + len(self.writes)


def page_of(method: str, path: str) -> str:
    """Return the kind of page a request is for: numbers and queries left out."""
    return f"{method} " + re.sub(r"\d+", "N", path.split("?", 1)[0]) + ("?q" if "?" in path else "")


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` quantile (nearest rank) of ``values``, 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


# ---------------------------------------------------------------------------------------
# A browser in miniature


class FormParser(HTMLParser):
    """Collect each form's action and the fields a browser would submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self._fields: list[tuple[str, str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._fields = self.forms.setdefault(a.get("action", ""), [])
        elif self._fields is None or "name" not in a:
            if tag == "option" and self._select is not None:
                self._option(a)
        elif tag == "input" and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") not in {"checkbox", "radio"} or "checked" in a:
                self._fields.append((a["name"], a.get("value", "on")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select, self._select_value = a["name"], None

    def _option(self, a: dict[str, str]) -> None:
        if self._select_value is None or "selected" in a:
            self._select_value = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            self._fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            self._fields.append((self._select, self._select_value or ""))
            self._select = None


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    """Return the fields of the form posting to ``action``."""
    parser = FormParser()
    parser.feed(html)
    # A form without an action posts back to its own page.
    fields = parser.forms.get(action, parser.forms.get(""))
    if fields is None:
        raise LookupError(f"no form posting to {action}")
    return fields


class Client:
    """One signed-in person: a keep-alive connection and the session cookie."""

    def __init__(self, port: int, stats: Stats | None, think: float = 0.0) -> None:
        self.port, self.stats, self.think = port, stats, think
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""

    def request(self, method: str, path: str, fields=None, expect=(200,)) -> tuple[int, str, str]:
        """Send a request, time it, and record a failure unless the status is expected."""
        body = urlencode(fields or [], doseq=True) if method == "POST" else None
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            if self.stats:
                self.stats.fail(f"{method} {path}: {type(exc).__name__} {exc}")
            return 0, "", ""
        elapsed = time.perf_counter() - started
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        location = urlsplit(response.getheader("Location") or "").path
        if self.stats:
            self.stats.add(method, path, elapsed)
            if response.status not in expect:
                self.stats.fail(f"{method} {path}: {response.status} {location}")
            if self.think:
                # A person reads the page before the next click: 0.5 to 1.5 times the mean.
                time.sleep(self.think * random.uniform(0.5, 1.5))
        return response.status, text, location

    def login(self, username: str) -> None:
        _, html, _ = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html)
        fields = {"csrf_token": token.group(1) if token else "", "username": username}
        fields["password"] = PASSWORD
        status, _, _ = self.request("POST", "/login", list(fields.items()), expect=(302,))
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status})")

    def submit(self, html: str, action: str, changes: dict | None = None) -> tuple[int, str, str]:
        """Post the form of ``html`` that targets ``action``, as a browser would."""
        fields = [(k, v) for k, v in form_fields(html, action) if k not in (changes or {})]
        for name, value in (changes or {}).items():
            fields += [(name, item) for item in (value if isinstance(value, list) else [value])]
        return self.request("POST", action, fields, expect=(302, 303))


# ---------------------------------------------------------------------------------------
# A user's day


def sign_in(number: int, port: int, think: float) -> tuple[Client, Client]:
    """Return the signed-in officer and reviewer of simulated user ``number``."""
    officer, reviewer = Client(port, None, think), Client(port, None, think)
    officer.login(f"bench-o{number}")
    reviewer.login(f"bench-r{number}")
    return officer, reviewer


def working_day(
    number: int, people, stats: Stats, stop: threading.Event, demo_ids, max_requests: int
) -> None:
    """Repeat reading, recording, editing, submitting and approving until told to stop."""
    try:
        _working_day(number, people, stats, stop, demo_ids, max_requests)
    except Exception as exc:  # a broken page is a failure of the run, not a crash of it
        stats.fail(f"用户 {number}：{type(exc).__name__} {exc}")


def _working_day(
    number: int, people, stats: Stats, stop: threading.Event, demo_ids, max_requests: int
) -> None:
    officer, reviewer = people
    officer.stats = reviewer.stats = stats
    rng = random.Random(number)
    record = None
    while not stop.is_set():
        officer.request("GET", "/penalties/")
        officer.request(
            "GET", "/penalties/?q=" + quote(rng.choice(["建筑", "罚款", "2026", "草原"]))
        )
        officer.request("GET", f"/records/penalties/{rng.choice(demo_ids)}")
        reviewer.request("GET", "/")
        if record is None:
            _, html, _ = officer.request("GET", "/penalties/new")
            _, _, location = officer.submit(html, "/penalties/new", new_decision(html, number))
            record = location if location.startswith("/records/penalties/") else None
            if record is None:
                stop.wait(1)
                continue
        edit = record.replace("/records/penalties/", "/penalties/") + "/edit"
        _, html, _ = officer.request("GET", edit)
        facts = f"{PENALTY['facts']}（第 {rng.randrange(10**6)} 次核对）"
        officer.submit(html, edit, {"facts": facts})
        _, html, _ = officer.request("GET", record)
        officer.submit(html, record + "/submit")
        _, html, _ = reviewer.request("GET", record)
        reviewer.submit(
            html, record + "/review", {"outcome": "同意", "opinion": "事实清楚，同意。"}
        )
        if stats.count() >= max_requests:
            stop.set()


def new_decision(html: str, number: int) -> dict:
    """Return the values an officer types into the new-decision form."""
    from admin.demo.fictional import credit_code

    match = re.search(r'name="decision_no" type="text" value="([^"]*)"', html) or re.search(
        r'id="decision_no" name="decision_no" type="text" value="([^"]*)"', html
    )
    suggested = match.group(1) if match else ""
    # Suggestions race between users: give each one its own number range.
    decision_no = re.sub(r"(\d+)号$", lambda m: f"{9000 + number * 50 + 1}号", suggested)
    officers = re.findall(r'name="officers" type="checkbox" value="(\d+)"', html)[:2]
    select = re.search(r'name="item_id">(.*?)</select>', html, re.S)
    items = re.findall(r'<option value="(\d+)"', select.group(1) if select else "")
    return {
        **PENALTY,
        "decision_no": decision_no or f"中宁大战场综执罚〔2026〕{9000 + number}号",
        "party_credit_code": credit_code("91", f"bench-{number}"),
        "officers": officers,
        "item_id": items[0] if items else "",
    }


# ---------------------------------------------------------------------------------------
# Setup and the run


def command_env(folder: Path, database_url: str | None = None) -> dict[str, str]:
    """Return the environment of ``gongshi`` commands run on the instance in ``folder``."""
    env = {**os.environ, "GONGSHI_INSTANCE_DIR": str(folder / "instance")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    env.pop("GONGSHI_DATABASE_URL", None)
    if database_url:
        env["GONGSHI_DATABASE_URL"] = database_url
    return env


def prepare(folder: Path, users: int, env: dict[str, str] | None = None) -> dict[str, str]:
    """Make the instance with the demo (unless ``env`` names one) and the bench accounts."""
    if env is None:
        env = command_env(folder)
        subprocess.run([*GONGSHI, "init", "--demo"], cwd=folder, env=env, check=True, stdout=-3)
    script = (
        "import sys\n"
        "from admin.store.accounts import create_user\n"
        "from admin.backoffice.app import create_app\n"
        "from admin.models.db import db\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    for i in range(int(sys.argv[1])):\n"
        "        for name, role in ((f'bench-o{i}', 'officer'), (f'bench-r{i}', 'reviewer')):\n"
        f"            create_user(db.session, name, [role], {PASSWORD!r}, actor='bench')\n"
        "    db.session.commit()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(users)], cwd=folder, env=env, check=True)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gongshi serve did not start") from None
            time.sleep(0.2)


def build_loop(
    folder: Path, env: dict, stop: threading.Event, results: list[int], nice: int = 0
) -> None:
    """Rebuild the demo site until told to stop; keep each build's exit status."""
    while not stop.is_set():
        command = [*GONGSHI, "build", "--content", "content", "--out", "build"]
        if nice:
            command = ["nice", "-n", str(nice), *command]
        build = subprocess.Popen(command, cwd=folder, env=env, stdout=-3, stderr=-3)
        while build.poll() is None:
            if stop.wait(0.2):
                build.terminate()
                build.wait()
                return
        results.append(build.returncode)


def decision_ids(folder: Path, env: dict[str, str], limit: int = 2000) -> list[int]:
    """Return up to ``limit`` decision ids, spread over the table, on any database."""
    script = (
        "import sqlalchemy as sa\n"
        "from admin.backoffice.app import create_app\n"
        "from admin.models import PenaltyDecision\n"
        "from admin.models.db import db\n"
        "with create_app().app_context():\n"
        "    ids = db.session.scalars(sa.select(PenaltyDecision.id)).all()\n"
        f"    print(*ids[:: max(1, len(ids) // {limit})])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=folder, env=env, check=True, capture_output=True
    )
    return [int(n) for n in done.stdout.split()]


def run(
    users: int,
    duration: float,
    max_requests: int,
    threads: int,
    build: bool = True,
    think: float = 0.0,
    nice: int = 0,
    instance: Path | None = None,
    workers: int = 1,
) -> int:
    """Run the whole benchmark and print its figures; return the exit status."""
    load = (users, duration, max_requests, threads, build, think, nice)
    if instance is not None:
        env = command_env(instance, os.environ.get("GONGSHI_DATABASE_URL"))
        return run_on(instance, env, *load, workers=workers)[0]
    with tempfile.TemporaryDirectory(prefix="gongshi-load-") as tmp:
        return run_on(Path(tmp), None, *load, workers=workers)[0]


def run_on(
    folder: Path,
    env: dict[str, str] | None,
    users: int,
    duration: float,
    max_requests: int,
    threads: int,
    build: bool = True,
    think: float = 0.0,
    nice: int = 0,
    *,
    workers: int = 1,
) -> tuple[int, Stats]:
    """Run the benchmark on the instance in ``folder`` (a new demo one when ``env`` is None)."""
    print(f"准备：{users} 名执法人员、{users} 名审核员 …", flush=True)
    env = prepare(folder, users, env)
    port = free_port()
    processes = workers  # the name is taken below by the users' threads
    # The server's CPU (its workers' too, reaped by it): the figure a busy machine spoils least.
    cpu_before, own_before = _children_cpu(), time.process_time()
    serve = [*GONGSHI, "serve", "--port", str(port), "--threads", str(threads)]
    server = subprocess.Popen(
        serve + (["--workers", str(processes)] if processes > 1 else []),
        cwd=folder,
        env=env,
        stdout=-3,
        stderr=subprocess.PIPE,
    )
    stats, stop, builds = Stats(), threading.Event(), []
    try:
        wait_for(port, server)
        builder = threading.Thread(target=build_loop, args=(folder, env, stop, builds, nice))
        if build:
            builder.start()
        ids = decision_ids(folder, env)
        # Signing in (a deliberately slow password hash) is not part of the measured mix.
        people = [sign_in(n, port, think) for n in range(users)]
        workers = [
            threading.Thread(
                target=working_day, args=(n, people[n], stats, stop, ids, max_requests)
            )
            for n in range(users)
        ]
        started = time.monotonic()
        for worker in workers:
            worker.start()
        stop.wait(duration)
        stop.set()
        for worker in workers:
            worker.join(60)
        elapsed = time.monotonic() - started
        if build:
            builder.join(60)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    cpu, own = _children_cpu() - cpu_before, time.process_time() - own_before
    print(f"构建进程的 nice 值：{nice}" if build else "没有同时运行构建")
    print(f"每次点击后的思考时间：平均 {think:g} 秒" if think else "无思考时间（连续请求）")
    each = cpu * 1000 / max(stats.count(), 1)
    print(f"服务器工作进程：{processes}；服务器 CPU {cpu:.1f} 秒，每个请求 {each:.0f} ms")
    print(f"压测客户端（本进程）CPU {own:.1f} 秒")
    status = report(stats, elapsed, builds, users, threads, stderr.decode("utf-8", "replace"))
    return status, stats


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report(stats: Stats, elapsed: float, builds, users: int, threads: int, log: str) -> int:
    """Print the figures; return 1 when a limit is exceeded or anything failed."""
    line = "{:<6} {:>7} {:>9} {:>9} {:>9}"
    print(f"{users} 个并发用户，{elapsed:.0f} 秒，服务器 {threads} 个线程；同时完成构建 {builds}")
    print(line.format("", "请求数", "p50 ms", "p95 ms", "max ms"))
    for name, values in (("读", stats.reads), ("写", stats.writes)):
        p50, p95 = statistics.median(values) if values else 0, percentile(values, 0.95)
        print(
            line.format(name, len(values), f"{p50:.0f}", f"{p95:.0f}", f"{max(values or [0]):.0f}")
        )
    for page, values in sorted(stats.pages.items()):
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"  {page:<40} {len(values):>6} {p50:>8.0f} {p95:>8.0f}")
    print(f"吞吐量：{stats.count() / elapsed:.1f} 请求/秒；错误：{len(stats.errors)}")
    for error in stats.errors[:20]:
        print("  错误：" + error)
    if "Traceback" in log:
        print("服务器日志中有异常：\n" + log[-3000:])
    failed = (
        percentile(stats.reads, 0.95) > READ_P95_MS
        or percentile(stats.writes, 0.95) > WRITE_P95_MS
        or bool(stats.errors)
        or not stats.writes
        or "Traceback" in log
    )
    print(
        "结果："
        + (
            "未达标"
            if failed
            else f"达标（读 p95 ≤ {READ_P95_MS:.0f} ms，写 p95 ≤ {WRITE_P95_MS:.0f} ms）"
        )
    )
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=8, help="gongshi serve --threads")
    parser.add_argument("--workers", type=int, default=1, help="gongshi serve --workers")
    parser.add_argument(
        "--no-build", action="store_true", help="without the concurrent build (for comparison)"
    )
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a user pauses after each page"
    )
    parser.add_argument("--build-nice", type=int, default=19, help="run the builds under nice -n N")
    parser.add_argument(
        "--instance", type=Path, help="an existing instance's folder (instance/, content/)"
    )
    args = parser.parse_args()
    return run(
        args.users,
        args.duration,
        args.max_requests,
        args.threads,
        not args.no_build,
        args.think,
        args.build_nice,
        args.instance,
        args.workers,
    )


if __name__ == "__main__":
    sys.exit(main())
