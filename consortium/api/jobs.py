"""API endpoints for students, teachers, positions, applications and placements."""
from flask import jsonify, request

from flask_babel import gettext as _

from ..access import may_see_full_id
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..tables.normalize import mask_id_number, mask_phone
from ..jobs import applications, notifications, placements, positions, programmes
from ..jobs.models import Position
from ..members.models import Member
from ..people import services as people
from .blueprint import bp
from .core import actor, api_consortium, json_body, paged, parse_fields, serialize
from .openapi import OPERATIONS, op, ref

_ID = lambda name: ((name, "path", "integer"),)  # noqa: E731
_PAGED = (("page", "query", "integer"), ("per_page", "query", "integer"))
OPERATIONS.extend([
    ("/students", "get", op("List students (secretariat: all; school: its own)", "people",
                            params=_PAGED + (("school_id", "query", "integer"), ("q", "query", "string"),
                                             ("major", "query", "string")))),
    ("/students", "post", op("Register a student (school_id defaults to the user's school)", "people",
                             body=ref("Student"), response=ref("Student"), status="201")),
    ("/students/{student_id}", "get", op("A student (ID number and phone masked unless the user manages them)",
                                         "people", params=_ID("student_id"), response=ref("Student"))),
    ("/students/{student_id}", "patch", op("Edit a student", "people", params=_ID("student_id"), body=ref("Student"))),
    ("/teachers", "get", op("List teachers and enterprise experts", "people", params=_PAGED)),
    ("/teachers", "post", op("Register a teacher or expert", "people", status="201")),
    ("/teachers/{teacher_id}", "get", op("A teacher", "people", params=_ID("teacher_id"))),
    ("/teachers/{teacher_id}", "patch", op("Edit a teacher", "people", params=_ID("teacher_id"))),
    ("/positions", "get", op("List positions", "jobs", params=_PAGED + (
        ("kind", "query", "string"), ("city", "query", "string"), ("major", "query", "string"),
        ("enterprise_id", "query", "integer"), ("status", "query", "string"), ("open_slots", "query", "boolean")))),
    ("/positions", "post", op("Post a position (enterprise_id defaults to the user's enterprise)", "jobs",
                              body=ref("Position"), response=ref("Position"), status="201")),
    ("/positions/{position_id}", "get", op("A position", "jobs", params=_ID("position_id"), response=ref("Position"))),
    ("/positions/{position_id}", "patch", op("Edit, open or close a position", "jobs", params=_ID("position_id"),
                                             body=ref("Position"))),
    ("/positions/{position_id}/apply", "post", op("Apply (student or teacher account)", "jobs",
                                                  params=_ID("position_id"), status="201")),
    ("/applications", "get", op("Applications visible to the user", "jobs", params=_PAGED)),
    ("/applications/{application_id}/decision", "post", op("Accept or reject: {\"accept\": true}", "jobs",
                                                           params=_ID("application_id"))),
    ("/applications/{application_id}/withdraw", "post", op("Withdraw one's application", "jobs",
                                                           params=_ID("application_id"))),
    ("/placements", "get", op("Placements visible to the user", "jobs", params=_PAGED + (
        ("status", "query", "string"), ("missing_documents", "query", "boolean")))),
    ("/placements", "post", op("Record a placement after the fact (secretariat)", "jobs", status="201")),
    ("/placements/{placement_id}", "get", op("A placement", "jobs", params=_ID("placement_id"))),
    ("/placements/{placement_id}/status", "post", op("Move a placement: {\"status\": \"active\"}", "jobs",
                                                     params=_ID("placement_id"))),
    ("/placements/{placement_id}/compliance", "patch", op("Record agreement and insurance", "jobs",
                                                          params=_ID("placement_id"))),
    ("/placements/{placement_id}/override", "post", op("Secretariat override of the compliance gate", "jobs",
                                                       params=_ID("placement_id"))),
])

STUDENT_SPEC = {"student_no": "str", "name": "str", "id_number": "str", "gender": "str", "phone": "str",
                "major": "str", "major_code": "str", "skills": "list", "city": "str", "enrol_year": "int",
                "graduation_year": "int", "pathway": "str", "admission_route": "str", "outcome": "str",
                "outcome_city": "str", "available_from": "date", "available_to": "date"}
