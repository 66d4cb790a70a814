"""API endpoints for students, teachers, positions, applications, placements, programmes and notifications."""
from datetime import date

from flask import jsonify

from ..errors import NotFound
from ..extensions import db
from ..access import may_see_full_id
from ..jobs import applications, notifications, placements, positions, programmes
from ..jobs.models import Application, Placement, Position, Programme
from ..members.models import Member
from ..people import services as people
from ..people.models import Student, Teacher
from ..tables.normalize import mask_id_number, mask_phone
from ..vocab import (ADMISSION_ROUTES, APPLICATION_STATUSES, GENDERS, OUTCOMES, PATHWAYS, PLACEMENT_SOURCES,
                     PLACEMENT_STATUSES, POSITION_KINDS, POSITION_STATUSES, POSTS, PROGRAMME_KINDS)
from .contract import (Day, Enum, Id, Int, Labels, Nullable, PageQuery, QueryModel, RequestModel, ResponseModel,
                       Stamp, Text, Year, body_data, column_type as col, operation, partial)
from .core import actor, api_consortium, serialize
from .crud import RecordOperations

CANDIDATE_KINDS = ("student", "teacher")

# ---- students and teachers: declarations ---------------------------------------------------------


class StudentCreate(RequestModel):
    school_id: Nullable[Id] = None
    student_no: col(Student.student_no, required=True)
    name: col(Student.name, required=True)
    id_number: Nullable[col(Student.id_number)] = None
    gender: Nullable[Enum(GENDERS)] = None
    phone: Nullable[col(Student.phone)] = None
    major: col(Student.major, required=True)
    major_code: Nullable[col(Student.major_code)] = None
    skills: Nullable[Labels] = None
    city: Nullable[col(Student.city)] = None
    enrol_year: Nullable[Year] = None
    graduation_year: Nullable[Year] = None
    pathway: Nullable[Enum(PATHWAYS)] = None
    admission_route: Nullable[Enum(ADMISSION_ROUTES)] = None
    outcome: Nullable[Enum(OUTCOMES)] = None
    outcome_city: Nullable[col(Student.outcome_city)] = None
    available_from: Nullable[Day] = None  # 可实习时间
    available_to: Nullable[Day] = None


StudentPatch = partial(StudentCreate, exclude=("school_id",))


class StudentOut(ResponseModel):
    id: int
    school_id: int
    student_no: str
    name: str
    id_number: Nullable[str]
    gender: Nullable[Enum(GENDERS)]
    phone: Nullable[str]
    major: str
    major_code: Nullable[str]
    skills: list[str]
    city: Nullable[str]
    enrol_year: Nullable[int]
    graduation_year: Nullable[int]
    pathway: Enum(PATHWAYS)
    admission_route: Enum(ADMISSION_ROUTES)
    outcome: Nullable[Enum(OUTCOMES)]
    outcome_city: Nullable[str]
    available_from: Nullable[date]
    available_to: Nullable[date]


class StudentQuery(PageQuery):
    school_id: Nullable[Id] = None
    q: Nullable[Text(100)] = None
    major: Nullable[Text(100)] = None
    graduation_year: Nullable[Year] = None


class TeacherCreate(RequestModel):
    employer_id: Nullable[Id] = None
    staff_no: col(Teacher.staff_no, required=True)
    name: col(Teacher.name, required=True)
    subject: Nullable[col(Teacher.subject)] = None
    skills: Nullable[Labels] = None
    dual_qualified: Nullable[bool] = None
    dual_evidence: Nullable[col(Teacher.dual_evidence)] = None
    post: Nullable[Enum(POSTS)] = None
    city: Nullable[col(Teacher.city)] = None
    serves_school_id: Nullable[Id] = None


TeacherPatch = partial(TeacherCreate, exclude=("employer_id",))


