"""Detail pages show the declaration's fields: its labels, its order, its display rules."""

from __future__ import annotations

import re
from pathlib import Path

from sitefixture import TODAY, write_site

from admin.domain.datasets import PENALTIES
from admin.site.app import create_site_app

LICENCE = "食品经营许可证 JY16405000000001"


def _page(tmp_path: Path, **fields: object) -> str:
    def overrides(dataset: str, slug: str, meta: dict) -> None:
        if (dataset, slug) == ("penalties", "2025-0001"):
            meta.update(fields)

    app = create_site_app(write_site(tmp_path / "content", overrides), TODAY)
    return app.test_client().get("/penalties/2025-0001/").get_data(as_text=True)


def _labels(page: str) -> list[str]:
    return re.findall(r"<dt>([^<]+)</dt>", page)


def test_a_plain_field_shows_with_its_declared_label_in_its_declared_place(tmp_path):
    page = _page(tmp_path, licence_info=LICENCE, confiscation_fen=12345)
    labels = _labels(page)
    licence = PENALTIES.field("licence_info").page_label
    assert f"<dt>{licence}</dt><dd>{LICENCE}</dd>" in page
    # Between the amounts and the decision date, as the declaration orders them.
    assert labels.index("没收违法所得、没收非法财物的金额") + 1 == labels.index(licence)
    assert labels.index(licence) + 1 == labels.index("处罚决定日期")
    assert "<dd>123.45 元</dd>" in page


def test_empty_fields_and_zero_amounts_leave_no_row(tmp_path):
    labels = _labels(_page(tmp_path, licence_info="", confiscation_fen=0))
    assert PENALTIES.field("licence_info").page_label not in labels
    assert "没收违法所得、没收非法财物的金额" not in labels
    # The template's blocks, each in the declaration's order.
    sections = ("party", "decision", "penalty")
    declared = [f.page_label for name in sections for f in PENALTIES.section(name)]
    shown = [label for label in labels if label in declared]
    assert shown == [label for label in declared if label in shown]
