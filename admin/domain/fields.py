"""Field labels and column lengths of every record type, shared by every layer.

Forms, the import, validation messages and the audit display all name a field by the
label given here, so a clerk reads the same word everywhere.
"""

from __future__ import annotations

from admin.domain.datasets import DATASETS

_COMMON = {
    "id": ("编号", None),
    "slug": ("网址标识", 64),
    "body_id": ("所属主体", None),
    "created_at": ("创建时间", None),
    "updated_at": ("更新时间", None),
    "version": ("版本", None),
}
_WORKFLOW = {
    "state": ("状态", 10),
    "created_by_id": ("录入人", None),
    "withdrawn_on": ("撤回日期", None),
    "withdraw_reason": ("撤回理由", None),
    "masks": ("遮蔽设置", None),
}
_PARTY = {
    "party_kind": ("行政相对人类别", 20),
    "party_name": ("行政相对人名称", 200),
    "party_credit_code": ("统一社会信用代码", 18),
    "party_address": ("地址", 300),
    "related_persons": ("其他涉案人员", None),
    "item_id": ("执法事项", None),
    "officers": ("执法人员", None),
}
#: The 双公示 party columns beyond _PARTY (codes 2–6, 法定代表人, 证件): penalty and licence alike.
_SGS_PARTY: dict[str, tuple[str, int | None]] = {
    "party_reg_no": ("工商注册号", 50),
    "party_org_code": ("组织机构代码", 50),
    "party_tax_no": ("税务登记号", 50),
    "party_institution_no": ("事业单位证书号", 50),
    "party_social_org_no": ("社会组织登记证号", 50),
    "legal_rep": ("法定代表人", 50),
    "legal_rep_id_type": ("法定代表人证件类型", 30),
    "legal_rep_id_number": ("法定代表人证件号码", 50),
    "id_type": ("证件类型", 30),
    "id_number": ("证件号码", 50),
    "party_phone": ("联系电话", 30),
}
# (label, maximum length of a String column, None for Text and non-text columns).
_FIELDS: dict[str, dict[str, tuple[str, int | None]]] = {
    "penalty": _COMMON
    | _WORKFLOW
    | _PARTY
    | _SGS_PARTY
    | {
        "decision_no": ("行政处罚决定书文号", 100),
        "violation_type": ("违法行为类型", 300),
        "facts": ("违法事实", None),
        "basis": ("处罚依据", None),
        "kinds": ("处罚类别", None),
        "content": ("处罚内容", None),
        "fine_fen": ("罚款金额", None),
        "confiscation_fen": ("没收违法所得、没收非法财物的金额", None),
        "decision_date": ("处罚决定日期", None),
        "validity_until": ("处罚有效期", None),
        "publicity_until": ("公示截止期", None),
        "authority": ("处罚机关", 200),
        "authority_code": ("处罚机关统一社会信用代码", 18),
        "source_unit": ("数据来源单位", 200),
        "source_unit_code": ("数据来源单位统一社会信用代码", 18),
        "remarks": ("备注", None),
        "procedure": ("适用程序", 10),
        "filed_date": ("立案日期", None),
        "review_required": ("是否须法制审核", None),
        "severity": ("严重程度", 10),
        "imported": ("是否导入", None),
        "import_source": ("导入来源", 300),
        "published_on": ("公示日期", None),
        "changed_on": ("变更日期", None),
        "repaired_on": ("信用修复日期", None),
        "repair_ref": ("信用修复文书", 200),
    },
    "licence": _COMMON
    | _WORKFLOW
    | _PARTY
    | _SGS_PARTY
    | {
        "doc_name": ("行政许可决定文书名称", 200),
        "decision_no": ("行政许可决定文书号", 100),
        "licence_kind": ("许可类别", 10),
        "certificate_name": ("许可证书名称", 200),
        "licence_no": ("许可编号", 100),
        "content": ("许可内容", None),
        "decision_date": ("许可决定日期", None),
        "valid_from": ("有效期自", None),
        "valid_until": ("有效期至", None),
        "authority": ("许可机关", 200),
        "authority_code": ("许可机关统一社会信用代码", 18),
        "current_status": ("当前状态", 10),
        "status_date": ("状态变更日期", None),
        "source_unit": ("数据来源单位", 200),
        "source_unit_code": ("数据来源单位统一社会信用代码", 18),
        "remarks": ("备注", None),
        "imported": ("是否导入", None),
        "import_source": ("导入来源", 300),
        "published_on": ("公示日期", None),
    },
    "inspection": _COMMON
    | _WORKFLOW
    | _PARTY
    | {
        "party_name": ("被检查对象名称", 200),
        "party_kind": ("被检查对象类别", 20),
        "inspected_on": ("检查日期", None),
        "result": ("检查结果", 10),
        "findings": ("检查情况", None),
        "follow_up": ("后续处理", None),
        "published_on": ("公示日期", None),
    },
    "info": _COMMON
    | _WORKFLOW
    | {
        "index_no": ("索引号", 50),
        "title": ("标题", 300),
        "body_md": ("正文", None),
        "summary": ("内容概述", None),
        "topic": ("主题分类", 50),
        "publisher": ("发布机构", 200),
        "doc_no": ("文号", 100),
        "written_on": ("成文日期", None),
        "published_on": ("发布日期", None),
        "validity": ("有效性", 10),
        "attachments": ("附件", None),
        "is_normative": ("规范性文件", None),
        "issued_on": ("制发日期", None),
        "repealed_on": ("废止日期", None),
        "project": ("项目名称", 200),
        "project_stage": ("项目信息类别", 20),
    },
    "officer": _COMMON
    | {
        "name": ("姓名", 50),
        "staff_kind": ("人员类别", 10),
        "certificate_no": ("执法证号", 50),
        "category": ("执法类别", 100),
        "area": ("执法区域", 200),
        "status": ("在岗状态", 10),
        "id_number": ("身份证号码", 18),
        "phone": ("联系电话", 30),
    },
    "subject": {
        "id": ("编号", None),
        "slug": ("网址标识", 64),
        "parent_id": ("上级机关", None),
        "name": ("名称", 200),
        "short_name": ("简称", 100),
        "kind": ("主体类别", 20),
        "is_enforcement_subject": ("是否执法主体", None),
        "credit_code": ("统一社会信用代码", 18),
        "address": ("办公地址", 300),
        "phone": ("联系电话", 50),
        "legal_basis": ("职权依据", None),
        "delegation_basis": ("赋权依据", None),
        "duties": ("职责", None),
        "review_body": ("行政复议机关", 200),
        "court": ("行政诉讼管辖法院", 200),
        "decision_prefix": ("文号机关代字", 50),
        "created_at": ("创建时间", None),
        "version": ("版本", None),
    },
    "item": _COMMON
    | {
        "code": ("事项编码", 50),
        "name": ("事项名称", 300),
        "category": ("事项类别", 10),
        "legal_basis": ("法律依据", None),
        "procedure": ("办理流程", None),
        "time_limit": ("办理时限", 200),
        "remedy": ("救济途径", None),
        "discretion": ("裁量基准", None),
    },
}