class TeacherOut(ResponseModel):
    id: int
    employer_id: int
    staff_no: str
    name: str
    subject: Nullable[str]
    skills: list[str]
    dual_qualified: bool
    dual_evidence: Nullable[str]
    post: Enum(POSTS)
    city: Nullable[str]
    serves_school_id: Nullable[int]


class TeacherQuery(PageQuery):
    employer_id: Nullable[Id] = None
    q: Nullable[Text(100)] = None


STUDENT_FIELDS = tuple(k for k in StudentCreate.model_fields if k != "school_id")
TEACHER_FIELDS = tuple(k for k in TeacherCreate.model_fields if k != "employer_id")


def student_dict(student, channel: str = "api_record") -> dict:
    data = {"id": student.id, "school_id": student.school_id,
            **{k: serialize(getattr(student, k)) for k in STUDENT_FIELDS}}
    if not may_see_full_id(actor(), consortium_id=student.school.consortium_id, keeper_member_id=student.school_id,
                           channel=channel):
        data["id_number"] = mask_id_number(student.id_number) if student.id_number else None
        data["phone"] = mask_phone(student.phone) if student.phone else None
    return data


def teacher_dict(teacher) -> dict:
    return {"id": teacher.id, "employer_id": teacher.employer_id,
            **{k: serialize(getattr(teacher, k)) for k in TEACHER_FIELDS}}


def _org(member_id) -> Member:
    member = db.session.get(Member, member_id) if member_id else None
    if member is None or member.consortium_id != api_consortium().id:
        raise NotFound("成员单位不存在")
    return member


def _unit(data: dict, field: str) -> Member:
    """The member unit a record is registered for: `field` of the body (taken out of it), else the user's own."""
    return _org(data.pop(field, None) or actor().member_id)


# ---- students and teachers: operations -----------------------------------------------------------

student_operations = RecordOperations("/students", "student", tag="people", out=StudentOut,
                                      to_dict=student_dict, get=people.get_student)
student_operations.list(people.list_students, StudentQuery, "List students (secretariat: all; school: its own)",
                        to_dict=lambda s: student_dict(s, "list"))


@operation("post", "/students", summary="Register a student (school_id defaults to the user's school)",
           tag="people", body=StudentCreate, response=StudentOut, status=201)
def create_student(body):
    data = body_data(body)
    return jsonify(student_dict(people.create_student(actor(), _unit(data, "school_id"), data))), 201


student_operations.read("A student (ID number and phone masked unless the user manages them)")
student_operations.patch(people.update_student, StudentPatch, "Edit a student")

teacher_operations = RecordOperations("/teachers", "teacher", tag="people", out=TeacherOut,
                                      to_dict=teacher_dict, get=people.get_teacher)
teacher_operations.list(people.list_teachers, TeacherQuery, "List teachers and enterprise experts")


@operation("post", "/teachers", summary="Register a teacher or expert (employer_id defaults to the user's unit)",
           tag="people", body=TeacherCreate, response=TeacherOut, status=201)
def create_teacher(body):
    data = body_data(body)
    return jsonify(teacher_dict(people.create_teacher(actor(), _unit(data, "employer_id"), data))), 201


teacher_operations.read("A teacher")
teacher_operations.patch(people.update_teacher, TeacherPatch, "Edit a teacher")


# ---- positions -----------------------------------------------------------------------------------

class PositionCreate(RequestModel):
    enterprise_id: Nullable[Id] = None
    code: Nullable[col(Position.code)] = None
    kind: Enum(POSITION_KINDS)
    title: col(Position.title, required=True)
    majors: Nullable[Labels] = None
    skills: Nullable[Labels] = None
    city: Nullable[col(Position.city)] = None
    slots: Nullable[Int(1, 10_000)] = None
    start_date: Day
    end_date: Nullable[Day] = None
    late_join_days: Nullable[Int(0, 3650)] = None  # days after the start a candidate may still join
    description: Nullable[col(Position.description)] = None
    status: Nullable[Enum(POSITION_STATUSES)] = None


PositionPatch = partial(PositionCreate, exclude=("enterprise_id",))


