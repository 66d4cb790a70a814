"""Pages for student and teacher records: lists, forms and their own accounts."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.models import User
from ..access import can_admin_consortium
from ..errors import NotAllowed, ValidationError
from ..extensions import db
from ..members.context import current_consortium
from ..tables.normalize import mask_id_number, mask_phone
from ..members.lookups import filter_choices
from ..members.models import Member
from ..vocab import POSTS, SCHOOL_TYPES, TEACHER_EMPLOYER_TYPES
from ..web import flash_invalid, form_page, paginate, permitted, post_action
from . import services
from .forms import AccountForm, RevealForm, StudentForm, TeacherForm, member_choices
from ..params import id_arg
from ..web import optional_year_arg

bp = Blueprint("people", __name__)



@bp.app_template_filter("mask_id")
def mask_id_filter(value):
    return mask_id_number(value) if value else ""


@bp.app_template_global("under_age")
def under_age_global(person) -> bool:
    """For the badge on student lists and pages: the placement age rule of people.services."""
    return services.is_under_age(person)


@bp.app_template_global("min_placement_age")
def min_placement_age_global() -> int:
    return services.min_placement_age()


@bp.app_template_filter("mask_phone")
def mask_phone_filter(value):
    return mask_phone(value) if value else ""


def account_of(person):
    """The login linked to a student or teacher record, if any."""
    column = User.student_id if person.kind == "student" else User.teacher_id
    return db.session.scalar(select(User).where(column == person.id))


def _is_admin(consortium) -> bool:
    return can_admin_consortium(current_user, consortium.id)


def _own_org_or_choice(form, field_name, consortium, types):
    """The secretariat picks the organization; a school or enterprise user always works for its own."""
    field = getattr(form, field_name)
    if _is_admin(consortium):
        field.choices = [("", _("请选择"))] + member_choices(consortium.id, types)
        return None
    if current_user.member is None or current_user.member.type not in types:
        raise NotAllowed(_("只能管理本单位的学生和教师"))
    del form[field_name]
    return current_user.member


def _org(consortium, own, chosen_id) -> Member:
    if own is not None:
        return own
    member = db.session.get(Member, chosen_id or 0)
    if member is None or member.consortium_id != consortium.id:
        abort(404)
    return member


def _edit_form(form_class, person, organization, org_field: str):
    """The edit form of a student or teacher, for a user who manages the people of their `organization` (else 403):
    skills as one text, and no organization field (a person does not change organization here)."""
    permitted(organization, services.can_manage_people_of)
    form = form_class(obj=person, data={"skills": "、".join(person.skills or [])})
    del form[org_field]
    return form


def _student_url(student) -> str:
    return url_for("jobs.student_detail", student_id=student.id)


def _teacher_url(teacher) -> str:
    return url_for("people.teacher_detail", teacher_id=teacher.id)


# ---- students --------------------------------------------------------------------------------

@bp.get("/students")
@login_required
def list_students():
    consortium = current_consortium()
    filters = {"q": request.args.get("q", "").strip(), "major": request.args.get("major", "").strip(),
               "graduation_year": optional_year_arg("graduation_year"),
               "school_id": id_arg("school_id")}
    stmt = services.list_students(current_user, consortium.id, **filters)
    is_admin = _is_admin(consortium)
    return render_template("people/students.html", page=paginate(stmt), filters=filters, is_admin=is_admin,
                           schools=(filter_choices(consortium.id, SCHOOL_TYPES, filters["school_id"], kind="school")
                                    if is_admin else []))


@bp.route("/students/new", methods=["GET", "POST"])
@login_required
def create_student():
    consortium = current_consortium()
    form = StudentForm()
    own = _own_org_or_choice(form, "school_id", consortium, SCHOOL_TYPES)
    return form_page(form, services.STUDENT_FIELDS, lambda data: services.create_student(
        current_user, _org(consortium, own, form.school_id.data if own is None else None), data),
        lambda student: _("已添加学生 %(name)s", name=student.name), _student_url,
        "people/form.html", title=_("添加学生"), cancel_url=url_for("people.list_students"))


@bp.route("/students/<int:student_id>/edit", methods=["GET", "POST"])
@login_required
def edit_student(student_id):
    student = services.get_student(current_user, student_id)
    form = _edit_form(StudentForm, student, student.school, "school_id")
    # The stored ID number and phone are never put into the page (masked by default); an empty field keeps them.
    if request.method == "GET":
        form.id_number.data = form.phone.data = ""
    form.id_number.description = _("当前：%(masked)s；留空则不修改", masked=mask_id_number(student.id_number) or "—")
    form.phone.description = _("当前：%(masked)s；留空则不修改", masked=mask_phone(student.phone) or "—")

    def save(data):
        for key in ("id_number", "phone"):
            if not (data.get(key) or "").strip():
                data.pop(key, None)
        return services.update_student(current_user, student, data)

    return form_page(form, services.STUDENT_FIELDS, save, _("已保存"), _student_url(student), "people/form.html",
                     title=_("编辑学生 %(name)s", name=student.name), cancel_url=_student_url(student))


def revealed_response(subject: str, rows, reason: str, back_url: str):
    """The page that shows revealed numbers: never cached, never in a URL (the reveal is a POST)."""
    response = make_response(render_template("people/revealed.html", subject=subject, rows=rows, reason=reason,
                                             back_url=back_url))
    response.headers["Cache-Control"] = "no-store"
    return response


def reveal_or_back(reveal, back_url: str, subject: str, labels):
    """Run a reveal service with the posted reason; on a missing reason, back to the page with a message."""
    form = RevealForm()
    shown = []
    if post_action(form, lambda: shown.append(reveal(form.reason.data))):
        values, reason = shown[0]
        return revealed_response(subject, [(label, values.get(key)) for key, label in labels], reason, back_url)
    return redirect(back_url)


@bp.post("/students/<int:student_id>/reveal")
@login_required
def reveal_student(student_id):
    """Reveal the student's full ID number and phone, with a reason (audited)."""
    student = services.get_student(current_user, student_id)
    if not services.may_reveal_student(current_user, student):
        abort(403)

    def reveal(reason):
        values = services.reveal_student(current_user, student, reason, ip=request.remote_addr)
        return values, values.pop("reason")

    return reveal_or_back(reveal, _student_url(student), student.label,
                          [("id_number", _("身份证号")), ("phone", _("手机号"))])


