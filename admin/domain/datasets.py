"""One declaration per record type: its names, its workflow, its public fields, its URLs.

Everything that names a record type or one of its public fields reads it from here: the
publisher's table, the workflow tables, the site's loading, the detail pages' field rows,
the content-file key order, the open-data CSV/JSON headers and data dictionary
(``/data/datapackage.json``), the 双公示 columns and the audit log's names. Adding a plain
public field then touches its model, this declaration and at most one more file (its
validation rule, if it has one); ``tests/domain/test_datasets.py`` counts that.

Pure: the models layer maps a key to its model class (``admin.models.DATASET_MODELS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from admin.domain.datasetspec import LIST, PARTY_FIELDS, WIDE, YUAN, Dataset, Field
from admin.domain.licence_dataset import LICENCES

_F = Field
_P = partial(Field, section="penalty")  # the block of the decision's page


SUBJECTS = Dataset(
    key="subjects",
    name="执法主体",
    data_title="行政执法主体",
    data_row="每行一个执法主体",
    entity="body",
    label_key="subject",
    workflow=False,
    fields=(
        _F("name", "主体名称", "行政执法主体的名称"),
        _F("kind", "主体性质", "法定行政机关、法律法规授权组织或受委托组织", section="kind"),
        _F("parent", "上级机关"),
        _F("credit_code", "统一社会信用代码", "主体的统一社会信用代码", section="contact"),
        _F("address", "办公地址", "主体的办公地点", section="contact"),
        _F("phone", "联系电话", "办公电话", section="contact"),
        _F(
            "office_hours",
            "办公时间",
            "接待群众和办理事务的时间",
            masked=True,
            plain=True,
            size=200,
            section="contact",
            form_group="联系方式",
        ),
        _F("legal_basis", "职权依据", "主体行使行政执法职权的法律依据", masked=True),
        _F("delegation_basis", "赋权依据", "向乡镇赋予行政执法权的决定", masked=True),
        _F(
            "supervisor",
            "监督机关",
            "对主体的行政执法进行监督的机关",
            masked=True,
            plain=True,
            size=200,
            section="oversight",
            form_group="监督与救济",
        ),
        _F(
            "complaint_channel",
            "投诉举报渠道",
            "对执法行为投诉、举报的电话、地址或网址",
            masked=True,
            plain=True,
            section="oversight",
            show=WIDE,
            form_group="监督与救济",
            multiline=True,
        ),
        _F("review_body", "行政复议机关", "不服主体的行政行为时申请行政复议的机关", masked=True),
        _F("court", "行政诉讼管辖法院", "不服主体的行政行为时提起行政诉讼的管辖法院", masked=True),
        _F("body", "职责", "主体的主要职责", in_file=False, source="duties"),
    ),
)

OFFICERS = Dataset(
    key="officers",
    name="执法人员",
    data_title="行政执法人员",
    data_row="每行一名持证执法人员",
    entity="officer",
    label_key="officer",
    workflow=False,
    page="/officers/",
    fields=(
        _F("name", "姓名", "持证行政执法人员的姓名（辅助人员不公示）"),
        _F("certificate_no", "执法证号", "行政执法证件编号"),
        _F("category", "执法类别", "执法证件载明的执法类别或领域", masked=True),
        _F("area", "执法区域", "执法证件载明的执法区域", masked=True),
        _F("subject", "执法主体"),
        _F("subject_name", "所属执法主体", "执法人员所在的行政执法主体"),
        _F("officer_status", "在岗状态"),
    ),
)

ITEMS = Dataset(
    key="items",
    name="执法事项",
    data_title="行政执法事项清单",
    data_row="每行一个执法事项",
    entity="enforcement_item",
    label_key="item",
    workflow=False,
    fields=(
        _F("name", "事项名称", "权责清单中的事项名称"),
        _F("code", "事项编码", "权责清单中的事项编码", section="main"),
        _F(
            "category",
            "事项类别",
            "行政许可、行政处罚、行政检查、行政强制、行政征收、行政裁决等",
            section="main",
            page_before="code",
        ),
        _F("subject", "实施主体"),
        _F("subject_name", "实施主体", "实施本事项的行政执法主体", section="main"),
        _F(
            "legal_basis",
            "设定和实施依据",
            "设定和实施本事项的法律、法规、规章条款",
            masked=True,
            section="texts",
        ),
        _F("procedure", "办理流程", "办理本事项的步骤", masked=True, section="texts"),
        _F("time_limit", "办理时限", "法定或承诺的办理期限", masked=True, section="main"),
        _F(
            "remedy",
            "救济途径",
            "不服处理结果时的行政复议、行政诉讼途径",
            masked=True,
            section="texts",
        ),
        _F(
            "discretion",
            "裁量基准",
            "行使裁量权的标准",
            masked=True,
            section="texts",
            page_before="remedy",
        ),
    ),
)

PENALTIES = Dataset(
    key="penalties",
    name="行政处罚决定",
    data_title="行政处罚决定",
    data_row="每行一项公示期内的行政处罚决定",
    entity="penalty_decision",
    label_key="penalty",
    workflow=True,
    fields=(
        _F(
            "decision_no",
            "行政处罚决定书文号",
            "机关代字〔年份〕序号号",
            column_no=14,
            section="decision",
        ),
        *PARTY_FIELDS,
        _F(
            "violation_type",
            "违法行为类型",
            "违法行为的类别（已隐去个人信息）",
            masked=True,
            column_no=15,
            section="decision",
            show=WIDE,
        ),
        _F(
            "body",
            "违法事实",
            "已隐去个人信息",
            masked=True,
            in_file=False,
            source="facts",
            column_no=16,
        ),
        _P(
            "basis",
            "处罚依据",
            "作出处罚所依据的法律、法规、规章条款",
            masked=True,
            column_no=17,
            show=WIDE,
        ),
        _P(
            "kinds",
            "处罚类别",
            "《行政处罚法》第九条规定的处罚种类，多个以“；”分隔",
            column_no=18,
            show=LIST,
        ),
        _P(
            "content",
            "处罚内容",
            "处罚的具体内容（已隐去个人信息）",
            masked=True,
            column_no=19,
            show=WIDE,
        ),
        _P(
            "fine_fen",
            "罚款金额（元）",
            "数据文件中以“分”为单位的整数",
            column="罚款金额（万元）",
            column_no=20,
            shown="罚款金额",
            show=YUAN,
        ),
        _P(
            "confiscation_fen",
            "没收违法所得、没收非法财物的金额（元）",
            "数据文件中以“分”为单位",
            column="没收违法所得、没收非法财物的金额（万元）",
            column_no=21,
            shown="没收违法所得、没收非法财物的金额",
            show=YUAN,
        ),
        _P(
            "licence_info",
            "暂扣或吊销证照名称及编号",
            "被暂扣或吊销的许可证件名称及编号",
            masked=True,
            plain=True,
            column_no=22,
            size=300,
            form_group="处罚种类与金额",
        ),
        _P("decision_date", "处罚决定日期", "作出处罚决定的日期（YYYY-MM-DD）", column_no=23),
        _P("validity_until", "处罚有效期", "处罚决定的有效期限（YYYY-MM-DD）", column_no=24),
        _P("publicity_until", "公示截止期", "此日之后本决定不再公示", column_no=25),
        _P("authority", "处罚机关", "作出处罚决定的行政机关", column_no=26),
        _P(
            "authority_code", "处罚机关统一社会信用代码", "处罚机关的统一社会信用代码", column_no=27
        ),
        _P("source_unit", "数据来源单位", "报送本条数据的单位", column_no=28),
        _P(
            "source_unit_code",
            "数据来源单位统一社会信用代码",
            "数据来源单位的统一社会信用代码",
            column_no=29,
        ),
        _P("procedure", "适用程序", "简易程序或普通程序"),
        _F("severity", "严重程度"),
        _F("item", "执法事项"),
        _P("item_name", "执法事项", "权责清单中对应的执法事项"),
        _F("subject", "执法主体"),
        _P(
            "remarks",
            "备注",
            "其他需要说明的情况（已隐去个人信息）",
            masked=True,
            column_no=30,
            show=WIDE,
        ),
        _F("on_time", "按时公示"),
    ),
)

INSPECTIONS = Dataset(
    key="inspections",
    name="检查结果",
    data_title="行政检查结果",
    data_row="每行一次检查",
    entity="inspection",
    label_key="inspection",
    workflow=True,
    fields=(
        _F("title", "标题", "检查结果的标题：检查对象和检查日期", in_file=False),
        _F("party_name", "检查对象", "自然人仅显示姓氏", section="main"),
        _F(
            "party_kind",
            "对象类别",
            "法人及非法人组织、自然人或个体工商户",
            file_before="party_name",
            section="main",
        ),
        _F(
            "party_credit_code",
            "统一社会信用代码",
            "检查对象为组织时的统一社会信用代码",
            section="main",
        ),
        _F("inspected_on", "检查日期", "实施检查的日期（YYYY-MM-DD）", section="main"),
        _F("item", "检查事项"),
        _F("item_name", "检查事项", "权责清单中对应的检查事项", section="main"),
        _F("subject", "执法主体"),
        _F("result", "检查结果", "合格、责令整改、立案查处或其他", masked=True, section="main"),
        _F(
            "follow_up",
            "后续处理",
            "检查后的整改或处理情况（已隐去个人信息）",
            masked=True,
            section="main",
            show=WIDE,
        ),
        _F("on_time", "按时公示"),
        _F("body", "检查情况", "已隐去个人信息", masked=True, in_file=False, source="findings"),
    ),
)

INFO = Dataset(
    key="info",
    name="政府信息",
    data_title="政府信息公开目录",
    data_row="每行一条主动公开的政府信息",
    entity="info_item",
    label_key="info",
    workflow=True,
    fields=(
        _F("index_no", "索引号", "统一社会信用代码/年份-序号", section="meta"),
        _F("title", "名称", "政府信息的标题", in_file=False),
        _F("summary", "内容概述", "信息内容的简要说明", masked=True, section="summary", show=WIDE),
        _F("topic", "主题分类", "按主题的分类", section="meta"),
        _F("publisher", "发布机构", "发布本信息的机关", section="meta"),
        _F("doc_no", "文号", "公文的发文字号（没有的为空）", section="meta"),
        _F("written_on", "生成日期", "成文日期", section="meta"),
        _F(
            "published_on",
            "发布日期",
            "在本站发布的日期（YYYY-MM-DD）",
            section="meta",
            fallback="published",
        ),
        _F("validity", "有效性", "有效、失效或废止", section="meta"),
        # 重大建设项目 (docs/projects.md): the item page links the project's page itself.
        _F("project", "项目名称", "所属重大建设项目的名称（其他信息为空）"),
        _F("project_stage", "项目信息类别", "国办发〔2017〕94号所列八类之一（其他信息为空）"),
        _F("subject", "执法主体"),
        _F("attachments", "附件"),
        _F("on_time", "按时公示"),
        _F(
            "body",
            "正文",
            "信息全文（纯文本，已隐去个人信息）",
            masked=True,
            in_file=False,
            source="body_md",
        ),
    ),
)

#: Every record type, in the site's menu order.
DATASETS: dict[str, Dataset] = {
    d.key: d for d in (SUBJECTS, OFFICERS, ITEMS, PENALTIES, LICENCES, INSPECTIONS, INFO)
}
#: The record types with the review workflow (the others are refreshed when published).
WORKFLOW = tuple(key for key, d in DATASETS.items() if d.workflow)


def standard_columns(dataset: Dataset = PENALTIES) -> tuple[tuple[str, str], ...]:
    """Return the 双公示 columns of ``dataset`` as (header, model attribute), in order."""
    numbered = sorted(((f.column_no, f) for f in dataset.fields if f.column_no), key=lambda x: x[0])
    return tuple((f.column or f.title, f.model_attribute) for _, f in numbered)


def plain_fields() -> Iterator[tuple[Dataset, Field]]:
    """Yield every plain public field of every record type, with its type."""
    for d in DATASETS.values():
        for f in d.plain_fields():
            yield d, f
