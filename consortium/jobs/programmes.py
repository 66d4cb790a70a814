"""Rules for joint programmes (订单班、冠名班) run by a school with an enterprise."""
from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..access import acts_for, can_admin_consortium, require_login
from ..errors import NotAllowed, ValidationError
from ..extensions import db
from ..common import check_unique_text, found
from ..members.models import Member
from ..people.models import Student
from ..people.services import as_skill_list
from .models import Programme
from ..vocab import PROGRAMME_KINDS


PROGRAMME_FIELDS = ("name", "school_id", "enterprise_id", "kind", "start_date", "end_date")


def can_create_programmes(actor, consortium_id: int) -> bool:
    """The secretariat (for any school) and school accounts (for their own) set up programmes."""
    return can_admin_consortium(actor, consortium_id) or actor.role == "school"


def can_manage_programme(actor, programme: Programme) -> bool:
    """The secretariat or the programme's school."""
    return can_admin_consortium(actor, programme.consortium_id) or acts_for(actor, programme.school_id)


def change_errors(programme: Programme | None, values: dict) -> dict:
    """What a new or changed programme may not do, on typed values (the record's own fill in what `values`
    leaves out): end before it starts. The form and the bulk import both ask this."""
    start = values.get("start_date", programme.start_date if programme is not None else None)
    end = values.get("end_date", programme.end_date if programme is not None else None)
    if start is not None and end is not None and end < start:
        return {"end_date": _("结束日期不能早于开始日期")}
    return {}


def _programme_students(school: Member, data: dict, errors: dict) -> list[Student]:
    """Students from `student_ids` and/or `student_nos` (list or text separated like skills), all of the school."""
    found: dict[int, Student] = {}
    ids = [int(i) for i in (data.get("student_ids") or [])]
    if ids:
        rows = db.session.scalars(select(Student).where(Student.id.in_(ids))).all()
        if len(rows) != len(set(ids)) or any(s.school_id != school.id for s in rows):
            errors["students"] = _("学生必须是本项目学校的学生")
        found.update({s.id: s for s in rows})
    raw = data.get("student_nos")
    if isinstance(raw, (list, tuple)):  # a form bound to the programme carries its Student rows
        raw = [getattr(item, "student_no", item) for item in raw]
    numbers = as_skill_list(" ".join(raw.split()).replace(" ", ",") if isinstance(raw, str) else raw)
    if numbers:
        rows = db.session.scalars(select(Student).where(Student.school_id == school.id,
                                                        Student.student_no.in_(numbers))).all()
        unknown = sorted(set(numbers) - {s.student_no for s in rows})
        if unknown:
            errors["students"] = _("本校没有这些学号：%(nos)s", nos="、".join(unknown[:20]))
        found.update({s.id: s for s in rows})
    return sorted(found.values(), key=lambda s: s.student_no)


def _validate_programme(consortium_id: int, data: dict, programme: Programme | None) -> tuple[dict, list]:
    errors: dict = {}
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    name = clean.get("name") or ""
    check_unique_text(errors, "name", name, max_length=200, required=_("请填写项目名称"),
                      too_long=_("项目名称不超过 200 个字符"), taken=_("已有名为 %(name)s 的联合培养项目", name=name),
                      model=Programme, record=programme, consortium_id=consortium_id)
    if clean.get("kind") not in PROGRAMME_KINDS:
        errors["kind"] = _("请选择项目类型")
    school = db.session.get(Member, clean.get("school_id") or 0)
    if school is None or not school.is_school or school.consortium_id != consortium_id:
        errors["school_id"] = _("请选择本联合体的成员学校")
        school = None
    enterprise = db.session.get(Member, clean.get("enterprise_id") or 0)
    if enterprise is None or not enterprise.is_enterprise or enterprise.consortium_id != consortium_id:
        errors["enterprise_id"] = _("请选择本联合体的成员企业")
    if clean.get("start_date") is None:
        errors["start_date"] = _("请填写开始日期")
    errors.update(change_errors(programme, {k: clean.get(k) for k in ("start_date", "end_date")}))
    students = _programme_students(school, clean, errors) if school is not None else []
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    return clean, students


def create_programme(actor, consortium_id: int, data: dict) -> Programme:
    """A joint programme, by the secretariat or the school running it."""
    require_login(actor)
    if not (can_admin_consortium(actor, consortium_id) or
            (actor.role == "school" and actor.member_id == data.get("school_id"))):
        raise NotAllowed(_("只有秘书处或项目所在学校可以管理联合培养项目"))
    clean, students = _validate_programme(consortium_id, data, None)
    programme = Programme(consortium_id=consortium_id, **{k: clean.get(k) for k in PROGRAMME_FIELDS})
    programme.students = students
    db.session.add(programme)
    db.session.flush()
    return programme


def update_programme(actor, programme: Programme, data: dict) -> Programme:
    """Edit a programme; a school may not hand its programme to another school."""
    require_login(actor)
    if not can_manage_programme(actor, programme):
        raise NotAllowed(_("只有秘书处或项目所在学校可以管理联合培养项目"))
    merged = {k: getattr(programme, k) for k in PROGRAMME_FIELDS}
    merged.update({k: v for k, v in data.items() if k in PROGRAMME_FIELDS + ("student_ids", "student_nos")})
    if not can_admin_consortium(actor, programme.consortium_id):
        merged["school_id"] = programme.school_id
    if "student_ids" not in data and "student_nos" not in data:
        merged["student_ids"] = [s.id for s in programme.students]
    clean, students = _validate_programme(programme.consortium_id, merged, programme)
    for key in PROGRAMME_FIELDS:
        setattr(programme, key, clean.get(key))
    programme.students = students
    db.session.flush()
    return programme


def get_programme(actor, programme_id: int) -> Programme:
    """A programme, for the secretariat, its school or its enterprise."""
    require_login(actor)
    return found(Programme, programme_id, _("联合培养项目不存在"),
                 lambda programme: can_manage_programme(actor, programme) or acts_for(actor, programme.enterprise_id))


def list_programmes(actor, consortium_id: int, *, kind: str = ""):
    """Programmes of the consortium (secretariat), or those a school or enterprise takes part in."""
    require_login(actor)
    stmt = select(Programme).where(Programme.consortium_id == consortium_id)
    if not can_admin_consortium(actor, consortium_id):
        if actor.role not in ("school", "enterprise"):
            raise NotAllowed(_("无权查看"))
        stmt = stmt.where(or_(Programme.school_id == actor.member_id, Programme.enterprise_id == actor.member_id))
    if kind:
        stmt = stmt.where(Programme.kind == kind)
    return stmt.order_by(Programme.start_date.desc(), Programme.name)
