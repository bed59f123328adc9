"""A small but complete ``content/`` written in the documented format.

Written directly (TOML front matter between ``+++`` lines, then Markdown), so the site's
tests depend neither on the demo nor on the publishing code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

#: The build date every site test uses.
TODAY = dt.date(2026, 6, 1)
BASE_URL = "https://zw.example.gov.cn/dzc/"
#: Listed 2025 penalties besides the hand-made ones: enough for a second list page.
BULK_PENALTIES = 20

SITE = {
    "name": "测试镇人民政府 行政执法与政务公开",
    "base_url": BASE_URL,
    "sponsor": "测试县测试镇人民政府",
    "contact": "0955-1234567",
    "address": "宁夏中卫市测试县测试镇",
    "site_code": "6405219999",
    "icp": "宁ICP备12345678号",
    "police_filing": "宁公网安备64052102000001号",
    "region": "ningxia",
    "demo": True,
    "show_full_names": False,
    "court": "测试县人民法院",
    "review_body": "测试县人民政府",
}

GOV_CODE = "11640521MB0000000X"
#: The fixture's one 重大建设项目 (two of its eight stages published).
PROJECT = "测试镇示范村道路硬化工程"


def write_record(
    root: Path, dataset: str, slug: str, meta: Mapping[str, Any], body: str = ""
) -> Path:
    """Write one content file: ``+++``, TOML front matter, ``+++``, Markdown body."""
    path = root / dataset / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"+++\n{tomli_w.dumps(dict(meta))}+++\n{body}", encoding="utf-8")
    return path


def penalty(decision_no: str, **fields: Any) -> dict[str, Any]:
    """Return a published penalty's front matter with every field filled."""
    meta: dict[str, Any] = {
        "title": decision_no,
        "status": "published",
        "published": dt.date(2025, 9, 10),
        "updated": dt.date(2025, 9, 10),
        "decision_no": decision_no,
        "party_kind": "法人及非法人组织",
        "party_name": "中宁县示例建材有限公司",
        "party_credit_code": "91640521MA76000012",
        "party_reg_no": "",
        "party_org_code": "",
        "party_tax_no": "",
        "party_institution_no": "",
        "party_social_org_no": "",
        "legal_rep": "李四",
        "violation_type": "未经批准占用耕地堆放建筑材料",
        "basis": "《中华人民共和国土地管理法》第七十七条",
        "kinds": ["罚款"],
        "content": "责令退还非法占用的土地，罚款人民币贰仟元整",
        "fine_fen": 200000,
        "confiscation_fen": 0,
        "licence_info": "",
        "decision_date": dt.date(2025, 9, 1),
        "publicity_until": dt.date(2026, 9, 1),
        "authority": "测试县测试镇人民政府",
        "authority_code": GOV_CODE,
        "source_unit": "测试县测试镇人民政府",
        "source_unit_code": GOV_CODE,
        "procedure": "普通程序",
        "severity": "一般",
        "item": "cf-0001",
        "item_name": "对非法占用土地的处罚",
        "subject": "dzc-gov",
        "remarks": "",
        "on_time": True,
    }
    meta.update(fields)
    return meta


def notice(title: str, status: str, **fields: Any) -> dict[str, Any]:
    """Return a notice's front matter: only what docs/content-format.md allows."""
    return {
        "title": title,
        "status": status,
        "published": dt.date(2021, 3, 10),
        "updated": dt.date(2021, 4, 2),
        "notice_date": dt.date(2021, 4, 2),
        "notice_reason": "决定被依法撤销",
        "notice_basis": "《中华人民共和国行政处罚法》第四十八条",
        **fields,
    }


