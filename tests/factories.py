"""Factories for test records: small functions with sensible defaults, overridable by keyword."""
from dataclasses import dataclass, fields
from types import SimpleNamespace
from datetime import date, timedelta
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


# ---- teacher exchange (tests/teachers) -------------------------------------------------------

def make_teacher(employer, **kw):
    from consortium.people.models import Teacher

    n = next(_seq)
    teacher = Teacher(employer_id=employer.id, staff_no=kw.pop("staff_no", f"T{n:04d}"),
                      name=kw.pop("name", f"教师{n}"), **kw)
    db.session.add(teacher)
    db.session.flush()
    return teacher


def make_engagement(teacher, host, **kw):
    from consortium.teachers.models import Engagement

    engagement = Engagement(consortium_id=host.consortium_id, teacher_id=teacher.id, host_id=host.id,
                            course=kw.pop("course", "数控加工实训"), start_date=kw.pop("start_date", date(2024, 3, 1)),
                            **kw)
    db.session.add(engagement)
    db.session.flush()
    return engagement


def make_practice(teacher, enterprise, *, start_date, end_date=None, status="active", code=None):
    """A teacher-practice position of `enterprise` with the teacher placed on it."""
    from consortium.jobs.models import Placement, Position

    n = next(_seq)
    position = Position(consortium_id=enterprise.consortium_id, code=code or f"TP{n:04d}", enterprise_id=enterprise.id,
                        kind="teacher_practice", title="教师企业实践岗", slots=5, filled=1, start_date=start_date,
                        end_date=end_date, status="open")
    db.session.add(position)
    db.session.flush()
    placement = Placement(position_id=position.id, teacher_id=teacher.id, status=status, start_date=start_date,
                          end_date=end_date, source="record")
    db.session.add(placement)
    db.session.flush()
    return placement


def make_student(school, **kw):
    """A student of a school (no ID number unless given)."""
    from consortium.people.models import Student

    n = next(_seq)
    student = Student(school_id=school.id if hasattr(school, "id") else school,
                      student_no=kw.pop("student_no", f"S{n:05d}"), name=kw.pop("name", f"学生{n}"),
                      major=kw.pop("major", "机电一体化技术"), skills=kw.pop("skills", ["PLC编程"]),
                      city=kw.pop("city", "郑州市"), enrol_year=kw.pop("enrol_year", 2023), **kw)
    db.session.add(student)
    db.session.flush()
    return student


def make_teacher(employer, **kw):
    from consortium.people.models import Teacher

    n = next(_seq)
    teacher = Teacher(employer_id=employer.id if hasattr(employer, "id") else employer,
                      staff_no=kw.pop("staff_no", f"T{n:05d}"), name=kw.pop("name", f"教师{n}"),
                      subject=kw.pop("subject", "机电一体化技术"), skills=kw.pop("skills", ["PLC编程"]), **kw)
    db.session.add(teacher)
    db.session.flush()
    return teacher


def make_position(enterprise, **kw):
    """An open internship position with 2 slots, starting a month from the consortium's today (so it is still
    offered), unless told otherwise."""
    from consortium.jobs.models import Position
    from consortium.timeutil import today

    n = next(_seq)
    member = enterprise if hasattr(enterprise, "id") else db.session.get(Member, enterprise)
    position = Position(consortium_id=member.consortium_id, enterprise_id=member.id, code=kw.pop("code", f"P{n:04d}"),
                        kind=kw.pop("kind", "internship"), title=kw.pop("title", f"岗位{n}"),
                        majors=kw.pop("majors", ["机电一体化技术"]), skills=kw.pop("skills", ["PLC编程"]),
                        city=kw.pop("city", "郑州市"), slots=kw.pop("slots", 2),
                        start_date=kw.pop("start_date", today() + timedelta(days=30)),
                        end_date=kw.pop("end_date", today() + timedelta(days=210)),
                        status=kw.pop("status", "open"), **kw)
    db.session.add(position)
    db.session.flush()
    return position


def link_account(user_id: int, person) -> None:
    """Tie a student or teacher account to its record."""
    from consortium.auth.models import User

    user = db.session.get(User, user_id)
    setattr(user, f"{person.kind}_id", person.id)
    db.session.flush()
