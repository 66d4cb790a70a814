"""Pages of the generated talent-demand report: list, generate, read a version, edit, publish, DOCX."""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import Conflict, ValidationError
from ..extensions import db
from ..timeutil import today
from ..members.context import current_consortium
from ..web import form_failed, year_arg
from . import reports
from .views_common import bp, flash_refused, member_page
from .docx_report import build_docx
from .forms import GenerateForm, NarrativeForm, PublishForm

# ---- talent-demand reports ------------------------------------------------------------------------

@bp.get("/reports")
@login_required
def list_reports():
    consortium = member_page(current_consortium())
    form = GenerateForm(formdata=None)
    form.year.data = year_arg(default=today().year - 1)
    return render_template("supply/reports.html", reports=reports.list_reports(current_user, consortium.id),
                           form=form, is_secretariat=reports.can_manage_reports(current_user, consortium.id))


@bp.post("/reports/generate")
@login_required
def generate_report():
    consortium = current_consortium()
    form = GenerateForm()
    if not form.validate_on_submit():
        flash(_("请填写报告年度"), "danger")
        return redirect(url_for("supply.list_reports"))
    try:
        report = reports.generate_report(current_user, consortium, form.year.data)
    except ValidationError as exc:
        flash_refused(exc)
        return redirect(url_for("supply.list_reports"))
    flash(_("已生成第 %(n)d 版草稿", n=report.latest.number), "success")
    return redirect(url_for("supply.show_report", report_id=report.id))


def _report_version(report_id):
    """A report and the version of it asked for (`?v=`), as the signed-in user may read them."""
    report = reports.get_report(current_user, report_id)
    return report, reports.visible_version(current_user, report, request.args.get("v", type=int))


@bp.get("/reports/<int:report_id>")
@login_required
def show_report(report_id):
    report, version = _report_version(report_id)
    secretariat = reports.can_manage_reports(current_user, report.consortium_id)
    f = version.figures
    charts = {
        "industry": {"type": "bar", "unit": _("人"), "categories": [r["name"] for r in f["by_industry"]],
                     "series": [{"name": _("需求人数"), "data": [r["headcount"] for r in f["by_industry"]]}]},
        "shares": {"type": "bar", "unit": "%", "categories": [r["category"] for r in f["alignment"]["rows"]],
                   "series": [{"name": _("毕业生占比"), "data": [r["supply_share"] for r in f["alignment"]["rows"]]},
                              {"name": _("需求占比"), "data": [r["demand_share"] for r in f["alignment"]["rows"]]}]},
    }
    return render_template("supply/report.html", report=report, version=version, figures=f, charts=charts,
                           versions=report.versions if secretariat else report.published_versions,
                           is_secretariat=secretariat, publish_form=PublishForm(formdata=None))


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def edit_report(report_id):
    report = reports.get_report(current_user, report_id)
    if not reports.can_manage_reports(current_user, report.consortium_id):
        abort(403)
    form = NarrativeForm()
    if request.method == "GET":
        form.title.data, form.narrative.data = report.title, report.latest.narrative
    if form.validate_on_submit():
        try:
            version = reports.edit_report(current_user, report, form.narrative.data, form.title.data)
        except ValidationError as exc:
            form_failed(form, exc)
        except Conflict as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("已保存为第 %(n)d 版草稿", n=version.number), "success")
            return redirect(url_for("supply.show_report", report_id=report.id))
    return render_template("supply/report_edit.html", form=form, report=report,
                           published=report.latest.is_published)


@bp.post("/reports/<int:report_id>/publish")
@login_required
def publish_report(report_id):
    report = reports.get_report(current_user, report_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        version = reports.publish_report(current_user, report, form.published_date.data)
    except (ValidationError, Conflict) as exc:
        flash_refused(exc)
    else:
        flash(_("已发布第 %(n)d 版（%(day)s）", n=version.number, day=version.published_date), "success")
    return redirect(url_for("supply.show_report", report_id=report.id))


@bp.get("/reports/<int:report_id>/docx")
@login_required
def report_docx(report_id):
    report, version = _report_version(report_id)
    data = build_docx(report.title, version.number,
                      version.published_date.isoformat() if version.published_date else None,
                      version.figures, version.narrative)
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=f"talent-demand-report-{report.year}-v{version.number}.docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
