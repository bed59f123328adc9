"""The demo's 行政许可决定 (#18): loaded, published and built by the real commands."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain import vocab
from admin.domain.identifiers import is_mobile_number, is_valid_id_number
from admin.models import Licence
from tests.test_demo import GONGSHI, all_of

DEMO_TODAY = dt.date(2026, 11, 1)


@dataclass
class Demo:
    root: Path
    database: Path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """``gongshi init --demo`` then ``gongshi build`` in a fresh folder, once per module."""
    base = tmp_path_factory.mktemp("demo-licences")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GONGSHI_")}
    env["GONGSHI_INSTANCE_DIR"] = str(base / "instance")
    for args in (
        ("init", "--demo"),
        ("build", "--content", "content", "--out", "build", "--today", DEMO_TODAY.isoformat()),
    ):
        done = subprocess.run(
            [GONGSHI, *args], cwd=base, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr
    return Demo(base, base / "instance" / "gongshi.db")


@pytest.fixture(scope="module")
def licences(demo: Demo) -> Iterator[list[Licence]]:
    engine = sa.create_engine(f"sqlite:///{demo.database}")
    with Session(engine) as session:
        yield all_of(session, Licence)
    engine.dispose()


def test_licences_of_2021_and_of_the_last_twelve_months(licences: list[Licence]) -> None:
    old = [lic for lic in licences if lic.decision_date.year == 2021]
    live = [lic for lic in licences if lic not in old]
    assert (len(old), len(live)) == (6, 6)
    assert [lic.slug for lic in old] == [f"2021-{n:04d}" for n in range(1, 7)]
    assert [lic.decision_no for lic in old] == [f"中宁大战场许〔2021〕{n}号" for n in range(1, 7)]
    year_ago = DEMO_TODAY.replace(year=DEMO_TODAY.year - 1)
    assert all(year_ago <= lic.decision_date < DEMO_TODAY for lic in live)
    assert all(lic.state == vocab.STATE_PUBLISHED for lic in licences)
    kinds = {lic.party_kind for lic in licences}
    assert kinds == set(vocab.PARTY_KINDS)
    changed = [lic for lic in licences if lic.current_status != vocab.LICENCE_STATUS_VALID]
    assert [(lic.current_status, lic.status_date) for lic in changed] == [
        ("注销", dt.date(2022, 3, 15))
    ]


def test_villagers_have_valid_private_identifiers(licences: list[Licence]) -> None:
    people = [lic for lic in licences if lic.party_kind == vocab.PARTY_NATURAL]
    assert len(people) >= 5
    for lic in people:
        assert is_valid_id_number(lic.id_number) and lic.id_number.startswith("640521")
        assert is_mobile_number(lic.party_phone)
        assert lic.party_name in lic.content  # the masker has a name to find


def test_content_and_site_name_no_natural_person(demo: Demo, licences: list[Licence]) -> None:
    files = sorted((demo.root / "content" / "licences").glob("*.md"))
    assert [f.stem for f in files] == [lic.slug for lic in licences]
    site = demo.root / "build"
    every_content = "".join(f.read_text(encoding="utf-8") for f in files)
    every_page = "".join(
        p.read_bytes().decode("utf-8", "ignore") for p in site.rglob("*") if p.is_file()
    )
    people = [lic for lic in licences if lic.party_kind == vocab.PARTY_NATURAL]
    for lic in people:
        for private in (lic.party_name, lic.id_number, lic.party_phone):
            assert private not in every_content, private
            assert private not in every_page, private
        assert f"{lic.party_name[0]}某某" in every_content
    for lic in licences:
        if lic.legal_rep_id_number:
            assert lic.legal_rep_id_number not in every_page


def test_the_site_lists_licences_by_year_with_a_page_each(
    demo: Demo, licences: list[Licence]
) -> None:
    site = demo.root / "build" / "licences"
    assert (site / "index.html").is_file()
    for year in ("2021", "2026"):
        page = (site / "year" / year / "index.html").read_text(encoding="utf-8")
        assert f"中宁大战场许〔{year}〕" in page
    for lic in licences:
        assert (site / lic.slug / "index.html").is_file(), lic.slug
    cancelled = next(lic for lic in licences if lic.current_status == "注销")
    page = (site / cancelled.slug / "index.html").read_text(encoding="utf-8")
    assert "该许可已于 2022-03-15 注销" in " ".join(re.sub(r"<[^>]+>", " ", page).split())
    items = (demo.root / "build" / "items" / "index.html").read_text(encoding="utf-8")
    assert items.index("行政许可（3 项）") < items.index("行政处罚（50 项）")
