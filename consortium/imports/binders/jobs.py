"""Binders for positions, placements, joint programmes and part-time teaching engagements."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ...errors import Conflict
from ...extensions import db
from ...jobs.models import SLOT_STATUSES, TEACHER_KINDS, Placement, Position, Programme
from ...people.models import Student, Teacher
from ...teachers.models import Engagement
from ...teachers.services import MAX_HOURS
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
        record, values = item.record, item.values
        if record is None:
            return True
        if not ctx.is_admin and record.enterprise_id != ctx.own_member_id:
            ctx.error(item.line, "code", _("岗位编号「%(code)s」已被其他单位使用", code=record.code))
            return False
        ok = True
        if values.get("slots") is not None and values["slots"] < record.filled:
            ctx.error(item.line, "slots", _("名额不能少于已录用人数（%(n)d）", n=record.filled))
            ok = False
        if values.get("kind", record.kind) != record.kind and record.filled:
            ctx.error(item.line, "kind", _("已有录用人员的岗位不能更改类型"))
            ok = False
        start, end = values.get("start_date", record.start_date), values.get("end_date", record.end_date)
        if end is not None and start is not None and end < start:
            ctx.error(item.line, "end_date", _("结束日期不能早于开始日期"))
            ok = False
        return ok

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, filled=0, **values)


class PlacementBinder(Binder):
    """岗位安排, keyed by (position, candidate, candidate_org): history recorded by the secretariat.

    Slots are accounted as jobs.services does it: a placement in an accepted/active/completed status
    holds one slot, taken with a conditional UPDATE (`filled + n <= slots`), one per position."""
    type_name, model = "placements", Placement
    roles = ("admin",)

    def prepare(self, ctx: Ctx, rows):
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
            values = {"teacher_id": person.id}
        else:
            person = ctx.cache["students"].get((org.id, number))
            if person is None:
                ctx.error(line, "candidate", _("「%(org)s」没有学号为 %(no)s 的学生", org=org.name, no=number))
                return None
            values = {"student_id": person.id}
        values["position_id"] = position.id
        if data.get("status") is not None:
            values["status"] = data["status"]
        if data.get("start_date") is not None:  # blank dates mean "the position's dates"
            values["start_date"] = data["start_date"]
            if "end_date" in ctx.columns:
                values["end_date"] = data.get("end_date")
        item = PlanItem(line, (position.id, person.kind, person.id), values)
        item.position = position
        return item

    def existing(self, ctx: Ctx, items):
        ids = {i.key[0] for i in items}
        rows = db.session.scalars(select(Placement).where(Placement.position_id.in_(ids)))
        return {(r.position_id, "student" if r.student_id else "teacher", r.student_id or r.teacher_id): r
                for r in rows}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        values, record, position = item.values, item.record, item.position
        if record is None:
            values.setdefault("status", "accepted")
            values["source"] = "import"
            if values.get("start_date") is None:
                values["start_date"], values["end_date"] = position.start_date, position.end_date
        start = values.get("start_date", record.start_date if record else None)
        end = values.get("end_date", record.end_date if record else None)
        if end is not None and start is not None and end < start:
            ctx.error(item.line, "end_date", _("结束日期不能早于开始日期"))
            return False
        return True

    @staticmethod
    def _deltas(items) -> dict[int, list]:
        deltas: dict[int, list] = defaultdict(lambda: [0, []])
        for item in items:
            old = item.record.status if item.record is not None else None
            new = item.values.get("status", old)
            d = (new in SLOT_STATUSES) - (old in SLOT_STATUSES)
            if d:
                entry = deltas[item.values["position_id"]]
                entry[0] += d
                entry[1].append(item.line)
        return deltas

    def finalize(self, ctx: Ctx, items):
        by_id = {p.id: p for p in _positions_by_code(ctx).values()}
        for pid, (delta, lines) in self._deltas(items).items():
            position = by_id[pid]
            if position.filled + delta > position.slots:
                for line in lines:
                    ctx.error(line, "position", _("岗位「%(code)s」名额不足：共 %(slots)d 个，已占用 %(filled)d 个，"
                                                  "本文件还需 %(need)d 个", code=position.code, slots=position.slots,
                                                  filled=position.filled, need=delta))
        ctx.cache["slot_deltas"] = self._deltas(items)

    def after_write(self, ctx: Ctx, items):
        for pid, (delta, _lines) in sorted(ctx.cache.get("slot_deltas", {}).items()):
            # The same conditional UPDATE as jobs.services.take_slot, for n slots at once: race-safe.
            result = db.session.execute(
                update(Position).where(Position.id == pid, Position.filled + delta <= Position.slots,
                                       Position.filled + delta >= 0)
                .values(filled=Position.filled + delta).execution_options(synchronize_session=False))
            if result.rowcount != 1:
                raise Conflict(_("岗位名额已被占用，请重新预览后再导入"))
        for position in _positions_by_code(ctx).values():
            db.session.expire(position, ["filled"])


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
        record = item.record
        if record is not None and not ctx.is_admin and record.school_id != ctx.own_member_id:
            ctx.error(item.line, "name", _("项目名称「%(name)s」已被其他单位使用", name=record.name))
            return False
        return True

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)


class EngagementBinder(Binder):
    """兼职授课, keyed by (teacher of an organisation, host school, start date); the employer imports."""
    type_name, model = "engagements", Engagement
    roles = ("admin", "school", "enterprise")

    def __init__(self):
        self.create_required = {"course": _("新建兼职授课须填写课程")}

    def prepare(self, ctx: Ctx, rows):
        ctx.cache["teachers"] = _people_of(ctx, Teacher, "employer_id", "staff_no",
                                           {r.data.get("teacher_org") for r in rows})

    def bind(self, ctx: Ctx, row):
        data, line = row.data, row.line
        org = ctx.member(line, "teacher_org", data.get("teacher_org"), own_only=True,
                         own_message=lambda: _("只能导入本单位教师的兼职授课"))
        host = ctx.member(line, "host", data.get("host"), kind="school")
        if org is None or host is None:
            return None
        teacher = ctx.cache["teachers"].get((org.id, data["teacher"]))
        if teacher is None:
            ctx.error(line, "teacher", _("「%(org)s」没有工号为 %(no)s 的教师", org=org.name, no=data["teacher"]))
            return None
        values = {k: data.get(k) for k in ("course", "start_date", "end_date", "class_hours") if k in ctx.columns}
        if values.get("class_hours") is not None:
            hours = Decimal(values["class_hours"]).quantize(Decimal("0.1"))
            if hours > MAX_HOURS:
                ctx.error(line, "class_hours", _("课时数应在 0 到 99999.9 之间"))
                return None
            values["class_hours"] = hours
        values.update(teacher_id=teacher.id, host_id=host.id)
        return PlanItem(line, (teacher.id, host.id, data["start_date"]), values)

    def existing(self, ctx: Ctx, items):
        ids = {i.key[0] for i in items}
        rows = db.session.scalars(select(Engagement).where(Engagement.teacher_id.in_(ids)))
        return {(e.teacher_id, e.host_id, e.start_date): e for e in rows}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        record = item.record
        start = item.values.get("start_date")
        end = item.values.get("end_date", record.end_date if record else None)
        if end is not None and start is not None and end < start:
            ctx.error(item.line, "end_date", _("结束日期不能早于开始日期"))
            return False
        return True

    def on_update(self, ctx: Ctx, item: PlanItem) -> None:
        # As teachers.services.update_engagement: a change by anyone but the host needs confirming again.
        if ctx.own_member_id != item.record.host_id:
            item.record.confirmed_by_host = False
            item.record.confirmed_at = None
            item.record.confirmed_by_id = None

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)
