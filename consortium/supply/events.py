"""Matchmaking events (人才供需对接活动): enterprises, positions, attendees, offers, placements they led to."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import acts_for, can_admin_consortium, require_member_user
from ..common import found, invalid, text_or_none
from ..errors import NotAllowed
from ..extensions import db
from ..jobs.models import Placement, Position
from ..members.models import Member
from ..people.models import Student
from . import figures
from ..vocab import EVENT_KINDS, SCHOOL_TYPES
from .models import EventAttendee, EventOffer, MatchmakingEvent, PlacementEvent, event_enterprise

_TOKENS = re.compile(r"[\s,，、;；]+")


def can_record_events(actor, consortium_id: int) -> bool:
    """The secretariat and the member schools record events."""
    return can_admin_consortium(actor, consortium_id) or actor.role == "school"


def can_manage_event(actor, event: MatchmakingEvent) -> bool:
    return can_admin_consortium(actor, event.consortium_id) or (
        event.organizer_id is not None and acts_for(actor, event.organizer_id))


def list_events(actor, consortium_id: int, *, year: int | None = None) -> list[MatchmakingEvent]:
    require_member_user(actor, consortium_id)
    stmt = select(MatchmakingEvent).where(MatchmakingEvent.consortium_id == consortium_id)
    if year:
        stmt = stmt.where(MatchmakingEvent.date.between(date(year, 1, 1), date(year, 12, 31)))
    return db.session.scalars(stmt.order_by(MatchmakingEvent.date.desc())).all()


def get_event(actor, event_id: int) -> MatchmakingEvent:
    event = found(MatchmakingEvent, event_id, _("记录不存在"))
    require_member_user(actor, event.consortium_id)
    return event


def _require_manager(actor, event: MatchmakingEvent) -> None:
    if not can_manage_event(actor, event):
        raise NotAllowed(_("只有秘书处和主办学校可以修改该活动"))


def save_event(actor, consortium, data: dict, event: MatchmakingEvent | None = None) -> MatchmakingEvent:
    """Create or update an event: kind, title, date, place, enterprises, positions (linked or as text)."""
    require_member_user(actor, consortium.id)
    if event is None and not can_record_events(actor, consortium.id):
        raise NotAllowed(_("只有秘书处和学校可以登记对接活动"))
    if event is not None:
        _require_manager(actor, event)
    errors = {}
    if data.get("kind") not in EVENT_KINDS:
        errors["kind"] = _("请选择活动类型")
    title, place = text_or_none(data.get("title")), text_or_none(data.get("place"))
    if not title or len(title) > 200:
        errors["title"] = _("请填写活动名称（不超过 200 字）")
    if not place or len(place) > 200:
        errors["place"] = _("请填写活动地点（不超过 200 字）")
    day = data.get("date")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            day = None
    if not isinstance(day, date):
        errors["date"] = _("请填写活动日期（YYYY-MM-DD）")
    enterprises = []
    for mid in data.get("enterprise_ids") or []:
        m = db.session.get(Member, int(mid))
        if m is None or m.consortium_id != consortium.id or m.type != "enterprise":
            errors["enterprise_ids"] = _("参加企业应为本联合体的企业成员")
            break
        enterprises.append(m)
    positions = []
    for pid in data.get("position_ids") or []:
        p = db.session.get(Position, int(pid))
        if p is None or p.consortium_id != consortium.id:
            errors["position_ids"] = _("岗位应为本联合体平台上的岗位")
            break
        positions.append(p)
    if errors:
        invalid(errors)
    clash = db.session.scalar(select(MatchmakingEvent.id).where(
        MatchmakingEvent.consortium_id == consortium.id, MatchmakingEvent.title == title, MatchmakingEvent.date == day))
    if clash is not None and (event is None or clash != event.id):
        invalid({"title": _("同一天已登记同名活动")})
    if event is None:
        organizer_id = data.get("organizer_id") if can_admin_consortium(actor, consortium.id) else actor.member_id
        event = MatchmakingEvent(consortium_id=consortium.id, organizer_id=organizer_id or None)
        db.session.add(event)
    event.kind, event.title, event.date, event.place = data["kind"], title, day, place
    event.positions_offered = text_or_none(data.get("positions_offered"))
    # Enterprises whose positions are linked took part too.
    for p in positions:
        if p.enterprise not in enterprises:
            enterprises.append(p.enterprise)
    event.enterprises = enterprises
    event.positions = positions
    db.session.flush()
    return event


def _students_by_no(event: MatchmakingEvent, actor, tokens: list[str]) -> tuple[list[Student], dict]:
    errors: dict[str, str] = {}
    found: list[Student] = []
    stmt = (select(Student).join(Member, Student.school_id == Member.id)
            .where(Member.consortium_id == event.consortium_id, Student.student_no.in_(tokens)))
    if not can_admin_consortium(actor, event.consortium_id):
        stmt = stmt.where(Student.school_id == actor.member_id)
    by_no: dict[str, list[Student]] = {}
    for s in db.session.scalars(stmt):
        by_no.setdefault(s.student_no, []).append(s)
    bad = []
    for token in tokens:
        hits = by_no.get(token, [])
        if len(hits) != 1:
            bad.append(token)
        elif hits[0] not in found:
            found.append(hits[0])
    if bad:
        errors["student_nos"] = _("找不到或不唯一的学号：%(nos)s", nos="、".join(bad[:20]))
    return found, errors


def add_attendees(actor, event: MatchmakingEvent, student_nos: str) -> int:
    """Check in students by their numbers (one or many, e.g. pasted from a sign-in sheet); all or nothing.
    A school adds its own students; the secretariat any of the consortium's. Returns how many were new."""
    get_event(actor, event.id)
    if not (can_manage_event(actor, event) or actor.role == "school"):
        raise NotAllowed(_("只有秘书处和学校可以登记参会学生"))
    tokens = [t for t in _TOKENS.split(student_nos or "") if t]
    if not tokens:
        invalid({"student_nos": _("请填写学号")})
    students, errors = _students_by_no(event, actor, tokens)
    if errors:
        invalid(errors)
    have = {a.student_id for a in event.attendees}
    new = [s for s in students if s.id not in have]
    for s in new:
        event.attendees.append(EventAttendee(student_id=s.id))
    db.session.flush()
    return len(new)


