"""Pages for the records the book counts: co-built resources, R&D projects, research outputs, demand reports."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..members.context import current_consortium
from ..vocab import OUTPUT_KINDS, RESOURCE_KINDS, SCHOOL_TYPES
from ..web import filter_args, optional_year_arg, paginate, save_form
from . import services
from .forms import ConfirmForm, OutputForm, PublishForm, RdProjectForm, ReportForm, ResourceForm

bp = Blueprint("records", __name__, url_prefix="/records")


def _filters(*keys, choices=None) -> dict:
    """The list's text filters ('' when not given) and its optional year."""
    return {**{key: "" for key in keys}, **filter_args(*keys, choices=choices), "year": optional_year_arg()}


def _list_page(template, stmt, filters, **context):
    return render_template(template, page=paginate(stmt), filters=filters, confirm_form=ConfirmForm(formdata=None),
                           **context)


def _form_page(template, form, title, cancel_endpoint, record=None, delete_endpoint=None):
    return render_template(template, form=form, title=title, cancel_url=url_for(cancel_endpoint), record=record,
                           delete_url=url_for(delete_endpoint, record_id=record.id) if record and delete_endpoint
                           else None, confirm_form=ConfirmForm(formdata=None))


def _save_page(form, fields, save, saved, list_endpoint, title, record=None, delete_endpoint=None):
    """A record's new or edit page: save and go back to the list, or show the form with its errors."""
    result = save_form(form, fields, lambda data: save(current_user, record or current_consortium(), data))
    if result is not None:
        flash(saved(result) if record is None else _("已保存"), "success")
        return redirect(url_for(list_endpoint))
    return _form_page("records/form.html", form, title, list_endpoint, record, delete_endpoint)


def _delete(get, delete, endpoint, message):
    record = get(current_user, request.view_args["record_id"])
    if not ConfirmForm().validate_on_submit():
        abort(400)
    delete(current_user, record)
    flash(message, "success")
    return redirect(url_for(endpoint))


def _members_form(form, consortium, field: str, record_members=None):
    """Member choices; an organization's own unit is preselected on a new record."""
    getattr(form, field).choices = services.member_choices(consortium.id)
    own = services.own_organization_id(current_user)
    if request.method == "GET" and record_members is None and own is not None:
        getattr(form, field).data = [own]
    elif request.method == "GET" and record_members is not None:
        getattr(form, field).data = [m.id for m in record_members]
    return form


# ---- co-built resources ----------------------------------------------------------------------

@bp.get("/resources")
@login_required
def list_resources():
    consortium = current_consortium()
    filters = _filters("q", "kind", choices={"kind": set(RESOURCE_KINDS)})
    stmt = services.list_resources(current_user, consortium.id, **filters)
    return _list_page("records/resources.html", stmt, filters, kinds=RESOURCE_KINDS)


@bp.route("/resources/new", methods=["GET", "POST"])
@login_required
def create_resource():
    consortium = current_consortium()
    services.require_member_user(current_user, consortium.id)
    form = _members_form(ResourceForm(), consortium, "partner_ids")
    return _save_page(form, services.RESOURCE_FIELDS, services.create_resource,
                      lambda r: _("已登记共建资源 %(name)s", name=r.name), "records.list_resources", _("登记共建资源"))


