"""Factories for test records: small functions with sensible defaults, overridable by keyword."""
from dataclasses import dataclass, fields
from types import SimpleNamespace
from datetime import date
from itertools import count

from consortium.auth import services as auth_services
from consortium.extensions import db
from consortium.members.models import Consortium, Member

PASSWORD = "correct-horse-42"
_seq = count(1)


def make_consortium(**kw) -> Consortium:
    n = next(_seq)
    consortium = Consortium(name=kw.pop("name", f"测试联合体{n}"), city=kw.pop("city", "郑州市"), **kw)
    db.session.add(consortium)
    db.session.flush()
    return consortium


def make_member(consortium, **kw) -> Member:
    n = next(_seq)
    mtype = kw.pop("type", "enterprise")
    member = Member(consortium_id=consortium.id, name=kw.pop("name", f"成员单位{n}"), type=mtype,
                    role=kw.pop("role", "member"), city=kw.pop("city", "郑州市"),
                    joined_date=kw.pop("joined_date", date(2023, 1, 1)), **kw)
    db.session.add(member)
    db.session.flush()
    return member


def make_user(username, role, *, member=None, consortium=None, password=PASSWORD, **kw):
    return auth_services.create_user(None, username=username, password=password, role=role, member=member,
                                     consortium=consortium, bootstrap=True, **kw)


@dataclass
class World:
    consortium: Consortium
    school: Member
    enterprise: Member
    other_enterprise: Member
    admin: object
    ent_user: object
    other_ent_user: object
    school_user: object
    student_user: object
    teacher_user: object


def build_world() -> World:
    consortium = make_consortium(name="郑州测试联合体")
    school = make_member(consortium, name="郑州测试职业技术学院", type="higher_vocational", students=9000)
    enterprise = make_member(consortium, name="甲智能装备有限公司", type="enterprise", sector="industrial")
    other = make_member(consortium, name="乙汽车零部件有限公司", type="enterprise", sector="industrial")
    return World(
        consortium=consortium, school=school, enterprise=enterprise, other_enterprise=other,
        admin=make_user("admin", "admin", consortium=consortium),
        ent_user=make_user("ent_a", "enterprise", member=enterprise),
        other_ent_user=make_user("ent_b", "enterprise", member=other),
        school_user=make_user("school", "school", member=school),
        student_user=make_user("stu", "student", consortium=consortium),
        teacher_user=make_user("tea", "teacher", consortium=consortium),
    )


def world_ids(w: World) -> SimpleNamespace:
    """The world as plain ids, usable outside the session that built it."""
    return SimpleNamespace(**{f.name: getattr(w, f.name).id for f in fields(w)})
