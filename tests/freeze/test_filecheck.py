"""One reading of a built file gives its digest, the leak guard's findings and link facts."""

from __future__ import annotations

import hashlib
from pathlib import Path

from admin.freeze.filecheck import FileReport, ReportPool, inspect_file, inspect_files

BASE = "https://dzc.example.gov.cn/gongshi/"
PAGE = b'<!doctype html><html><body><main id="main"><a href="../index.html#top">x</a></main>'
LEAK = "<p>联系电话 13912345678</p>".encode()


def test_a_page_report_holds_digest_findings_and_links() -> None:
    report = inspect_file("penalties/p-1/index.html", PAGE + LEAK, BASE)
    assert report.digest == hashlib.sha256(PAGE + LEAK).hexdigest()
    assert [line.split("\t")[:2] for line in report.leaks] == [
        ["penalties/p-1/index.html", "mobile"]
    ]
    assert report.facts is not None and report.facts.ids == {"main"}
    [link] = report.facts.links
    assert (link.target, link.fragment) == ("penalties/index.html", "top")


def test_a_known_report_is_kept_only_while_the_bytes_are_the_same(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / "b.html").write_bytes(PAGE + LEAK)
    known = {
        "a.html": FileReport(hashlib.sha256(PAGE).hexdigest()),  # planted: no facts
        "b.html": FileReport(hashlib.sha256(PAGE).hexdigest()),  # bytes changed since
    }
    reports = inspect_files(tmp_path, ["a.html", "b.html"], BASE, known)
    assert reports["a.html"] is known["a.html"]
    assert reports["b.html"].leaks and reports["b.html"].facts is not None


def test_equal_link_facts_are_shared_between_reports() -> None:
    pool = ReportPool()
    one = pool.share(inspect_file("a/index.html", PAGE, BASE))
    two = pool.share(inspect_file("b/index.html", PAGE, BASE))
    assert one.facts is not None and two.facts is not None
    assert one.facts.ids is two.facts.ids


def test_a_pool_forked_before_the_public_numbers_were_set_still_treats_them_as_public(
    tmp_path: Path,
) -> None:
    from admin.freeze.leakguard import public_numbers
    from admin.freeze.workers import forked_pool

    names = [f"p{n}.html" for n in range(300)]  # enough for the work to go to the pool
    for name in names:
        (tmp_path / name).write_bytes(PAGE + LEAK)
    with forked_pool(2) as pool:  # forked first, as the build forks its writers
        with public_numbers(["13912345678"]):
            public = inspect_files(tmp_path, names, BASE, workers=pool)
        personal = inspect_files(tmp_path, names, BASE, workers=pool)
    assert not any(report.leaks for report in public.values())
    assert all(report.leaks for report in personal.values())