@bp.route("/resources/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_resource(record_id):
    resource = services.get_resource(current_user, record_id)
    form = _members_form(ResourceForm(obj=resource), current_consortium(), "partner_ids", resource.partners)
    return _save_page(form, services.RESOURCE_FIELDS, services.update_resource, None, "records.list_resources",
                      _("编辑共建资源 %(name)s", name=resource.name), resource, "records.delete_resource")


@bp.post("/resources/<int:record_id>/delete")
@login_required
def delete_resource(record_id):
    return _delete(services.get_resource, services.delete_resource, "records.list_resources", _("已删除共建资源"))


# ---- R&D projects ----------------------------------------------------------------------------

def _rd_form(consortium, obj=None) -> RdProjectForm:
    form = RdProjectForm(obj=obj)
    schools = services.member_choices(consortium.id, types=SCHOOL_TYPES)
    enterprises = services.member_choices(consortium.id, types=("enterprise",))
    blank = [("", _("（请选择）"))]
    form.school_id.choices = blank + schools
    form.enterprise_id.choices = blank + enterprises
    own = services.own_rd_side(current_user)
    if own:
        # An organization records only projects it takes part in: its own side is fixed.
        field = getattr(form, own)
        field.choices = [(current_user.member_id, current_user.member.name)]
        field.data = current_user.member_id
    return form


@bp.get("/rd")
@login_required
def list_rd_projects():
    consortium = current_consortium()
    filters = _filters("q", "converted", choices={"converted": {"yes", "no"}})
    stmt = services.list_rd_projects(current_user, consortium.id, **filters)
    return _list_page("records/rd_projects.html", stmt, filters)


@bp.route("/rd/new", methods=["GET", "POST"])
@login_required
def create_rd_project():
    consortium = current_consortium()
    services.require_member_user(current_user, consortium.id)
    form = _rd_form(consortium)
    return _save_page(form, services.RD_FIELDS, services.create_rd_project,
                      lambda r: _("已登记研发项目 %(code)s", code=r.code), "records.list_rd_projects",
                      _("登记校企合作研发项目"))


@bp.route("/rd/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_rd_project(record_id):
    project = services.get_rd_project(current_user, record_id)
    form = _rd_form(current_consortium(), obj=project)
    return _save_page(form, services.RD_FIELDS, services.update_rd_project, None, "records.list_rd_projects",
                      _("编辑研发项目 %(code)s", code=project.code), project, "records.delete_rd_project")


@bp.post("/rd/<int:record_id>/delete")
@login_required
def delete_rd_project(record_id):
    return _delete(services.get_rd_project, services.delete_rd_project, "records.list_rd_projects",
                   _("已删除研发项目"))


# ---- research outputs ------------------------------------------------------------------------

@bp.get("/outputs")
@login_required
def list_outputs():
    consortium = current_consortium()
    filters = _filters("q", "kind", choices={"kind": set(OUTPUT_KINDS)})
    stmt = services.list_outputs(current_user, consortium.id, **filters)
    return _list_page("records/outputs.html", stmt, filters, kinds=OUTPUT_KINDS)


@bp.route("/outputs/new", methods=["GET", "POST"])
@login_required
def create_output():
    consortium = current_consortium()
    services.require_member_user(current_user, consortium.id)
    form = _members_form(OutputForm(), consortium, "member_ids")
    return _save_page(form, services.OUTPUT_FIELDS, services.create_output,
                      lambda r: _("已登记研究成果 %(title)s", title=r.title), "records.list_outputs", _("登记研究成果"))


@bp.route("/outputs/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_output(record_id):
    output = services.get_output(current_user, record_id)
    form = _members_form(OutputForm(obj=output), current_consortium(), "member_ids", output.members)
    return _save_page(form, services.OUTPUT_FIELDS, services.update_output, None, "records.list_outputs",
                      _("编辑研究成果"), output, "records.delete_output")


@bp.post("/outputs/<int:record_id>/delete")
@login_required
def delete_output(record_id):
    return _delete(services.get_output, services.delete_output, "records.list_outputs", _("已删除研究成果"))


# ---- talent-demand reports -------------------------------------------------------------------

def _require_secretariat():
    consortium = current_consortium()
    services.require_secretariat(current_user, consortium.id)
    return consortium


@bp.get("/reports")
@login_required
def list_reports():
    consortium = current_consortium()
    filters = _filters("q", "status", choices={"status": {"draft", "published"}})
    stmt = services.list_reports(current_user, consortium.id, **filters)
    return _list_page("records/reports.html", stmt, filters, publish_form=PublishForm(formdata=None))


@bp.route("/reports/new", methods=["GET", "POST"])
@login_required
def create_report():
    _require_secretariat()
    form = ReportForm()
    return _save_page(form, ("title", "summary"), services.create_report,
                      lambda r: _("已保存报告草稿 %(title)s", title=r.title), "records.list_reports", _("新建人才需求报告"))


@bp.route("/reports/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_report(record_id):
    _require_secretariat()
    report = services.get_report(current_user, record_id)
    form = ReportForm(obj=report)
    return _save_page(form, ("title", "summary"), services.update_report, None, "records.list_reports",
                      _("编辑人才需求报告"), report, "records.delete_report")


@bp.post("/reports/<int:record_id>/publish")
@login_required
def publish_report(record_id):
    _require_secretariat()
    report = services.get_report(current_user, record_id)
    form = PublishForm()
    if not form.validate_on_submit():
        for message in form.published_date.errors or [_("请求有误")]:
            flash(message, "danger")
        return redirect(url_for("records.list_reports"))
    services.publish_report(current_user, report, form.published_date.data)
    flash(_("已于 %(day)s 发布 %(title)s", day=report.published_date, title=report.title), "success")
    return redirect(url_for("records.list_reports"))


@bp.post("/reports/<int:record_id>/delete")
@login_required
def delete_report(record_id):
    return _delete(services.get_report, services.delete_report, "records.list_reports", _("已删除人才需求报告"))
