"""The demo's two bodies: 大战场镇人民政府 and its 综合执法办公室."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from admin.demo import fictional
from admin.demo.dates import at
from admin.models import Body

TOWNSHIP_SLUG = "dzc-gov"
OFFICE_SLUG = "dzc-zfb"
TOWNSHIP_NAME = "大战场镇人民政府"
DECISION_PREFIX = "中宁大战场综执罚"
#: The township's credit code: 11 = 机关, 640521 = 中宁县, then its organisation code.
TOWNSHIP_CREDIT_CODE = fictional.credit_code("11", "dzc-gov", numeric=True)

ADDRESS = "宁夏中卫市中宁县大战场镇"
OFFICE_HOURS = "周一至周五 上午 8:30—12:00，下午 14:30—18:00（法定节假日除外）"
REVIEW_BODY = "中宁县人民政府"
COURT = "中宁县人民法院"
#: When the demo's records were first entered.
SET_UP = dt.date(2021, 1, 4)

# The 赋权 decision's title is the demo's own wording of 宁夏's delegation to townships;
# a real deployment replaces it with the body's actual documents.
DELEGATION_BASIS = (
    "《宁夏回族自治区人民政府关于向乡镇（街道）赋予部分县级行政执法权的决定》"
    "（示例数据中的拟定标题，以正式文件为准）；"
    "中宁县人民政府公布的《大战场镇综合行政执法事项目录》。"
)
LEGAL_BASIS = (
    "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》第七十六条；"
    "《中华人民共和国行政处罚法》第二十四条（省、自治区、直辖市根据当地实际情况，"
    "可以决定将基层管理迫切需要的县级人民政府部门的行政处罚权交由能够有效承接的"
    "乡镇人民政府、街道办事处行使）；《中华人民共和国城乡规划法》第六十五条；"
    "以及执法事项清单所列法律、法规。"
)
SUPERVISOR = "中宁县司法局（行政执法监督）"
COMPLAINT_CHANNEL = (
    "12345 政务服务便民热线；中宁县司法局行政执法监督投诉电话 0955-0000120；"
    "大战场镇纪委 0955-0000103；来信请寄：宁夏中卫市中宁县大战场镇人民政府党政综合办公室。"
)
TOWNSHIP_DUTIES = """\
大战场镇人民政府是大战场镇的一级国家行政机关，依法履行经济调节、市场监管、社会管理、
公共服务和生态环境保护职责，主要包括：

- 执行镇人民代表大会的决议和上级国家行政机关的决定和命令，发布决定和命令；
- 执行本行政区域内的经济和社会发展计划、预算，管理本行政区域内的经济、教育、科学、
  文化、卫生、体育事业和财政、民政、公安、司法行政等行政工作；
- 保护社会主义的全民所有的财产和劳动群众集体所有的财产，保障公民的人身权利、民主权利
  和其他权利；
- 依照法律、法规和自治区的赋权决定，以本机关名义相对集中行使部分行政处罚权及与之
  相关的行政检查、行政强制措施，由镇综合执法办公室具体承办；
- 办理上级人民政府交办的其他事项。
"""
OFFICE_DUTIES = """\
大战场镇综合执法办公室是镇人民政府的内设机构，**不是独立的执法主体**，以大战场镇人民
政府的名义承办综合行政执法工作：

- 承办执法事项清单所列行政处罚案件的立案、调查取证、告知、送达和执行；
- 开展日常巡查和行政检查，按照“双随机、一公开”要求实施抽查；
- 负责行政执法公示、执法全过程记录和重大执法决定法制审核的材料准备；
- 受理辖区内违法行为的投诉举报，配合县级部门开展联合执法。
"""


def add_bodies(session: Session) -> tuple[Body, Body]:
    """Add the township government and its enforcement office; return both."""
    township = Body(
        slug=TOWNSHIP_SLUG,
        parent=None,
        name=TOWNSHIP_NAME,
        short_name="大战场镇",
        kind="法定行政机关",
        is_enforcement_subject=True,
        credit_code=TOWNSHIP_CREDIT_CODE,
        address=ADDRESS,
        phone="0955-0000101",
        office_hours=OFFICE_HOURS,
        legal_basis=LEGAL_BASIS,
        delegation_basis=DELEGATION_BASIS,
        duties=TOWNSHIP_DUTIES,
        supervisor=SUPERVISOR,
        complaint_channel=COMPLAINT_CHANNEL,
        review_body=REVIEW_BODY,
        court=COURT,
        decision_prefix=DECISION_PREFIX,
        created_at=at(SET_UP),
    )
    office = Body(
        slug=OFFICE_SLUG,
        parent=township,
        name="大战场镇综合执法办公室",
        short_name="综合执法办",
        # An internal office has no kind of its own: it acts in the township's name
        # (行政处罚法 Art 24), so it carries the township's and is not a subject.
        kind="法定行政机关",
        is_enforcement_subject=False,
        credit_code="",
        address=f"{ADDRESS}人民政府院内一楼",
        phone="0955-0000110",
        office_hours=OFFICE_HOURS,
        legal_basis="以大战场镇人民政府名义开展执法，依据见大战场镇人民政府。",
        delegation_basis="",
        duties=OFFICE_DUTIES,
        supervisor=SUPERVISOR,
        complaint_channel=COMPLAINT_CHANNEL,
        review_body=REVIEW_BODY,
        court=COURT,
        decision_prefix=DECISION_PREFIX,
        created_at=at(SET_UP),
    )
    session.add_all([township, office])
    session.flush()
    return township, office
