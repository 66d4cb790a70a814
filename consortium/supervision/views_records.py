"""Pages for evaluations (实习考核), the school's rubric, and incidents (安全事故与投诉)."""
import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import can_admin_consortium
from ..errors import DomainError, NotAllowed, ValidationError
from ..extensions import db
from ..members.context import current_consortium
from ..members.models import Member
from ..web import flash_refusal, form_data, paginate, post_action
from . import access, evaluations, exports, incidents
from .forms import IncidentForm, IncidentUpdateForm, SelfAssessmentForm, SupervisorGradeForm
from ..vocab import INCIDENT_STATUSES
from .views_common import bp


def _rubric(p):
    return (evaluations.rubric_items(p.student.school_id) if p.student_id
            else [dict(i) for i in evaluations.DEFAULT_RUBRIC])


@bp.route("/placements/<int:placement_id>/evaluation", methods=["GET", "POST"])
@login_required
def evaluation(placement_id):
    p = access.get_placement(current_user, placement_id)
    kind = evaluations.kind_for(current_user, p)
    evals = evaluations.list_evaluations(current_user, p)
    rubric = _rubric(p)
    form = {"supervisor": SupervisorGradeForm, "self": SelfAssessmentForm}.get(kind, SupervisorGradeForm)()
    mine = evals.get(kind) if kind else None
    if request.method == "GET" and mine is not None and kind != "mentor":
        form.process(obj=mine)
    status = 200
    if request.method == "POST":
        try:
            if kind is None:
                raise NotAllowed(_("无权填写该评价"))
            if kind == "mentor":
                data = {"scores": {i["name"]: request.form.get(f"score-{n}") for n, i in enumerate(rubric)},
                        "comment": request.form.get("comment", "")}
            else:
                if not form.validate_on_submit():
                    raise ValidationError(_("请更正标出的错误"), {k: "；".join(map(str, v)) for k, v in form.errors.items()})
                data = {"score": form.data.get("score"), "comment": form.data.get("comment"),
                        "satisfaction": form.data.get("satisfaction")}
            evaluations.submit_evaluation(current_user, p, data)
            flash(_("评价已保存"), "success")
            return redirect(url_for("supervision.evaluation", placement_id=p.id))
        except DomainError as exc:
            flash_refusal(exc)
            status = 422
    return render_template("supervision/evaluation.html", p=p, kind=kind, evals=evals, rubric=rubric, form=form,
                           mine=mine, final_grade=evaluations.final_grade(evals),
                           weights=evaluations.GRADE_WEIGHTS, record=access.supervision_of(p),
                           blocker=evaluations.completion_blocker(p)), status


@bp.route("/rubric", methods=["GET", "POST"])
@login_required
def rubric():
    consortium = current_consortium()
    if current_user.role != "school":
        raise NotAllowed(_("考核量表由学校设置"))
    school = db.session.get(Member, current_user.member_id)
    items = evaluations.rubric_items(school.id)
    status = 200
    if request.method == "POST":
        names, weights = request.form.getlist("name"), request.form.getlist("weight")
        items = [{"name": n, "weight": w} for n, w in zip(names, weights) if n.strip()]
        try:
            evaluations.save_rubric(current_user, school, items)
            flash(_("考核量表已保存"), "success")
            return redirect(url_for("supervision.rubric"))
        except DomainError as exc:
            flash_refusal(exc)
            status = 422
    rows = list(items) + [{"name": "", "weight": ""} for _i in range(max(0, 8 - len(items)))]
    return render_template("supervision/rubric.html", rows=rows, consortium=consortium), status


@bp.post("/placements/<int:placement_id>/incidents")
@login_required
def report_incident(placement_id):
    p = access.get_placement(current_user, placement_id)
    form = IncidentForm()
    post_action(form, lambda: incidents.report_incident(current_user, p, form_data(
        form, ("occurred_on", "kind", "severity", "description"))),
                _("已登记，学校、企业和秘书处会收到通知"), refused=DomainError)
    return redirect(url_for("supervision.placement", placement_id=p.id) + "#incidents")


@bp.post("/incidents/<int:incident_id>")
@login_required
def update_incident(incident_id):
    incident = incidents.get_incident(current_user, incident_id)
    form = IncidentUpdateForm()
    post_action(form, lambda: incidents.update_incident(current_user, incident, form_data(form, ("handling", "status"))),
                _("处理情况已更新"), refused=DomainError)
    return redirect(request.form.get("next") if request.form.get("next", "").startswith("/supervision/")
                    else url_for("supervision.placement", placement_id=incident.placement_id) + "#incidents")


@bp.get("/incidents")
@login_required
def incident_register():
    consortium = current_consortium()
    status = request.args.get("status", "")
    stmt = incidents.all_incidents(current_user, consortium.id, status=status if status in INCIDENT_STATUSES else "")
    return render_template("supervision/incidents.html", page=paginate(stmt), status=status,
                           statuses=INCIDENT_STATUSES, form=IncidentUpdateForm(),
                           is_admin=can_admin_consortium(current_user, consortium.id))


@bp.get("/placements/<int:placement_id>/assessment.docx")
@login_required
def assessment_docx(placement_id):
    p = access.get_placement(current_user, placement_id)
    data = exports.assessment_docx(current_user, p)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=f"实习考核表-{p.candidate.name}.docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@bp.get("/class-summary.xlsx")
@login_required
def class_summary():
    consortium = current_consortium()
    school_id = current_user.member_id if current_user.role == "school" else request.args.get("school_id", type=int)
    data = exports.class_summary_xlsx(current_user, school_id, consortium.id, major=request.args.get("major", ""),
                                      enrol_year=request.args.get("enrol_year", type=int))
    return send_file(io.BytesIO(data), as_attachment=True, download_name="实习考核汇总.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