class PositionOut(ResponseModel):
    id: int
    enterprise_id: int
    enterprise: str
    code: str
    kind: Enum(POSITION_KINDS)
    title: str
    majors: list[str]
    skills: list[str]
    city: Nullable[str]
    slots: int
    filled: int
    open_slots: int
    start_date: date
    end_date: Nullable[date]
    late_join_days: int
    description: Nullable[str]
    status: Enum(POSITION_STATUSES)


class PositionQuery(PageQuery):
    kind: Nullable[Enum(POSITION_KINDS)] = None
    city: Nullable[Text(50)] = None
    major: Nullable[Text(100)] = None
    enterprise_id: Nullable[Id] = None
    status: Nullable[Enum(POSITION_STATUSES)] = None
    open_slots: Nullable[bool] = None
    q: Nullable[Text(200)] = None


POSITION_FIELDS = tuple(k for k in PositionCreate.model_fields if k != "enterprise_id")


def position_dict(position) -> dict:
    return {"id": position.id, "enterprise_id": position.enterprise_id, "enterprise": position.enterprise.name,
            "filled": position.filled, "open_slots": position.open_slots,
            **{k: serialize(getattr(position, k)) for k in POSITION_FIELDS}}


position_operations = RecordOperations("/positions", "position", tag="jobs", out=PositionOut,
                                       to_dict=position_dict, get=positions.get_position)
position_operations.list(positions.list_positions, PositionQuery, "List positions")


@operation("post", "/positions", summary="Post a position (enterprise_id defaults to the user's enterprise)",
           tag="jobs", body=PositionCreate, response=PositionOut, status=201)
def create_position(body):
    data = body_data(body)
    return jsonify(position_dict(positions.create_position(actor(), _unit(data, "enterprise_id"), data))), 201


position_operations.read("A position")
position_operations.patch(positions.update_position, PositionPatch, "Edit, open or close a position")


# ---- applications --------------------------------------------------------------------------------

class ApplyRequest(RequestModel):
    note: Nullable[col(Application.note)] = None
    rank: Nullable[Int(1, 100)] = None


class ApplicationOut(ResponseModel):
    id: int
    position_id: int
    status: Enum(APPLICATION_STATUSES)
    note: Nullable[str]
    rank: Nullable[int]
    candidate_kind: Enum(CANDIDATE_KINDS)
    candidate_id: int
    candidate_name: str
    candidate_org: str
    created_at: Stamp


class ApplicationQuery(PageQuery):
    position_id: Nullable[Id] = None
    status: Nullable[Enum(APPLICATION_STATUSES)] = None


class Decision(RequestModel):
    accept: bool


def application_dict(application) -> dict:
    candidate = application.candidate
    return {"id": application.id, "position_id": application.position_id, "status": application.status,
            "note": application.note, "rank": application.rank, "candidate_kind": candidate.kind,
            "candidate_id": candidate.id, "candidate_name": candidate.name, "candidate_org": candidate.org.name,
            "created_at": serialize(application.created_at)}


@operation("post", "/positions/<int:position_id>/apply", summary="Apply (student or teacher account)", tag="jobs",
           body=ApplyRequest, body_optional=True, response=ApplicationOut, status=201)
def apply_to_position(position_id, body):
    position = positions.get_position(actor(), position_id)
    data = body_data(body)
    application = applications.apply(actor(), position, data.get("note") or "", data.get("rank"))
    return jsonify(application_dict(application)), 201


application_operations = RecordOperations("/applications", "application", tag="jobs", out=ApplicationOut,
                                          to_dict=application_dict, get=applications.get_application)
application_operations.list(applications.list_applications, ApplicationQuery, "Applications visible to the user")


# ---- placements ----------------------------------------------------------------------------------

