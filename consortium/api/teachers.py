"""API endpoints for part-time teaching engagements (兼职授课) and their logged sessions."""
from datetime import date

from flask import jsonify

from ..teachers import services
from ..teachers.models import Engagement, EngagementSession
from .contract import (Day, Enum, Id, Nullable, Number, PageQuery, RequestModel, ResponseModel, Stamp, Year,
                       body_data, column_type as col, operation, page_of, partial)
from .core import actor, api_consortium, paged, serialize

ENGAGEMENT_KINDS = ("enterprise_part_time", "inter_school_part_time")


class EngagementCreate(RequestModel):
    teacher_id: Id
    host_id: Id
    course: col(Engagement.course, required=True)
    start_date: Day
    end_date: Nullable[Day] = None
    class_hours: Nullable[Number(99999.9)] = None


EngagementPatch = partial(EngagementCreate)


class EngagementSessionCreate(RequestModel):
    date: Day
    hours: Number(24, exclusive_minimum=True)
    topic: Nullable[col(EngagementSession.topic)] = None


class EngagementSessionOut(ResponseModel):
    id: int
    date: date
    hours: float
    topic: Nullable[str]


class EngagementOut(ResponseModel):
    id: int
    teacher_id: int
    employer_id: int
    host_id: int
    course: str
    start_date: date
    end_date: Nullable[date]
    class_hours: Nullable[float]
    total_hours: float
    hours_source: Enum(("logged", "declared"))
    kind: Nullable[Enum(ENGAGEMENT_KINDS)]
    confirmed_by_host: bool
    confirmed_at: Nullable[Stamp]
    sessions: list[EngagementSessionOut] = []


class LoggedEngagementSession(EngagementSessionOut):
    engagement: EngagementOut


class EngagementQuery(PageQuery):
    year: Nullable[Year] = None
    side: Nullable[Enum(("sent", "received"))] = None
    teacher_id: Nullable[Id] = None
    confirmed: Nullable[Enum(("yes", "no"))] = None


ENGAGEMENT_FIELDS = tuple(EngagementCreate.model_fields)


def engagement_dict(e: Engagement, *, with_sessions: bool = False) -> dict:
    data = {"id": e.id, **{k: serialize(getattr(e, k)) for k in ENGAGEMENT_FIELDS},
            "employer_id": e.teacher.employer_id, "kind": services.engagement_kind_of(e),
            "total_hours": serialize(e.total_hours), "hours_source": e.hours_source,
            "confirmed_by_host": e.confirmed_by_host, "confirmed_at": serialize(e.confirmed_at)}
    if with_sessions:
        data["sessions"] = [session_dict(s) for s in e.sessions]
    return data


def session_dict(s) -> dict:
    return {"id": s.id, "date": s.date.isoformat(), "hours": serialize(s.hours), "topic": s.topic}


@operation("get", "/engagements", summary="List part-time teaching engagements (sent and received)",
           tag="engagements", query=EngagementQuery, response=page_of(EngagementOut))
def list_engagements(query):
    stmt = services.list_engagements(actor(), api_consortium().id, year=query.year, side=query.side or "",
                                     teacher_id=query.teacher_id, confirmed=query.confirmed or "")
    return jsonify(paged(stmt, engagement_dict, query))


@operation("post", "/engagements", summary="Record an engagement for one of the employer's teachers",
           tag="engagements", body=EngagementCreate, response=EngagementOut, status=201)
def create_engagement(body):
    engagement = services.create_engagement(actor(), api_consortium().id, body_data(body))
    return jsonify(engagement_dict(engagement, with_sessions=True)), 201


@operation("get", "/engagements/<int:engagement_id>", summary="An engagement with its logged sessions",
           tag="engagements", response=EngagementOut)
def get_engagement(engagement_id):
    return jsonify(engagement_dict(services.get_engagement(actor(), engagement_id), with_sessions=True))


@operation("patch", "/engagements/<int:engagement_id>", tag="engagements", body=EngagementPatch,
           response=EngagementOut, summary="Edit an engagement (employer; withdraws the host's confirmation)")
def patch_engagement(engagement_id, body):
    engagement = services.get_engagement(actor(), engagement_id)
    engagement = services.update_engagement(actor(), engagement, body_data(body))
    return jsonify(engagement_dict(engagement, with_sessions=True))


@operation("post", "/engagements/<int:engagement_id>/confirm", tag="engagements", response=EngagementOut,
           summary="The host school confirms the engagement and its hours")
def confirm_engagement(engagement_id):
    engagement = services.confirm_engagement(actor(), services.get_engagement(actor(), engagement_id))
    return jsonify(engagement_dict(engagement, with_sessions=True))


@operation("post", "/engagements/<int:engagement_id>/sessions", tag="engagements", body=EngagementSessionCreate,
           response=LoggedEngagementSession, status=201,
           summary="Log one teaching session (hours are rounded to one decimal place, then checked)")
def log_session(engagement_id, body):
    engagement = services.get_engagement(actor(), engagement_id)
    row = services.log_session(actor(), engagement, body_data(body))
    return jsonify({**session_dict(row), "engagement": engagement_dict(engagement)}), 201
