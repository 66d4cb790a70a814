"""Pages for supply meets demand: forecasts, industries, the mapping, alignment, reports, events, outcomes."""

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.permissions import can_admin_consortium, require_member_user
from ..classifications import industries, occupations, sections
from ..common import today
from ..errors import Conflict, ValidationError
from ..extensions import db
from ..home.context import current_consortium
from ..jobs.models import Placement, Position
from ..members.models import Member
from ..people.models import OUTCOMES
from ..web import form_failed, paginate, save_form
from . import events as event_services
from . import forecasts as forecast_services
from . import monitoring, outcomes, reports
from .docx_report import build_docx
from .forms import (AdjustmentForm, AttendeesForm, ClassCorrectionForm, ConfirmForm, EventForm, ForecastForm,
                    GenerateForm, IndustryForm, LinkPlacementForm, NameCorrectionForm, NarrativeForm, OfferForm,
                    PublishForm)
from .mapping import shipped_table

bp = Blueprint("supply", __name__, url_prefix="/supply")


def _year(default=None) -> int:
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2100 else (default or today().year)


def _member_page(consortium):
    require_member_user(current_user, consortium.id)
    return consortium


# ---- forecasts ----------------------------------------------------------------------------------

@bp.get("/forecasts")
@login_required
def list_forecasts():
    consortium = current_consortium()
    year = request.args.get("year", type=int)
    enterprise_id = request.args.get("enterprise", type=int)
    stmt = forecast_services.list_forecasts(current_user, consortium.id, year=year, enterprise_id=enterprise_id)
    return render_template("supply/forecasts.html", page=paginate(stmt), year=year, enterprise_id=enterprise_id,
                           enterprises=forecast_services.enterprise_choices(current_user, consortium.id)
                           if current_user.role != "school" else [],
                           can_declare=bool(forecast_services.enterprise_choices(current_user, consortium.id)),
                           confirm_form=ConfirmForm(formdata=None), can_manage=forecast_services.can_manage_forecasts)


def _forecast_form(form, consortium):
    form.enterprise_id.choices = forecast_services.enterprise_choices(current_user, consortium.id)
    return render_template("supply/forecast_form.html", form=form, occupations=occupations())


def _forecast_data(form) -> dict:
    return {"enterprise_id": form.enterprise_id.data, "year": form.year.data, "occupation": form.occupation.data,
            "level": form.level.data, "headcount": form.headcount.data, "month": form.month.data,
            "majors": form.majors.data, "skills": form.skills.data, "declared_date": form.declared_date.data}


@bp.route("/forecasts/new", methods=["GET", "POST"])
@login_required
def create_forecast():
    consortium = current_consortium()
    form = ForecastForm()
    form.enterprise_id.choices = forecast_services.enterprise_choices(current_user, consortium.id)
    if form.validate_on_submit():
        try:
            row = forecast_services.create_forecast(current_user, consortium, _forecast_data(form))
        except ValidationError as exc:
            form_failed(form, exc)
        else:
            flash(_("已保存：%(occ)s %(n)d 人", occ=row.occupation, n=row.headcount), "success")
            return redirect(url_for("supply.list_forecasts"))
    return _forecast_form(form, consortium)


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
    if form.validate_on_submit():
        try:
            forecast_services.update_forecast(current_user, row, _forecast_data(form))
        except ValidationError as exc:
            form_failed(form, exc)
        else:
            flash(_("已保存"), "success")
            return redirect(url_for("supply.list_forecasts"))
    return _forecast_form(form, consortium)