def add_offer(actor, event: MatchmakingEvent, data: dict) -> EventOffer:
    """An offer an enterprise made at the event to a student (the enterprise, the school or the secretariat)."""
    get_event(actor, event.id)
    errors = {}
    enterprise = db.session.get(Member, int(data["enterprise_id"])) if data.get("enterprise_id") else None
    if enterprise is None or enterprise not in event.enterprises:
        errors["enterprise_id"] = _("请选择参加本次活动的企业")
    elif not (can_manage_event(actor, event) or acts_for(actor, enterprise.id) or actor.role == "school"):
        raise NotAllowed(_("无权登记该企业的录用意向"))
    students, student_errors = _students_by_no(event, actor if actor.role != "enterprise" else _Secretariat(event),
                                               [t for t in _TOKENS.split(data.get("student_no") or "") if t][:1])
    if student_errors or not students:
        errors["student_no"] = _("找不到该学号的学生")
    position = None
    if data.get("position_id"):
        position = db.session.get(Position, int(data["position_id"]))
        if position is None or position not in event.positions:
            errors["position_id"] = _("请选择本次活动提供的岗位")
    if errors:
        invalid(errors)
    student = students[0]
    if any(o.enterprise_id == enterprise.id and o.student_id == student.id for o in event.offers):
        invalid({"student_no": _("该企业已向这名学生发出录用意向")})
    offer = EventOffer(enterprise_id=enterprise.id, student_id=student.id, position_id=position.id if position else None)
    event.offers.append(offer)
    db.session.flush()
    return offer


class _Secretariat:
    """An enterprise names students of any school when recording its own offers (lookup scope only)."""

    role = "admin"

    def __init__(self, event):
        self.consortium_id = event.consortium_id


def link_placement(actor, event: MatchmakingEvent, placement_id: int) -> PlacementEvent:
    """Say that a placement came from this event (a placement names at most one event)."""
    get_event(actor, event.id)
    _require_manager(actor, event)
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.position.consortium_id != event.consortium_id:
        invalid({"placement_id": _("找不到该岗位安排")})
    link = db.session.get(PlacementEvent, placement.id)
    if link is None:
        link = PlacementEvent(placement_id=placement.id, event_id=event.id)
        db.session.add(link)
    else:
        link.event_id = event.id
    db.session.flush()
    return link


def event_placements(event: MatchmakingEvent) -> list[Placement]:
    return db.session.scalars(select(Placement).join(PlacementEvent, PlacementEvent.placement_id == Placement.id)
                              .where(PlacementEvent.event_id == event.id)).all()


def event_records(consortium_id: int) -> list[figures.EventRecord]:
    """Every event of the consortium as counted records (one query per count, never one per event)."""
    def counts(stmt):
        return dict(db.session.execute(stmt).all())

    enterprises = counts(select(event_enterprise.c.event_id, func.count()).group_by(event_enterprise.c.event_id))
    attendees = counts(select(EventAttendee.event_id, func.count()).group_by(EventAttendee.event_id))
    offers = counts(select(EventOffer.event_id, func.count()).group_by(EventOffer.event_id))
    placements = counts(select(PlacementEvent.event_id, func.count()).group_by(PlacementEvent.event_id))
    return [figures.EventRecord(e.id, e.date, enterprises.get(e.id, 0), attendees.get(e.id, 0), offers.get(e.id, 0),
                                placements.get(e.id, 0))
            for e in db.session.execute(select(MatchmakingEvent.id, MatchmakingEvent.date)
                                        .where(MatchmakingEvent.consortium_id == consortium_id))]


def yearly_counts(actor, consortium_id: int, years: list[int]) -> list[figures.EventCounts]:
    require_member_user(actor, consortium_id)
    records = event_records(consortium_id)
    return [figures.count_events(records, y) for y in years]


def position_choices(consortium_id: int) -> list[tuple[int, str]]:
    return [(p.id, f"{p.code} {p.title}") for p in db.session.execute(
        select(Position.id, Position.code, Position.title).where(Position.consortium_id == consortium_id)
        .order_by(Position.code))]


def school_choices(consortium_id: int) -> list[tuple[int, str]]:
    return [(r.id, r.name) for r in db.session.execute(
        select(Member.id, Member.name).where(Member.consortium_id == consortium_id, Member.type.in_(SCHOOL_TYPES))
        .order_by(Member.name))]
