"""Pages for training: the role overviews, sessions with rosters, certificates, requests and the plan."""
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..extensions import db
from ..figures.training import KIND_KEYS
from ..members.context import current_consortium, current_consortium_or_none
from ..timeutil import current_year, report_year
from ..vocab import AUDIENCES, REQUEST_STATUSES, SCHOOL_TYPES, TRAINING_KINDS as KINDS, UNPLANNED_REQUEST_STATUSES
from ..web import (button_action, filter_args, form_page, optional_year_arg, paginate, permitted, permitted_in, save_form,
                   year_arg)
from . import reports, request_services, services
from .forms import (AssignForm, CertificateForm, ConfirmForm, RequestForm, RosterEntryForm, RosterStatusForm,
                    SessionForm, with_blank)
from ..params import id_arg
from ..people.forms import RevealForm
from ..people.views import reveal_or_back

bp = Blueprint("training", __name__, url_prefix="/training")


def _session_url(session, anchor=None) -> str:
    return url_for("training.session_detail", session_id=session.id, _anchor=anchor)


def _certificate_url(cert) -> str:
    return url_for("training.certificate_detail", certificate_id=cert.id)


def _request_url(req) -> str:
    return url_for("training.request_detail", request_id=req.id)


@bp.context_processor
def training_permissions() -> dict:
    """What the training tabs offer the signed-in user."""
    consortium = current_consortium_or_none()
    return {"can_see_plan": consortium is not None and current_user.is_authenticated
            and services.can_see_plan(current_user, consortium.id)}


def _session_form(consortium, obj=None, data=None) -> SessionForm:
    form = SessionForm(obj=obj, data=data)
    members = services.member_choices(consortium.id)
    if services.is_school_user(current_user):
        form.provider_id.choices = [(current_user.member_id, current_user.member.name)]
        form.provider_id.data = current_user.member_id
        del form.provider_name
    else:
        form.provider_id.choices = with_blank(members, _("（非成员单位，填写下方名称）"))
    form.host_id.choices = with_blank(services.member_choices(consortium.id, types=("enterprise",)))
    return form


def _creating(may_create):
    """The current consortium, for a member organization's user who `may_create` records there (else 403)."""
    consortium = current_consortium()
    services.require_member_user(current_user, consortium.id)
    return permitted_in(consortium, may_create)


# ---- overview and plan -------------------------------------------------------------------------

@bp.get("")
@login_required
def overview():
    consortium = current_consortium()
    services.require_member_user(current_user, consortium.id)
    year = year_arg(report_year())
    if services.can_admin_consortium(current_user, consortium.id):
        data = reports.secretariat_overview(current_user, consortium, year)
        return render_template("training/overview_admin.html", year=year, kinds=KINDS, audiences=AUDIENCES,
                               chart=_charts(data), **data)
    data = reports.organization_overview(current_user, consortium, year)
    return render_template("training/overview_org.html", year=year, **data)


def _charts(data) -> dict:
    """Chart specs for static/js/charts.js (read from a JSON block, no inline script)."""
    kinds = [str(KINDS[k]) for k in KIND_KEYS]
    return {
        "monthly": {"type": "bar", "stacked": True, "unit": _("人日"),
                    "categories": [_("%(m)d月", m=m) for m in range(1, 13)],
                    "series": [{"name": name, "data": [float(v) for v in data["monthly"][k]]}
                               for k, name in zip(KIND_KEYS, kinds)]},
        "trend": {"type": "line", "stacked": False, "unit": _("人日"),
                  "categories": [str(y) for y, _v in data["trend"]],
                  "series": [{"name": name, "data": [float(by_kind[k]) for _y, by_kind in data["trend"]]}
                             for k, name in zip(KIND_KEYS, kinds)]},
    }


@bp.get("/plan")
@login_required
def plan():
    consortium = current_consortium()
    year = year_arg()
    table = reports.plan_table(current_user, consortium, year)
    return render_template("training/plan.html", year=year, kinds=KINDS, audiences=AUDIENCES, **table)


# ---- sessions ----------------------------------------------------------------------------------

@bp.get("/sessions")
@login_required
def list_sessions():
    consortium = current_consortium()
    filters = {"q": "", "kind": "", "audience": "", **filter_args("q", "kind", "audience")}
    year = optional_year_arg()
    stmt = services.list_sessions(current_user, consortium.id, year=year, **filters)
    can_create = services.can_create_session(current_user, consortium.id)
    return render_template("training/sessions.html", page=paginate(stmt), filters=filters, year=year, kinds=KINDS,
                           audiences=AUDIENCES, can_create=can_create)