@bp.post("/forecasts/<int:forecast_id>/delete")
@login_required
def delete_forecast(forecast_id):
    row = forecast_services.get_forecast(current_user, forecast_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    forecast_services.delete_forecast(current_user, row)
    flash(_("已删除"), "success")
    return redirect(url_for("supply.list_forecasts"))


# ---- enterprise industries ----------------------------------------------------------------------

@bp.route("/industries", methods=["GET", "POST"])
@login_required
def industries_page():
    consortium = _member_page(current_consortium())
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
    consortium = _member_page(current_consortium())
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
    if not ConfirmForm().validate_on_submit():
        abort(400)
    monitoring.remove_correction(current_user, consortium, correction_id)
    flash(_("已删除更正"), "success")
    return redirect(url_for("supply.mapping_page"))


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
    consortium = _member_page(current_consortium())
    year = _year()
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
    year = _year()
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
            db.session.rollback()
            flash("；".join(exc.fields.values()) or exc.message, "danger")
        else:
            flash(_("已登记专业调整"), "success")
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
    return redirect(back)


# ---- talent-demand reports ------------------------------------------------------------------------

@bp.get("/reports")
@login_required
def list_reports():
    consortium = _member_page(current_consortium())
    form = GenerateForm(formdata=None)
    form.year.data = _year() - 1 if request.args.get("year") is None else _year()
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
        db.session.rollback()
        flash("；".join(exc.fields.values()) or exc.message, "danger")
        return redirect(url_for("supply.list_reports"))
    flash(_("已生成第 %(n)d 版草稿", n=report.latest.number), "success")
    return redirect(url_for("supply.show_report", report_id=report.id))


@bp.get("/reports/<int:report_id>")
@login_required
def show_report(report_id):
    report = reports.get_report(current_user, report_id)
    version = reports.visible_version(current_user, report, request.args.get("v", type=int))
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
        db.session.rollback()
        flash("；".join(exc.fields.values()) if exc.fields else exc.message, "danger")
    else:
        flash(_("已发布第 %(n)d 版（%(day)s）", n=version.number, day=version.published_date), "success")
    return redirect(url_for("supply.show_report", report_id=report.id))


@bp.get("/reports/<int:report_id>/docx")
@login_required
def report_docx(report_id):
    report = reports.get_report(current_user, report_id)
    version = reports.visible_version(current_user, report, request.args.get("v", type=int))
    data = build_docx(report.title, version.number,
                      version.published_date.isoformat() if version.published_date else None,
                      version.figures, version.narrative)
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=f"talent-demand-report-{report.year}-v{version.number}.docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


# ---- matchmaking events ---------------------------------------------------------------------------

@bp.get("/events")
@login_required
def list_events():
    consortium = _member_page(current_consortium())
    year = request.args.get("year", type=int)
    years = monitoring.years_on_record(consortium.id)
    return render_template("supply/events.html", events=event_services.list_events(current_user, consortium.id,
                                                                                   year=year),
                           counts=event_services.yearly_counts(current_user, consortium.id, years), year=year,
                           can_record=event_services.can_record_events(current_user, consortium.id))


def _event_form_choices(form, consortium):
    form.enterprise_ids.choices = forecast_services.enterprise_choices(_Secretariat(consortium), consortium.id)
    form.position_ids.choices = event_services.position_choices(consortium.id)
    form.organizer_id.choices = [(None, _("秘书处"))] + event_services.school_choices(consortium.id)
    if not can_admin_consortium(current_user, consortium.id):
        del form.organizer_id


class _Secretariat:
    """Choice lists of the whole consortium (the service checks who may do what)."""

    role = "admin"
    member_id = None

    def __init__(self, consortium):
        self.consortium_id = consortium.id


def _event_data(form) -> dict:
    data = {k: getattr(form, k).data for k in ("kind", "title", "date", "place", "enterprise_ids", "position_ids",
                                               "positions_offered")}
    if getattr(form, "organizer_id", None) is not None:
        data["organizer_id"] = form.organizer_id.data
    return data


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def create_event():
    consortium = current_consortium()
    form = EventForm()
    _event_form_choices(form, consortium)
    event = save_form(form, (), lambda _d: event_services.save_event(current_user, consortium, _event_data(form)))
    if event is not None:
        flash(_("已登记 %(title)s", title=event.title), "success")
        return redirect(url_for("supply.show_event", event_id=event.id))
    return render_template("supply/event_form.html", form=form, title=_("登记对接活动"))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(event_id):
    consortium = current_consortium()
    event = event_services.get_event(current_user, event_id)
    if not event_services.can_manage_event(current_user, event):
        abort(403)
    form = EventForm(obj=event)
    _event_form_choices(form, consortium)
    if request.method == "GET":
        form.enterprise_ids.data = [m.id for m in event.enterprises]
        form.position_ids.data = [p.id for p in event.positions]
    saved = save_form(form, (), lambda _d: event_services.save_event(current_user, consortium, _event_data(form),
                                                                     event))
    if saved is not None:
        flash(_("已保存"), "success")
        return redirect(url_for("supply.show_event", event_id=event.id))
    return render_template("supply/event_form.html", form=form, title=_("编辑对接活动"))


@bp.get("/events/<int:event_id>")
@login_required
def show_event(event_id):
    event = event_services.get_event(current_user, event_id)
    offer_form = OfferForm(formdata=None)
    offer_form.enterprise_id.choices = [(m.id, m.name) for m in event.enterprises]
    offer_form.position_id.choices = [(None, "—")] + [(p.id, f"{p.code} {p.title}") for p in event.positions]
    link_form = LinkPlacementForm(formdata=None)
    link_form.placement_id.choices = _placement_choices(event)
    return render_template("supply/event.html", event=event, attendee_form=AttendeesForm(formdata=None),
                           offer_form=offer_form, link_form=link_form,
                           placements=event_services.event_placements(event),
                           can_manage=event_services.can_manage_event(current_user, event))


def _placement_choices(event):
    ids = [p.id for p in event.positions]
    if not ids:
        return []
    rows = db.session.scalars(db.select(Placement).join(Position).where(Position.id.in_(ids))
                              .order_by(Placement.id.desc()).limit(200))
    return [(p.id, f"{p.position.code} · {p.student.name if p.student else ''} · {p.status_label}") for p in rows]


def _event_action(event_id, form_cls, action, message):
    event = event_services.get_event(current_user, event_id)
    form = form_cls()
    if hasattr(form, "enterprise_id"):
        form.enterprise_id.choices = [(m.id, m.name) for m in event.enterprises]
    if hasattr(form, "position_id"):
        form.position_id.choices = [(None, "—")] + [(p.id, p.code) for p in event.positions]
    if hasattr(form, "placement_id"):
        form.placement_id.choices = _placement_choices(event)
    if form.validate_on_submit():
        try:
            result = action(event, form)
        except ValidationError as exc:
            db.session.rollback()
            flash("；".join(exc.fields.values()) or exc.message, "danger")
        else:
            flash(message(result), "success")
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors) or _("请求有误"), "danger")
    return redirect(url_for("supply.show_event", event_id=event.id))


