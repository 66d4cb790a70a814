"""Who may see and do what on a placement's supervision. One copy of each rule; pages and API ask here.

- the intern (the student, or the teacher on a teacher-practice placement) sees only their own placements;
- a mentor sees the placements they mentor; an enterprise user sees the placements of their enterprise;
- a supervisor sees the placements they supervise; a school user sees the placements of its students;
- the secretariat sees every placement of its consortium.
Anything else answers "not found", so a record of another organization is not even confirmed to exist.
"""
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import User
from ..access import can_admin_consortium, require_login
from ..extensions import db
from ..common import found
from ..jobs.models import Placement
from .models import PlacementMentor, Supervision


def supervision_of(placement) -> Supervision | None:
    return db.session.scalar(select(Supervision).where(Supervision.placement_id == placement.id))


def mentor_user_ids(placement) -> set[int]:
    return set(db.session.scalars(select(PlacementMentor.user_id).where(PlacementMentor.placement_id == placement.id)))


def is_intern(actor, placement) -> bool:
    if actor.role == "student":
        return actor.student_id is not None and placement.student_id == actor.student_id
    if actor.role == "teacher":
        return actor.teacher_id is not None and placement.teacher_id == actor.teacher_id
    return False


def is_mentor(actor, placement) -> bool:
    return actor.id in mentor_user_ids(placement)


def is_supervisor(actor, placement) -> bool:
    sup = supervision_of(placement)
    return sup is not None and sup.supervisor_id == actor.id


def intern_org_id(placement) -> int:
    """The school of a student intern, or the employer of a teacher on practice."""
    return placement.student.school_id if placement.student_id else placement.teacher.employer_id


def is_school_of(actor, placement) -> bool:
    return actor.role == "school" and actor.member_id == intern_org_id(placement)


def is_enterprise_of(actor, placement) -> bool:
    return actor.role == "enterprise" and actor.member_id == placement.position.enterprise_id


def is_admin_of(actor, placement) -> bool:
    return can_admin_consortium(actor, placement.position.consortium_id)


def can_view(actor, placement) -> bool:
    return (is_admin_of(actor, placement) or is_intern(actor, placement) or is_school_of(actor, placement)
            or is_enterprise_of(actor, placement) or is_mentor(actor, placement) or is_supervisor(actor, placement))


def get_placement(actor, placement_id: int) -> Placement:
    """A placement the actor may see, or NotFound."""
    require_login(actor)
    return found(Placement, placement_id, _("岗位安排不存在"), lambda placement: can_view(actor, placement))


def can_assign_supervisor(actor, placement) -> bool:
    return placement.student_id is not None and (is_school_of(actor, placement) or is_admin_of(actor, placement))


def can_assign_mentors(actor, placement) -> bool:
    return is_enterprise_of(actor, placement) or is_admin_of(actor, placement)


def can_set_cadence(actor, placement) -> bool:
    return is_school_of(actor, placement) or is_admin_of(actor, placement)


def can_waive_evaluation(actor, placement) -> bool:
    return placement.student_id is not None and (is_school_of(actor, placement) or is_admin_of(actor, placement))


def can_handle_incidents(actor, placement) -> bool:
    return (is_admin_of(actor, placement) or is_school_of(actor, placement) or is_supervisor(actor, placement)
            or is_enterprise_of(actor, placement) or is_mentor(actor, placement))


def participants(placement) -> list:
    """The accounts that take part in a placement's thread: the intern, the mentors, the supervisor."""
    column = User.student_id if placement.student_id else User.teacher_id
    own = list(db.session.scalars(select(User).where(column == (placement.student_id or placement.teacher_id))))
    mentors = list(db.session.scalars(select(User).join(PlacementMentor, PlacementMentor.user_id == User.id)
                                      .where(PlacementMentor.placement_id == placement.id)))
    sup = supervision_of(placement)
    return own + mentors + ([sup.supervisor] if sup is not None and sup.supervisor is not None else [])