@bp.route("/sessions/new", methods=["GET", "POST"])
@login_required
def create_session():
    consortium = _creating(services.can_create_session)
    form = _session_form(consortium, data={"plan_year": current_year()} if request.method == "GET" else None)
    return form_page(form, services.SESSION_FIELDS,
                     lambda data: services.create_session(current_user, consortium, data),
                     lambda session: _("已登记培训 %(code)s", code=session.code), _session_url,
                     "training/form.html", title=_("登记培训"), cancel_url=url_for("training.list_sessions"))


@bp.get("/sessions/<int:session_id>")
@login_required
def session_detail(session_id, roster_form=None):
    session = services.get_session(current_user, session_id)
    can_manage = services.can_manage_session(current_user, session)
    if roster_form is None and can_manage:
        roster_form = RosterEntryForm(formdata=None)
    if roster_form is not None:
        roster_form.employer_id.choices = with_blank(services.member_choices(session.consortium_id,
                                                                             types=("enterprise",)))
    certificates = services.list_certificates(current_user, session.consortium_id, session_id=session.id)
    return render_template("training/session_detail.html", session=session, can_manage=can_manage,
                           roster=services.visible_roster(current_user, session), roster_form=roster_form,
                           status_form=RosterStatusForm(formdata=None), confirm_form=ConfirmForm(formdata=None),
                           certificate_count=services.session_certificate_count(session),
                           pass_rate=services.session_pass_rate(session),
                           certificates=list(db.session.scalars(certificates)))


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(session_id):
    session = permitted(services.get_session(current_user, session_id), services.can_manage_session)
    form = _session_form(current_consortium(), obj=session)
    return form_page(form, services.SESSION_FIELDS, lambda data: services.update_session(current_user, session, data),
                     _("已保存"), _session_url(session), "training/form.html",
                     title=_("编辑培训 %(code)s", code=session.code), cancel_url=_session_url(session))


@bp.post("/sessions/<int:session_id>/delete")
@login_required
def delete_session(session_id):
    session = services.get_session(current_user, session_id)
    return button_action(ConfirmForm(), lambda: services.delete_session(current_user, session),
                         _("已删除培训 %(code)s", code=session.code), url_for("training.list_sessions"))


@bp.post("/sessions/<int:session_id>/roster")
@login_required
def add_roster_entry(session_id):
    session = permitted(services.get_session(current_user, session_id), services.can_manage_session)
    form = RosterEntryForm()
    form.employer_id.choices = with_blank(services.member_choices(session.consortium_id, types=("enterprise",)))
    entry = save_form(form, services.ROSTER_FIELDS, lambda data: services.add_roster_entry(current_user, session, data))
    if entry is not None:
        flash(_("已将 %(name)s 加入名单", name=entry.name), "success")
        return redirect(_session_url(session, "roster"))
    session = services.get_session(current_user, session_id)  # reloaded after a rollback
    return session_detail(session.id, roster_form=form), 422


@bp.post("/sessions/<int:session_id>/roster/<int:entry_id>/status")
@login_required
def update_roster_entry(session_id, entry_id):
    session = services.get_session(current_user, session_id)
    entry = services.get_roster_entry(current_user, session, entry_id)
    form = RosterStatusForm()
    return button_action(form, lambda: services.update_roster_entry(current_user, entry, {"status": form.status.data}),
                         _("已更新 %(name)s 的结业情况", name=entry.name), _session_url(session, "roster"))


@bp.post("/sessions/<int:session_id>/roster/<int:entry_id>/delete")
@login_required
def delete_roster_entry(session_id, entry_id):
    session = services.get_session(current_user, session_id)
    entry = services.get_roster_entry(current_user, session, entry_id)
    return button_action(ConfirmForm(), lambda: services.delete_roster_entry(current_user, entry), _("已从名单中移除"),
                         _session_url(session, "roster"))


# ---- certificates ------------------------------------------------------------------------------

def _certificate_form(consortium, obj=None, data=None) -> CertificateForm:
    form = CertificateForm(obj=obj, data=data)
    form.issuer_id.choices = with_blank(services.member_choices(consortium.id),
                                        _("（非成员机构，填写下方名称）"))
    form.session_id.choices = with_blank(services.session_choices(current_user, consortium.id))
    return form


