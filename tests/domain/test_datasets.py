"""The record-type declaration: a plain public field is named in at most three files.

A plain field (admin.domain.datasets, ``plain=True``) is copied from its model attribute,
masked where declared; the public form, the back-office form, the content file, the page,
the open data and the 双公示 columns all read it from the declaration. So its key appears
in its model, the declaration and at most one more file of the program (its validation
rule): any further file is a second list of the fields to keep in step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from admin.domain.contentfile import COMMON_KEYS, DATASET_KEYS
from admin.domain.datasets import DATASETS, plain_fields, standard_columns
from admin.domain.shuanggongshi import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
MAX_FILES = 3


def _program_files() -> list[Path]:
    """Return every file of the program: admin/ (migrations aside) and the site's templates."""
    files = [*(ROOT / "admin").rglob("*"), *(ROOT / "site" / "templates").rglob("*")]
    skipped = {"migrations", "__pycache__"}
    return [p for p in files if p.is_file() and not skipped & set(p.parts)]


PROGRAM = {path: path.read_text(encoding="utf-8", errors="ignore") for path in _program_files()}
PLAIN = sorted({field.key for _, field in plain_fields()})


def test_there_are_plain_fields_to_count() -> None:
    assert "licence_info" in PLAIN


@pytest.mark.parametrize("key", PLAIN)
def test_a_plain_public_field_is_named_in_at_most_three_files(key: str) -> None:
    word = re.compile(rf"\b{re.escape(key)}\b")
    named = sorted(str(p.relative_to(ROOT)) for p, text in PROGRAM.items() if word.search(text))
    assert len(named) <= MAX_FILES, f"{key} is named in {len(named)} files: {named}"


def test_content_files_keep_the_documented_key_order() -> None:
    """The declaration's file order is docs/content-format.md's (party kind before name)."""
    penalties = DATASET_KEYS["penalties"]
    assert penalties[: len(COMMON_KEYS)] == COMMON_KEYS
    assert penalties.index("party_kind") < penalties.index("party_name")
    assert penalties.index("licence_info") == penalties.index("confiscation_fen") + 1
    assert set(DATASET_KEYS) >= set(DATASETS)


def test_the_standard_columns_come_from_the_declaration() -> None:
    assert len(COLUMNS) == 30
    assert COLUMNS[0] == "行政相对人名称"
    assert dict(standard_columns())["暂扣或吊销证照名称及编号"] == "licence_info"
    assert dict(standard_columns())["违法事实"] == "facts"


def test_every_record_type_has_a_page_rule_and_open_data_fields() -> None:
    for dataset in DATASETS.values():
        assert dataset.data_fields(), dataset.key
        assert dataset.url("x").startswith(f"/{dataset.key}/")
    assert DATASETS["officers"].url("x") == "/officers/"
    assert DATASETS["penalties"].url("2026-0001") == "/penalties/2026-0001/"
