"""Teacher-exchange rows → the plain records the book figures read: engagements (with their total hours),
teacher-practice placements and teachers. The one place these records are built from the database."""
from decimal import Decimal

from sqlalchemy import func, select

from ..extensions import db
from ..figures.records import EngagementRecord, PracticeRecord, TeacherRecord, YearRecords
from ..jobs.models import Placement, Position
from ..members.loading import member_records
from ..members.models import Member
from ..people.models import Teacher
from .models import Engagement, EngagementSession


def engagement_records(consortium_id: int) -> list[EngagementRecord]:
    """Engagements with their total hours (Σ logged sessions when any, else declared) in one query."""
    logged = (select(EngagementSession.engagement_id, func.sum(EngagementSession.hours).label("logged"))
              .group_by(EngagementSession.engagement_id).subquery())
    stmt = (select(Engagement.id, Engagement.teacher_id, Teacher.employer_id, Engagement.host_id, Engagement.start_date,
                   Engagement.end_date, Engagement.class_hours, logged.c.logged)
            .join(Teacher, Engagement.teacher_id == Teacher.id)
            .outerjoin(logged, logged.c.engagement_id == Engagement.id)
            .where(Engagement.consortium_id == consortium_id))
    records = []
    for eid, tid, employer, host, start, end, declared, logged_hours in db.session.execute(stmt):
        total = logged_hours if logged_hours is not None else (declared or 0)
        records.append(EngagementRecord(eid, tid, employer, host, start, end, Decimal(str(total))))
    return records


def practice_records(consortium_id: int) -> list[PracticeRecord]:
    """Teacher placements on teacher-practice positions (every status: the figures filter)."""
    stmt = (select(Placement.id, Placement.teacher_id, Teacher.employer_id, Position.enterprise_id, Position.kind,
                   Placement.status, Placement.start_date, Placement.end_date)
            .join(Position, Placement.position_id == Position.id)
            .join(Teacher, Placement.teacher_id == Teacher.id)
            .where(Position.consortium_id == consortium_id, Position.kind == "teacher_practice"))
    return [PracticeRecord(*row) for row in db.session.execute(stmt)]


def teacher_records(consortium_id: int) -> list[TeacherRecord]:
    stmt = (select(Teacher.id, Teacher.employer_id, Teacher.dual_qualified)
            .join(Member, Teacher.employer_id == Member.id).where(Member.consortium_id == consortium_id))
    return [TeacherRecord(*row) for row in db.session.execute(stmt)]


def teacher_inputs(consortium_id: int) -> YearRecords:
    """What the `teachers.*` figures read: members, engagements, practice placements, teachers."""
    return YearRecords(members=member_records(consortium_id), engagements=engagement_records(consortium_id),
                       practice=practice_records(consortium_id), teachers=teacher_records(consortium_id))