class PlacementOut(ResponseModel):
    id: int
    position_id: int
    position_code: str
    status: Enum(PLACEMENT_STATUSES)
    source: Enum(PLACEMENT_SOURCES)
    candidate_kind: Enum(CANDIDATE_KINDS)
    candidate_id: int
    candidate_name: str
    candidate_org: str
    start_date: date
    end_date: Nullable[date]
    compliance_missing: list[str]
    compliance_override: bool
    match_score: Nullable[float]
    match_reasons: list[str]
    agreement_signed_date: Nullable[date]
    insurer: Nullable[str]
    policy_no: Nullable[str]
    insurance_start: Nullable[date]
    insurance_end: Nullable[date]


class DecisionOut(ApplicationOut):
    placement: Nullable[PlacementOut]


class PlacementQuery(PageQuery):
    status: Nullable[Enum(PLACEMENT_STATUSES)] = None
    kind: Nullable[Enum(POSITION_KINDS)] = None
    position_id: Nullable[Id] = None
    missing_documents: Nullable[bool] = None


class PlacementRecord(RequestModel):
    position_id: Id
    student_id: Nullable[Id] = None
    teacher_id: Nullable[Id] = None
    status: Nullable[Enum(PLACEMENT_STATUSES)] = None
    start_date: Nullable[Day] = None
    end_date: Nullable[Day] = None


class PlacementMove(RequestModel):
    status: Enum(PLACEMENT_STATUSES)


class Compliance(RequestModel):
    agreement_signed_date: Nullable[Day] = None
    insurer: Nullable[col(Placement.insurer)] = None
    policy_no: Nullable[col(Placement.policy_no)] = None
    insurance_start: Nullable[Day] = None
    insurance_end: Nullable[Day] = None


class Override(RequestModel):
    reason: col(Placement.override_reason, required=True)


COMPLIANCE_FIELDS = tuple(Compliance.model_fields)


def placement_dict(placement) -> dict:
    candidate = placement.candidate
    return {"id": placement.id, "position_id": placement.position_id, "position_code": placement.position.code,
            "status": placement.status, "source": placement.source, "candidate_kind": candidate.kind,
            "candidate_id": candidate.id, "candidate_name": candidate.name, "candidate_org": candidate.org.name,
            "start_date": serialize(placement.start_date), "end_date": serialize(placement.end_date),
            "compliance_missing": list(placement.compliance_missing),
            "compliance_override": placement.compliance_override,
            "match_score": serialize(placement.match_score), "match_reasons": placement.match_reasons or [],
            **{k: serialize(getattr(placement, k)) for k in COMPLIANCE_FIELDS}}


@operation("post", "/applications/<int:application_id>/decision", summary="Accept or reject an application",
           tag="jobs", body=Decision, response=DecisionOut)
def decide_application(application_id, body):
    application = applications.get_application(actor(), application_id)
    placement = applications.decide_application(actor(), application, body.accept)
    return jsonify({**application_dict(application), "placement": placement_dict(placement) if placement else None})


@operation("post", "/applications/<int:application_id>/withdraw", summary="Withdraw one's application",
           tag="jobs", response=ApplicationOut)
def withdraw_application(application_id):
    application = applications.get_application(actor(), application_id)
    return jsonify(application_dict(applications.withdraw_application(actor(), application)))


placement_operations = RecordOperations("/placements", "placement", tag="jobs", out=PlacementOut,
                                        to_dict=placement_dict, get=placements.get_placement)
placement_operations.list(placements.list_placements, PlacementQuery, "Placements visible to the user")


@operation("post", "/placements", summary="Record a placement after the fact (secretariat)", tag="jobs",
           body=PlacementRecord, response=PlacementOut, status=201)
def record_placement(body):
    data = body_data(body)
    position = db.session.get(Position, data["position_id"])
    if position is None or position.consortium_id != api_consortium().id:
        raise NotFound("岗位不存在")
    if data.get("student_id"):
        candidate = people.get_student(actor(), data["student_id"])
    else:
        candidate = people.get_teacher(actor(), data.get("teacher_id") or 0)
    placement = placements.record_placement(actor(), position, candidate, status=data.get("status") or "",
                                          start_date=data.get("start_date"), end_date=data.get("end_date"))
    return jsonify(placement_dict(placement)), 201


