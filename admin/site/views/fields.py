"""The public fields of each dataset: their Chinese names and what they mean.

One table serves the detail pages, the open-data files (CSV headers) and the ``/data/``
page that describes them, so a field is named the same way everywhere.
"""

from __future__ import annotations

#: (key, 中文名, 说明) per dataset, in the order of docs/content-format.md. ``body`` is the
#: record's Markdown body as plain text; ``url`` its page.
FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "subjects": (
        ("name", "主体名称", "行政执法主体的名称"),
        ("kind", "主体性质", "法定行政机关、法律法规授权组织或受委托组织"),
        ("credit_code", "统一社会信用代码", "主体的统一社会信用代码"),
        ("address", "办公地址", "主体的办公地点"),
        ("phone", "联系电话", "办公电话"),
        ("office_hours", "办公时间", "接待群众和办理事务的时间"),
        ("legal_basis", "职权依据", "主体行使行政执法职权的法律依据"),
        ("delegation_basis", "赋权依据", "向乡镇赋予行政执法权的决定"),
        ("supervisor", "监督机关", "对主体的行政执法进行监督的机关"),
        ("complaint_channel", "投诉举报渠道", "对执法行为投诉、举报的电话、地址或网址"),
        ("review_body", "行政复议机关", "不服主体的行政行为时申请行政复议的机关"),
        ("court", "行政诉讼管辖法院", "不服主体的行政行为时提起行政诉讼的管辖法院"),
        ("body", "职责", "主体的主要职责"),
    ),
    "officers": (
        ("name", "姓名", "持证行政执法人员的姓名（辅助人员不公示）"),
        ("certificate_no", "执法证号", "行政执法证件编号"),
        ("category", "执法类别", "执法证件载明的执法类别或领域"),
        ("area", "执法区域", "执法证件载明的执法区域"),
        ("subject_name", "所属执法主体", "执法人员所在的行政执法主体"),
    ),
    "items": (
        ("name", "事项名称", "权责清单中的事项名称"),
        ("code", "事项编码", "权责清单中的事项编码"),
        ("category", "事项类别", "行政处罚、行政检查、行政强制、行政征收、行政裁决等"),
        ("subject_name", "实施主体", "实施本事项的行政执法主体"),
        ("legal_basis", "设定和实施依据", "设定和实施本事项的法律、法规、规章条款"),
        ("procedure", "办理流程", "办理本事项的步骤"),
        ("time_limit", "办理时限", "法定或承诺的办理期限"),
        ("remedy", "救济途径", "不服处理结果时的行政复议、行政诉讼途径"),
        ("discretion", "裁量基准", "行使裁量权的标准"),
    ),
    "penalties": (
        (
            "decision_no",
            "行政处罚决定书文号",
            "机关代字〔年份〕序号号",
        ),
        ("party_name", "行政相对人名称", "自然人仅显示姓氏，名字以“某”代替"),
        ("party_kind", "行政相对人类别", "法人及非法人组织、自然人或个体工商户"),
        ("party_credit_code", "统一社会信用代码", "行政相对人代码_1（自然人不公示证件号码）"),
        ("party_reg_no", "工商注册号", "行政相对人代码_2"),
        ("party_org_code", "组织机构代码", "行政相对人代码_3"),
        ("party_tax_no", "税务登记号", "行政相对人代码_4"),
        ("party_institution_no", "事业单位证书号", "行政相对人代码_5"),
        ("party_social_org_no", "社会组织登记证号", "行政相对人代码_6"),
        ("legal_rep", "法定代表人", "组织的法定代表人（登记信息，依法公开）"),
        ("violation_type", "违法行为类型", "违法行为的类别（已隐去个人信息）"),
        ("body", "违法事实", "已隐去个人信息"),
        ("basis", "处罚依据", "作出处罚所依据的法律、法规、规章条款"),
        ("kinds", "处罚类别", "《行政处罚法》第九条规定的处罚种类，多个以“；”分隔"),
        ("content", "处罚内容", "处罚的具体内容（已隐去个人信息）"),
        ("fine_fen", "罚款金额（元）", "数据文件中以“分”为单位的整数"),
        ("confiscation_fen", "没收违法所得、没收非法财物的金额（元）", "数据文件中以“分”为单位"),
        ("licence_info", "暂扣或吊销证照名称及编号", "被暂扣或吊销的许可证件名称及编号"),
        ("decision_date", "处罚决定日期", "作出处罚决定的日期（YYYY-MM-DD）"),
        ("validity_until", "处罚有效期", "处罚决定的有效期限（YYYY-MM-DD）"),
        ("publicity_until", "公示截止期", "此日之后本决定不再公示"),
        ("authority", "处罚机关", "作出处罚决定的行政机关"),
        ("authority_code", "处罚机关统一社会信用代码", "处罚机关的统一社会信用代码"),
        ("source_unit", "数据来源单位", "报送本条数据的单位"),
        ("source_unit_code", "数据来源单位统一社会信用代码", "数据来源单位的统一社会信用代码"),
        ("procedure", "适用程序", "简易程序或普通程序"),
        ("item_name", "执法事项", "权责清单中对应的执法事项"),
        ("remarks", "备注", "其他需要说明的情况（已隐去个人信息）"),
    ),
    "inspections": (
        ("title", "标题", "检查结果的标题：检查对象和检查日期"),
        ("party_name", "检查对象", "自然人仅显示姓氏"),
        ("party_kind", "对象类别", "法人及非法人组织、自然人或个体工商户"),
        ("party_credit_code", "统一社会信用代码", "检查对象为组织时的统一社会信用代码"),
        ("inspected_on", "检查日期", "实施检查的日期（YYYY-MM-DD）"),
        ("item_name", "检查事项", "权责清单中对应的检查事项"),
        ("result", "检查结果", "合格、责令整改、立案查处或其他"),
        ("follow_up", "后续处理", "检查后的整改或处理情况（已隐去个人信息）"),
        ("body", "检查情况", "已隐去个人信息"),
    ),
    "info": (
        ("index_no", "索引号", "统一社会信用代码/年份-序号"),
        ("title", "名称", "政府信息的标题"),
        ("summary", "内容概述", "信息内容的简要说明"),
        ("topic", "主题分类", "按主题的分类"),
        ("publisher", "发布机构", "发布本信息的机关"),
        ("doc_no", "文号", "公文的发文字号（没有的为空）"),
        ("written_on", "生成日期", "成文日期"),
        ("published_on", "发布日期", "在本站发布的日期（YYYY-MM-DD）"),
        ("validity", "有效性", "有效、失效或废止"),
        ("body", "正文", "信息全文（纯文本，已隐去个人信息）"),
    ),
}

#: Every dataset offered as open data, with its name and what one row is.
DATASET_NAMES: dict[str, tuple[str, str]] = {
    "subjects": ("行政执法主体", "每行一个执法主体"),
    "officers": ("行政执法人员", "每行一名持证执法人员"),
    "items": ("行政执法事项清单", "每行一个执法事项"),
    "penalties": ("行政处罚决定", "每行一项公示期内的行政处罚决定"),
    "inspections": ("行政检查结果", "每行一次检查"),
    "info": ("政府信息公开目录", "每行一条主动公开的政府信息"),
}


def label(dataset: str, key: str) -> str:
    """Return the Chinese name of ``key`` in ``dataset`` (the key itself when unknown)."""
    for field_key, name, _ in FIELDS.get(dataset, ()):
        if field_key == key:
            return name
    return key
