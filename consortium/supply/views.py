"""Pages for forecasts, enterprise industries, the major–industry mapping, alignment and major adjustments."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import can_admin_consortium
from ..classifications import industries, occupations, sections
from ..errors import ValidationError
from ..extensions import db
from ..members.context import current_consortium
from ..members.models import Member
from ..web import button_action, form_failed, form_page, optional_year_arg, paginate, year_arg
from . import events as event_services
from . import forecasts as forecast_services
from . import monitoring
from . import views_events, views_reports  # noqa: F401  (register the report, event and outcome pages on bp)
from .views_common import bp, flash_refused, member_page
from .forms import AdjustmentForm, ClassCorrectionForm, ConfirmForm, ForecastForm, IndustryForm, NameCorrectionForm
from .mapping import shipped_table

# ---- forecasts ----------------------------------------------------------------------------------

@bp.get("/forecasts")
@login_required
def list_forecasts():
    consortium = current_consortium()
    year = optional_year_arg()
    enterprise_id = request.args.get("enterprise", type=int)
    stmt = forecast_services.list_forecasts(current_user, consortium.id, year=year, enterprise_id=enterprise_id)
    return render_template("supply/forecasts.html", page=paginate(stmt), year=year, enterprise_id=enterprise_id,
                           enterprises=forecast_services.enterprise_choices(current_user, consortium.id)
                           if current_user.role != "school" else [],
                           can_declare=bool(forecast_services.enterprise_choices(current_user, consortium.id)),
                           confirm_form=ConfirmForm(formdata=None), can_manage=forecast_services.can_manage_forecasts)


FORECAST_FIELDS = ("enterprise_id", "year", "occupation", "level", "headcount", "month", "majors", "skills",
                   "declared_date")


@bp.route("/forecasts/new", methods=["GET", "POST"])
@login_required
def create_forecast():
    consortium = current_consortium()
    form = ForecastForm()
    form.enterprise_id.choices = forecast_services.enterprise_choices(current_user, consortium.id)
    return form_page(form, FORECAST_FIELDS,
                     lambda data: forecast_services.create_forecast(current_user, consortium, data),
                     lambda row: _("已保存：%(occ)s %(n)d 人", occ=row.occupation, n=row.headcount),
                     url_for("supply.list_forecasts"), "supply/forecast_form.html", occupations=occupations())


@bp.route("/forecasts/<int:forecast_id>/edit", methods=["GET", "POST"])
@login_required
def edit_forecast(forecast_id):
    consortium = current_consortium()
    row = forecast_services.get_forecast(current_user, forecast_id)
    if not forecast_services.can_manage_forecasts(current_user, row.enterprise):
        abort(403)
    form = ForecastForm(obj=row)
    if request.method == "GET":
        form.occupation.data = row.occupation_input or row.occupation
        form.majors.data = "、".join(row.majors or [])
        form.skills.data = "、".join(row.skills or [])
    form.enterprise_id.choices = forecast_services.enterprise_choices(current_user, consortium.id)
    return form_page(form, FORECAST_FIELDS, lambda data: forecast_services.update_forecast(current_user, row, data),
                     _("已保存"), url_for("supply.list_forecasts"), "supply/forecast_form.html", occupations=occupations())


@bp.post("/forecasts/<int:forecast_id>/delete")
@login_required
def delete_forecast(forecast_id):
    row = forecast_services.get_forecast(current_user, forecast_id)
    return button_action(ConfirmForm(), lambda: forecast_services.delete_forecast(current_user, row), _("已删除"),
                         url_for("supply.list_forecasts"))


# ---- enterprise industries ----------------------------------------------------------------------

@bp.route("/industries", methods=["GET", "POST"])
@login_required
def industries_page():
    consortium = member_page(current_consortium())
    choices = forecast_services.enterprise_choices(current_user, consortium.id)
    if request.method == "POST":
        form = IndustryForm()
        member = db.session.get(Member, request.form.get("member_id", type=int) or -1)
        if member is None or member.consortium_id != consortium.id:
            abort(404)
        if form.validate_on_submit():
            try:
                forecast_services.set_industry(current_user, member, form.industry_code.data)
            except ValidationError as exc:
                db.session.rollback()
                flash(next(iter(exc.fields.values()), exc.message), "danger")
            else:
                flash(_("已保存 %(name)s 的所属行业", name=member.name), "success")
        return redirect(url_for("supply.industries_page"))
    enterprises = [db.session.get(Member, mid) for mid, _name in choices]
    return render_template("supply/industries.html", enterprises=enterprises, form=IndustryForm(formdata=None),
                           industries=[i for i in industries().values()], lookup=industries())


# ---- the mapping ----------------------------------------------------------------------------------

def _class_choices():
    return [(r.class_name, f"{r.category_name} · {r.class_name}") for r in shipped_table() if r.class_name]


@bp.route("/mapping", methods=["GET", "POST"])
@login_required
def mapping_page():
    consortium = member_page(current_consortium())
    class_form, name_form = ClassCorrectionForm(prefix="c"), NameCorrectionForm(prefix="n")
    class_form.class_name.choices = name_form.class_name.choices = _class_choices()
    class_form.section.choices = [(k, f"{k} {v}") for k, v in sections().items()]
    if request.method == "POST":
        try:
            if request.form.get("which") == "class" and class_form.validate_on_submit():
                monitoring.correct_class(current_user, consortium, class_form.class_name.data, class_form.section.data,
                                         class_form.division.data, class_form.note.data)
                flash(_("已保存更正"), "success")
                return redirect(url_for("supply.mapping_page"))
            if request.form.get("which") == "name" and name_form.validate_on_submit():
                monitoring.correct_name(current_user, consortium, name_form.name.data, name_form.class_name.data,
                                        name_form.note.data)
                flash(_("已保存更正"), "success")
                return redirect(url_for("supply.mapping_page"))
        except ValidationError as exc:
            form_failed(class_form if request.form.get("which") == "class" else name_form, exc)
    mapping = monitoring.consortium_mapping(consortium.id)
    return render_template("supply/mapping.html", mapping=mapping, table=shipped_table(), names=sections(),
                           lookup=industries(), in_use=monitoring.majors_in_use(current_user, consortium.id),
                           corrections=monitoring.corrections(consortium.id), class_form=class_form,
                           name_form=name_form, confirm_form=ConfirmForm(formdata=None),
                           is_secretariat=can_admin_consortium(current_user, consortium.id))


@bp.post("/mapping/corrections/<int:correction_id>/delete")
@login_required
def delete_correction(correction_id):
    consortium = current_consortium()
    return button_action(ConfirmForm(), lambda: monitoring.remove_correction(current_user, consortium, correction_id),
                         _("已删除更正"), url_for("supply.mapping_page"))


# ---- alignment ------------------------------------------------------------------------------------

def _bases():
    supply = request.args.get("supply", "graduates")
    demand = request.args.get("demand", "forecasts")
    return (supply if supply in monitoring.SUPPLY_BASES else "graduates",
            demand if demand in monitoring.DEMAND_BASES else "forecasts")


def _alignment_chart(result, trend_rows=None):
    rows = [r for r in result.rows if r.flag != "none"]
    charts = {"shares": {"type": "bar", "unit": "%", "categories": [r.category for r in rows], "series": [
        {"name": _("供给占比"), "data": [round(r.supply_share * 100, 1) for r in rows]},
        {"name": _("需求占比"), "data": [round(r.demand_share * 100, 1) for r in rows]}]}}
    if trend_rows:
        charts["trend"] = {"type": "line", "unit": "", "categories": [str(t["year"]) for t in trend_rows],
                           "series": [{"name": _("匹配指数"), "data": [t["index"] for t in trend_rows]}]}
    return charts


@bp.get("/")
@login_required
def index():
    if current_user.role == "school":
        return redirect(url_for("supply.school_alignment", school_id=current_user.member_id))
    return redirect(url_for("supply.alignment"))


@bp.get("/alignment")
@login_required
def alignment():
    consortium = member_page(current_consortium())
    year = year_arg()
    supply_basis, demand_basis = _bases()
    result = monitoring.alignment_for(consortium.id, year, supply_basis, demand_basis)
    trend_rows = monitoring.trend(consortium.id, supply_basis, demand_basis)
    form = AdjustmentForm(formdata=None)
    form.school_id.choices = event_services.school_choices(consortium.id)
    form.year.data = year
    return render_template("supply/alignment.html", year=year, result=result, trend=trend_rows,
                           supply_basis=supply_basis, demand_basis=demand_basis,
                           supply_bases=monitoring.SUPPLY_BASES, demand_bases=monitoring.DEMAND_BASES,
                           structure=monitoring.industry_structure(consortium.id, year),
                           adjustments=monitoring.list_adjustments(current_user, consortium.id),
                           years=monitoring.years_on_record(consortium.id), charts=_alignment_chart(result, trend_rows),
                           adjustment_form=form, can_adjust=current_user.role == "school"
                           or can_admin_consortium(current_user, consortium.id))


@bp.get("/schools/<int:school_id>/alignment")
@login_required
def school_alignment(school_id):
    consortium = current_consortium()
    school = db.session.get(Member, school_id)
    if school is None or school.consortium_id != consortium.id or not school.is_school:
        abort(404)
    year = year_arg()
    supply_basis, demand_basis = _bases()
    if "supply" not in request.args:
        supply_basis = "enrolled"
    view = monitoring.school_view(current_user, school, year, supply_basis, demand_basis)
    form = AdjustmentForm(formdata=None)
    form.school_id.choices = [(school.id, school.name)]
    form.year.data = year
    return render_template("supply/school.html", view=view, year=year, supply_basis=supply_basis,
                           demand_basis=demand_basis, supply_bases=monitoring.SUPPLY_BASES,
                           demand_bases=monitoring.DEMAND_BASES, years=monitoring.years_on_record(consortium.id),
                           charts=_alignment_chart(view["alignment"]), adjustment_form=form)


@bp.post("/adjustments")
@login_required
def record_adjustment():
    consortium = current_consortium()
    form = AdjustmentForm()
    form.school_id.choices = event_services.school_choices(consortium.id)
    back = request.form.get("next") or url_for("supply.alignment")
    if not back.startswith("/"):
        back = url_for("supply.alignment")
    if form.validate_on_submit():
        data = {"school_id": form.school_id.data, "year": form.year.data, "major": form.major.data,
                "action": form.action.data, "reason": form.reason.data,
                "cited": form.cited.data or monitoring.cited_figures(consortium.id, form.year.data, form.major.data)}
        try:
            monitoring.record_adjustment(current_user, consortium, data)
        except ValidationError as exc:
            flash_refused(exc)
        else:
            flash(_("已登记专业调整"), "success")
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
    return redirect(back)
