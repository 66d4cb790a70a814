"""Pages of the book: tables 1 and 2 as the form draws them, settings, commitments, acceptance, the
incident register and declaration, and the DOCX downloads. Rules live in `services`."""
from io import BytesIO
from urllib.parse import quote

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import ValidationError
from ..home.context import current_consortium
from ..web import save_form
from . import services
from .layout import number, with_rowspans
from .acceptance import MET, NO_ACTUAL, NOT_MET, OPEN
from .forms import CommitmentsForm, DeclarationForm, IncidentForm, SettingsForm

bp = Blueprint("book", __name__, url_prefix="/book")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, name: str, mimetype: str):
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@bp.get("/")
@login_required
def overview():
    consortium = current_consortium()
    data = services.book_page(current_user, consortium)
    data["table1"], data["table2"] = with_rowspans(data["table1"]), with_rowspans(data["table2"])
    return render_template("book/overview.html", consortium=consortium, **data)


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
    return _file(services.acceptance_xlsx(current_user, consortium), f"承诺验收对照-{consortium.name}.xlsx", XLSX)


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
    return _file(services.book_docx(current_user, consortium), f"市域产教联合体推荐书-{consortium.name}.docx", DOCX)


@bp.get("/download/annex3.docx")
@login_required
def download_annex3():
    consortium = current_consortium()
    return _file(services.annex3(current_user, consortium), f"推荐名单汇总表-{consortium.name}.docx", DOCX)


@bp.app_template_filter("book_number")
def book_number(value):
    """A figure or commitment as the book prints it: integers as integers, '' for none."""
    return number(value)