@bp.post("/students/<int:student_id>/account")
@login_required
def student_account(student_id):
    return _create_account(services.get_student(current_user, student_id), "jobs.student_detail", "student_id")


# ---- teachers and enterprise experts -------------------------------------------------------------

@bp.get("/teachers")
@login_required
def list_teachers():
    consortium = current_consortium()
    dual = request.args.get("dual", "")
    filters = {"q": request.args.get("q", "").strip(), "employer_id": id_arg("employer_id"),
               "dual_qualified": {"yes": True, "no": False}.get(dual)}
    stmt = services.list_teachers(current_user, consortium.id, **filters)
    is_admin = _is_admin(consortium)
    return render_template("people/teachers.html", page=paginate(stmt), filters=dict(filters, dual=dual),
                           is_admin=is_admin, posts=POSTS, registers_experts=services.registers_experts(current_user),
                           employers=filter_choices(consortium.id, TEACHER_EMPLOYER_TYPES, filters["employer_id"], kind="employer")
                           if is_admin else [])


def _teacher_form_choices(form, consortium):
    if "serves_school_id" in form:
        form.serves_school_id.choices = [("", _("（无）"))] + member_choices(consortium.id, SCHOOL_TYPES)


@bp.route("/teachers/new", methods=["GET", "POST"])
@login_required
def create_teacher():
    consortium = current_consortium()
    form = TeacherForm()
    own = _own_org_or_choice(form, "employer_id", consortium, TEACHER_EMPLOYER_TYPES)
    _teacher_form_choices(form, consortium)
    title = _("添加企业导师") if services.registers_experts(current_user) else _("添加教师")
    return form_page(form, services.TEACHER_FIELDS, lambda data: services.create_teacher(
        current_user, _org(consortium, own, form.employer_id.data if own is None else None), data),
        lambda teacher: _("已添加 %(name)s", name=teacher.name), _teacher_url,
        "people/form.html", title=title, cancel_url=url_for("people.list_teachers"))


@bp.get("/teachers/<int:teacher_id>")
@login_required
def teacher_detail(teacher_id):
    teacher = services.get_teacher(current_user, teacher_id)
    return render_template("people/teacher_detail.html", teacher=teacher, posts=POSTS,
                           can_edit=services.can_manage_people_of(current_user, teacher.employer),
                           account=account_of(teacher), account_form=AccountForm())


@bp.route("/teachers/<int:teacher_id>/edit", methods=["GET", "POST"])
@login_required
def edit_teacher(teacher_id):
    teacher = services.get_teacher(current_user, teacher_id)
    form = _edit_form(TeacherForm, teacher, teacher.employer, "employer_id")
    _teacher_form_choices(form, teacher.employer.consortium)
    return form_page(form, services.TEACHER_FIELDS, lambda data: services.update_teacher(current_user, teacher, data),
                     _("已保存"), _teacher_url(teacher), "people/form.html", title=_("编辑 %(name)s", name=teacher.name),
                     cancel_url=_teacher_url(teacher))


@bp.post("/teachers/<int:teacher_id>/account")
@login_required
def teacher_account(teacher_id):
    return _create_account(services.get_teacher(current_user, teacher_id), "people.teacher_detail", "teacher_id")


def _create_account(person, endpoint, key):
    form = AccountForm()
    if form.validate_on_submit():
        try:
            user = services.create_login_for(current_user, person, username=form.username.data,
                                             password=form.password.data)
        except ValidationError as exc:
            db.session.rollback()
            for message in [exc.message, *exc.fields.values()]:
                flash(message, "danger")
        else:
            flash(_("已为 %(name)s 创建账号 %(username)s", name=person.name, username=user.username), "success")
    else:
        flash_invalid(form)
    return redirect(url_for(endpoint, **{key: person.id}))
