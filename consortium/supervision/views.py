"""Pages of internship supervision: the interns list, a placement's page, check-in, logs, the thread.

Phone first: students and mentors use these on a 375 px screen, one-handed.
"""
import secrets

import segno
from flask import flash, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.models import User
from ..timeutil import today
from ..errors import DomainError, NotFound
from ..extensions import db
from ..web import flash_refusal, post_action
from ..members.context import current_consortium
from ..jobs.models import Placement
from ..jobs.programmes import get_programme
from . import access, checkins, evaluations, incidents
from . import services as sup
from . import uploads
from .forms import (AbsenceForm, ActionForm, CadenceForm, CheckinForm, CommentForm, CountersignForm, EditLogForm,
                    IncidentForm, LogForm, MessageForm, PersonForm, ReasonForm, SiteForm)
from .views_common import bp
from ..vocab import LOG_CADENCES
from .models import Absence, LogAttachment, PlacementMentor

DEVICE_COOKIE = "checkin_device"


def _back(placement, anchor=""):
    return redirect(url_for("supervision.placement", placement_id=placement.id) + anchor)


@bp.get("/")
@login_required
def interns():
    consortium = current_consortium()
    rows = sup.interns(current_user, consortium.id)
    if current_user.role in ("student", "teacher") and len(rows) == 1 and access.is_intern(current_user, rows[0]["placement"]):
        return redirect(url_for("supervision.placement", placement_id=rows[0]["placement"].id))
    return render_template("supervision/interns.html", rows=rows)


@bp.get("/placements/<int:placement_id>")
@login_required
def placement(placement_id):
    p = access.get_placement(current_user, placement_id)
    record = access.supervision_of(p)
    mentors = db.session.scalars(select(User).join(PlacementMentor, PlacementMentor.user_id == User.id)
                                 .where(PlacementMentor.placement_id == p.id)).all()
    supervisor_form = mentor_form = None
    if access.can_assign_supervisor(current_user, p):
        supervisor_form = PersonForm(prefix="sv")
        supervisor_form.user_id.choices = [(u.id, u.teacher.name if u.teacher else u.name)
                                           for u in sup.supervisor_candidates(p)]
    if access.can_assign_mentors(current_user, p):
        mentor_form = PersonForm(prefix="mt")
        mentor_form.user_id.choices = [(u.id, u.name) for u in sup.mentor_candidates(p) if u not in mentors]
    evals = evaluations.evaluations_of(p)
    return render_template(
        "supervision/placement.html", p=p, record=record, mentors=mentors, logs=sup.list_logs(current_user, p),
        overdue=sup.overdue_logs(p), attendance=checkins.attendance(p), recent=checkins.list_checkins(current_user, p, 10),
        incidents=incidents.list_incidents(current_user, p), messages=sup.list_messages(current_user, p),
        evals=evals, final_grade=evaluations.final_grade(evals), blocker=evaluations.completion_blocker(p),
        is_intern=access.is_intern(current_user, p), is_mentor=access.is_mentor(current_user, p),
        is_supervisor=access.is_supervisor(current_user, p),
        can_post=current_user.id in {u.id for u in access.participants(p)},
        can_handle=access.can_handle_incidents(current_user, p),
        supervisor_form=supervisor_form, mentor_form=mentor_form,
        cadence_form=CadenceForm(cadence=record.cadence if record else "weekly") if access.can_set_cadence(current_user, p) else None,
        site=checkins.get_site(p.position_id),
        site_form=SiteForm(prefix="site") if access.can_assign_mentors(current_user, p) else None,
        waiver_form=ReasonForm() if access.can_waive_evaluation(current_user, p) else None,
        message_form=MessageForm(), absence_form=AbsenceForm(), incident_form=IncidentForm(), action_form=ActionForm())