def _with_plain_fields(
    fields: dict[str, dict[str, tuple[str, int | None]]],
) -> dict[str, dict[str, tuple[str, int | None]]]:
    """Add each declared plain field before the next field the declaration puts after it."""
    out = {record: dict(table) for record, table in fields.items()}
    for dataset in DATASETS.values():
        table = out[dataset.label_key]
        for field in dataset.plain_fields():
            after = [f.key for f in dataset.fields[dataset.fields.index(field) + 1 :]]
            anchor = next((key for key in after if key in table), None)
            items = list(table.items())
            at = [key for key, _ in items].index(anchor) if anchor else len(items)
            items.insert(at, (field.key, (field.title, field.size)))
            table.clear()
            table.update(items)
    return out


_FIELDS = _with_plain_fields(_FIELDS)

#: The Chinese label of every field, per record type, so that every layer names it alike.
FIELD_LABELS: dict[str, dict[str, str]] = {
    record: {field: label for field, (label, _) in fields.items()}
    for record, fields in _FIELDS.items()
}
#: The longest text each String column holds (PostgreSQL refuses longer; SQLite would not).
MAX_LENGTHS: dict[str, dict[str, int]] = {
    record: {field: size for field, (_, size) in fields.items() if size}
    for record, fields in _FIELDS.items()
}
