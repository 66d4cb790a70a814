"""Binders for positions, placements and joint programmes."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...errors import Conflict, ValidationError
from ...extensions import db
from ...jobs import placements, positions, programmes
from ...jobs.models import Placement, Position, Programme
from ...vocab import TEACHER_KINDS
from ...people.models import Student, Teacher
from .base import Binder, Ctx, PlanItem, norm_name


def _positions_by_code(ctx: Ctx) -> dict[str, Position]:
    if "positions" not in ctx.cache:
        rows = db.session.scalars(select(Position).where(Position.consortium_id == ctx.consortium.id))
        ctx.cache["positions"] = {p.code: p for p in rows}
    return ctx.cache["positions"]


def _people_of(ctx: Ctx, model, org_attr: str, number_attr: str, org_names) -> dict[tuple, object]:
    """(org id, number) → Student/Teacher for every organisation the file names: one query."""
    ids = {m.id for m in (ctx.members.get(norm_name(n)) for n in org_names if n) if m is not None}
    if not ids:
        return {}
    rows = db.session.scalars(select(model).where(getattr(model, org_attr).in_(ids)))
    return {(getattr(r, org_attr), getattr(r, number_attr)): r for r in rows}


def _managed_and_valid(ctx: Ctx, item: PlanItem, may_manage, change_errors, key_column: str, taken) -> bool:
    """A row may update only a record its importer may manage (else `taken(record)` on the key column), and its
    values must pass the service's own change check; every refusal is reported on the row."""
    record = item.record
    if record is not None and not may_manage(ctx.actor, record):
        ctx.error(item.line, key_column, taken(record))
        return False
    errors = change_errors(record, item.values)
    for column, message in errors.items():
        ctx.error(item.line, column, message)
    return not errors


class PositionBinder(Binder):
    """岗位, keyed by code within the consortium; an enterprise imports its own."""
    type_name, model = "positions", Position
    roles = ("admin", "enterprise")
    direct = ("code", "kind", "title", "majors", "skills", "city", "slots", "start_date", "end_date",
              "description", "status")

    def __init__(self):
        self.create_required = {"start_date": _("新建岗位须填写开始日期")}
        self.create_defaults = {"status": "open", "slots": 1, "majors": list, "skills": list}

    def bind(self, ctx: Ctx, row):
        enterprise = ctx.member(row.line, "enterprise", row.data.get("enterprise"), kind="enterprise",
                                own_only=True, own_message=lambda: _("只能导入本企业的岗位"))
        if enterprise is None:
            return None
        values = self.direct_values(ctx, row.data)
        for key in ("status", "slots"):
            if key in values and values[key] is None:
                del values[key]
        values["enterprise_id"] = enterprise.id
        return PlanItem(row.line, (row.data["code"],), values)

    def existing(self, ctx: Ctx, items):
        return {(code,): p for code, p in _positions_by_code(ctx).items()}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        return _managed_and_valid(ctx, item, positions.can_manage_position, positions.change_errors, "code",
                                  lambda p: _("岗位编号「%(code)s」已被其他单位使用", code=p.code))

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, filled=0, **values)


