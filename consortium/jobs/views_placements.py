"""Pages for placements (lifecycle, compliance documents, overlaps), unplaced candidates and programmes."""
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.models import User
from ..access import can_admin_consortium, require_consortium_admin
from ..errors import Conflict, NotAllowed, ValidationError
from ..extensions import db
from ..members.context import current_consortium
from ..members.models import Member
from ..vocab import PLACEMENT_STATUSES, POSITION_KINDS, PROGRAMME_KINDS, SCHOOL_TYPES, TEACHER_EMPLOYER_TYPES
from ..members.lookups import filter_choices
from ..people.forms import member_choices
from ..web import button_action, form_data, form_failed, form_page, paginate, permitted, save_form
from . import candidates, placements, positions, programmes, uploads
from .forms import ActionForm, ComplianceForm, OverrideForm, ProgrammeForm, RecordPlacementForm
from .models import Placement
from .views_common import bp
from ..params import id_arg


def _placement_url(placement) -> str:
    return url_for("jobs.placement_detail", placement_id=placement.id)


COMPLIANCE_FIELDS = ("agreement_signed_date", "insurer", "policy_no", "insurance_start", "insurance_end")


@bp.get("/placements")
@login_required
def list_placements():
    consortium = current_consortium()
    if candidates.is_candidate_account(current_user):
        return redirect(url_for("jobs.my_placements"))
    args = request.args
    filters = {"status": args.get("status", ""), "kind": args.get("kind", ""),
               "missing_documents": args.get("missing") == "1", "school_id": id_arg("school_id")}
    stmt = placements.list_placements(current_user, consortium.id, **filters)
    is_admin = can_admin_consortium(current_user, consortium.id)
    return render_template("jobs/placements.html", page=paginate(stmt), filters=filters, statuses=PLACEMENT_STATUSES,
                           kinds=POSITION_KINDS, is_admin=is_admin,
                           schools=(filter_choices(consortium.id, SCHOOL_TYPES, filters["school_id"], kind="school")
                                    if is_admin else []))


def _render_placement(placement, compliance_form=None, override_form=None, status=200):
    return render_template(
        "jobs/placement_detail.html", placement=placement,
        transitions=placements.allowed_transitions(current_user, placement), action_form=ActionForm(),
        can_edit_compliance=placements.can_edit_compliance(current_user, placement),
        is_admin=can_admin_consortium(current_user, placement.position.consortium_id),
        compliance_form=compliance_form or ComplianceForm(obj=placement),
        override_form=override_form or OverrideForm(), statuses=PLACEMENT_STATUSES,
        override_by=db.session.get(User, placement.override_by_id) if placement.override_by_id else None,
    ), status


@bp.get("/placements/<int:placement_id>")
@login_required
def placement_detail(placement_id):
    return _render_placement(placements.get_placement(current_user, placement_id))


@bp.post("/placements/<int:placement_id>/status")
@login_required
def transition_placement(placement_id):
    placement = placements.get_placement(current_user, placement_id)
    form = ActionForm()
    return button_action(form, lambda: placements.transition_placement(current_user, placement, form.value.data),
                         lambda _r: _("状态已改为“%(status)s”", status=placement.status_label),
                         _placement_url(placement), refused=(ValidationError, Conflict, NotAllowed))


@bp.post("/placements/<int:placement_id>/compliance")
@login_required
def save_compliance(placement_id):
    placement = permitted(placements.get_placement(current_user, placement_id), placements.can_edit_compliance)
    form = ComplianceForm()
    if form.validate_on_submit():
        stored = None
        try:
            data = form_data(form, COMPLIANCE_FIELDS)
            if form.agreement_scan.data:
                stored = data["agreement_file"] = uploads.store_agreement(form.agreement_scan.data.stream)
            placements.save_compliance(current_user, placement, data)
        except ValidationError as exc:
            uploads.discard(stored)
            form_failed(form, exc)
        else:
            flash(_("协议和保险信息已保存"), "success")
            return redirect(_placement_url(placement))
    return _render_placement(placement, compliance_form=form)


@bp.post("/placements/<int:placement_id>/override")
@login_required
def override_compliance(placement_id):
    placement = placements.get_placement(current_user, placement_id)
    form = OverrideForm()
    if save_form(form, ("reason",),
                 lambda data: placements.override_compliance(current_user, placement, data["reason"])):
        flash(_("已记录豁免"), "success")
        return redirect(_placement_url(placement))
    if not can_admin_consortium(current_user, placement.position.consortium_id):
        abort(403)
    return _render_placement(placement, override_form=form)


@bp.get("/placements/<int:placement_id>/agreement")
@login_required
def download_agreement(placement_id):
    placement = placements.get_placement(current_user, placement_id)
    path, mimetype, ext = uploads.agreement_file(placement.agreement_file)
    return send_file(path, mimetype=mimetype, as_attachment=True,
                     download_name=f"agreement-{placement.id}.{ext}", max_age=0)


