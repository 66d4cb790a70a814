"""Pages of the teacher exchange: engagements, per-teacher records, the two-way flow and the overview."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import can_admin_consortium
from ..figures.teachers import ENTERPRISE_PART_TIME, INTER_SCHOOL_PART_TIME
from ..members.context import current_consortium
from ..timeutil import report_year
from ..web import (button_action, filter_args, form_data, form_page, optional_year_arg, paginate, permitted,
                   permitted_in, post_action, year_arg)
from . import reports, services
from .forms import ConfirmForm, DeleteForm, EngagementForm, EvidenceForm, SessionForm, TargetForm
from ..params import id_arg

bp = Blueprint("teachers", __name__)


def _engagement_url(engagement) -> str:
    return url_for("teachers.engagement_detail", engagement_id=engagement.id)


def _record_url(teacher) -> str:
    return url_for("teachers.teacher_record", teacher_id=teacher.id)


def kind_label(kind):
    return {ENTERPRISE_PART_TIME: _("企业兼职教师"),
            INTER_SCHOOL_PART_TIME: _("校际兼职教师")}.get(kind, _("不计入（本校授课或其他）"))


def _engagement_form(consortium, engagement=None) -> EngagementForm:
    form = EngagementForm(obj=engagement)
    form.teacher_id.choices = [(t.id, f"{t.name}（{t.staff_no}）· {t.employer.name}")
                               for t in services.teachers_for(current_user, consortium.id)]
    form.host_id.choices = [(m.id, m.name) for m in services.host_schools(consortium.id)]
    return form


@bp.get("/engagements")
@login_required
def list_engagements():
    consortium = current_consortium()
    filters = {"side": "", "confirmed": "",
               **filter_args("side", "confirmed", choices={"side": {"sent", "received"}, "confirmed": {"yes", "no"}}),
               "year": optional_year_arg()}
    stmt = services.list_engagements(current_user, consortium.id, **filters)
    return render_template("teachers/engagements.html", page=paginate(stmt), filters=filters,
                           kind_of=services.engagement_kind_of, kind_label=kind_label,
                           can_create=services.can_create_engagement(current_user, consortium.id),
                           show_sides=services.acts_for_organization(current_user))


@bp.route("/engagements/new", methods=["GET", "POST"])
@login_required
def create_engagement():
    consortium = permitted_in(current_consortium(), services.can_create_engagement)
    form = _engagement_form(consortium)
    if request.method == "GET" and id_arg("teacher"):
        form.teacher_id.data = id_arg("teacher")
    return form_page(form, services.ENGAGEMENT_FIELDS,
                     lambda data: services.create_engagement(current_user, consortium.id, data),
                     _("已登记兼职授课，待授课学校确认"), _engagement_url, "teachers/engagement_form.html",
                     title=_("登记兼职授课"))


@bp.get("/engagements/<int:engagement_id>")
@login_required
def engagement_detail(engagement_id):
    engagement = services.get_engagement(current_user, engagement_id)
    return render_template("teachers/engagement_detail.html", e=engagement,
                           kind=kind_label(services.engagement_kind_of(engagement)),
                           can_edit=services.is_employer_side(current_user, engagement),
                           can_confirm=services.can_confirm(current_user, engagement),
                           can_log=services.can_log_sessions(current_user, engagement),
                           session_form=SessionForm(), confirm_form=ConfirmForm(), delete_form=DeleteForm())


@bp.route("/engagements/<int:engagement_id>/edit", methods=["GET", "POST"])
@login_required
def edit_engagement(engagement_id):
    engagement = permitted(services.get_engagement(current_user, engagement_id), services.is_employer_side)
    form = _engagement_form(current_consortium(), engagement)
    return form_page(form, services.ENGAGEMENT_FIELDS,
                     lambda data: services.update_engagement(current_user, engagement, data), _("已保存"),
                     _engagement_url(engagement), "teachers/engagement_form.html", title=_("编辑兼职授课"),
                     engagement=engagement)


@bp.post("/engagements/<int:engagement_id>/delete")
@login_required
def delete_engagement(engagement_id):
    engagement = services.get_engagement(current_user, engagement_id)
    return button_action(DeleteForm(), lambda: services.delete_engagement(current_user, engagement),
                         _("已删除兼职授课记录"), url_for("teachers.list_engagements"))


@bp.post("/engagements/<int:engagement_id>/confirm")
@login_required
def confirm_engagement(engagement_id):
    engagement = services.get_engagement(current_user, engagement_id)
    return button_action(ConfirmForm(), lambda: services.confirm_engagement(current_user, engagement),
                         _("已确认兼职授课及课时"), _engagement_url(engagement))


@bp.post("/engagements/<int:engagement_id>/sessions")
@login_required
def log_session(engagement_id):
    engagement = services.get_engagement(current_user, engagement_id)
    form = SessionForm()
    post_action(form, lambda: services.log_session(current_user, engagement, form_data(form, ("date", "hours", "topic"))),
                _("已登记课时"))
    return redirect(_engagement_url(engagement))


@bp.post("/engagements/<int:engagement_id>/sessions/<int:session_id>/delete")
@login_required
def delete_session(engagement_id, session_id):
    engagement = services.get_engagement(current_user, engagement_id)
    return button_action(DeleteForm(), lambda: services.delete_session(current_user, engagement, session_id),
                         _("已删除该次课时"), _engagement_url(engagement))


@bp.get("/exchange/teachers/<int:teacher_id>")
@login_required
def teacher_record(teacher_id):
    teacher = services.get_record_teacher(current_user, teacher_id)
    record = reports.teacher_record(current_user, teacher, year_arg(report_year()))
    return render_template("teachers/record.html", r=record, evidence_form=EvidenceForm(), delete_form=DeleteForm(),
                           kind_of=services.engagement_kind_of, kind_label=kind_label)


@bp.post("/exchange/teachers/<int:teacher_id>/evidence")
@login_required
def add_evidence(teacher_id):
    teacher = permitted(services.get_record_teacher(current_user, teacher_id), services.can_manage_teacher)
    form = EvidenceForm()
    post_action(form, lambda: services.add_evidence(current_user, teacher, form_data(
        form, ("kind", "title", "issuer", "issued_date", "note"))), _("已添加双师型佐证"))
    return redirect(_record_url(teacher))


@bp.post("/exchange/teachers/<int:teacher_id>/evidence/<int:evidence_id>/delete")
@login_required
def delete_evidence(teacher_id, evidence_id):
    teacher = services.get_record_teacher(current_user, teacher_id)
    return button_action(DeleteForm(), lambda: services.delete_evidence(current_user, teacher, evidence_id), _("已删除"),
                         _record_url(teacher))


def _chart(overview) -> dict:
    """The chart's data for static/js/charts.js: categories and series, no code."""
    keys = [("teachers.enterprise_part_time.person_times", _("企业兼职教师（人次）")),
            ("teachers.inter_school_part_time.person_times", _("校际兼职教师（人次）")),
            ("teachers.enterprise_practice.person_months", _("教师企业实践（人月）")),
            ("teachers.dual_qualified.count", _("双师型教师（人）"))]
    return {"type": "bar", "categories": [str(y) for y in overview["years"]],
            "series": [{"name": label, "data": [float(overview["series"][y][key].value) for y in overview["years"]]}
                       for key, label in keys]}


