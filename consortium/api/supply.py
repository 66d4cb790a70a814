"""API endpoints for supply meets demand: demand forecasts, enterprise industries, alignment, talent-demand
reports (generated, versioned), matchmaking events and graduate outcomes."""
from dataclasses import asdict
from datetime import date
from typing import Annotated, Union

from flask import jsonify
from flask_babel import gettext as _
from pydantic import Field

from ..access import require_member_user
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..members.models import Member
from ..people.models import Student
from ..supply import events as event_services
from ..supply import forecasts as forecast_services
from ..supply import monitoring, outcomes, reports
from ..supply.models import DemandForecast, MatchmakingEvent, TalentReport
from ..timeutil import today
from ..vocab import EVENT_KINDS, FORECAST_LEVELS
from .contract import (Day, Enum, Id, Ids, Int, Nullable, PageQuery, QueryModel, RequestModel, ResponseModel, Text,
                       Year, body_data, column_type as col, list_of, operation, partial)
from .core import actor, api_consortium, serialize
from .crud import RecordOperations

TAG = "supply"
ALIGNMENT_FLAGS = ("over", "under", "balanced")

# Majors or skills of a demand line: a list, or one text the service splits at 、，,;； and new lines; each item
# at most 100 characters, as the service allows.
Items = Union[Annotated[list[Text(100)], Field(max_length=100)], Text(5000)]
# Students checked in at an event: a list of student numbers, or one text of them (a pasted sign-in sheet).
StudentNos = Union[Annotated[list[col(Student.student_no)], Field(max_length=2000)], Text(50_000)]

# ---- declarations: demand forecasts and industries ------------------------------------------------


class DemandForecastCreate(RequestModel):
    enterprise_id: Nullable[Id] = Field(default=None, description="Defaults to the user's enterprise")
    year: Year
    occupation: col(DemandForecast.occupation, required=True)
    level: Enum(FORECAST_LEVELS)
    majors: Nullable[Items] = None
    headcount: Int(1, 100_000)
    skills: Nullable[Items] = None
    month: Nullable[Int(1, 12)] = None
    declared_date: Nullable[Day] = Field(default=None, description="Defaults to today")


DemandForecastPatch = partial(DemandForecastCreate)


class DemandForecastOut(ResponseModel):
    id: int
    enterprise_id: int
    enterprise: str
    year: int
    occupation: str
    occupation_code: Nullable[str]
    occupation_input: Nullable[str]
    level: Enum(FORECAST_LEVELS)
    majors: list[str]
    headcount: int
    skills: list[str]
    month: Nullable[int]
    declared_date: date


class DemandForecastQuery(PageQuery):
    year: Nullable[Year] = None
    enterprise_id: Nullable[Id] = None


class MemberIndustryPut(RequestModel):
    # A code, or a code followed by its name ("C34 通用设备制造业"); null or absent clears it.
    industry_code: Nullable[Text(100)] = Field(default=None, description="A GB/T 4754-2017 industry code")


class MemberIndustryOut(ResponseModel):
    id: int
    name: str
    industry_code: Nullable[str]


# ---- declarations: alignment -----------------------------------------------------------------------


class AlignmentQuery(QueryModel):
    year: Nullable[Year] = Field(default=None, description="Defaults to the current year")
    supply: Nullable[Enum(monitoring.SUPPLY_BASES)] = Field(default=None, description="Defaults to graduates")
    demand: Nullable[Enum(monitoring.DEMAND_BASES)] = Field(default=None, description="Defaults to forecasts")
    school_id: Nullable[Id] = Field(default=None, description="One school's majors against the demand")


class AlignmentRowOut(ResponseModel):
    category: str
    supply: float
    demand: float
    supply_share: float
    demand_share: float
    share_ratio: Nullable[float]
    gap: float
    flag: Enum(ALIGNMENT_FLAGS)


class AlignmentOut(ResponseModel):
    year: int
    index: Nullable[float]
    supply_total: float
    demand_total: float
    rows: list[AlignmentRowOut]


# ---- declarations: talent-demand reports -------------------------------------------------------------


class ReportTotalsOut(ResponseModel):
    headcount: int
    lines: int
    enterprises: int
    graduates: int


class ReportIndustryOut(ResponseModel):
    code: str
    name: str
    headcount: int


class ReportOccupationOut(ResponseModel):
    name: str
    code: str
    headcount: int