@bp.route("/placements/record", methods=["GET", "POST"])
@login_required
def record_placement():
    consortium = current_consortium()
    require_consortium_admin(current_user, consortium.id)
    form = RecordPlacementForm()
    position_rows = db.session.scalars(positions.list_positions(current_user, consortium.id)).all()
    form.position_id.choices = [("", _("请选择"))] + [(p.id, f"{p.code} · {p.title} · {p.enterprise.name}")
                                                    for p in position_rows]
    form.org_id.choices = [("", _("请选择"))] + member_choices(
        consortium.id, TEACHER_EMPLOYER_TYPES)
    if form.validate_on_submit():
        try:
            placement = placements.record_placement_by_number(
                current_user, consortium.id, form_data(form, ("position_id", "candidate_kind", "org_id", "number",
                                                              "status", "start_date", "end_date")))
        except (ValidationError, Conflict) as exc:
            if isinstance(exc, Conflict):
                exc = ValidationError(exc.message, {"number": exc.message})
            form_failed(form, exc)
        else:
            flash(_("已补录岗位安排"), "success")
            return redirect(_placement_url(placement))
    return render_template("jobs/form.html", form=form, title=_("补录岗位安排"),
                           intro=_("补录已经发生的岗位安排（历史记录）。缺少三方协议或保险的学生安排会被标红提醒。"),
                           cancel_url=url_for("jobs.list_placements"))


@bp.get("/placements/overlaps")
@login_required
def overlaps():
    consortium = current_consortium()
    return render_template("jobs/overlaps.html", pairs=placements.overlapping_pairs(current_user, consortium.id))


@bp.get("/school/unplaced")
@login_required
def unplaced():
    consortium = current_consortium()
    school = candidates.own_school(current_user)
    if school is None:
        school = db.session.get(Member, id_arg("school_id") or 0)
        if not can_admin_consortium(current_user, consortium.id):
            abort(403)
    schools = (filter_choices(consortium.id, SCHOOL_TYPES, school.id if school else None, kind="school")
               if can_admin_consortium(current_user, consortium.id) else [])
    if school is None or school.consortium_id != consortium.id:
        return render_template("jobs/unplaced.html", school=None, schools=schools)
    students, teachers = placements.unplaced_candidates(current_user, school)
    running = db.session.scalars(placements.list_placements(current_user, consortium.id, school_id=school.id)
                                 .where(Placement.status.in_(("accepted", "active")))).all()
    return render_template("jobs/unplaced.html", school=school, schools=schools, students=students,
                           teachers=teachers, running=running)


# ---- joint programmes ----------------------------------------------------------------------------

@bp.get("/programmes")
@login_required
def list_programmes():
    consortium = current_consortium()
    stmt = programmes.list_programmes(current_user, consortium.id, kind=request.args.get("kind", ""))
    return render_template("jobs/programmes.html", page=paginate(stmt), kinds=PROGRAMME_KINDS,
                           kind=request.args.get("kind", ""),
                           can_create=programmes.can_create_programmes(current_user, consortium.id))


def _programme_form(consortium, programme=None):
    data = {"students": "\n".join(s.student_no for s in programme.students)} if programme else {}
    form = ProgrammeForm(obj=programme, data=data)
    if can_admin_consortium(current_user, consortium.id):
        form.school_id.choices = [("", _("请选择"))] + member_choices(consortium.id, SCHOOL_TYPES)
    elif candidates.own_school(current_user) is not None:
        school = candidates.own_school(current_user)
        form.school_id.choices = [(school.id, school.name)]
    else:
        abort(403)
    form.enterprise_id.choices = [("", _("请选择"))] + member_choices(consortium.id, ("enterprise",))
    return form


def _programme_data(form, data) -> dict:
    """The form's programme fields and its list of student numbers, as the programme services take them."""
    return {**data, "student_nos": form.students.data or ""}


def _programme_url(programme) -> str:
    return url_for("jobs.programme_detail", programme_id=programme.id)


@bp.route("/programmes/new", methods=["GET", "POST"])
@login_required
def create_programme():
    consortium = current_consortium()
    form = _programme_form(consortium)
    return form_page(form, programmes.PROGRAMME_FIELDS,
                     lambda data: programmes.create_programme(current_user, consortium.id, _programme_data(form, data)),
                     lambda programme: _("已创建联合培养项目 %(name)s", name=programme.name), _programme_url,
                     "jobs/form.html", title=_("新建联合培养项目"), cancel_url=url_for("jobs.list_programmes"))


@bp.get("/programmes/<int:programme_id>")
@login_required
def programme_detail(programme_id):
    programme = programmes.get_programme(current_user, programme_id)
    return render_template("jobs/programme_detail.html", programme=programme,
                           can_edit=programmes.can_manage_programme(current_user, programme))


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@login_required
def edit_programme(programme_id):
    programme = permitted(programmes.get_programme(current_user, programme_id), programmes.can_manage_programme)
    form = _programme_form(programme.school.consortium, programme)
    return form_page(form, programmes.PROGRAMME_FIELDS,
                     lambda data: programmes.update_programme(current_user, programme, _programme_data(form, data)),
                     _("已保存"), _programme_url(programme), "jobs/form.html",
                     title=_("编辑 %(name)s", name=programme.name), cancel_url=_programme_url(programme))
