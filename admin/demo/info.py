"""The demo's 政府信息 items (six of them one 重大建设项目's), from ``data/info.toml``."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from admin.demo import datafile
from admin.demo.bodies import TOWNSHIP_CREDIT_CODE, TOWNSHIP_NAME
from admin.demo.dates import at, working_days_after
from admin.demo.numbering import SlugSequence
from admin.domain import vocab
from admin.models import Body, InfoItem, User

#: Working days between an item's 成文日期 and its publication (the clock allows 20).
PUBLISH_AFTER = 3


def add_info(session: Session, township: Body, users: dict[str, User]) -> list[InfoItem]:
    """Add the township's published information items; return them."""
    entries = sorted(datafile.read("info")["info"], key=lambda entry: entry["written"])
    serials: Counter[int] = Counter()
    items = []
    next_slug = SlugSequence(session, InfoItem)
    for entry in entries:
        written = entry["written"]
        serials[written.year] += 1
        published = working_days_after(written, entry.get("publish_after", PUBLISH_AFTER))
        item = InfoItem(
            body=township,
            slug=next_slug(str(written.year)),
            # 索引号: {the body's credit code}/{year}-{5-digit serial} (LAW.md §7).
            index_no=f"{TOWNSHIP_CREDIT_CODE}/{written.year}-{serials[written.year]:05d}",
            title=entry["title"],
            body_md=entry["body"].strip(),
            summary=entry["summary"],
            topic=entry["topic"],
            publisher=TOWNSHIP_NAME,
            doc_no=entry.get("doc_no", ""),
            written_on=written,
            published_on=published,
            validity=entry.get("validity", "有效"),
            # 重大建设项目 items name their project and 94号 category (docs/projects.md).
            project=entry.get("project", ""),
            project_stage=vocab.project_stage(entry.get("project_stage", "")),
            attachments=[],
            state=vocab.STATE_PUBLISHED,
            created_by_id=users["officer"].id,
            created_at=at(written, 17),
            updated_at=at(published),
        )
        session.add(item)
        items.append(item)
    session.flush()
    return items