def write_site(root: Path, overrides: Callable[[str, str, dict], None] | None = None) -> Path:
    """Write the fixture's ``content/`` under ``root``; ``overrides`` may edit any meta."""

    def put(dataset: str, slug: str, meta: dict[str, Any], body: str = "") -> None:
        if overrides:
            overrides(dataset, slug, meta)
        write_record(root, dataset, slug, meta, body)

    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(tomli_w.dumps(SITE), encoding="utf-8")

    common = {
        "status": "published",
        "published": dt.date(2024, 1, 5),
        "updated": dt.date(2024, 1, 5),
    }
    put(
        "subjects",
        "dzc-gov",
        {
            "title": "测试县测试镇人民政府",
            **common,
            "name": "测试县测试镇人民政府",
            "kind": "法定行政机关",
            "parent": "",
            "credit_code": GOV_CODE,
            "address": "宁夏中卫市测试县测试镇",
            "phone": "0955-1234567",
            "office_hours": "工作日 8:30—12:00，14:30—18:00",
            "legal_basis": "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》",
            "delegation_basis": "《自治区关于向乡镇赋予部分县级行政执法权的决定》（示例）",
            "supervisor": "测试县人民政府",
            "complaint_channel": "12345 政务服务便民热线；测试县司法局",
            "review_body": "测试县人民政府",
            "court": "测试县人民法院",
        },
        "负责本镇行政区域内的**综合行政执法**工作。",
    )
    put(
        "subjects",
        "dzc-zfb",
        {
            "title": "测试镇综合执法办公室",
            **common,
            "name": "测试镇综合执法办公室",
            "kind": "受委托组织",
            "parent": "dzc-gov",
            "credit_code": "",
            "address": "宁夏中卫市测试县测试镇",
            "phone": "0955-1234568",
            "office_hours": "",
            "legal_basis": "受测试镇人民政府委托",
            "delegation_basis": "",
            "supervisor": "测试镇人民政府",
            "complaint_channel": "12345",
            "review_body": "",
            "court": "",
        },
    )
    for number, (name, cert) in enumerate((("王执法", "宁A05210001"), ("赵公正", "宁A05210002"))):
        put(
            "officers",
            f"o-{number + 1:04d}",
            {
                "title": name,
                **common,
                "name": name,
                "certificate_no": cert,
                "category": "综合执法",
                "area": "测试镇辖区",
                "subject": "dzc-gov",
                "subject_name": "测试县测试镇人民政府",
                "officer_status": "在岗",
            },
        )
    for slug, category, name in (
        ("cf-0001", "行政处罚", "对非法占用土地的处罚"),
        ("cf-0002", "行政处罚", "对违反森林防火规定的处罚"),
        ("jc-0001", "行政检查", "对农村宅基地使用情况的检查"),
        ("qz-0001", "行政强制", "查封违法建设施工现场"),
        ("zs-0001", "行政征收", "征收城市道路占用费"),
        ("cj-0001", "行政裁决", "土地权属争议裁决"),
    ):
        put(
            "items",
            slug,
            {
                "title": name,
                **common,
                "name": name,
                "code": slug.upper(),
                "category": category,
                "subject": "dzc-gov",
                "subject_name": "测试县测试镇人民政府",
                "legal_basis": "《中华人民共和国土地管理法》",
                "procedure": "立案、调查、告知、决定、送达",
                "time_limit": "立案之日起九十日",
                "remedy": "行政复议或者行政诉讼",
                "discretion": "按情节轻重分三档",
            },
        )

    # Penalties: a company, a natural person, a sole trader, notices of every kind.
    put(
        "penalties",
        "2025-0001",
        penalty("测试综执罚〔2025〕1号"),
        "经查，当事人于2025年8月在**长山头村**占用耕地堆放砂石。",
    )
    put(
        "penalties",
        "2025-0002",
        penalty(
            "测试综执罚〔2025〕2号",
            party_kind="自然人",
            party_name="张某某",
            party_credit_code="",
            legal_rep="",
            kinds=["警告"],
            content="警告",
            fine_fen=0,
            procedure="简易程序",
            decision_date=dt.date(2025, 10, 8),
            on_time=False,
        ),
        "当事人在林区野外用火。",
    )
    put(
        "penalties",
        "2021-0001",
        penalty(
            "测试综执罚〔2021〕1号",
            party_kind="个体工商户",
            party_name="测试镇示例百货店",
            party_credit_code="92640521MA76000023",
            legal_rep="马某某",
            kinds=["罚款", "没收违法所得"],
            confiscation_fen=35050,
            decision_date=dt.date(2021, 5, 10),
            publicity_until=dt.date(2026, 12, 31),
            validity_until=dt.date(2021, 6, 10),
        ),
        "当事人销售过期农药。",
    )
    put(
        "penalties",
        "2021-0002",
        notice("测试综执罚〔2021〕2号", "withdrawn", decision_no="测试综执罚〔2021〕2号"),
    )
    put(
        "penalties",
        "2021-0003",
        notice(
            "测试综执罚〔2021〕3号",
            "expired",
            decision_no="测试综执罚〔2021〕3号",
            notice_reason="公示期满",
            notice_basis="信用修复管理办法",
        ),
    )
    put(
        "penalties",
        "2021-0004",
        penalty(
            "测试综执罚〔2021〕4号",
            party_kind="自然人",
            party_name="钱某某",
            decision_date=dt.date(2021, 7, 1),
            publicity_until=dt.date(2026, 5, 31),
        ),
        "钱某某私自搭建彩钢房。",
    )
    put(
        "penalties",
        "2021-0005",
        notice(
            "测试综执罚〔2021〕5号",
            "repaired",
            decision_no="测试综执罚〔2021〕5号",
            notice_reason="信用修复",
            repair_ref="XF-2024-001",
        ),
    )
    for number in range(BULK_PENALTIES):
        put(
            "penalties",
            f"2025-{number + 100:04d}",
            penalty(
                f"测试综执罚〔2025〕{number + 100}号",
                decision_date=dt.date(2025, 1 + number % 12, 1 + number),
                kinds=["罚款"] if number % 2 else ["警告", "罚款"],
            ),
            "当事人在道路两侧乱堆乱放。",
        )

    inspection_common = {
        "party_kind": "法人及非法人组织",
        "party_name": "中宁县示例加油站有限公司",
        "party_credit_code": "91640521MA76000034",
        "item": "jc-0001",
        "item_name": "对农村宅基地使用情况的检查",
        "subject": "dzc-gov",
        "follow_up": "",
        "on_time": True,
    }
    put(
        "inspections",
        "2025-0001",
        {
            "title": "示例加油站安全生产检查",
            **common,
            "published": dt.date(2025, 6, 3),
            **inspection_common,
            "inspected_on": dt.date(2025, 6, 1),
            "result": "合格",
        },
        "检查了消防器材和台账，未发现问题。",
    )
    put(
        "inspections",
        "2026-0001",
        {
            "title": "示例农户宅基地检查",
            **common,
            "published": dt.date(2026, 3, 3),
            **inspection_common,
            "party_kind": "自然人",
            "party_name": "刘某某",
            "party_credit_code": "",
            "inspected_on": dt.date(2026, 3, 1),
            "result": "责令整改",
            "follow_up": "限期十日整改",
            "on_time": False,
        },
        "院墙超出审批范围。",
    )
    put("inspections", "2025-0002", notice("示例检查", "withdrawn"))

    info_common = {
        "topic": "财政预决算",
        "publisher": "测试县测试镇人民政府",
        "validity": "有效",
        "subject": "dzc-gov",
        "on_time": True,
    }
    put(
        "info",
        "2026-00001",
        {
            "title": "测试镇2026年部门预算公开",
            **common,
            "published": dt.date(2026, 2, 1),
            "index_no": f"{GOV_CODE}/2026-00001",
            "summary": "2026年一般公共预算收支情况",
            **info_common,
            "doc_no": "测政发〔2026〕1号",
            "written_on": dt.date(2026, 1, 20),
            "published_on": dt.date(2026, 2, 1),
            "attachments": [
                {"name": "预算表", "url": "https://zw.example.gov.cn/files/ys.pdf"},
                {"name": "危险附件", "url": "javascript:alert(1)"},
            ],
        },
        "# 预算说明\n\n| 项目 | 金额 |\n|---|---|\n| 收入 | 100 |\n",
    )
    put(
        "info",
        "2025-00001",
        {
            "title": "测试镇防汛应急预案",
            **common,
            "published": dt.date(2025, 5, 1),
            "index_no": f"{GOV_CODE}/2025-00001",
            "summary": "防汛组织体系和应急响应",
            **info_common,
            "topic": "应急管理",
            "doc_no": "",
            "written_on": dt.date(2025, 4, 20),
            "published_on": dt.date(2025, 5, 1),
            "attachments": [],
        },
        "预案正文。",
    )
    put(
        "info", "2025-00002", notice("已撤回的通知", "withdrawn", index_no=f"{GOV_CODE}/2025-00002")
    )
    # Two stages of one 重大建设项目 (the second in the short spelling a hand edit may use).
    for serial, stage, title, day in (
        ("00003", "施工有关", "测试镇示范村道路硬化工程开工公告", dt.date(2026, 4, 1)),
        ("00002", "批准结果信息", "测试镇示范村道路硬化工程初步设计批复", dt.date(2026, 3, 2)),
    ):
        put(
            "info",
            f"2026-{serial}",
            {
                "title": title,
                **common,
                "published": day,
                "index_no": f"{GOV_CODE}/2026-{serial}",
                "summary": f"{title}。",
                **info_common,
                "topic": "规划计划",
                "doc_no": "",
                "written_on": day,
                "published_on": day,
                "project": PROJECT,
                "project_stage": stage,
                "attachments": [],
            },
            f"{title}正文。",
        )

    put(
        "licences",
        "2025-0001",
        {
            "title": "户外广告设置许可决定书（测镇广许〔2025〕7号）",
            **common,
            "published": dt.date(2025, 10, 9),
            "updated": dt.date(2025, 10, 9),
            "party_kind": "法人及非法人组织",
            "party_name": "中宁县示例建材有限公司",
            "party_credit_code": "91640521MA76000012",
            "legal_rep": "李四",
            "doc_name": "户外广告设置许可决定书",
            "decision_no": "测镇广许〔2025〕7号",
            "licence_kind": "普通",
            "certificate_name": "户外广告设置许可证",
            "licence_no": "广许2025-007",
            "decision_date": dt.date(2025, 10, 8),
            "valid_from": dt.date(2025, 10, 8),
            "valid_until": dt.date(2027, 10, 7),
            "authority": "测试县测试镇人民政府",
            "authority_code": GOV_CODE,
            "current_status": "有效",
            "subject": "dzc-gov",
            "on_time": True,
        },
        "准予在镇区主街设置户外广告牌一块。",
    )
    put(
        "pages",
        "guide",
        {"title": "政府信息公开指南", "order": 1, "summary": "如何获取政府信息"},
        "## 一、主动公开\n\n见[目录](../../info/index.html)。",
    )
    put("pages", "contact", {"title": "联系我们", "order": 4}, "电话：0955-1234567")
    put(
        "reports",
        "2025",
        {
            "title": "测试镇2025年政府信息公开工作年度报告",
            **common,
            "published": dt.date(2026, 1, 20),
        },
        "## 一、总体情况\n\n略。",
    )
    return root


@dataclass(frozen=True)
class Rendered:
    """One answered URL of the site."""

    status: int
    mimetype: str
    data: bytes

    @property
    def text(self) -> str:
        """Return the body as text."""
        return self.data.decode("utf-8")


def html_pages(rendered: Mapping[str, Rendered]) -> dict[str, str]:
    """Return the HTML pages among ``rendered``, by URL."""
    return {url: r.text for url, r in rendered.items() if r.mimetype == "text/html"}
