"""Pages of the book: tables 1 and 2 as the form draws them, settings, commitments, acceptance, the
incident register and declaration, and the DOCX downloads. Rules live in `services`."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import Conflict, ValidationError
from ..members.context import current_consortium
from ..web import save_form, send_download
from ..members.models import Consortium
from ..extensions import db
from . import annex1, governance, materials, review, services
from .layout import number, with_rowspans
from .acceptance import MET, NO_ACTUAL, NOT_MET, OPEN
from .forms import (AssessmentForm, CommitmentsForm, DeclarationForm, ForwardForm, IncidentForm, MaterialForm,
                    ReturnForm, SettingsForm, SubmitForm)
from .forms import BoardMemberForm, CharterForm, MeetingForm, PolicyForm, ProvinceCapForm, TaskForm
from ..vocab import BOARD_ROLES, CHARTER_KINDS, MATERIAL_TARGETS, POLICY_KINDS, TASK_STATUSES

bp = Blueprint("book", __name__, url_prefix="/book")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/")
@login_required
def overview():
    consortium = current_consortium()
    data = services.book_page(current_user, consortium)
    data["table1"], data["table2"] = with_rowspans(data["table1"]), with_rowspans(data["table2"])
    return render_template("book/overview.html", consortium=consortium, submit_form=SubmitForm(),
                           latest=review.latest(consortium.id), history=review.history(consortium.id),
                           events=review.events(consortium.id), **data)


@bp.post("/submit")
@login_required
def submit():
    consortium = current_consortium()
    form = SubmitForm()
    if form.validate_on_submit():
        try:
            submission = review.submit(current_user, consortium)
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash(_("已提交第 %(v)d 版，等待推荐单位审核", v=submission.version), "success")
    return redirect(url_for("book.overview"))


@bp.get("/versions/<int:version>/book.docx")
@login_required
def version_docx(version):
    consortium = _reviewed_consortium()
    submission = review.get_submission(current_user, consortium, version)
    return send_download(submission.docx, f"市域产教联合体推荐书-{consortium.name}-第{version}版.docx", DOCX)


@bp.get("/versions/<int:version>/materials.zip")
@login_required
def version_zip(version):
    consortium = _reviewed_consortium()
    submission = review.get_submission(current_user, consortium, version)
    return send_download(review.submission_zip(current_user, consortium, submission),
                 f"支撑材料-{consortium.name}-第{version}版.zip", "application/zip")


def _reviewed_consortium() -> Consortium:
    """The consortium named by ?consortium= for a recommending unit or the province; else the user's own."""
    cid = request.args.get("consortium", type=int)
    if cid is not None and current_user.role in ("bureau", "admin"):
        consortium = db.session.get(Consortium, cid)
        if consortium is None:
            abort(404)
        return consortium
    return current_consortium()


# ---- supporting materials and the self-assessment ----------------------------------------------

