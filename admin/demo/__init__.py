"""The demo township 大战场镇 (fictional people), loaded by ``gongshi init --demo``."""

from __future__ import annotations

from sqlalchemy.orm import Session


def load_demo(session: Session) -> list[str]:
    """Load the demo township once; return lines to print. Running it twice changes nothing."""
    return ["示例数据尚未实现"]
