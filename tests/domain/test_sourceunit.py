"""数据来源单位 defaults to the 处罚机关; what is still missing is named."""

from __future__ import annotations

import pytest

from admin.domain.sourceunit import missing_source_unit, source_unit_of

AUTHORITY = {"authority": "某镇人民政府", "authority_code": "CODE-A"}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, ("某镇人民政府", "CODE-A")),
        ({"source_unit": " 某镇人民政府 "}, ("某镇人民政府", "CODE-A")),
        ({"source_unit": "某县执法局", "source_unit_code": "CODE-B"}, ("某县执法局", "CODE-B")),
        ({"source_unit": "某县执法局"}, ("某县执法局", "")),  # never the wrong unit's code
        ({"source_unit_code": "CODE-B"}, ("某镇人民政府", "CODE-B")),
    ],
)
def test_blanks_take_the_authoritys_values(given: dict, expected: tuple[str, str]) -> None:
    assert source_unit_of(AUTHORITY | given) == expected


def test_missing_fields_are_named_by_their_labels() -> None:
    assert missing_source_unit({"source_unit": "某镇", "source_unit_code": ""}) == [
        "数据来源单位统一社会信用代码"
    ]
    assert missing_source_unit({}) == ["数据来源单位", "数据来源单位统一社会信用代码"]
