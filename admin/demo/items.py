"""The demo's 执法事项清单: 75 items read from ``data/items.toml``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from admin.demo import datafile
from admin.demo.bodies import COURT, REVIEW_BODY, SET_UP
from admin.demo.dates import at
from admin.demo.numbering import SlugSequence
from admin.models import Body, EnforcementItem

#: Slug and 事项编码 prefix of each category: a code, never a name.
CATEGORY_CODES = {
    "行政许可": "xk",
    "行政处罚": "cf",
    "行政检查": "jc",
    "行政强制": "qz",
    "行政征收": "zs",
    "行政裁决": "cj",
}

REMEDY = (
    f"对本事项作出的决定不服的，可以自知道或者应当知道该决定之日起六十日内向{REVIEW_BODY}"
    f"申请行政复议，或者自知道或者应当知道该决定之日起六个月内向{COURT}提起行政诉讼。"
)

PROCEDURES = {
    "行政许可": """\
1. 申请：申请人提交申请书和有关材料，申请书需要采用格式文本的，镇人民政府免费提供；
2. 受理：材料齐全、符合法定形式的予以受理；材料不齐全的，当场或者五日内一次告知需要补正的全部内容；
3. 审查：对申请材料进行审查；需要对实质内容进行核实的，指派两名以上工作人员实地核查；
4. 决定：符合法定条件的，书面决定准予许可；不予许可的，书面说明理由并告知复议、诉讼权利；
5. 颁证、送达：自作出决定之日起十日内颁发、送达许可证件或者批准文件；
6. 公示：准予许可的决定自作出之日起七个工作日内公示。""",
    "行政处罚": """\
1. 立案：发现违法线索后七个工作日内决定是否立案（简易程序除外）；
2. 调查取证：两名以上持证执法人员出示执法证件，收集证据，制作笔录，全过程记录；
3. 告知：书面告知拟作出的处罚内容及事实、理由、依据，以及陈述、申辩、要求听证的权利；
4. 法制审核：由镇法制审核人员审核执法主体、程序、事实证据、适用法律和裁量基准；
5. 决定：镇人民政府负责人审查决定，情节复杂或者重大违法行为集体讨论决定；
6. 送达：七日内送达处罚决定书；
7. 公示：自作出决定之日起七个工作日内公示；
8. 执行、结案、归档。

违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告的，
可以适用简易程序当场作出处罚决定。""",
    "行政检查": """\
1. 制定年度检查计划，按照“双随机、一公开”要求抽取检查对象和执法人员；
2. 两名以上持证执法人员实施检查，出示执法证件，说明检查依据和内容；
3. 制作检查记录，由被检查人签字确认，全过程记录；
4. 发现问题的，当场或者书面责令整改；发现违法行为的，依法立案查处；
5. 检查结果自作出之日起二十个工作日内公示。""",
    "行政裁决": """\
1. 申请：当事人书面申请，提交争议事实和证据；
2. 受理：收到申请之日起五个工作日内决定是否受理，不予受理的书面说明理由；
3. 答辩：将申请书副本送达对方当事人，对方在十日内提交答辩意见和证据；
4. 调查、调解：实地勘查、询问证人，先行调解；调解达成协议的制作调解书；
5. 决定：调解不成的，作出处理决定，送达双方当事人。""",
}
TIME_LIMITS = {
    "行政许可": (
        "自受理之日起二十日内作出决定；二十日内不能作出决定的，经本机关负责人批准可以延长"
        "十日（《中华人民共和国行政许可法》第四十二条）"
    ),
    "行政处罚": (
        "自立案之日起九十日内作出处罚决定（《中华人民共和国行政处罚法》第六十条）；简易程序当场作出"
    ),
    "行政检查": "检查结束时当场告知检查结果；需要整改的，复查在整改期限届满后五个工作日内完成",
    "行政裁决": "自受理之日起六十日内作出处理决定；情况复杂的，经负责人批准可以延长三十日",
}


def add_items(session: Session, township: Body) -> dict[str, EnforcementItem]:
    """Add the township's item catalogue; return the items by their data key."""
    items: dict[str, EnforcementItem] = {}
    next_slug = SlugSequence(session, EnforcementItem)
    for entry in datafile.read("items")["item"]:
        category = entry["category"]
        prefix = CATEGORY_CODES[category]
        slug = next_slug(prefix)
        item = EnforcementItem(
            body=township,
            slug=slug,
            code=f"DZC-{prefix.upper()}-{slug.rsplit('-', 1)[1][1:]}",
            name=entry["name"],
            category=category,
            legal_basis=entry["basis"],
            procedure=entry.get("procedure", PROCEDURES.get(category, "")).strip(),
            time_limit=entry.get("time_limit", TIME_LIMITS.get(category, "")),
            remedy=REMEDY,
            discretion=entry.get("discretion", "").strip(),
            created_at=at(SET_UP),
            updated_at=at(SET_UP),
        )
        session.add(item)
        items[entry["key"]] = item
    session.flush()
    return items
