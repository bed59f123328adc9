"""The guard learns the roster's certificate numbers and says where a number sits."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from admin.freeze.leakguard import certificate_numbers, scan_located, scan_tree
from admin.freeze.leakplace import describe_leaks
from admin.site.content import load_site

MOBILE = "13895012345"
CERT = "13912345670"


def test_certificate_numbers_come_from_a_built_site_or_from_content(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    rows = {"records": [{"name": "王伟", "certificate_no": CERT}]}
    (site / "data" / "officers.json").write_text(json.dumps(rows), "utf-8")
    assert certificate_numbers(site) == {CERT}
    content = tmp_path / "content"
    (content / "officers").mkdir(parents=True)
    (content / "officers" / "o1.md").write_text(
        f'+++\ntitle = "王伟"\ncertificate_no = "{CERT}"\n+++\n', "utf-8"
    )
    assert certificate_numbers(content) == {CERT}
    (site / "index.html").write_text(f"<p>执法证号：{CERT}</p>", "utf-8")
    assert list(scan_tree(site)) == []
    assert [f.path for f in scan_tree(site, public=())] == ["data/officers.json", "index.html"]


def test_a_data_row_names_its_page_and_column() -> None:
    csv = f"违法事实,网址\n当事人电话 {MOBILE},https://x.example/penalties/2021-0015/\n"
    assert scan_located(csv.encode(), "penalties.csv") == [
        ("mobile", MOBILE, "https://x.example/penalties/2021-0015/#违法事实")
    ]
    data = {"records": [{"facts": f"电话 {MOBILE}", "url": "https://x.example/info/a/"}]}
    assert scan_located(json.dumps(data).encode(), "info.json") == [
        ("mobile", MOBILE, "https://x.example/info/a/#facts")
    ]


def test_a_cell_repeated_in_many_rows_is_reported_in_each() -> None:
    # Equal cells are scanned once: their findings must still count every row.
    rows = "".join(
        f"当事人电话 {MOBILE},https://x.example/penalties/2021-{n:04d}/\n" for n in (1, 2, 3)
    )
    found = scan_located(f"违法事实,网址\n{rows}".encode(), "penalties.csv")
    assert [(kind, value) for kind, value, _ in found] == [("mobile", MOBILE)] * 3


def test_a_leak_line_is_described_by_its_record(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "penalties").mkdir(parents=True)
    (content / "site.toml").write_text('name = "x"\nbase_url = "https://x.example/"\n', "utf-8")
    (content / "penalties" / "2021-0015.md").write_text(
        '+++\ntitle = "t"\nstatus = "published"\ndecision_no = "d"\n'
        f'remarks = "电话 {MOBILE}"\n+++\n正文\n',
        "utf-8",
    )
    site = load_site(content, dt.date(2021, 6, 1))
    lines = [
        "penalties/2021-0015/index.html\tmobile\t138****2345",
        "data/penalties.csv\tmobile\t138****2345\thttps://x.example/penalties/2021-0015/#备注",
        "feed.xml\tmobile\t138****2345",  # no record in the path: traced by the value
        "feed.xml\tid_number\t6405**********123X",  # held by no record: the file alone
    ]
    assert describe_leaks(lines, site) == [
        "记录 penalties/2021-0015（备注）：penalties/2021-0015/index.html\tmobile\t138****2345",
        "记录 penalties/2021-0015（备注）：data/penalties.csv\tmobile\t138****2345",
        "记录 penalties/2021-0015（备注）：feed.xml\tmobile\t138****2345",
        "feed.xml\tid_number\t6405**********123X",
    ]
