"""The controlled vocabularies of the law (LAW.md), shared by models, validation and forms."""

from __future__ import annotations

#: 执法主体 kinds.
SUBJECT_KINDS = ("法定行政机关", "法律法规授权组织", "受委托组织")

#: 行政相对人类别 of the 双公示 standard.
PARTY_NATURAL = "自然人"
PARTY_ORGANISATION = "法人及非法人组织"
PARTY_SOLE_TRADER = "个体工商户"
PARTY_KINDS = (PARTY_ORGANISATION, PARTY_NATURAL, PARTY_SOLE_TRADER)

#: 处罚种类, 行政处罚法 (2021) Art 9, in statutory order.
PENALTY_KINDS = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "法律、行政法规规定的其他行政处罚",
)
#: Art 18: only public-security organs detain; a township never does.
KINDS_REFUSED_FOR_TOWNSHIP = ("行政拘留",)
#: Criminal penalties people confuse with administrative ones (刑法 Art 34).
CRIMINAL_PENALTIES = ("罚金", "没收财产")

#: Stable ASCII keys for penalty kinds, used in URLs (/penalties/kind/<key>/).
PENALTY_KIND_SLUGS = {
    "警告": "warning",
    "通报批评": "circulated-criticism",
    "罚款": "fine",
    "没收违法所得": "confiscate-gains",
    "没收非法财物": "confiscate-property",
    "暂扣许可证件": "suspend-licence",
    "降低资质等级": "downgrade-qualification",
    "吊销许可证件": "revoke-licence",
    "限制开展生产经营活动": "restrict-business",
    "责令停产停业": "suspend-business",
    "责令关闭": "order-closure",
    "限制从业": "restrict-practice",
    "行政拘留": "detention",
    "法律、行政法规规定的其他行政处罚": "other",
}

PROCEDURE_SUMMARY = "简易程序"
PROCEDURE_ORDINARY = "普通程序"
PROCEDURES = (PROCEDURE_SUMMARY, PROCEDURE_ORDINARY)

#: Severity decides the publicity period (LAW.md §3).
SEVERITIES = ("轻微", "一般", "严重")

#: 执法事项 categories, in the order 权责清单 list them (行政许可 first).
ITEM_CATEGORIES = ("行政许可", "行政处罚", "行政检查", "行政强制", "行政征收", "行政裁决", "其他")

INSPECTION_RESULTS = ("合格", "责令整改", "立案查处", "其他")

OFFICER_STATUSES = ("在岗", "离岗")
STAFF_KINDS = ("执法人员", "辅助人员")

INFO_VALIDITY = ("有效", "失效", "废止")
#: 重大建设项目信息 categories, in the order of 国办发〔2017〕94号 (docs/projects.md §1).
PROJECT_STAGES = (
    "批准服务信息",
    "批准结果信息",
    "招标投标信息",
    "征收土地信息",
    "重大设计变更信息",
    "施工有关信息",
    "质量安全监督信息",
    "竣工有关信息",
)
#: The short names (issue 18, and many county sites) of the same categories.
PROJECT_STAGE_SHORT = {
    "批准服务": "批准服务信息",
    "批准结果": "批准结果信息",
    "招标投标": "招标投标信息",
    "征收土地": "征收土地信息",
    "重大设计变更": "重大设计变更信息",
    "施工有关": "施工有关信息",
    "质量安全监督": "质量安全监督信息",
    "竣工": "竣工有关信息",
    "竣工有关": "竣工有关信息",
}


def project_stage(value: str) -> str:
    """Return the stored spelling of a 项目信息类别 given long or short ('' stays '')."""
    text = value.strip()
    return PROJECT_STAGE_SHORT.get(text, text)


#: 许可类别 and 当前状态 of a 行政许可决定 (docs/licences.md §1).
LICENCE_KINDS = ("普通", "特许", "认可", "核准", "登记", "其他")
LICENCE_STATUSES = ("有效", "无效", "撤销", "注销", "吊销", "撤回", "其他")
LICENCE_STATUS_VALID = "有效"
#: The URL folder of each 许可类别's filter page (``/licences/kind/<slug>/``).
LICENCE_KIND_SLUGS = {
    "普通": "general",
    "特许": "franchise",
    "认可": "recognition",
    "核准": "approval",
    "登记": "registration",
    "其他": "other",
}

#: Workflow of a penalty decision.
STATE_DRAFT = "草稿"
STATE_IN_REVIEW = "待法制审核"
STATE_APPROVED = "审核通过"
STATE_RETURNED = "退回修改"
STATE_PUBLISHED = "已公示"
STATE_WITHDRAWN = "已撤回"
#: A published penalty taken off early after 信用修复 (LAW.md §3).
STATE_REPAIRED = "已信用修复"
DECISION_STATES = (
    STATE_DRAFT,
    STATE_IN_REVIEW,
    STATE_APPROVED,
    STATE_RETURNED,
    STATE_PUBLISHED,
    STATE_WITHDRAWN,
    STATE_REPAIRED,
)
#: Inspection results and information items skip legal review.
SIMPLE_STATES = (STATE_DRAFT, STATE_PUBLISHED, STATE_WITHDRAWN)
#: Their states when the setting SECOND_EYES_FOR_OTHER_RECORDS asks for a review.
SECOND_EYES_STATES = (
    STATE_DRAFT,
    STATE_IN_REVIEW,
    STATE_APPROVED,
    STATE_PUBLISHED,
    STATE_WITHDRAWN,
)

REVIEW_OUTCOMES = ("同意", "存在问题")

ROLES = ("officer", "reviewer", "admin")
ROLE_NAMES = {"officer": "执法人员", "reviewer": "法制审核员", "admin": "管理员"}

#: 政府信息 主题分类 used by the demo and offered in forms.
INFO_TOPICS = (
    "机构职能",
    "政策文件",
    "规划计划",
    "财政预决算",
    "行政执法",
    "社会救助",
    "乡村振兴",
    "农田水利",
    "土地管理",
    "应急管理",
    "人事信息",
    "公共服务",
)

ID_TYPES = ("身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "其他")
