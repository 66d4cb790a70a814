"""Pages of matchmaking events and graduate outcomes."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import can_admin_consortium
from ..errors import ValidationError
from ..extensions import db
from ..members.context import current_consortium
from ..jobs.models import Placement, Position
from ..members.models import Member
from ..web import form_page, optional_year_arg, permitted, year_arg
from . import events as event_services
from . import forecasts as forecast_services
from . import monitoring, outcomes
from .views_common import bp, flash_refused, member_page
from ..vocab import OUTCOMES
from .forms import AttendeesForm, EventForm, LinkPlacementForm, OfferForm

# ---- matchmaking events ---------------------------------------------------------------------------

@bp.get("/events")
@login_required
def list_events():
    consortium = member_page(current_consortium())
    year = optional_year_arg()
    years = monitoring.years_on_record(consortium.id)
    return render_template("supply/events.html", events=event_services.list_events(current_user, consortium.id,
                                                                                   year=year),
                           counts=event_services.yearly_counts(current_user, consortium.id, years), year=year,
                           can_record=event_services.can_record_events(current_user, consortium.id))


def _event_url(event) -> str:
    return url_for("supply.show_event", event_id=event.id)


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
    return form_page(form, (), lambda _d: event_services.save_event(current_user, consortium, _event_data(form)),
                     lambda event: _("已登记 %(title)s", title=event.title), _event_url, "supply/event_form.html",
                     title=_("登记对接活动"))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(event_id):
    consortium = current_consortium()
    event = permitted(event_services.get_event(current_user, event_id), event_services.can_manage_event)
    form = EventForm(obj=event)
    _event_form_choices(form, consortium)
    if request.method == "GET":
        form.enterprise_ids.data = [m.id for m in event.enterprises]
        form.position_ids.data = [p.id for p in event.positions]
    return form_page(form, (), lambda _d: event_services.save_event(current_user, consortium, _event_data(form), event),
                     _("已保存"), _event_url(event), "supply/event_form.html", title=_("编辑对接活动"))


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
            flash_refused(exc)
        else:
            flash(message(result), "success")
    else:
        flash("；".join(str(e) for errors in form.errors.values() for e in errors) or _("请求有误"), "danger")
    return redirect(_event_url(event))


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
    year = year_arg()
    page = outcomes.outcome_page(current_user, consortium, year)
    return render_template("supply/outcomes.html", page=page, year=year,
                           years=monitoring.years_on_record(consortium.id))


@bp.get("/outcomes/students")
@login_required
def outcome_students():
    consortium = current_consortium()
    year = year_arg()
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
