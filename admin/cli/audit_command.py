"""``gongshi audit verify``: check the audit trail's hash chain and its anchor in content/."""

from __future__ import annotations

import tomllib
from pathlib import Path

import click
import sqlalchemy as sa

from admin.cli.common import CliError, database_app

ANCHOR_FILE = "audit-head.toml"


@click.group("audit")
def audit_group() -> None:
    """审计日志。

    \b
    示例：
      gongshi audit verify
    """


@audit_group.command("verify")
@click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="content 目录（默认：配置的 CONTENT_DIR）。",
)
def audit_verify_command(content_dir: Path | None) -> None:
    """校验审计日志的哈希链，以及 content/ 中记录的链头（锚点）。

    0005 版起每条记录以实例目录中的 audit_key 计算 HMAC（密钥不在数据库和 content/
    中），此前的记录仍按 SHA-256 校验；缺少密钥时无法校验并报错。

    \b
    示例：
      gongshi audit verify
      gongshi audit verify --content /srv/gongshi/content
    """
    from admin.models import AuditEntry
    from admin.models.db import db
    from admin.store import audit

    with database_app() as app:
        problems = audit.verify_chain(db.session)
        root = content_dir or Path(app.config["GONGSHI"]["CONTENT_DIR"])
        anchor_path = root / ANCHOR_FILE
        count = db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) or 0
        if anchor_path.exists():
            problems += _check_anchor(db.session, anchor_path)
            anchor_note = f"锚点 {anchor_path} 一致"
        else:
            anchor_note = f"未找到锚点 {anchor_path}（尚未发布过），只校验了哈希链"
        if problems:
            for problem in problems:
                click.echo(problem, err=True)
            raise CliError(f"审计日志校验失败：{len(problems)} 处问题")
        keyed = db.session.scalar(
            sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.scheme == audit.KEYED)
        )
        click.echo(
            f"审计日志完整：共 {count} 条（其中 {keyed} 条带密钥），"
            f"链头 {audit.chain_head(db.session)[:16]}…；{anchor_note}"
        )


def _check_anchor(session, anchor_path: Path) -> list[str]:
    """The anchored head must still be the hash of the entry it named, at the same position."""
    from admin.models import AuditEntry

    try:
        anchor = tomllib.loads(anchor_path.read_text(encoding="utf-8"))
        head, entries = str(anchor["head"]), int(anchor["entries"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError, TypeError):
        return [f"锚点文件 {anchor_path} 无法读取或格式错误"]
    hashes = (
        session.scalars(
            sa.select(AuditEntry.hash).order_by(AuditEntry.id).offset(entries - 1).limit(1)
        ).all()
        if entries > 0
        else []
    )
    if not hashes:
        return [f"锚点：记录了 {entries} 条，数据库中不足（日志被截断）"]
    if hashes[0] != head:
        return [f"锚点：第 {entries} 条的哈希与发布时记录的不符（日志被重写）"]
    return []


def register(group: click.Group) -> None:
    group.add_command(audit_group)