@bp.route("/materials", methods=["GET", "POST"])
@login_required
def list_materials():
    consortium = current_consortium()
    rows = materials.list_materials(current_user, consortium)
    form = MaterialForm()
    form.target.choices = [(f"{t}:{k}", f"{MATERIAL_TARGETS[t]} · {label}")
                           for t, k, label in materials.targets(consortium.id)]
    if request.method == "GET" and request.args.get("target"):
        form.target.data = request.args["target"]
    if form.validate_on_submit():
        upload = request.files.get("file")
        try:
            material = materials.add_material(current_user, consortium, title=form.title.data,
                                              target=form.target.data,
                                              filename=upload.filename if upload else "", stream=upload)
        except ValidationError as exc:
            from ..web import form_failed

            form_failed(form, exc)
        else:
            flash(_("已上传 %(code)s %(title)s", code=material.code, title=material.title), "success")
            return redirect(url_for("book.list_materials"))
    return render_template("book/materials.html", consortium=consortium, rows=rows, form=form,
                           label=materials.target_label, max_mb=materials.max_bytes() // (1024 * 1024))


@bp.get("/materials/<int:material_id>")
@login_required
def download_material(material_id):
    consortium = current_consortium()
    material = materials.get_material(current_user, consortium, material_id)
    return send_download(materials.material_file(material).read_bytes(), materials.download_name(material),
                 materials.MIMETYPES[material.ext])


@bp.get("/materials/index.docx")
@login_required
def materials_index():
    consortium = current_consortium()
    return send_download(materials.materials_index(current_user, consortium), f"支撑材料目录索引-{consortium.name}.docx", DOCX)


@bp.get("/materials.zip")
@login_required
def materials_zip():
    consortium = current_consortium()
    return send_download(materials.materials_zip(current_user, consortium), f"支撑材料-{consortium.name}.zip",
                 "application/zip")


@bp.get("/assessment")
@login_required
def assessment():
    consortium = current_consortium()
    data = materials.assessment_overview(current_user, consortium, services.declaration(consortium.id))
    forms = {}
    for p in data["points"]:
        form = AssessmentForm(prefix=f"p{p['code'].replace('.', '_')}", formdata=None,
                              data={"rating": p["rating"] or "", "notes": p["notes"] or ""})
        form.rating.choices = [("", _("未自评"))] + [(k, f"{k} {v}") for k, v in annex1.RATINGS.items()]
        forms[p["code"]] = form
    return render_template("book/assessment.html", consortium=consortium, forms=forms, ratings=annex1.RATINGS,
                           **data)


@bp.post("/assessment/<point>")
@login_required
def save_assessment(point):
    consortium = current_consortium()
    form = AssessmentForm(prefix=f"p{point.replace('.', '_')}")
    form.rating.choices = [("", "")] + [(k, k) for k in annex1.RATINGS]
    if form.validate_on_submit():
        materials.save_assessment(current_user, consortium, point, {"rating": form.rating.data,
                                                                    "notes": form.notes.data})
        flash(_("已保存观测点 %(p)s 的自评", p=point), "success")
    else:
        flash(_("请更正标出的错误"), "danger")
    return redirect(url_for("book.assessment", _anchor=f"point-{point}"))


@bp.get("/assessment.docx")
@login_required
def assessment_docx():
    consortium = current_consortium()
    return send_download(materials.assessment_docx(current_user, consortium, services.declaration(consortium.id)),
                 f"建设指标自评-{consortium.name}.docx", DOCX)


# ---- governance records -----------------------------------------------------------------------

GOVERNANCE_FORMS = {
    "board": (BoardMemberForm, governance.add_board_member, ("name", "organization", "role", "since"),
              {"role": BOARD_ROLES}),
    "meetings": (MeetingForm, governance.add_meeting, ("held_on", "title", "attendees", "resolutions"), {}),
    "charter": (CharterForm, governance.add_charter_version, ("kind", "title", "adopted_on", "summary"),
                {"kind": CHARTER_KINDS}),
    "coordination": (TaskForm, governance.add_task, ("department", "duty", "task", "deadline", "status"),
                     {"status": TASK_STATUSES}),
    "incentives": (PolicyForm, governance.add_policy, ("title", "issuer", "issued_on", "kind", "implemented", "notes"),
                   {"kind": POLICY_KINDS}),
}


@bp.route("/governance", methods=["GET", "POST"])
@login_required
def governance_records():
    consortium = current_consortium()
    data = governance.governance_page(current_user, consortium)
    forms = {}
    posted = request.form.get("kind") if request.method == "POST" else None
    for kind, (form_class, _add, _fields, choices) in GOVERNANCE_FORMS.items():
        form = form_class(prefix=kind, formdata=None if kind != posted else request.form)
        for field, options in choices.items():
            getattr(form, field).choices = [(k, str(v)) for k, v in options.items()]
        forms[kind] = form
    if posted in GOVERNANCE_FORMS:
        _form_class, add, fields, _choices = GOVERNANCE_FORMS[posted]
        if save_form(forms[posted], fields, lambda values: add(current_user, consortium, values)):
            flash(_("已登记"), "success")
            return redirect(url_for("book.governance_records", _anchor=posted))
    attached: dict[str, list] = {}
    for m in materials.list_materials(current_user, consortium):
        if m.target_type == "governance":
            attached.setdefault(m.target_key, []).append(m)
    return render_template("book/governance.html", consortium=consortium, forms=forms, attached=attached, **data)


# ---- the recommending unit and the province ----------------------------------------------------

@bp.get("/review")
@login_required
def review_list():
    return render_template("book/review_list.html", rows=review.review_list(current_user))


@bp.route("/review/<int:consortium_id>", methods=["GET", "POST"])
@login_required
def review_book(consortium_id):
    consortium = db.session.get(Consortium, consortium_id)
    if consortium is None:
        abort(404)
    review.require_reviewer(current_user, consortium)
    back = ReturnForm(prefix="return")
    onward = ForwardForm(prefix="forward")
    if request.method == "POST":
        form, action = (back, "return") if "return-submit" in request.form else (onward, "forward")
        if form.validate_on_submit():
            try:
                if action == "return":
                    review.return_book(current_user, consortium, back.comment.data)
                    flash(_("已退回修改"), "success")
                else:
                    review.forward(current_user, consortium, onward.opinion.data)
                    flash(_("已推荐报送"), "success")
                return redirect(url_for("book.review_book", consortium_id=consortium.id))
            except ValidationError as exc:
                from ..web import form_failed

                form_failed(form, exc)
            except Conflict as exc:
                flash(exc.message, "danger")
    return render_template("book/review_book.html", consortium=consortium, latest=review.latest(consortium.id),
                           history=review.history(consortium.id), events=review.events(consortium.id),
                           back=back, onward=onward)


@bp.route("/province", methods=["GET", "POST"])
@login_required
def province():
    data = review.province_view(current_user)
    settings = data["settings"]
    form = ProvinceCapForm(data={"city_cap": settings.city_cap, "exceptions": review.exceptions_text(settings)})
    if request.method == "POST":
        form = ProvinceCapForm()
        if save_form(form, ("city_cap", "exceptions"), lambda values: review.save_province_settings(current_user, values)):
            flash(_("已保存推荐上限"), "success")
            return redirect(url_for("book.province"))
    return render_template("book/province.html", form=form, **data)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    consortium = current_consortium()
    services.require_consortium_admin(current_user, consortium.id)
    form = SettingsForm(obj=services.settings_of(consortium.id))
    fields = ("base_year", "first_committed_year", "last_committed_year", "recommending_unit", "filler_name",
              "filler_contact")
    if save_form(form, fields, lambda data: services.save_settings(current_user, consortium, data)):
        flash(_("已保存"), "success")
        return redirect(url_for("book.overview"))
    return render_template("book/settings.html", consortium=consortium, form=form)


@bp.route("/commitments", methods=["GET", "POST"])
@login_required
def commitments():
    consortium = current_consortium()
    form = CommitmentsForm()
    data = services.commitment_page(current_user, consortium)
    errors = {}
    typed = {}
    if form.validate_on_submit():
        values = {}
        for m in data["metrics"]:
            for year in data["settings"].committed_years:
                name = f"c-{year}-{m.key}"
                if name in request.form:
                    values[(year, m.key)] = request.form[name]
                    typed[name] = request.form[name]
        try:
            n = services.save_commitments(current_user, consortium, values)
        except ValidationError as exc:
            errors = exc.fields
            flash(_("请更正标出的错误，未保存任何承诺值"), "danger")
        else:
            flash(_("已保存承诺建成数据（共 %(n)d 项）", n=n), "success")
            return redirect(url_for("book.commitments"))
    return render_template("book/commitments.html", consortium=consortium, form=form, errors=errors, typed=typed,
                           **data)


@bp.get("/acceptance")
@login_required
def acceptance():
    consortium = current_consortium()
    data = services.acceptance_rows(current_user, consortium)
    return render_template("book/acceptance.html", consortium=consortium, labels=services.STATUS_LABELS,
                           MET=MET, NOT_MET=NOT_MET, NO_ACTUAL=NO_ACTUAL, OPEN=OPEN, **data)


@bp.get("/acceptance.xlsx")
@login_required
def acceptance_xlsx():
    consortium = current_consortium()
    return send_download(services.acceptance_xlsx(current_user, consortium), f"承诺验收对照-{consortium.name}.xlsx", XLSX)


@bp.route("/incidents", methods=["GET", "POST"])
@login_required
def incidents():
    consortium = current_consortium()
    rows = services.list_incidents(current_user, consortium)
    form = IncidentForm(prefix="incident")
    sign = DeclarationForm(prefix="sign")
    if request.method == "POST" and "incident-submit" in request.form:
        if save_form(form, ("area", "occurred_on", "title", "serious", "description"),
                     lambda data: services.record_incident(current_user, consortium, data)):
            flash(_("已登记"), "success")
            return redirect(url_for("book.incidents"))
    elif request.method == "POST" and "sign-submit" in request.form:
        if save_form(sign, ("signed_by", "signed_on"),
                     lambda data: services.sign_declaration(current_user, consortium, data)):
            flash(_("已签署声明"), "success")
            return redirect(url_for("book.incidents"))
    return render_template("book/incidents.html", consortium=consortium, rows=rows, form=form, sign=sign,
                           declaration=services.declaration(consortium.id))


@bp.get("/download/book.docx")
@login_required
def download_book():
    consortium = current_consortium()
    return send_download(services.book_docx(current_user, consortium), f"市域产教联合体推荐书-{consortium.name}.docx", DOCX)


@bp.get("/download/annex3.docx")
@login_required
def download_annex3():
    consortium = current_consortium()
    return send_download(services.annex3(current_user, consortium), f"推荐名单汇总表-{consortium.name}.docx", DOCX)


@bp.app_template_filter("book_number")
def book_number(value):
    """A figure or commitment as the book prints it: integers as integers, '' for none."""
    return number(value)


@bp.app_template_filter("book_time")
def book_time(value):
    """A stored UTC time as people read it: Asia/Shanghai, to the minute."""
    from datetime import timezone

    from ..timeutil import SHANGHAI

    if value is None:
        return ""
    return value.replace(tzinfo=timezone.utc).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
