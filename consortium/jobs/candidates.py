"""Who a candidate is: the student or teacher behind an account, the position kinds they may take, and how
rows of either kind are filtered or found by organization and number."""
from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import NotAllowed
from ..extensions import db
from ..members.models import Member
from ..people.models import Student, Teacher
from ..vocab import STUDENT_KINDS, TEACHER_KINDS


def is_candidate_account(actor) -> bool:
    """A student's or teacher's own account: it sees its own applications and placements, and may apply."""
    return actor.role in ("student", "teacher")


def has_candidate_record(actor) -> bool:
    """A candidate account linked to its student or teacher record."""
    return is_candidate_account(actor) and bool(actor.student_id or actor.teacher_id)


def own_school(actor):
    """The school a school account acts for, else None."""
    return actor.member if actor.role == "school" else None


def candidate_of(actor):
    """The student or teacher record of a student/teacher account."""
    if actor.role == "student" and actor.student is not None:
        return actor.student
    if actor.role == "teacher" and actor.teacher is not None:
        return actor.teacher
    raise NotAllowed(_("当前账号未关联学生或教师档案，请联系所在学校"))


def kinds_for(candidate) -> tuple[str, ...]:
    return STUDENT_KINDS if candidate.kind == "student" else TEACHER_KINDS


def candidate_filter(model, candidate):
    return model.student_id == candidate.id if candidate.kind == "student" else model.teacher_id == candidate.id


def find_candidate(consortium_id: int, kind: str, org_id: int | None, number: str):
    """A student (school + student number) or teacher (employer + staff number) of the consortium, or None."""
    number = (number or "").strip()
    if not org_id or not number:
        return None
    model, org_col, no_col = ((Student, Student.school_id, Student.student_no) if kind == "student"
                              else (Teacher, Teacher.employer_id, Teacher.staff_no))
    return db.session.scalar(select(model).join(Member, org_col == Member.id).where(
        Member.consortium_id == consortium_id, org_col == org_id, no_col == number))