@bp.post("/events/<int:event_id>/attendees")
@login_required
def add_attendees(event_id):
    return _event_action(event_id, AttendeesForm,
                         lambda e, f: event_services.add_attendees(current_user, e, f.student_nos.data),
                         lambda n: _("已签到 %(n)d 名学生", n=n))


@bp.post("/events/<int:event_id>/offers")
@login_required
def add_offer(event_id):
    return _event_action(event_id, OfferForm,
                         lambda e, f: event_services.add_offer(current_user, e, {
                             "enterprise_id": f.enterprise_id.data, "student_no": f.student_no.data,
                             "position_id": f.position_id.data}),
                         lambda _o: _("已登记录用意向"))


@bp.post("/events/<int:event_id>/placements")
@login_required
def link_placement(event_id):
    return _event_action(event_id, LinkPlacementForm,
                         lambda e, f: event_services.link_placement(current_user, e, f.placement_id.data),
                         lambda _l: _("已关联岗位安排"))


# ---- graduate outcomes ----------------------------------------------------------------------------

@bp.get("/outcomes")
@login_required
def outcomes_page():
    consortium = current_consortium()
    year = _year()
    page = outcomes.outcome_page(current_user, consortium, year)
    return render_template("supply/outcomes.html", page=page, year=year,
                           years=monitoring.years_on_record(consortium.id))


@bp.get("/outcomes/students")
@login_required
def outcome_students():
    consortium = current_consortium()
    year = _year()
    school_id = request.args.get("school", type=int)
    if not school_id:
        abort(404)
    school = db.session.get(Member, school_id)
    if school is None or school.consortium_id != consortium.id:
        abort(404)
    major = request.args.get("major") or None
    students = outcomes.drill(current_user, consortium, year, school_id, major)
    return render_template("supply/outcome_students.html", students=students, school=school, major=major, year=year,
                           outcome_labels=OUTCOMES)