TEACHER_SPEC = {"staff_no": "str", "name": "str", "subject": "str", "skills": "list", "dual_qualified": "bool",
                "dual_evidence": "str", "post": "str", "city": "str", "serves_school_id": "int"}
POSITION_SPEC = {"code": "str", "kind": "str", "title": "str", "majors": "list", "skills": "list", "city": "str",
                 "slots": "int", "start_date": "date", "end_date": "date", "late_join_days": "int", "description": "str",
                 "status": "str"}
COMPLIANCE_SPEC = {"agreement_signed_date": "date", "insurer": "str", "policy_no": "str", "insurance_start": "date",
                   "insurance_end": "date"}


def student_dict(student, channel: str = "api_record") -> dict:
    data = {"id": student.id, "school_id": student.school_id,
            **{k: serialize(getattr(student, k)) for k in STUDENT_SPEC}}
    if not may_see_full_id(actor(), consortium_id=student.school.consortium_id, keeper_member_id=student.school_id,
                           channel=channel):
        data["id_number"] = mask_id_number(student.id_number) if student.id_number else None
        data["phone"] = mask_phone(student.phone) if student.phone else None
    return data


def teacher_dict(teacher) -> dict:
    return {"id": teacher.id, "employer_id": teacher.employer_id,
            **{k: serialize(getattr(teacher, k)) for k in TEACHER_SPEC}}


def position_dict(position) -> dict:
    return {"id": position.id, "enterprise_id": position.enterprise_id, "enterprise": position.enterprise.name,
            "filled": position.filled, "open_slots": position.open_slots,
            **{k: serialize(getattr(position, k)) for k in POSITION_SPEC}}


def application_dict(application) -> dict:
    candidate = application.candidate
    return {"id": application.id, "position_id": application.position_id, "status": application.status,
            "note": application.note, "rank": application.rank, "candidate_kind": candidate.kind,
            "candidate_id": candidate.id, "candidate_name": candidate.name, "candidate_org": candidate.org.name,
            "created_at": application.created_at.isoformat()}


def placement_dict(placement) -> dict:
    candidate = placement.candidate
    return {"id": placement.id, "position_id": placement.position_id, "position_code": placement.position.code,
            "status": placement.status, "source": placement.source, "candidate_kind": candidate.kind,
            "candidate_id": candidate.id, "candidate_name": candidate.name, "candidate_org": candidate.org.name,
            "start_date": serialize(placement.start_date), "end_date": serialize(placement.end_date),
            "compliance_missing": placement.compliance_missing, "compliance_override": placement.compliance_override,
            "match_score": serialize(placement.match_score), "match_reasons": placement.match_reasons or [],
            **{k: serialize(getattr(placement, k)) for k in COMPLIANCE_SPEC}}


def _org(member_id) -> Member:
    member = db.session.get(Member, member_id) if member_id else None
    if member is None or member.consortium_id != api_consortium().id:
        raise NotFound("成员单位不存在")
    return member


# ---- students and teachers -------------------------------------------------------------------

@bp.get("/students")
def list_students():
    stmt = people.list_students(actor(), api_consortium().id, school_id=request.args.get("school_id", type=int),
                                q=request.args.get("q", ""), major=request.args.get("major", ""))
    return jsonify(paged(stmt, lambda s: student_dict(s, "list")))


@bp.post("/students")
def create_student():
    payload = json_body()
    school_id = payload.pop("school_id", None) or actor().member_id
    student = people.create_student(actor(), _org(school_id), parse_fields(payload, STUDENT_SPEC))
    return jsonify(student_dict(student)), 201


@bp.get("/students/<int:student_id>")
def get_student(student_id):
    student = people.get_student(actor(), student_id)
    return jsonify(student_dict(student))


@bp.patch("/students/<int:student_id>")
def patch_student(student_id):
    student = people.get_student(actor(), student_id)
    student = people.update_student(actor(), student, parse_fields(json_body(), STUDENT_SPEC))
    return jsonify(student_dict(student))


