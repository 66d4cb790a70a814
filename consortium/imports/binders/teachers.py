"""Binder for part-time teaching engagements: columns mapped onto the teacher-exchange services' rules."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...people.models import Teacher
from ...teachers import services as teachers
from ...teachers.models import Engagement
from .base import Binder, Ctx, PlanItem
from .jobs import _people_of


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
            values["class_hours"] = Decimal(values["class_hours"]).quantize(Decimal("0.1"))
        values.update(teacher_id=teacher.id, host_id=host.id)
        return PlanItem(line, (teacher.id, host.id, data["start_date"]), values)

    def existing(self, ctx: Ctx, items):
        ids = {i.key[0] for i in items}
        rows = db.session.scalars(select(Engagement).where(Engagement.teacher_id.in_(ids)))
        return {(e.teacher_id, e.host_id, e.start_date): e for e in rows}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        record = item.record
        errors = teachers.engagement_rule_errors(item.values.get("start_date"),
                                                 item.values.get("end_date", record.end_date if record else None),
                                                 item.values.get("class_hours"))
        for field, message in errors.items():
            ctx.error(item.line, field, message)
        return not errors

    def on_update(self, ctx: Ctx, item: PlanItem) -> None:
        teachers.withdraw_confirmation(ctx.actor, item.record)

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)