@bp.get("/exchange")
@login_required
def exchange():
    consortium = current_consortium()
    year = year_arg(report_year())
    if can_admin_consortium(current_user, consortium.id):
        data = reports.overview(current_user, consortium.id, year)
        return render_template("teachers/overview.html", o=data, year=year, chart=_chart(data))
    if not services.has_member_flow(current_user):
        abort(403)
    member = current_user.member
    flow = reports.member_flow(current_user, member, year)
    sent = reports.engagements_by_ids([e.id for e in flow["sent"]])
    received = reports.engagements_by_ids([e.id for e in flow["received"]])
    target = flow.get("target")
    form = TargetForm(year=year, months_per_teacher=target.months_per_teacher if target else None) if member.is_school else None
    return render_template("teachers/exchange_member.html", f=flow, year=year, sent=sent, received=received,
                           target_form=form, kind_of=services.engagement_kind_of, kind_label=kind_label)


@bp.post("/exchange/target")
@login_required
def set_target():
    member = services.target_school(current_user, request.form.get("school_id", type=int))
    form = TargetForm()
    post_action(form, lambda: services.set_practice_target(current_user, member, form.year.data,
                                                           form.months_per_teacher.data),
                lambda _r: _("已保存 %(year)d 年度教师企业实践目标", year=form.year.data))
    return redirect(url_for("teachers.exchange", year=form.year.data) if form.year.data and not form.year.errors
                    else url_for("teachers.exchange"))