@bp.get("/teachers")
def list_teachers():
    stmt = people.list_teachers(actor(), api_consortium().id, employer_id=request.args.get("employer_id", type=int),
                                q=request.args.get("q", ""))
    return jsonify(paged(stmt, teacher_dict))


@bp.post("/teachers")
def create_teacher():
    payload = json_body()
    employer_id = payload.pop("employer_id", None) or actor().member_id
    teacher = people.create_teacher(actor(), _org(employer_id), parse_fields(payload, TEACHER_SPEC))
    return jsonify(teacher_dict(teacher)), 201


@bp.get("/teachers/<int:teacher_id>")
def get_teacher(teacher_id):
    return jsonify(teacher_dict(people.get_teacher(actor(), teacher_id)))


@bp.patch("/teachers/<int:teacher_id>")
def patch_teacher(teacher_id):
    teacher = people.get_teacher(actor(), teacher_id)
    return jsonify(teacher_dict(people.update_teacher(actor(), teacher, parse_fields(json_body(), TEACHER_SPEC))))


# ---- positions -------------------------------------------------------------------------------

@bp.get("/positions")
def list_positions():
    args = request.args
    stmt = positions.list_positions(actor(), api_consortium().id, kind=args.get("kind", ""), city=args.get("city", ""),
                                   major=args.get("major", ""), enterprise_id=args.get("enterprise_id", type=int),
                                   status=args.get("status", ""), open_slots=args.get("open_slots") in ("1", "true"),
                                   q=args.get("q", ""))
    return jsonify(paged(stmt, position_dict))


@bp.post("/positions")
def create_position():
    payload = json_body()
    enterprise_id = payload.pop("enterprise_id", None) or actor().member_id
    position = positions.create_position(actor(), _org(enterprise_id), parse_fields(payload, POSITION_SPEC))
    return jsonify(position_dict(position)), 201


@bp.get("/positions/<int:position_id>")
def get_position(position_id):
    return jsonify(position_dict(positions.get_position(actor(), position_id)))


@bp.patch("/positions/<int:position_id>")
def patch_position(position_id):
    position = positions.get_position(actor(), position_id)
    return jsonify(position_dict(positions.update_position(actor(), position, parse_fields(json_body(), POSITION_SPEC))))


@bp.post("/positions/<int:position_id>/apply")
def apply_to_position(position_id):
    position = positions.get_position(actor(), position_id)
    data = parse_fields(json_body() if request.data else {}, {"note": "str", "rank": "int"})
    application = applications.apply(actor(), position, data.get("note") or "", data.get("rank"))
    return jsonify(application_dict(application)), 201


# ---- applications ----------------------------------------------------------------------------

@bp.get("/applications")
def list_applications():
    stmt = applications.list_applications(actor(), api_consortium().id,
                                      position_id=request.args.get("position_id", type=int),
                                      status=request.args.get("status", ""))
    return jsonify(paged(stmt, application_dict))


@bp.post("/applications/<int:application_id>/decision")
def decide_application(application_id):
    application = applications.get_application(actor(), application_id)
    data = parse_fields(json_body(), {"accept": "bool"})
    if data.get("accept") is None:
        raise ValidationError(_("请求有误"), {"accept": _("必填")})
    placement = applications.decide_application(actor(), application, data["accept"])
    body = application_dict(application)
    body["placement"] = placement_dict(placement) if placement else None
    return jsonify(body)


@bp.post("/applications/<int:application_id>/withdraw")
def withdraw_application(application_id):
    application = applications.get_application(actor(), application_id)
    return jsonify(application_dict(applications.withdraw_application(actor(), application)))


# ---- placements ------------------------------------------------------------------------------

@bp.get("/placements")
def list_placements():
    args = request.args
    stmt = placements.list_placements(actor(), api_consortium().id, status=args.get("status", ""),
                                    kind=args.get("kind", ""), position_id=args.get("position_id", type=int),
                                    missing_documents=args.get("missing_documents") in ("1", "true"))
    return jsonify(paged(stmt, placement_dict))