class ReportMajorOut(ResponseModel):
    name: str
    category: str
    headcount: float


class ReportSkillOut(ResponseModel):
    name: str
    headcount: int


class ReportLevelOut(ResponseModel):
    level: Enum(FORECAST_LEVELS)
    name: str
    headcount: int


class ReportAlignmentRowOut(ResponseModel):
    category: str
    supply: float
    demand: float
    supply_share: float
    demand_share: float
    ratio: Nullable[float]
    gap: float
    flag: Enum(ALIGNMENT_FLAGS)


class ReportAlignmentOut(ResponseModel):
    index: Nullable[float]
    supply_total: float
    demand_total: float
    rows: list[ReportAlignmentRowOut]


class ReportGapOut(ResponseModel):
    category: str
    gap: float


class ReportGapsOut(ResponseModel):
    over: list[ReportGapOut]
    under: list[ReportGapOut]


class ReportTrendOut(ResponseModel):
    year: int
    index: Nullable[float]


class ReportFiguresOut(ResponseModel):
    """The figures frozen into a version when it was generated (shares in percent)."""

    year: int
    generated_on: date
    totals: ReportTotalsOut
    by_industry: list[ReportIndustryOut]
    by_occupation: list[ReportOccupationOut]
    by_major: list[ReportMajorOut]
    by_skill: list[ReportSkillOut]
    by_level: list[ReportLevelOut]
    alignment: ReportAlignmentOut
    gaps: ReportGapsOut
    trend: list[ReportTrendOut]


class ReportVersionOut(ResponseModel):
    number: int
    published_date: Nullable[date]


class TalentReportOut(ResponseModel):
    id: int
    year: int
    title: str
    version: int
    published_date: Nullable[date]
    narrative: str
    figures: ReportFiguresOut
    versions: list[ReportVersionOut]


class TalentReportCreate(RequestModel):
    year: Year


class TalentReportQuery(QueryModel):
    version: Nullable[Int(1)] = Field(default=None, description="A version number (default: the latest one)")


class TalentReportPatch(RequestModel):
    # The service counts the cleaned text (CRLF as one character, stripped) against NARRATIVE_LIMIT.
    narrative: Text(2 * reports.NARRATIVE_LIMIT)
    title: Nullable[col(TalentReport.title)] = None


class TalentReportPublish(RequestModel):
    published_date: Nullable[Day] = Field(default=None, description="Defaults to today")


# ---- declarations: matchmaking events and outcomes ---------------------------------------------------


class MatchmakingEventCreate(RequestModel):
    kind: Enum(EVENT_KINDS)
    title: col(MatchmakingEvent.title, required=True)
    date: Day
    place: col(MatchmakingEvent.place, required=True)
    organizer_id: Nullable[Id] = Field(default=None, description="The secretariat may name the organizing member")
    positions_offered: Nullable[col(MatchmakingEvent.positions_offered)] = None
    enterprise_ids: Nullable[Ids] = None
    position_ids: Nullable[Ids] = None


class MatchmakingEventOut(ResponseModel):
    id: int
    kind: Enum(EVENT_KINDS)
    title: str
    date: date
    place: str
    organizer_id: Nullable[int]
    enterprise_ids: list[int]
    position_ids: list[int]
    attendees: int
    offers: int


class EventQuery(QueryModel):
    year: Nullable[Year] = None


class EventAttendeesCreate(RequestModel):
    student_nos: StudentNos


class EventAttendeesOut(ResponseModel):
    added: int
    attendees: int


class EventCountsOut(ResponseModel):
    year: int
    events: int
    enterprises: int
    attendees: int
    offers: int
    placements: int


class OutcomeRatesOut(ResponseModel):
    graduates: int
    placed: int
    employed: int
    local: int
    further_study: int
    unemployed: int
    to_internship_enterprise: int
    employment_rate: Nullable[float]
    local_rate: Nullable[float]
    further_study_rate: Nullable[float]


class SchoolOutcomeOut(OutcomeRatesOut):
    school_id: int
    school: str


class MajorOutcomeOut(OutcomeRatesOut):
    school_id: int
    major: str


class OutcomesOut(ResponseModel):
    year: int
    overall: OutcomeRatesOut
    schools: list[SchoolOutcomeOut]
    majors: list[MajorOutcomeOut]


