"""Rules for student and teacher records: who may manage them, what a valid record is, who is old enough to place."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from ..crypto import blind_index
from ..access import acts_for, can_admin_consortium, may_see_full_id, require_login
from ..audit.services import record_reveal
from ..errors import NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..tables.normalize import CellError, age_on, normalize_phone, split_list, validate_id_number
from ..timeutil import today
from ..members.models import Member
from ..vocab import ADMISSION_ROUTES, GENDERS, OUTCOMES, PATHWAYS, POSTS, SCHOOL_TYPES, TEACHER_EMPLOYER_TYPES
from ..common import check_lengths, clashes, found, merged_with
from .models import Student, Teacher

STUDENT_FIELDS = ("student_no", "name", "id_number", "gender", "phone", "major", "major_code", "skills", "city",
                  "enrol_year", "graduation_year", "pathway", "admission_route", "outcome", "outcome_city", "available_from", "available_to")
TEACHER_FIELDS = ("staff_no", "name", "subject", "skills", "dual_qualified", "dual_evidence", "post", "city",
                  "serves_school_id")


# ---- minimum age for a placement -------------------------------------------------------------------

def min_placement_age() -> int:
    """MIN_PLACEMENT_AGE (default 14, the platform's floor for any placement); the 职业学校学生实习管理规定 sets 16
    for on-site (岗位) internships: docs/security.md says how to set it."""
    from flask import current_app

    return int(current_app.config.get("MIN_PLACEMENT_AGE", 14))


def student_age(student, on: date | None = None) -> int | None:
    """Full years of age on `on` (the consortium's today), from the birth date in the ID number; None if unknown."""
    birth = getattr(student, "birth_date", None)
    return None if birth is None else age_on(birth, on or today())


def is_under_age(person, on: date | None = None) -> bool:
    """A student younger than the minimum placement age. Teachers, and students without an ID number (age
    unknown), are not."""
    if getattr(person, "kind", None) != "student":
        return False
    age = student_age(person, on)
    return age is not None and age < min_placement_age()


def under_age_message(person) -> str:
    return _("%(name)s 未满 %(age)d 周岁，不能安排实习或岗位", name=person.name, age=min_placement_age())


def require_placement_age(person, on: date | None = None) -> None:
    """The one age rule of every placement path (record, application, proposal, acceptance, bulk import)."""
    if is_under_age(person, on):
        raise ValidationError(under_age_message(person), {"candidate": under_age_message(person)})


def can_manage_people_of(actor, org: Member) -> bool:
    """The secretariat, or the school/enterprise the people belong to."""
    return can_admin_consortium(actor, org.consortium_id) or acts_for(actor, org.id)


def registers_experts(actor) -> bool:
    """An enterprise's users register the enterprise's experts (企业导师), not school teachers."""
    return actor.role == "enterprise"


def require_people_manager(actor, org: Member) -> None:
    require_login(actor)
    if not can_manage_people_of(actor, org):
        raise NotAllowed(_("只能管理本单位的学生和教师"))


def as_skill_list(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else split_list(value)
    return [s.strip() for s in items if s and s.strip()]


def _check_enum(data, key, choices, errors, required=False):
    value = data.get(key)
    if value in (None, ""):
        if required:
            errors[key] = _("请选择")
        return
    if value not in choices:
        errors[key] = _("无效的选项")


def _clean_common(data: dict, errors: dict) -> dict:
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    for key in ("id_number", "phone", "gender", "major_code", "city", "outcome", "outcome_city", "subject",
                "dual_evidence"):
        if key in clean and clean[key] == "":
            clean[key] = None
    if clean.get("id_number"):
        try:
            clean["id_number"] = validate_id_number(clean["id_number"])
        except CellError as exc:
            errors["id_number"] = str(exc)
    if clean.get("phone"):
        try:
            clean["phone"] = normalize_phone(clean["phone"])
        except CellError as exc:
            errors["phone"] = str(exc)
    if "skills" in clean:
        clean["skills"] = as_skill_list(clean["skills"])
    return clean


def validate_student(school: Member, data: dict, student: Student | None = None) -> dict:
    """Clean and check a student's fields; raises ValidationError naming every bad field."""
    errors: dict = {}
    clean = _clean_common(data, errors)
    if not school.is_school:
        errors["school"] = _("学生必须属于学校类成员单位")
    for key, label in (("student_no", _("请填写学号")), ("name", _("请填写姓名")), ("major", _("请填写专业"))):
        if not clean.get(key):
            errors[key] = label
    if clean.get("student_no") and len(clean["student_no"]) > 40:
        errors["student_no"] = _("学号不超过 40 个字符")
    if clean.get("name") and len(clean["name"]) > 100:
        errors["name"] = _("姓名不超过 100 个字符")
    _check_enum(clean, "gender", GENDERS, errors)
    _check_enum(clean, "pathway", PATHWAYS, errors)
    _check_enum(clean, "admission_route", ADMISSION_ROUTES, errors)
    _check_enum(clean, "outcome", OUTCOMES, errors)
    enrol, grad = clean.get("enrol_year"), clean.get("graduation_year")
    for key in ("enrol_year", "graduation_year"):
        if clean.get(key) is not None and not 1950 <= clean[key] <= 2100:
            errors[key] = _("年份无效")
    if enrol and grad and grad < enrol:
        errors["graduation_year"] = _("毕业年份不能早于入学年份")
    errors.update(availability_errors(clean.get("available_from"), clean.get("available_to")))
    if clean.get("student_no") and "student_no" not in errors and clashes(
            Student, student, Student.school_id == school.id, Student.student_no == clean["student_no"]):
        errors["student_no"] = _("本校已有学号为 %(no)s 的学生", no=clean["student_no"])
    # A new or changed ID number may not be another student's of the school (a duplicate kept from before does
    # not block editing the record's other fields).
    if clean.get("id_number") and "id_number" not in errors and (student is None
                                                                 or clean["id_number"] != student.id_number):
        if students_with_id_numbers(school.id, [clean["id_number"]]):
            errors["id_number"] = duplicate_id_message()
    check_lengths(Student, clean, errors)
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    clean.setdefault("pathway", "none")
    clean.setdefault("admission_route", "regular")
    return clean


def students_with_id_numbers(school_id: int, id_numbers) -> dict[str, int]:
    """{keyed hash: student id} of the school's students holding any of these ID numbers. The stored numbers are
    encrypted (a fresh nonce each time): equal numbers are found through their keyed hashes, in one query."""
    hashes = {blind_index(n) for n in id_numbers if n}
    if not hashes:
        return {}
    rows = db.session.execute(select(Student.id_number_hash, Student.id).where(
        Student.school_id == school_id, Student.id_number_hash.in_(sorted(hashes))))
    return {h: sid for h, sid in rows}


def duplicate_id_message() -> str:
    """One student per ID number within a school (the form, the API and the import say it alike)."""
    return _("本校已有身份证号相同的学生")


def availability_errors(available_from, available_to) -> dict:
    """可实习时间: both ends optional, the end not before the start. The form, the API and the import ask this."""
    if available_from and available_to and available_to < available_from:
        return {"available_to": _("可实习结束日期不能早于开始日期")}
    return {}


def can_set_availability(actor, student: Student) -> bool:
    """The student states their own availability; their school and the secretariat may too."""
    return (getattr(actor, "role", None) == "student" and actor.student_id == student.id) \
        or can_manage_people_of(actor, student.school)


def set_availability(actor, student: Student, available_from, available_to) -> Student:
    """Record when the student can take a placement (可实习时间); the matcher's dates component reads it."""
    require_login(actor)
    if not can_set_availability(actor, student):
        raise NotAllowed(_("只能填写本人或本校学生的可实习时间"))
    errors = availability_errors(available_from, available_to)
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    student.available_from, student.available_to = available_from or None, available_to or None
    db.session.flush()
    return student


def create_student(actor, school: Member, data: dict) -> Student:
    require_people_manager(actor, school)
    clean = validate_student(school, data)
    student = Student(school_id=school.id, **{k: clean.get(k) for k in STUDENT_FIELDS if k in clean})
    student.pathway = student.pathway or "none"
    student.admission_route = student.admission_route or "regular"
    db.session.add(student)
    db.session.flush()
    return student


def _update_person(actor, person, data: dict, fields, validate) -> None:
    """Write the given fields of a student or teacher, validated with the rest as `validate` checks them."""
    require_people_manager(actor, person.org)
    clean = validate(person.org, merged_with(person, data, fields), person)
    for key in fields:
        setattr(person, key, clean.get(key))


def _get_person(actor, model, person_id: int, message: str):
    """A student or teacher, for themselves and for those who manage the people of their organization."""
    person = found(model, person_id, message)
    require_login(actor)
    if actor.role == person.kind and getattr(actor, f"{person.kind}_id") == person.id:
        return person
    if not can_manage_people_of(actor, person.org):
        raise NotFound(message)
    return person


def update_student(actor, student: Student, data: dict) -> Student:
    _update_person(actor, student, data, STUDENT_FIELDS, validate_student)
    student.pathway = student.pathway or "none"
    student.admission_route = student.admission_route or "regular"
    db.session.flush()
    return student


def may_reveal_student(actor, student: Student) -> bool:
    """Whether the page offers to reveal the student's full ID number and phone: the masking policy's
    "reveal" channel (the student's school and the consortium's secretariat)."""
    return may_see_full_id(actor, consortium_id=student.school.consortium_id, keeper_member_id=student.school_id,
                           channel="reveal")


def reveal_student(actor, student: Student, reason: str, ip: str | None = None) -> dict:
    """The student's full ID number and phone, for a reason that goes to the audit log ('reveal'); `reason`
    in the result is the reason as recorded."""
    require_login(actor)
    if not may_reveal_student(actor, student):
        raise NotAllowed(_("无权查看完整号码"))
    reason = record_reveal(actor, object_type="student", object_id=student.id,
                           consortium_id=student.school.consortium_id, reason=reason, ip=ip)
    return {"id_number": student.id_number, "phone": student.phone, "reason": reason}


def get_student(actor, student_id: int) -> Student:
    """A student, for the secretariat, their school, or themselves."""
    return _get_person(actor, Student, student_id, _("学生不存在"))


def _own_roster(stmt, actor, consortium_id: int, org_col, roles: tuple, refusal: str):
    """The secretariat sees the whole roster; an organisation of `roles` sees its own; anyone else is refused."""
    if can_admin_consortium(actor, consortium_id):
        return stmt
    if actor.role not in roles:
        raise NotAllowed(refusal)
    return stmt.where(org_col == actor.member_id)


def _name_or_number(name_col, number_col, q: str):
    return or_(name_col.ilike(f"%{q}%"), number_col.ilike(f"%{q}%"))


def list_students(actor, consortium_id: int, *, school_id: int | None = None, q: str = "", major: str = "",
                  graduation_year: int | None = None):
    """Students the actor may see: all of the consortium for the secretariat, its own for a school."""
    require_login(actor)
    # Students belong to schools only: saying so lets PostgreSQL read the consortium's schools' students by
    # index instead of scanning every student of the deployment (docs/performance.md).
    stmt = (select(Student).join(Member, Student.school_id == Member.id)
            .where(Member.consortium_id == consortium_id, Member.type.in_(SCHOOL_TYPES))
            .options(contains_eager(Student.school)))
    stmt = _own_roster(stmt, actor, consortium_id, Student.school_id, ("school",), _("只有学校和秘书处可以查看学生名册"))
    if school_id:
        stmt = stmt.where(Student.school_id == school_id)
    if q:
        stmt = stmt.where(_name_or_number(Student.name, Student.student_no, q))
    if major:
        stmt = stmt.where(Student.major.ilike(f"%{major}%"))
    if graduation_year:
        stmt = stmt.where(Student.graduation_year == graduation_year)
    return stmt.order_by(Student.school_id, Student.student_no)


def delete_student(actor, student: Student) -> None:
    require_people_manager(actor, student.school)
    db.session.delete(student)
    db.session.flush()


def validate_teacher(employer: Member, data: dict, teacher: Teacher | None = None) -> dict:
    errors: dict = {}
    clean = _clean_common(data, errors)
    if employer.type not in TEACHER_EMPLOYER_TYPES:
        errors["employer"] = _("教师必须属于学校、企业或科研机构")
    for key, label in (("staff_no", _("请填写工号")), ("name", _("请填写姓名"))):
        if not clean.get(key):
            errors[key] = label
    _check_enum(clean, "post", POSTS, errors)
    serves = clean.get("serves_school_id")
    if serves:
        school = db.session.get(Member, serves)
        if school is None or not school.is_school or school.consortium_id != employer.consortium_id:
            errors["serves_school_id"] = _("请选择本联合体的成员学校")
    if clean.get("staff_no") and "staff_no" not in errors and clashes(
            Teacher, teacher, Teacher.employer_id == employer.id, Teacher.staff_no == clean["staff_no"]):
        errors["staff_no"] = _("本单位已有工号为 %(no)s 的教师", no=clean["staff_no"])
    check_lengths(Teacher, clean, errors)
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    clean["dual_qualified"] = bool(clean.get("dual_qualified"))
    clean["post"] = clean.get("post") or "fixed"
    clean["serves_school_id"] = serves or None
    return clean


def create_teacher(actor, employer: Member, data: dict) -> Teacher:
    require_people_manager(actor, employer)
    clean = validate_teacher(employer, data)
    teacher = Teacher(employer_id=employer.id, **{k: clean.get(k) for k in TEACHER_FIELDS if k in clean})
    db.session.add(teacher)
    db.session.flush()
    return teacher


def update_teacher(actor, teacher: Teacher, data: dict) -> Teacher:
    _update_person(actor, teacher, data, TEACHER_FIELDS, validate_teacher)
    db.session.flush()
    return teacher


def get_teacher(actor, teacher_id: int) -> Teacher:
    """A teacher, for the secretariat, their employer, or themselves."""
    return _get_person(actor, Teacher, teacher_id, _("教师不存在"))


def list_teachers(actor, consortium_id: int, *, employer_id: int | None = None, q: str = "",
                  dual_qualified: bool | None = None):
    require_login(actor)
    stmt = (select(Teacher).join(Member, Teacher.employer_id == Member.id).where(Member.consortium_id == consortium_id)
            .options(contains_eager(Teacher.employer)))
    stmt = _own_roster(stmt, actor, consortium_id, Teacher.employer_id, ("school", "enterprise"), _("无权查看教师名册"))
    if employer_id:
        stmt = stmt.where(Teacher.employer_id == employer_id)
    if q:
        stmt = stmt.where(_name_or_number(Teacher.name, Teacher.staff_no, q))
    if dual_qualified is not None:
        stmt = stmt.where(Teacher.dual_qualified.is_(dual_qualified))
    return stmt.order_by(Teacher.employer_id, Teacher.staff_no)


def delete_teacher(actor, teacher: Teacher) -> None:
    require_people_manager(actor, teacher.employer)
    db.session.delete(teacher)
    db.session.flush()


def create_login_for(actor, person, *, username: str, password: str):
    """Give a student or teacher their own account, linked to their record."""
    from ..auth import services as auth_services

    require_people_manager(actor, person.org)
    from ..auth.models import User

    column = User.student_id if person.kind == "student" else User.teacher_id
    existing = db.session.scalar(select(User.username).where(column == person.id))
    if existing:
        raise ValidationError(_("%(name)s 已有账号 %(username)s", name=person.name, username=existing),
                              {"username": _("已有账号 %(username)s", username=existing)})
    user = auth_services.create_user(None, username=username, password=password, role=person.kind,
                                     consortium=person.org.consortium, display_name=person.name, bootstrap=True)
    if person.kind == "student":
        user.student_id = person.id
    else:
        user.teacher_id = person.id
    db.session.flush()
    return user
