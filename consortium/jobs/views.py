"""Pages for positions, applications, a candidate's own view, and notifications.

Placement and programme pages live in views_placements.py on the same blueprint (views_common.bp).
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import can_admin_consortium
from ..errors import Conflict, ValidationError
from ..extensions import db
from ..members.context import current_consortium
from ..members.models import Member
from ..members.lookups import filter_choices
from ..people.forms import member_choices
from ..web import (button_action, form_data, form_failed, page_arg, paginate, paginate_sequence, permitted,
                   permitted_in, post_action, save_form)
from . import applications, candidates, placements, positions
from . import notifications as inbox
from . import views_placements  # noqa: F401  (registers the placement and programme pages on bp)
from .forms import ActionForm, ApplyForm, PositionForm
from ..vocab import APPLICATION_STATUSES, POSITION_KINDS, POSITION_STATUSES
from .recommend import recommended_positions
from .views_common import back, bp
from ..params import id_arg


# ---- positions -------------------------------------------------------------------------------

@bp.get("/positions")
@login_required
def list_positions():
    consortium = current_consortium()
    args = request.args
    filters = {"kind": args.get("kind", ""), "city": args.get("city", "").strip(), "major": args.get("major", "").strip(),
               "enterprise_id": id_arg("enterprise_id"), "status": args.get("status", ""),
               "open_slots": args.get("only_open") == "1", "q": args.get("q", "").strip()}
    stmt = positions.list_positions(current_user, consortium.id, **filters)
    return render_template("jobs/positions.html", page=paginate(stmt), filters=filters, kinds=POSITION_KINDS,
                           statuses=POSITION_STATUSES,
                           enterprises=filter_choices(consortium.id, ("enterprise",), filters["enterprise_id"],
                                                      kind="enterprise"),
                           can_create=positions.can_post_positions(current_user, consortium.id))


def _position_form(consortium, position=None):
    data = {"majors": "、".join(position.majors or []), "skills": "、".join(position.skills or [])} if position else {}
    form = PositionForm(obj=position, data=data)
    if can_admin_consortium(current_user, consortium.id) and position is None:
        form.enterprise_id.choices = [("", _("请选择"))] + member_choices(consortium.id, ("enterprise",))
    else:
        del form["enterprise_id"]
    return form


def _saved_message(position) -> tuple[str, str]:
    """What saving a position did, in the words of its status: a draft is saved, not published."""
    if position.status == "draft":
        return _("已保存草稿“%(title)s”：学生和教师还看不到它，点击“开放申请”即可发布", title=position.title), "warning"
    if position.status == "open":
        return _("已发布岗位“%(title)s”，正在开放申请", title=position.title), "success"
    return _("已保存岗位“%(title)s”（已关闭，不接受申请）", title=position.title), "success"


@bp.route("/positions/new", methods=["GET", "POST"])
@login_required
def create_position():
    consortium = permitted_in(current_consortium(), positions.can_post_positions)
    form = _position_form(consortium)
    if form.validate_on_submit():
        enterprise = current_user.member if "enterprise_id" not in form else db.session.get(Member, form.enterprise_id.data)
        if enterprise is None or enterprise.consortium_id != consortium.id:
            abort(404)
        try:
            position = positions.create_position(current_user, enterprise, form_data(form, positions.POSITION_FIELDS))
        except ValidationError as exc:
            form_failed(form, exc)
        else:
            flash(*_saved_message(position))
            return redirect(url_for("jobs.position_detail", position_id=position.id))
    return render_template("jobs/form.html", form=form, title=_("发布岗位"), cancel_url=url_for("jobs.list_positions"))


@bp.get("/positions/<int:position_id>")
@login_required
def position_detail(position_id):
    position = positions.get_position(current_user, position_id)
    manager = positions.can_manage_position(current_user, position)
    application_rows = placement_rows = []
    if manager:
        consortium_id = position.consortium_id
        application_rows = db.session.scalars(applications.list_applications(current_user, consortium_id,
                                                                             position_id=position.id)).all()
        placement_rows = db.session.scalars(placements.list_placements(current_user, consortium_id,
                                                                       position_id=position.id)).all()
    own_application = None
    if candidates.has_candidate_record(current_user):
        own_application = next(iter(db.session.scalars(applications.list_applications(
            current_user, position.consortium_id, position_id=position.id, mine=True))), None)
    return render_template("jobs/position_detail.html", position=position, manager=manager,
                           applications=application_rows, placements=placement_rows, own_application=own_application,
                           can_apply=candidates.is_candidate_account(current_user),
                           action_form=ActionForm(), apply_form=ApplyForm())


@bp.route("/positions/<int:position_id>/edit", methods=["GET", "POST"])
@login_required
def edit_position(position_id):
    position = permitted(positions.get_position(current_user, position_id), positions.can_manage_position)
    form = _position_form(position.enterprise.consortium, position)
    if save_form(form, positions.POSITION_FIELDS, lambda data: positions.update_position(current_user, position, data)):
        flash(*_saved_message(position))
        return redirect(url_for("jobs.position_detail", position_id=position.id))
    return render_template("jobs/form.html", form=form, title=_("编辑岗位 %(code)s", code=position.code),
                           cancel_url=url_for("jobs.position_detail", position_id=position.id))


@bp.post("/positions/<int:position_id>/status")
@login_required
def set_position_status(position_id):
    position = positions.get_position(current_user, position_id)
    form = ActionForm()
    return button_action(form, lambda: positions.set_position_status(current_user, position, form.value.data),
                         lambda _r: _("岗位状态已改为“%(status)s”", status=position.status_label),
                         url_for("jobs.position_detail", position_id=position.id), refused=ValidationError)


# ---- candidates: recommended positions, own applications and placements --------------------------

@bp.get("/my/recommended")
@login_required
def recommended():
    consortium = current_consortium()
    result = recommended_positions(current_user, consortium.id, page=page_arg())
    return render_template("jobs/recommended.html", result=result, apply_form=ApplyForm(),
                           pager=paginate_sequence(range(result.total), per_page=result.per_page))


@bp.post("/positions/<int:position_id>/apply")
@login_required
def apply(position_id):
    position = positions.get_position(current_user, position_id)
    form = ApplyForm()
    if post_action(form, lambda: applications.apply(current_user, position, form.note.data or ""),
                   _("已申请岗位 %(title)s，请等待企业处理", title=position.title)):
        return redirect(url_for("jobs.my_applications"))
    return redirect(back(url_for("jobs.recommended")))


@bp.get("/my/applications")
@login_required
def my_applications():
    consortium = current_consortium()
    stmt = applications.list_applications(current_user, consortium.id, mine=True)
    return render_template("jobs/my_applications.html", applications=db.session.scalars(stmt).all(),
                           action_form=ActionForm())


@bp.post("/applications/<int:application_id>/withdraw")
@login_required
def withdraw_application(application_id):
    application = applications.get_application(current_user, application_id)
    return button_action(ActionForm(), lambda: applications.withdraw_application(current_user, application),
                         _("已撤回申请"), url_for("jobs.my_applications"), refused=Conflict)


@bp.get("/my/placements")
@login_required
def my_placements():
    consortium = current_consortium()
    if not candidates.is_candidate_account(current_user):
        return redirect(url_for("jobs.list_placements"))
    rows = db.session.scalars(placements.list_placements(current_user, consortium.id)).all()
    return render_template("jobs/my_placements.html", placements=rows)


# ---- applications for enterprises, schools and the secretariat ------------------------------------

@bp.get("/applications")
@login_required
def list_applications():
    consortium = current_consortium()
    if candidates.is_candidate_account(current_user):
        return redirect(url_for("jobs.my_applications"))
    filters = {"status": request.args.get("status", ""), "position_id": id_arg("position_id")}
    stmt = applications.list_applications(current_user, consortium.id, **filters)
    return render_template("jobs/applications.html", page=paginate(stmt), filters=filters,
                           statuses=APPLICATION_STATUSES, action_form=ActionForm(),
                           scope=applications.application_scope(current_user),
                           can_decide=lambda a: positions.can_manage_position(current_user, a.position))


@bp.post("/applications/<int:application_id>/decide")
@login_required
def decide_application(application_id):
    application = applications.get_application(current_user, application_id)
    form = ActionForm()
    if form.value.data not in ("accept", "reject"):
        abort(400)
    accept = form.value.data == "accept"

    def decided(_result) -> str:
        name = application.candidate.name
        return _("已录用 %(name)s", name=name) if accept else _("已拒绝 %(name)s", name=name)

    return button_action(form, lambda: applications.decide_application(current_user, application, accept), decided,
                         back(url_for("jobs.list_applications")), refused=(ValidationError, Conflict))


# ---- notifications -------------------------------------------------------------------------------

@bp.get("/notifications")
@login_required
def notifications():
    items = inbox.list_notifications(current_user)
    unread = {n.id for n in items if n.read_at is None}
    inbox.mark_read(current_user)
    return render_template("jobs/notifications.html", items=items, unread=unread)