placement_operations.read("A placement")


@operation("post", "/placements/<int:placement_id>/status", summary="Move a placement to another status",
           tag="jobs", body=PlacementMove, response=PlacementOut)
def placement_status(placement_id, body):
    placement = placements.get_placement(actor(), placement_id)
    return jsonify(placement_dict(placements.transition_placement(actor(), placement, body.status)))


@operation("patch", "/placements/<int:placement_id>/compliance", summary="Record agreement and insurance",
           tag="jobs", body=Compliance, response=PlacementOut)
def placement_compliance(placement_id, body):
    placement = placements.get_placement(actor(), placement_id)
    return jsonify(placement_dict(placements.save_compliance(actor(), placement, body_data(body))))


@operation("post", "/placements/<int:placement_id>/override", summary="Secretariat override of the compliance gate",
           tag="jobs", body=Override, response=PlacementOut)
def placement_override(placement_id, body):
    placement = placements.get_placement(actor(), placement_id)
    return jsonify(placement_dict(placements.override_compliance(actor(), placement, body.reason)))


# ---- joint programmes and notifications ------------------------------------------------------------

class ProgrammeCreate(RequestModel):
    name: col(Programme.name, required=True)
    school_id: Id
    enterprise_id: Id
    kind: Nullable[Enum(PROGRAMME_KINDS)] = None
    start_date: Day
    end_date: Nullable[Day] = None
    student_nos: Nullable[Labels] = None


ProgrammePatch = partial(ProgrammeCreate)


class ProgrammeOut(ResponseModel):
    id: int
    name: str
    school_id: int
    enterprise_id: int
    kind: Enum(PROGRAMME_KINDS)
    start_date: date
    end_date: Nullable[date]
    student_nos: list[str]


class ProgrammeQuery(PageQuery):
    kind: Nullable[Enum(PROGRAMME_KINDS)] = None


class NotificationOut(ResponseModel):
    id: int
    message: str
    link: Nullable[str]
    created_at: Stamp
    read: bool


class Notifications(ResponseModel):
    unread: int
    items: list[NotificationOut]


class NotificationQuery(QueryModel):
    mark_read: Nullable[bool] = None


def programme_dict(programme) -> dict:
    return {"id": programme.id, "name": programme.name, "school_id": programme.school_id,
            "enterprise_id": programme.enterprise_id, "kind": programme.kind,
            "start_date": serialize(programme.start_date), "end_date": serialize(programme.end_date),
            "student_nos": [s.student_no for s in programme.students]}


programme_operations = RecordOperations("/programmes", "programme", tag="jobs", out=ProgrammeOut,
                                        to_dict=programme_dict, get=programmes.get_programme)
programme_operations.list(programmes.list_programmes, ProgrammeQuery,
                          "Joint programmes (订单班、冠名班) visible to the user")


@operation("post", "/programmes", summary="Create a joint programme (secretariat or its school)", tag="jobs",
           body=ProgrammeCreate, response=ProgrammeOut, status=201)
def create_programme(body):
    return jsonify(programme_dict(programmes.create_programme(actor(), api_consortium().id, body_data(body)))), 201


programme_operations.read("A joint programme")
programme_operations.patch(programmes.update_programme, ProgrammePatch, "Edit a joint programme")


@operation("get", "/notifications", summary="The user's notifications, newest first; ?mark_read=true marks them read",
           tag="jobs", query=NotificationQuery, response=Notifications)
def list_notifications(query):
    items = notifications.list_notifications(actor())
    body = {"unread": notifications.unread_count(actor()),
            "items": [{"id": n.id, "message": n.message, "link": n.link, "created_at": serialize(n.created_at),
                       "read": n.read_at is not None} for n in items]}
    if query.mark_read:
        notifications.mark_read(actor())
    return jsonify(body)