class OutcomeQuery(QueryModel):
    year: Nullable[Year] = Field(default=None, description="Defaults to the current year")


# ---- demand forecasts and industries ------------------------------------------------------------------

def forecast_dict(f) -> dict:
    return {"id": f.id, "enterprise_id": f.enterprise_id, "enterprise": f.enterprise.name, "year": f.year,
            "occupation": f.occupation, "occupation_code": f.occupation_code, "occupation_input": f.occupation_input,
            "level": f.level, "majors": f.majors, "headcount": f.headcount, "skills": f.skills, "month": f.month,
            "declared_date": serialize(f.declared_date)}


forecasts = RecordOperations("/demand-forecasts", "demand_forecast", id_name="forecast_id", tag=TAG,
                             out=DemandForecastOut, to_dict=forecast_dict, get=forecast_services.get_forecast)
forecasts.list(forecast_services.list_forecasts, DemandForecastQuery, "Demand forecasts of the consortium")
forecasts.create(forecast_services.create_forecast, DemandForecastCreate,
                 "Declare a demand line (the enterprise or the secretariat)")
forecasts.read("A demand line")
forecasts.patch(forecast_services.update_forecast, DemandForecastPatch, "Edit a demand line (only the fields given)")
forecasts.delete(forecast_services.delete_forecast, "Delete a demand line")


@operation("put", "/members/<int:member_id>/industry", summary="Set an enterprise's GB/T 4754-2017 industry code",
           tag=TAG, body=MemberIndustryPut, response=MemberIndustryOut)
def put_member_industry(member_id, body):
    member = db.session.get(Member, member_id)
    if member is None or member.consortium_id != api_consortium().id:
        raise NotFound(_("记录不存在"))
    member = forecast_services.set_industry(actor(), member, body.industry_code)
    return jsonify({"id": member.id, "name": member.name, "industry_code": member.industry_code})


# ---- alignment ------------------------------------------------------------------------------------------

@operation("get", "/alignment", summary="Alignment of supply and demand per 专业大类 for a year", tag=TAG,
           query=AlignmentQuery, response=AlignmentOut)
def get_alignment(query):
    consortium = api_consortium()
    year = query.year or today().year
    supply = query.supply or "graduates"
    demand = query.demand or "forecasts"
    if query.school_id:
        school = db.session.get(Member, query.school_id)
        if school is None or school.consortium_id != consortium.id or not school.is_school:
            raise NotFound(_("记录不存在"))
        result = monitoring.school_view(actor(), school, year, supply, demand)["alignment"]
    else:
        require_member_user(actor(), consortium.id)
        result = monitoring.alignment_for(consortium.id, year, supply, demand)
    return jsonify({"year": year, "index": result.index, "supply_total": result.supply_total,
                    "demand_total": result.demand_total,
                    "rows": [{"category": r.category, "supply": r.supply, "demand": round(r.demand, 1),
                              "supply_share": round(r.supply_share, 4), "demand_share": round(r.demand_share, 4),
                              "share_ratio": r.share_ratio, "gap": r.gap, "flag": r.flag}
                             for r in result.rows if r.flag != "none"]})


# ---- talent-demand reports ------------------------------------------------------------------------------

def report_dict(report, version) -> dict:
    return {"id": report.id, "year": report.year, "title": report.title, "version": version.number,
            "published_date": serialize(version.published_date), "narrative": version.narrative,
            "figures": version.figures,
            "versions": [{"number": v.number, "published_date": serialize(v.published_date)}
                         for v in report.versions if v.is_published
                         or reports.can_manage_reports(actor(), report.consortium_id)]}


@operation("get", "/talent-reports", summary="Generated talent-demand reports the user may read", tag=TAG,
           response=list_of(TalentReportOut))
def list_talent_reports():
    rows = reports.list_reports(actor(), api_consortium().id)
    return jsonify({"items": [report_dict(r, reports.visible_version(actor(), r)) for r in rows]})


@operation("post", "/talent-reports", summary="Generate the report of a year (secretariat)", tag=TAG,
           body=TalentReportCreate, response=TalentReportOut, status=201)
def generate_talent_report(body):
    report = reports.generate_report(actor(), api_consortium(), body.year)
    return jsonify(report_dict(report, report.latest)), 201