@bp.get("/certificates")
@login_required
def list_certificates():
    consortium = current_consortium()
    q = filter_args("q").get("q", "")
    year = optional_year_arg()
    stmt = services.list_certificates(current_user, consortium.id, year=year, q=q)
    can_create = services.can_create_certificate(current_user, consortium.id)
    return render_template("training/certificates.html", page=paginate(stmt), q=q, year=year, can_create=can_create)


@bp.route("/certificates/new", methods=["GET", "POST"])
@login_required
def create_certificate():
    consortium = _creating(services.can_create_certificate)
    defaults = None
    if request.method == "GET":
        defaults = {"session_id": id_arg("session"), "level": 4,
                    "issuer_id": current_user.member_id if services.is_school_user(current_user) else None}
    form = _certificate_form(consortium, data=defaults)
    return form_page(form, services.CERTIFICATE_FIELDS,
                     lambda data: services.create_certificate(current_user, consortium, data),
                     lambda cert: _("已登记证书 %(no)s", no=cert.certificate_no), _certificate_url,
                     "training/form.html", title=_("登记证书"), cancel_url=url_for("training.list_certificates"))


@bp.get("/certificates/<int:certificate_id>")
@login_required
def certificate_detail(certificate_id):
    cert = services.get_certificate(current_user, certificate_id)
    return render_template("training/certificate_detail.html", cert=cert,
                           can_manage=services.can_manage_certificate(current_user, cert),
                           confirm_form=ConfirmForm(formdata=None),
                           reveal_form=RevealForm(formdata=None) if services.may_reveal_certificate(current_user, cert)
                           else None)


@bp.post("/certificates/<int:certificate_id>/reveal")
@login_required
def reveal_certificate(certificate_id):
    """Reveal the holder's full ID number, with a reason (audited)."""
    cert = permitted(services.get_certificate(current_user, certificate_id), services.may_reveal_certificate)

    def reveal(reason):
        values = services.reveal_certificate(current_user, cert, reason, ip=request.remote_addr)
        return values, values.pop("reason")

    return reveal_or_back(reveal, _certificate_url(cert),
                          f"{cert.holder_name} · {cert.certificate_no}", [("id_number", _("身份证号"))])


@bp.route("/certificates/<int:certificate_id>/edit", methods=["GET", "POST"])
@login_required
def edit_certificate(certificate_id):
    cert = permitted(services.get_certificate(current_user, certificate_id), services.can_manage_certificate)
    form = _certificate_form(current_consortium(), obj=cert)
    # The stored ID number is never put into the page; an empty field keeps it.
    if request.method == "GET":
        form.holder_id_number.data = ""
    form.holder_id_number.description = _("当前：%(masked)s；留空则不修改", masked=cert.masked_id_number or "—")

    def save(data):
        if not (data.get("holder_id_number") or "").strip():
            data.pop("holder_id_number")
        return services.update_certificate(current_user, cert, data)

    return form_page(form, services.CERTIFICATE_FIELDS, save, _("已保存"), _certificate_url(cert), "training/form.html",
                     title=_("编辑证书 %(no)s", no=cert.certificate_no), cancel_url=_certificate_url(cert))


@bp.post("/certificates/<int:certificate_id>/delete")
@login_required
def delete_certificate(certificate_id):
    cert = services.get_certificate(current_user, certificate_id)
    return button_action(ConfirmForm(), lambda: services.delete_certificate(current_user, cert), _("已删除证书"),
                         url_for("training.list_certificates"))


# ---- requests ----------------------------------------------------------------------------------

@bp.get("/requests")
@login_required
def list_requests():
    consortium = current_consortium()
    status = filter_args("status").get("status", "")
    stmt = request_services.list_requests(current_user, consortium.id, status=status)
    can_create = services.can_create_request(current_user, consortium.id)
    return render_template("training/requests.html", page=paginate(stmt), status=status, statuses=REQUEST_STATUSES,
                           can_create=can_create)


def _request_form(consortium, obj=None) -> RequestForm:
    form = RequestForm(obj=obj)
    if services.can_admin_consortium(current_user, consortium.id) and obj is None:
        form.enterprise_id.choices = with_blank(services.member_choices(consortium.id, types=("enterprise",)),
                                                _("（请选择）"))
    else:
        del form.enterprise_id
    return form


