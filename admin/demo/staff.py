"""The demo's 11 enforcement staff: 9 certified officers and 2 auxiliaries (all fictional)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from admin.demo import fictional
from admin.demo.bodies import SET_UP
from admin.demo.dates import DEMO_TODAY, at
from admin.demo.numbering import SlugSequence
from admin.models import Body, Officer

AREA = "大战场镇辖区"
CATEGORY = "综合行政执法"

#: (name, sex, age, certificate number, category). Certificates are issued by the
#: autonomous region in the township's name; the numbers here are invented.
CERTIFIED = (
    ("杨志刚", "男", 47, "宁A05210107", CATEGORY),
    ("马晓东", "男", 39, "宁A05210112", CATEGORY),
    ("李文斌", "男", 44, "宁A05210115", f"{CATEGORY}（自然资源、村庄规划）"),
    ("田海燕", "女", 36, "宁A05210118", CATEGORY),
    ("王立新", "男", 52, "宁A05210121", f"{CATEGORY}（安全生产、燃气）"),
    ("周建华", "男", 41, "宁A05210124", CATEGORY),
    ("丁玉梅", "女", 33, "宁A05210130", f"{CATEGORY}（农业农村、动物防疫）"),
    ("苏永宁", "男", 35, "宁A05210133", f"{CATEGORY}（林草、防火）"),
    ("何俊峰", "男", 29, "宁A05210136", CATEGORY),
)
#: 辅助人员 help with patrols and records; they hold no certificate and never decide.
AUXILIARIES = (
    ("郭小军", "男", 31),
    ("白雪莲", "女", 27),
)


def add_staff(session: Session, township: Body) -> dict[str, Officer]:
    """Add the township's staff; return them by name."""
    staff: dict[str, Officer] = {}
    for name, sex, age, certificate, category in CERTIFIED:
        staff[name] = _person(name, sex, age, township)
        staff[name].certificate_no = certificate
        staff[name].category = category
    for name, sex, age in AUXILIARIES:
        staff[name] = _person(name, sex, age, township)
        staff[name].staff_kind = "辅助人员"
        staff[name].category = "协助执法（无执法证）"
    next_slug = SlugSequence(session, Officer)
    for officer in staff.values():
        officer.slug = next_slug("officer")
        session.add(officer)
    session.flush()
    return staff


def _person(name: str, sex: str, age: int, township: Body) -> Officer:
    born = fictional.birth_date(name, age, DEMO_TODAY)
    return Officer(
        body=township,
        name=name,
        staff_kind="执法人员",
        area=AREA,
        status="在岗",
        id_number=fictional.id_number(name, born, sex),
        phone=fictional.mobile(name),
        created_at=at(SET_UP),
        updated_at=at(SET_UP),
    )