@operation("get", "/talent-reports/<int:report_id>", summary="A report version (?version=N; members: published ones)",
           tag=TAG, query=TalentReportQuery, response=TalentReportOut)
def get_talent_report(report_id, query):
    report = reports.get_report(actor(), report_id)
    return jsonify(report_dict(report, reports.visible_version(actor(), report, query.version)))


@operation("patch", "/talent-reports/<int:report_id>", tag=TAG, body=TalentReportPatch, response=TalentReportOut,
           summary="Edit the narrative (a published version makes a new one)")
def patch_talent_report(report_id, body):
    report = reports.get_report(actor(), report_id)
    version = reports.edit_report(actor(), report, body.narrative, body.title)
    return jsonify(report_dict(report, version))


@operation("post", "/talent-reports/<int:report_id>/publish", tag=TAG, body=TalentReportPublish, body_optional=True,
           response=TalentReportOut, summary="Publish the latest draft on published_date (today if omitted) "
                                             "(secretariat)")
def publish_talent_report(report_id, body):
    report = reports.get_report(actor(), report_id)
    version = reports.publish_report(actor(), report, body.published_date)
    return jsonify(report_dict(report, version))


# ---- matchmaking events and outcomes ------------------------------------------------------------------------

def event_dict(e) -> dict:
    return {"id": e.id, "kind": e.kind, "title": e.title, "date": serialize(e.date), "place": e.place,
            "organizer_id": e.organizer_id, "enterprise_ids": [m.id for m in e.enterprises],
            "position_ids": [p.id for p in e.positions], "attendees": len(e.attendees), "offers": len(e.offers)}


@operation("get", "/events", summary="Matchmaking events", tag=TAG, query=EventQuery,
           response=list_of(MatchmakingEventOut))
def list_events(query):
    rows = event_services.list_events(actor(), api_consortium().id, year=query.year)
    return jsonify({"items": [event_dict(e) for e in rows]})


@operation("post", "/events", summary="Record a matchmaking event (secretariat or a school)", tag=TAG,
           body=MatchmakingEventCreate, response=MatchmakingEventOut, status=201)
def create_event(body):
    consortium = api_consortium()
    data = body_data(body)
    for key in ("enterprise_ids", "position_ids"):
        data[key] = data.get(key) or []
    if data.get("organizer_id") is not None:
        # As on the page: the secretariat (none) or one of the consortium's schools.
        organizer = db.session.get(Member, data["organizer_id"])
        if organizer is None or organizer.consortium_id != consortium.id or not organizer.is_school:
            raise ValidationError(_("请更正标出的字段"), {"organizer_id": _("请选择本联合体的成员学校")})
    return jsonify(event_dict(event_services.save_event(actor(), consortium, data))), 201


@operation("post", "/events/<int:event_id>/attendees", summary="Check students in by number", tag=TAG,
           body=EventAttendeesCreate, response=EventAttendeesOut)
def add_event_attendees(event_id, body):
    event = event_services.get_event(actor(), event_id)
    value = body.student_nos
    added = event_services.add_attendees(actor(), event, value if isinstance(value, str) else "\n".join(value))
    return jsonify({"added": added, "attendees": len(event.attendees)})


@operation("get", "/events/counts", summary="Events, enterprises, attendees, offers and placements per year", tag=TAG,
           response=list_of(EventCountsOut))
def event_counts():
    consortium = api_consortium()
    years = monitoring.years_on_record(consortium.id)
    return jsonify({"items": [asdict(c) for c in event_services.yearly_counts(actor(), consortium.id, years)]})


@operation("get", "/outcomes", summary="Graduate outcome rates of a year, per school and major", tag=TAG,
           query=OutcomeQuery, response=OutcomesOut)
def get_outcomes(query):
    consortium = api_consortium()
    page = outcomes.outcome_page(actor(), consortium, query.year or today().year)

    def rates(r):
        return {k: getattr(r, k) for k in ("graduates", "placed", "employed", "local", "further_study", "unemployed",
                                           "to_internship_enterprise", "employment_rate", "local_rate",
                                           "further_study_rate")}

    return jsonify({"year": page["year"], "overall": rates(page["overall"]),
                    "schools": [{"school_id": sid, "school": name, **rates(r)} for name, sid, r in page["schools"]],
                    "majors": [{"school_id": sid, "major": major, **rates(r)} for _n, sid, major, r in page["majors"]]})