@bp.post("/placements")
def record_placement():
    """The secretariat records a placement after the fact."""
    payload = json_body()
    data = parse_fields(payload, {"position_id": "int", "student_id": "int", "teacher_id": "int", "status": "str",
                                  "start_date": "date", "end_date": "date"})
    position = db.session.get(Position, data.get("position_id") or 0)
    if position is None or position.consortium_id != api_consortium().id:
        raise NotFound("岗位不存在")
    if data.get("student_id"):
        candidate = people.get_student(actor(), data["student_id"])
    else:
        candidate = people.get_teacher(actor(), data.get("teacher_id") or 0)
    placement = placements.record_placement(actor(), position, candidate, status=data.get("status") or "",
                                          start_date=data.get("start_date"), end_date=data.get("end_date"))
    return jsonify(placement_dict(placement)), 201


@bp.get("/placements/<int:placement_id>")
def get_placement(placement_id):
    return jsonify(placement_dict(placements.get_placement(actor(), placement_id)))


@bp.post("/placements/<int:placement_id>/status")
def placement_status(placement_id):
    placement = placements.get_placement(actor(), placement_id)
    data = parse_fields(json_body(), {"status": "str"})
    return jsonify(placement_dict(placements.transition_placement(actor(), placement, data.get("status") or "")))


@bp.patch("/placements/<int:placement_id>/compliance")
def placement_compliance(placement_id):
    placement = placements.get_placement(actor(), placement_id)
    return jsonify(placement_dict(placements.save_compliance(actor(), placement,
                                                           parse_fields(json_body(), COMPLIANCE_SPEC))))


@bp.post("/placements/<int:placement_id>/override")
def placement_override(placement_id):
    placement = placements.get_placement(actor(), placement_id)
    data = parse_fields(json_body(), {"reason": "str"})
    return jsonify(placement_dict(placements.override_compliance(actor(), placement, data.get("reason") or "")))


# ---- joint programmes and notifications ----------------------------------------------------

PROGRAMME_SPEC = {"name": "str", "school_id": "int", "enterprise_id": "int", "kind": "str", "start_date": "date",
                  "end_date": "date", "student_nos": "list"}


def programme_dict(programme) -> dict:
    return {"id": programme.id, "name": programme.name, "school_id": programme.school_id,
            "enterprise_id": programme.enterprise_id, "kind": programme.kind,
            "start_date": serialize(programme.start_date), "end_date": serialize(programme.end_date),
            "student_nos": [s.student_no for s in programme.students]}


OPERATIONS.extend([
    ("/programmes", "get", op("Joint programmes (订单班、冠名班) visible to the user", "jobs", params=_PAGED)),
    ("/programmes", "post", op("Create a joint programme (secretariat or its school)", "jobs", status="201")),
    ("/programmes/{programme_id}", "get", op("A joint programme", "jobs", params=_ID("programme_id"))),
    ("/programmes/{programme_id}", "patch", op("Edit a joint programme", "jobs", params=_ID("programme_id"))),
    ("/notifications", "get", op("The user's notifications, newest first; ?mark_read=1 marks them read", "jobs")),
])


@bp.get("/programmes")
def list_programmes():
    stmt = programmes.list_programmes(actor(), api_consortium().id, kind=request.args.get("kind", ""))
    return jsonify(paged(stmt, programme_dict))


@bp.post("/programmes")
def create_programme():
    data = parse_fields(json_body(), PROGRAMME_SPEC)
    return jsonify(programme_dict(programmes.create_programme(actor(), api_consortium().id, data))), 201


@bp.get("/programmes/<int:programme_id>")
def get_programme(programme_id):
    return jsonify(programme_dict(programmes.get_programme(actor(), programme_id)))


@bp.patch("/programmes/<int:programme_id>")
def patch_programme(programme_id):
    programme = programmes.get_programme(actor(), programme_id)
    data = parse_fields(json_body(), PROGRAMME_SPEC)
    return jsonify(programme_dict(programmes.update_programme(actor(), programme, data)))


@bp.get("/notifications")
def list_notifications():
    items = notifications.list_notifications(actor())
    body = {"unread": notifications.unread_count(actor()),
            "items": [{"id": n.id, "message": n.message, "link": n.link, "created_at": n.created_at.isoformat(),
                       "read": n.read_at is not None} for n in items]}
    if request.args.get("mark_read") in ("1", "true"):
        notifications.mark_read(actor())
    return jsonify(body)
