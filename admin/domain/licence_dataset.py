"""The declaration of the 行政许可决定 (docs/licences.md): the 双公示 行政许可 columns.

Kept beside admin.domain.datasets (which lists it among every record type) so that file
stays a readable size; the columns are the standard's 28, in its order.
"""

from __future__ import annotations

from functools import partial

from admin.domain.datasetspec import PARTY_FIELDS, WIDE, Dataset, Field

_F = Field
_L = partial(Field, section="licence")  # the block of the licence's page

LICENCES = Dataset(
    key="licences",
    name="行政许可决定",
    data_title="行政许可决定",
    data_row="每行一项行政许可决定",
    entity="licence",
    label_key="licence",
    workflow=True,
    fields=(
        _F("title", "标题", "许可决定的标题：决定文书名称和文书号", in_file=False),
        *PARTY_FIELDS,
        _L("doc_name", "行政许可决定文书名称", "许可决定文书的名称", column_no=14),
        _L("decision_no", "行政许可决定文书号", "许可决定文书的文号", column_no=15),
        _L("licence_kind", "许可类别", "普通、特许、认可、核准、登记或其他", column_no=16),
        _L("certificate_name", "许可证书名称", "颁发的许可证书的名称", column_no=17),
        _L("licence_no", "许可编号", "许可证书的编号", column_no=18),
        _F(
            "body",
            "许可内容",
            "许可的具体内容（已隐去个人信息）",
            masked=True,
            in_file=False,
            source="content",
            column_no=19,
        ),
        _L("decision_date", "许可决定日期", "作出许可决定的日期（YYYY-MM-DD）", column_no=20),
        _L("valid_from", "有效期自", "许可生效的日期（YYYY-MM-DD）", column_no=21),
        _L("valid_until", "有效期至", "许可失效的日期（YYYY-MM-DD，长期有效的为空）", column_no=22),
        _L("authority", "许可机关", "作出许可决定的行政机关", column_no=23),
        _L(
            "authority_code", "许可机关统一社会信用代码", "许可机关的统一社会信用代码", column_no=24
        ),
        _L("current_status", "当前状态", "有效、无效、撤销、注销、吊销、撤回或其他", column_no=25),
        _L("status_date", "状态变更日期", "当前状态自何日起（YYYY-MM-DD，仍有效的为空）"),
        _L("source_unit", "数据来源单位", "报送本条数据的单位", column_no=26),
        _L(
            "source_unit_code",
            "数据来源单位统一社会信用代码",
            "数据来源单位的统一社会信用代码",
            column_no=27,
        ),
        _F("subject", "执法主体"),
        _L(
            "remarks",
            "备注",
            "其他需要说明的情况（已隐去个人信息）",
            masked=True,
            column_no=28,
            show=WIDE,
        ),
        _F("on_time", "按时公示"),
    ),
)
