"""执法人员 and 辅助人员. Names and certificates are public; ID numbers and phones never."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.bodies import Body
from admin.models.common import RecordMixin
from admin.models.db import db


class Officer(RecordMixin, db.Model):
    name: Mapped[str] = mapped_column(sa.String(50))
    staff_kind: Mapped[str] = mapped_column(sa.String(10), default="执法人员")  # vocab.STAFF_KINDS
    certificate_no: Mapped[str] = mapped_column(sa.String(50), default="")  # 执法证号
    category: Mapped[str] = mapped_column(sa.String(100), default="")  # 执法类别
    area: Mapped[str] = mapped_column(sa.String(200), default="")  # 执法区域
    status: Mapped[str] = mapped_column(sa.String(10), default="在岗")
    # Private: never part of any public form.
    id_number: Mapped[str] = mapped_column(sa.String(18), default="")
    phone: Mapped[str] = mapped_column(sa.String(30), default="")

    body: Mapped[Body] = relationship()

    @property
    def is_certified(self) -> bool:
        """Whether this person may act as an enforcement officer (持证, 在岗)."""
        return self.staff_kind == "执法人员" and bool(self.certificate_no) and self.status == "在岗"
