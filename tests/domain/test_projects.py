"""重大建设项目 information (issue 18, docs/projects.md): the two fields' rules and the slug."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from admin.domain import vocab
from admin.domain.fieldcheck import FieldError
from admin.domain.fields import FIELD_LABELS
from admin.domain.slugs import is_valid_slug, project_slug
from admin.domain.validation import validate_info_item

TODAY = dt.date(2026, 11, 1)
PROJECT = "大战场镇红宝村道路硬化及排水工程"
INFO: dict[str, Any] = {
    "index_no": "11640521MB1700001C/2026-00012",
    "title": "红宝村道路硬化及排水工程开工公告",
    "topic": "乡村振兴",
    "publisher": "中宁县大战场镇人民政府",
    "written_on": dt.date(2026, 5, 11),
    "validity": "有效",
}
STAGES = "、".join(vocab.PROJECT_STAGES)


def expect(field: str, message: str) -> list[FieldError]:
    return [FieldError(field, FIELD_LABELS["info"][field], message)]


@pytest.mark.parametrize(
    "fields",
    [
        INFO,
        INFO | {"project": "", "project_stage": ""},
        INFO | {"project": PROJECT, "project_stage": "施工有关信息"},
        INFO | {"project": PROJECT, "project_stage": "竣工"},  # the short name
        *(INFO | {"project": PROJECT, "project_stage": s} for s in vocab.PROJECT_STAGES),
        *(INFO | {"project": PROJECT, "project_stage": s} for s in vocab.PROJECT_STAGE_SHORT),
    ],
)
def test_an_item_is_ordinary_or_names_its_project_and_stage(fields: dict[str, Any]) -> None:
    assert validate_info_item(fields, today=TODAY) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            INFO | {"project": PROJECT, "project_stage": ""},
            "project_stage",
            "项目信息类别：填写了项目名称时必须选择项目信息类别",
        ),
        (
            INFO | {"project": "  ", "project_stage": "招标投标信息"},
            "project",
            "项目名称：选择了项目信息类别时必须填写项目名称",
        ),
        (
            INFO | {"project": PROJECT, "project_stage": "运营管理信息"},
            "project_stage",
            f"项目信息类别：「运营管理信息」不是可选的值，应为：{STAGES}",
        ),
        (
            INFO | {"project": "项" * 201, "project_stage": "竣工有关信息"},
            "project",
            "项目名称：不能超过 200 个字符（现有 201 个）",
        ),
    ],
)
def test_project_rules(fields: dict[str, Any], field: str, message: str) -> None:
    assert validate_info_item(fields, today=TODAY) == expect(field, message)


def test_the_eight_stages_in_94hao_order_and_their_short_names() -> None:
    assert vocab.PROJECT_STAGES[0] == "批准服务信息"
    assert vocab.PROJECT_STAGES[-1] == "竣工有关信息"
    assert len(vocab.PROJECT_STAGES) == 8
    assert set(vocab.PROJECT_STAGE_SHORT.values()) == set(vocab.PROJECT_STAGES)
    assert vocab.project_stage(" 重大设计变更 ") == "重大设计变更信息"
    assert vocab.project_stage("征收土地信息") == "征收土地信息"
    assert vocab.project_stage("") == ""


def test_a_project_slug_is_ascii_stable_and_one_per_name() -> None:
    slug = project_slug(PROJECT)
    assert is_valid_slug(slug) and slug.isascii() and len(slug) == 8
    assert project_slug(f" {PROJECT}\u3000") == slug  # outer (full-width) spaces ignored
    # Spaces or zero-width characters typed inside the name make no other project.
    assert project_slug(f"{PROJECT[:4]} {PROJECT[4:7]}\u200b{PROJECT[7:]}") == slug
    assert project_slug("大战场镇长山头村移民安置区供水管网改造工程") != slug
    # The hash of the name, nothing else: the same on every machine and every build.
    assert slug == "e4db1f80"