class PlacementBinder(Binder):
    """岗位安排, keyed by (position, candidate, candidate_org): history recorded by the secretariat.

    This binder only maps columns: the statuses, dates, compliance gate and slot counting are the bulk
    placement service's (jobs.placements), the same rules the record form and the lifecycle apply."""
    type_name, model = "placements", Placement
    roles = ("admin",)

    def prepare(self, ctx: Ctx, rows):
        placements.require_bulk_placements(ctx.actor, ctx.consortium.id)
        _positions_by_code(ctx)
        names = {r.data.get("candidate_org") for r in rows}
        ctx.cache["students"] = _people_of(ctx, Student, "school_id", "student_no", names)
        ctx.cache["teachers"] = _people_of(ctx, Teacher, "employer_id", "staff_no", names)

    def bind(self, ctx: Ctx, row):
        data, line = row.data, row.line
        position = _positions_by_code(ctx).get(data["position"])
        if position is None:
            ctx.error(line, "position", _("未找到岗位编号「%(code)s」", code=data["position"]))
        org = ctx.member(line, "candidate_org", data.get("candidate_org"))
        if position is None or org is None:
            return None
        number = data["candidate"]
        if position.kind in TEACHER_KINDS:
            person = ctx.cache["teachers"].get((org.id, number))
            if person is None:
                ctx.error(line, "candidate", _("「%(org)s」没有工号为 %(no)s 的教师（教师企业实践岗位只能安排教师）",
                                               org=org.name, no=number))
                return None
        else:
            person = ctx.cache["students"].get((org.id, number))
            if person is None:
                ctx.error(line, "candidate", _("「%(org)s」没有学号为 %(no)s 的学生", org=org.name, no=number))
                return None
        dates_given = data.get("start_date") is not None  # blank dates mean "the position's dates"
        end_given = dates_given and "end_date" in ctx.columns
        item = PlanItem(line, (position.id, person.kind, person.id), {})
        item.bulk = placements.BulkPlacement(position, person, status=data.get("status"),
                                             start_date=data.get("start_date"),
                                             end_date=data.get("end_date") if end_given else None,
                                             dates_given=dates_given, end_given=end_given)
        return item

    def existing(self, ctx: Ctx, items):
        ids = {i.key[0] for i in items}
        rows = db.session.scalars(select(Placement).where(Placement.position_id.in_(ids)))
        return {(r.position_id, "student" if r.student_id else "teacher", r.student_id or r.teacher_id): r
                for r in rows}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        item.bulk.existing = item.record
        try:
            item.outcome = placements.plan_bulk_placement(item.bulk)
        except (ValidationError, Conflict) as exc:
            fields = exc.fields or {None: exc.message}
            for column, message in fields.items():
                ctx.error(item.line, column if column in ctx.spec.by_name else None,
                          exc.message if column in (None, "candidate") else message)
            return False
        item.values = item.outcome.values
        if item.outcome.waiting_for_documents:
            ctx.warn(item.line, "status", _("缺少三方协议或实习责任保险：按“已接收”导入，补齐材料后方可上岗"))
        return True

    def finalize(self, ctx: Ctx, items):
        need = placements.bulk_slot_needs([(i.bulk.position.id, i.outcome) for i in items])
        by_id = {p.id: p for p in _positions_by_code(ctx).values()}
        for pid, delta in placements.bulk_slot_shortfalls(need, by_id).items():
            position = by_id[pid]
            for item in items:
                if item.bulk.position.id == pid and item.outcome.slot_change:
                    ctx.error(item.line, "position", _("岗位「%(code)s」名额不足：共 %(slots)d 个，已占用 %(filled)d 个，"
                                                       "本文件还需 %(need)d 个", code=position.code,
                                                       slots=position.slots, filled=position.filled, need=delta))
        ctx.cache["slot_need"] = need

    def after_write(self, ctx: Ctx, items):
        placements.apply_bulk_slots(ctx.cache.get("slot_need", {}))


class ProgrammeBinder(Binder):
    """联合培养项目, keyed by name; a school imports its own."""
    type_name, model = "programmes", Programme
    roles = ("admin", "school")
    direct = ("name", "kind", "start_date", "end_date")

    def __init__(self):
        self.create_required = {"start_date": _("新建联合培养项目须填写开始日期")}

    def prepare(self, ctx: Ctx, rows):
        ctx.cache["students"] = _people_of(ctx, Student, "school_id", "student_no",
                                           {r.data.get("school") for r in rows})

    def bind(self, ctx: Ctx, row):
        data, line = row.data, row.line
        school = ctx.member(line, "school", data.get("school"), kind="school", own_only=True,
                            own_message=lambda: _("只能导入本校的联合培养项目"))
        enterprise = ctx.member(line, "enterprise", data.get("enterprise"), kind="enterprise")
        if school is None or enterprise is None:
            return None
        values = self.direct_values(ctx, data)
        values.update(school_id=school.id, enterprise_id=enterprise.id)
        item = PlanItem(line, (data["name"],), values)
        if "students" in ctx.columns:
            found, unknown = [], []
            for number in dict.fromkeys(data.get("students") or []):
                student = ctx.cache["students"].get((school.id, number))
                (found.append(student) if student is not None else unknown.append(number))
            if unknown:
                ctx.error(line, "students", _("「%(school)s」没有这些学号：%(nos)s", school=school.name,
                                              nos="、".join(unknown[:20])))
                return None
            item.links["students"] = found
        return item

    def existing(self, ctx: Ctx, items):
        rows = db.session.scalars(select(Programme).where(Programme.consortium_id == ctx.consortium.id)
                                  .options(selectinload(Programme.students)))
        return {(p.name,): p for p in rows}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        return _managed_and_valid(ctx, item, programmes.can_manage_programme, programmes.change_errors, "name",
                                  lambda p: _("项目名称「%(name)s」已被其他单位使用", name=p.name))

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)
