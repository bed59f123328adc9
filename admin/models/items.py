"""执法事项: the catalogue of enforcement powers (权责清单)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admin.models.bodies import Body
from admin.models.common import RecordMixin
from admin.models.db import db


class EnforcementItem(RecordMixin, db.Model):
    code: Mapped[str] = mapped_column(sa.String(50), default="")  # 事项编码
    name: Mapped[str] = mapped_column(sa.String(300))
    category: Mapped[str] = mapped_column(sa.String(10), index=True)  # vocab.ITEM_CATEGORIES
    legal_basis: Mapped[str] = mapped_column(sa.Text, default="")
    procedure: Mapped[str] = mapped_column(sa.Text, default="")
    time_limit: Mapped[str] = mapped_column(sa.String(200), default="")
    remedy: Mapped[str] = mapped_column(sa.Text, default="")
    discretion: Mapped[str] = mapped_column(sa.Text, default="")  # 裁量基准

    body: Mapped[Body] = relationship()