@bp.route("/requests/new", methods=["GET", "POST"])
@login_required
def create_request():
    consortium = _creating(services.can_create_request)
    form = _request_form(consortium)
    enterprise_id = form.enterprise_id.data if getattr(form, "enterprise_id", None) is not None else None
    return form_page(form, request_services.REQUEST_FIELDS, lambda data: request_services.create_request(
        current_user, consortium, data, enterprise_id=enterprise_id), _("培训需求已提交，秘书处将分派承训学校"),
        _request_url, "training/form.html", title=_("提出培训需求"), cancel_url=url_for("training.list_requests"))


@bp.get("/requests/<int:request_id>")
@login_required
def request_detail(request_id, assign_form=None):
    req = request_services.get_request(current_user, request_id)
    is_admin = services.can_admin_consortium(current_user, req.consortium_id)
    if assign_form is None and is_admin:
        assign_form = AssignForm(formdata=None, provider_id=req.provider_id)
    if assign_form is not None:
        assign_form.provider_id.choices = with_blank(services.member_choices(req.consortium_id, types=SCHOOL_TYPES),
                                                     _("（请选择）"))
    return render_template("training/request_detail.html", req=req, assign_form=assign_form,
                           can_assign=is_admin and req.status in UNPLANNED_REQUEST_STATUSES,
                           can_plan=request_services.can_plan_request(current_user, req),
                           can_edit=request_services.can_edit_request(current_user, req),
                           can_see_session=req.session is not None and _visible(req.session),
                           confirm_form=ConfirmForm(formdata=None))


def _visible(session) -> bool:
    try:
        services.get_session(current_user, session.id)
    except DomainError:
        return False
    return True


@bp.route("/requests/<int:request_id>/edit", methods=["GET", "POST"])
@login_required
def edit_request(request_id):
    req = permitted(request_services.get_request(current_user, request_id), request_services.can_edit_request)
    form = _request_form(current_consortium(), obj=req)
    return form_page(form, request_services.REQUEST_FIELDS,
                     lambda data: request_services.update_request(current_user, req, data), _("已保存"),
                     _request_url(req), "training/form.html", title=_("修改培训需求"), cancel_url=_request_url(req))


@bp.post("/requests/<int:request_id>/assign")
@login_required
def assign_request(request_id):
    req = request_services.get_request(current_user, request_id)
    form = AssignForm()
    form.provider_id.choices = with_blank(services.member_choices(req.consortium_id, types=SCHOOL_TYPES))
    if save_form(form, ("provider_id",),
                 lambda data: request_services.assign_request(current_user, req, data["provider_id"])):
        flash(_("已分派给 %(name)s", name=req.provider.name), "success")
        return redirect(_request_url(req))
    req = request_services.get_request(current_user, request_id)
    return request_detail(req.id, assign_form=form), 422


@bp.route("/requests/<int:request_id>/plan", methods=["GET", "POST"])
@login_required
def plan_request(request_id):
    consortium = current_consortium()
    req = request_services.get_request(current_user, request_id)
    if not request_services.can_plan_request(current_user, req):
        abort(403 if req.status == "assigned" else 409)
    form = _session_form(consortium, data=request_services.plan_defaults(req) if request.method == "GET" else None)
    form.provider_id.choices = [(req.provider_id, req.provider.name)]
    form.provider_id.data = req.provider_id
    if getattr(form, "provider_name", None) is not None:
        del form.provider_name
    return form_page(form, services.SESSION_FIELDS,
                     lambda data: request_services.plan_request(current_user, consortium, req, data),
                     lambda session: _("已为该需求安排培训 %(code)s", code=session.code), _request_url(req),
                     "training/form.html", title=_("为需求安排培训：%(topic)s", topic=req.topic),
                     cancel_url=_request_url(req))


@bp.post("/requests/<int:request_id>/cancel")
@login_required
def cancel_request(request_id):
    req = request_services.get_request(current_user, request_id)
    return button_action(ConfirmForm(), lambda: request_services.cancel_request(current_user, req), _("培训需求已取消"),
                         _request_url(req))


@bp.app_template_global()
def certificates_of_holder(consortium_id: int, holder_name: str) -> list:
    """Certificates whose holder has this name, for pages of lower packages (a teacher's record) that may not
    import training: they call this from their template when it is defined."""
    return services.certificates_by_holder_name(consortium_id, holder_name)


@bp.app_template_filter("pdays")
def format_person_days(value) -> str:
    """Person-days and days for display: 120 rather than 120.0, 2.5 stays 2.5; None shows a dash."""
    if value is None:
        return "—"
    value = Decimal(value).quantize(Decimal("0.1"))
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"
