"""API endpoints for part-time teaching engagements (兼职授课) and their logged sessions."""
from flask import jsonify, request

from ..teachers import services
from ..teachers.models import Engagement
from .blueprint import bp
from .core import actor, api_consortium, filter_args, json_body, optional_year_arg, paged, parse_fields, serialize

ENGAGEMENT_SPEC = {"teacher_id": "int", "host_id": "int", "course": "str", "start_date": "date", "end_date": "date",
                   "class_hours": "decimal"}
SESSION_SPEC = {"date": "date", "hours": "decimal", "topic": "str"}


def engagement_dict(e: Engagement, *, with_sessions: bool = False) -> dict:
    data = {"id": e.id, **{k: serialize(getattr(e, k)) for k in ENGAGEMENT_SPEC},
            "employer_id": e.teacher.employer_id, "kind": services.engagement_kind_of(e),
            "total_hours": serialize(e.total_hours), "hours_source": e.hours_source,
            "confirmed_by_host": e.confirmed_by_host,
            "confirmed_at": e.confirmed_at.isoformat() if e.confirmed_at else None}
    if with_sessions:
        data["sessions"] = [session_dict(s) for s in e.sessions]
    return data


def session_dict(s) -> dict:
    return {"id": s.id, "date": s.date.isoformat(), "hours": serialize(s.hours), "topic": s.topic}


@bp.get("/engagements")
def list_engagements():
    consortium = api_consortium()
    filters = filter_args("side", "confirmed")
    stmt = services.list_engagements(actor(), consortium.id, year=optional_year_arg(), side=filters.get("side", ""),
                                     teacher_id=request.args.get("teacher_id", type=int),
                                     confirmed=filters.get("confirmed", ""))
    return jsonify(paged(stmt, engagement_dict))


@bp.post("/engagements")
def create_engagement():
    consortium = api_consortium()
    engagement = services.create_engagement(actor(), consortium.id, parse_fields(json_body(), ENGAGEMENT_SPEC))
    return jsonify(engagement_dict(engagement, with_sessions=True)), 201


@bp.get("/engagements/<int:engagement_id>")
def get_engagement(engagement_id):
    return jsonify(engagement_dict(services.get_engagement(actor(), engagement_id), with_sessions=True))


@bp.patch("/engagements/<int:engagement_id>")
def patch_engagement(engagement_id):
    engagement = services.get_engagement(actor(), engagement_id)
    engagement = services.update_engagement(actor(), engagement, parse_fields(json_body(), ENGAGEMENT_SPEC))
    return jsonify(engagement_dict(engagement, with_sessions=True))


@bp.post("/engagements/<int:engagement_id>/confirm")
def confirm_engagement(engagement_id):
    engagement = services.confirm_engagement(actor(), services.get_engagement(actor(), engagement_id))
    return jsonify(engagement_dict(engagement, with_sessions=True))


@bp.post("/engagements/<int:engagement_id>/sessions")
def log_session(engagement_id):
    engagement = services.get_engagement(actor(), engagement_id)
    row = services.log_session(actor(), engagement, parse_fields(json_body(), SESSION_SPEC))
    return jsonify({**session_dict(row), "engagement": engagement_dict(engagement)}), 201