@bp.post("/placements/<int:placement_id>/supervisor")
@login_required
def assign_supervisor(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = PersonForm(prefix="sv")
    form.user_id.choices = [(u.id, u.name) for u in sup.supervisor_candidates(p)]
    post_action(form, lambda: sup.assign_supervisor(current_user, p, db.session.get(User, form.user_id.data)),
                _("已指定校内指导教师"), invalid=_("请选择校内指导教师"), refused=DomainError)
    return _back(p, "#people")


@bp.post("/placements/<int:placement_id>/mentors")
@login_required
def add_mentor(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = PersonForm(prefix="mt")
    form.user_id.choices = [(u.id, u.name) for u in sup.mentor_candidates(p)]
    post_action(form, lambda: sup.add_mentor(current_user, p, db.session.get(User, form.user_id.data)),
                _("已添加企业指导人员"), invalid=_("请选择企业指导人员"), refused=DomainError)
    return _back(p, "#people")


@bp.post("/placements/<int:placement_id>/mentors/<int:user_id>/remove")
@login_required
def remove_mentor(placement_id, user_id):
    p = access.get_placement(current_user, placement_id)
    post_action(ActionForm(), lambda: sup.remove_mentor(current_user, p, user_id), _("已移除企业指导人员"),
                refused=DomainError)
    return _back(p, "#people")


@bp.post("/placements/<int:placement_id>/cadence")
@login_required
def set_cadence(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = CadenceForm()
    post_action(form, lambda: sup.set_cadence(current_user, p, form.cadence.data), _("日志频率已保存"),
                refused=DomainError)
    return _back(p, "#people")


@bp.post("/placements/<int:placement_id>/site")
@login_required
def save_site(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = SiteForm(prefix="site")
    post_action(form, lambda: checkins.save_site(current_user, p, lat=form.lat.data, lng=form.lng.data,
                                                 radius_m=form.radius_m.data),
                _("工作地点已保存"), refused=DomainError)
    return _back(p, "#people")


@bp.post("/placements/<int:placement_id>/waiver")
@login_required
def waive_evaluation(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = ReasonForm()
    post_action(form, lambda: evaluations.waive_mentor_evaluation(current_user, p, form.reason.data),
                _("已记录豁免：该实习可在没有企业评价的情况下结束"), invalid=_("请说明豁免理由（至少 4 个字）"),
                refused=DomainError)
    return _back(p, "#evaluation")


@bp.post("/placements/<int:placement_id>/messages")
@login_required
def post_message(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = MessageForm()
    post_action(form, lambda: sup.post_message(current_user, p, form.body.data), invalid=_("请填写留言内容"),
                refused=DomainError)
    return _back(p, "#messages")


@bp.post("/placements/<int:placement_id>/absences")
@login_required
def request_absence(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = AbsenceForm()
    post_action(form, lambda: checkins.request_absence(current_user, p, day=form.day.data, reason=form.reason.data,
                                                       note=form.note.data),
                _("缺勤说明已提交，等待企业指导人员审批"), refused=DomainError)
    return _back(p, "#attendance")


@bp.post("/absences/<int:absence_id>/decide")
@login_required
def decide_absence(absence_id):
    absence = db.session.get(Absence, absence_id)
    if absence is None:
        raise NotFound(_("记录不存在"))
    p = access.get_placement(current_user, absence.placement_id)
    form = ActionForm()
    post_action(form, lambda: checkins.decide_absence(current_user, absence, form.value.data == "approve"),
                refused=DomainError)
    return _back(p, "#attendance")


# ---- check-in ----------------------------------------------------------------------------------

def _device() -> tuple[str, bool]:
    """The browser's device mark: a random value kept in a long-lived cookie."""
    value = request.cookies.get(DEVICE_COOKIE, "")
    if len(value) == 32 and all(c in "0123456789abcdef" for c in value):
        return value, False
    return secrets.token_hex(16), True


@bp.get("/checkin")
@login_required
def scan():
    """Where the QR code leads: the student's running placement at that site, with the code filled in."""
    site = request.args.get("site", type=int)
    p = db.session.scalar(select(Placement).where(Placement.position_id == site, Placement.status == "active",
                                                  Placement.student_id == current_user.student_id)) \
        if current_user.role == "student" and current_user.student_id else None
    if p is None and current_user.role == "teacher" and current_user.teacher_id:
        p = db.session.scalar(select(Placement).where(Placement.position_id == site, Placement.status == "active",
                                                      Placement.teacher_id == current_user.teacher_id))
    if p is None:
        raise NotFound(_("您在该地点没有进行中的实习"))
    return redirect(url_for("supervision.checkin", placement_id=p.id, code=request.args.get("code", "")[:6]))


@bp.route("/placements/<int:placement_id>/checkin", methods=["GET", "POST"])
@login_required
def checkin(placement_id):
    p = access.get_placement(current_user, placement_id)
    if access.is_mentor(current_user, p) and not access.is_intern(current_user, p):
        shown = checkins.current_code(current_user, p)
        link = url_for("supervision.scan", site=checkins.site_id(p), code=shown["code"], _external=True)
        qr = segno.make(link, error="m").svg_data_uri(scale=5, border=2)
        return render_template("supervision/code.html", p=p, shown=shown, qr=qr)
    form = CheckinForm(code=request.args.get("code", ""))
    attendance = checkins.attendance(p)
    device, new_device = _device()
    status = 200
    if form.validate_on_submit():
        try:
            row = checkins.check_in(current_user, p, code=form.code.data, lat=form.lat.data or None,
                                    lng=form.lng.data or None, device=device, kind=form.kind.data or "in")
            flash(_("签到成功") if row.kind == "in" else _("签退成功"), "success")
            if row.flags:
                flash(_("本次签到已标记：%(f)s", f="、".join(str(x) for x in row.flag_labels)), "warning")
            response = redirect(url_for("supervision.checkin", placement_id=p.id))
            return _with_device(response, device, new_device)
        except DomainError as exc:
            flash_refusal(exc)
            form.code.errors = list(form.code.errors) + [exc.fields.get("code") or exc.message]
            status = 422
    done = {c.kind for c in checkins.list_checkins(current_user, p, 2) if c.day == today()}
    response = render_template("supervision/checkin.html", p=p, form=form, attendance=attendance, done=done)
    return _with_device((response, status), device, new_device)


def _with_device(response, device, new_device):
    response = make_response(response)
    if new_device:
        response.set_cookie(DEVICE_COOKIE, device, max_age=5 * 365 * 86400, httponly=True, samesite="Lax")
    return response


# ---- logs --------------------------------------------------------------------------------------

@bp.route("/placements/<int:placement_id>/logs/new", methods=["GET", "POST"])
@login_required
def write_log(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = LogForm()
    if form.validate_on_submit():
        stored = []
        try:
            stored = uploads.store_log_files(request.files.getlist(form.files.name))
            log = sup.write_log(current_user, p, body=form.body.data, day=form.day.data, attachments=stored)
            flash(_("已提交，等待企业指导人员批阅"), "success")
            return redirect(url_for("supervision.log", log_id=log.id))
        except DomainError as exc:
            uploads.discard(stored)
            flash_refusal(exc)
            for name, message in exc.fields.items():
                if hasattr(form, name):
                    getattr(form, name).errors = list(getattr(form, name).errors) + [message]
    return render_template("supervision/log_form.html", p=p, form=form, cadence_label=LOG_CADENCES[sup.cadence_of(p)])


@bp.get("/logs/<int:log_id>")
@login_required
def log(log_id):
    entry = sup.get_log(current_user, log_id)
    p = entry.placement
    return render_template(
        "supervision/log.html", log=entry, p=p, edit_form=EditLogForm(body=entry.body),
        sign_form=CountersignForm(), comment_form=CommentForm(comment=entry.supervisor_comment),
        can_edit=access.is_intern(current_user, p) and not entry.locked,
        can_sign=sup.can_countersign(current_user, entry), is_supervisor=access.is_supervisor(current_user, p))


@bp.post("/logs/<int:log_id>/edit")
@login_required
def edit_log(log_id):
    entry = sup.get_log(current_user, log_id)
    form = EditLogForm()
    post_action(form, lambda: sup.edit_log(current_user, entry, form.body.data), _("已保存修改，重新等待批阅"),
                invalid=_("请填写日志内容"), refused=DomainError)
    return redirect(url_for("supervision.log", log_id=log_id))


@bp.post("/logs/<int:log_id>/countersign")
@login_required
def countersign(log_id):
    entry = sup.get_log(current_user, log_id)
    form = CountersignForm()
    post_action(form, lambda: sup.countersign(current_user, entry, form.decision.data, form.comment.data),
                _("已签认") if form.decision.data == "approve" else _("已退回"), invalid=_("请选择签认或退回"),
                refused=DomainError)
    return redirect(url_for("supervision.log", log_id=log_id))


@bp.post("/logs/<int:log_id>/comment")
@login_required
def comment_log(log_id):
    entry = sup.get_log(current_user, log_id)
    form = CommentForm()
    post_action(form, lambda: sup.supervisor_comment(current_user, entry, form.comment.data), _("评语已保存"),
                invalid=_("请填写评语"), refused=DomainError)
    return redirect(url_for("supervision.log", log_id=log_id))


@bp.get("/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id):
    item = db.session.get(LogAttachment, attachment_id)
    if item is None:
        raise NotFound(_("附件不存在"))
    sup.get_log(current_user, item.log_id)  # permission: whoever may read the log
    path, mimetype = uploads.log_file(item.stored_name)
    return send_file(path, mimetype=mimetype, download_name=item.original_name)




@bp.post("/programmes/<int:programme_id>/cadence")
@login_required
def programme_cadence(programme_id):
    """The school sets the log cadence of every running placement of a joint programme at once."""
    programme = get_programme(current_user, programme_id)
    form = CadenceForm()
    post_action(form, lambda: sup.set_programme_cadence(current_user, programme, form.cadence.data),
                lambda n: _("已为 %(n)d 个进行中的安排设置日志频率", n=n), refused=DomainError)
    return redirect(url_for("jobs.programme_detail", programme_id=programme.id))
