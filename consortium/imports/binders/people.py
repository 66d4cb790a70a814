"""Binders for organisations and people: members, enterprise_years, students, teachers."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...members.models import EnterpriseYear, Member
from ...members.services import MAX_YEAR, MIN_YEAR, _validate_member
from ...people.models import Student, Teacher
from ...crypto import blind_index
from ...people.services import availability_errors, duplicate_id_message, students_with_id_numbers
from .base import Binder, Ctx, PlanItem, norm_name


class MemberBinder(Binder):
    """成员单位, keyed by name within the consortium; the secretariat only."""
    type_name, model = "members", Member
    direct = ("name", "type", "city", "students", "sector", "joined_date", "left_date", "role")

    def __init__(self):
        self.create_required = {"joined_date": _("新建成员单位须填写加入日期")}
        self.create_defaults = {"role": "member"}

    def bind(self, ctx: Ctx, row) -> PlanItem:
        values = self.direct_values(ctx, row.data)
        return PlanItem(row.line, (norm_name(row.data["name"]),), values)

    def existing(self, ctx: Ctx, items):
        return {(k,): m for k, m in ctx.members.items()}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        # The members service's own rules (students only for schools, sector only for enterprises …).
        merged = {k: getattr(item.record, k) for k in self.direct} if item.record is not None else {}
        merged.update(item.values)
        if item.record is not None:
            merged["name"] = item.record.name  # the key matched; keep the stored spelling's clash check quiet
        errors = _validate_member(ctx.consortium.id, merged, item.record)
        for field, message in errors.items():
            ctx.error(item.line, field if field in ctx.spec.by_name else None, str(message))
        return not errors

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)


class EnterpriseYearBinder(Binder):
    """企业年度数据, keyed by (enterprise, year); an enterprise imports its own."""
    type_name, model = "enterprise_years", EnterpriseYear
    roles = ("admin", "enterprise")
    direct = ("year", "employees", "assets", "sales", "main_revenue", "coop_benefit")

    def bind(self, ctx: Ctx, row):
        member = ctx.member(row.line, "member", row.data.get("member"), kind="enterprise", own_only=True,
                            own_message=lambda: _("只能导入本企业的年度数据"))
        year = row.data["year"]
        if not MIN_YEAR <= year <= MAX_YEAR:
            ctx.error(row.line, "year", _("年度应在 %(a)d 到 %(b)d 之间", a=MIN_YEAR, b=MAX_YEAR))
        if member is None:
            return None
        values = self.direct_values(ctx, row.data)
        values["member_id"] = member.id
        return PlanItem(row.line, (member.id, year), values)

    def existing(self, ctx: Ctx, items):
        ids = {i.key[0] for i in items}
        rows = db.session.scalars(select(EnterpriseYear).where(EnterpriseYear.member_id.in_(ids)))
        return {(r.member_id, r.year): r for r in rows}


class _PersonBinder(Binder):
    """Shared by students and teachers: keyed by (organisation, number); a school/enterprise imports its own."""
    org_column = number_column = ""
    org_attr = number_attr = ""
    org_kind = ""

    def own_message(self) -> str:
        raise NotImplementedError

    def bind(self, ctx: Ctx, row):
        data = row.data
        org = ctx.member(row.line, self.org_column, data.get(self.org_column), kind=self.org_kind,
                         own_only=True, own_message=self.own_message)
        if org is None:
            return None
        values = self.direct_values(ctx, data)
        values[self.org_attr] = org.id
        self.extra_rules(ctx, row.line, values)
        return PlanItem(row.line, (org.id, data[self.number_column]), values)

    def extra_rules(self, ctx: Ctx, line: int, values: dict) -> None:
        """Rules of the people service that the column spec does not already enforce."""

    def existing(self, ctx: Ctx, items):
        ids = {i.key[0] for i in items}
        org_col = getattr(self.model, self.org_attr)
        rows = db.session.scalars(select(self.model).where(org_col.in_(ids)))
        return {(getattr(r, self.org_attr), getattr(r, self.number_attr)): r for r in rows}


class StudentBinder(_PersonBinder):
    """学生: (school, student_no). Same rules as people.services.validate_student."""
    type_name, model = "students", Student
    roles = ("admin", "school")
    org_column, number_column, org_attr, number_attr, org_kind = "school", "student_no", "school_id", "student_no", \
        "school"
    direct = ("student_no", "name", "id_number", "gender", "phone", "major", "major_code", "skills", "city",
              "enrol_year", "graduation_year", "pathway", "admission_route", "outcome", "outcome_city",
              "available_from", "available_to")

    def __init__(self):
        self.create_defaults = {"pathway": "none", "admission_route": "regular", "skills": list}

    def own_message(self) -> str:
        return _("只能导入本校的学生")

    def existing(self, ctx: Ctx, items):
        found = super().existing(ctx, items)
        # ID numbers already held by the school's students, one query per school for the whole file.
        taken: dict = {}
        by_school: dict = {}
        for item in items:
            if item.values.get("id_number"):
                by_school.setdefault(item.key[0], []).append(item.values["id_number"])
        for school_id, numbers in by_school.items():
            for digest, student_id in students_with_id_numbers(school_id, numbers).items():
                taken[(school_id, digest)] = student_id
        ctx.cache["id_numbers_taken"] = taken
        ctx.cache["id_numbers_in_file"] = {}
        return found

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        """One student per ID number within a school: a new or changed number not held by a student on record,
        and no number twice in the file."""
        number = item.values.get("id_number")
        if not number:
            return True
        school_id = item.key[0]
        digest = blind_index(number)
        seen = ctx.cache["id_numbers_in_file"].setdefault((school_id, digest), item.key)
        unchanged = item.record is not None and item.record.id_number == number
        taken = not unchanged and (school_id, digest) in ctx.cache["id_numbers_taken"]
        if taken or seen != item.key:
            ctx.error(item.line, "id_number", duplicate_id_message())
            return False
        return True

    def extra_rules(self, ctx, line, values):
        for key in ("enrol_year", "graduation_year"):
            if values.get(key) is not None and not 1950 <= values[key] <= 2100:
                ctx.error(line, key, _("年份无效"))
        for key, message in availability_errors(values.get("available_from"), values.get("available_to")).items():
            ctx.error(line, key, message)
        for key in ("pathway", "admission_route"):  # NOT NULL with a default: a blank cell keeps it
            if key in values and values[key] is None:
                del values[key]


class TeacherBinder(_PersonBinder):
    """教师与企业导师: (employer, staff_no). Same rules as people.services.validate_teacher."""
    type_name, model = "teachers", Teacher
    roles = ("admin", "school", "enterprise")
    org_column, number_column, org_attr, number_attr, org_kind = "employer", "staff_no", "employer_id", "staff_no", \
        "teacher_employer"
    direct = ("staff_no", "name", "subject", "skills", "dual_qualified", "post", "city")

    def __init__(self):
        self.create_defaults = {"dual_qualified": False, "post": "fixed", "skills": list}

    def own_message(self) -> str:
        return _("只能导入本单位的教师")

    def extra_rules(self, ctx, line, values):
        for key in ("dual_qualified", "post"):
            if key in values and values[key] is None:
                del values[key]
