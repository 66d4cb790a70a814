"""Pages for the consortium profile, the member directory and enterprise yearly figures."""

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .context import current_consortium
from ..timeutil import report_year
from ..web import form_page, paginate, permitted, post_action, year_arg
from ..access import can_admin_consortium, require_consortium_admin, require_same_consortium
from . import lookups, services
from .forms import ConsortiumYearForm, EnterpriseYearForm, LeaveForm, MemberForm, NarrativeForm, ProfileForm
from ..vocab import MEMBER_ROLES, MEMBER_TYPES, NARRATIVES, SCHOOL_TYPES, TEACHER_EMPLOYER_TYPES
from ..web import optional_year_arg

bp = Blueprint("members", __name__)


def _administered_consortium():
    """The current consortium, for its secretariat (else 403)."""
    consortium = current_consortium()
    require_consortium_admin(current_user, consortium.id)
    return consortium


def _profile_url(year_form) -> str:
    """The consortium's profile in the year a yearly form was saved for."""
    return url_for("members.profile", year=year_form.year.data)


def _member_url(member) -> str:
    return url_for("members.member_detail", member_id=member.id)


@bp.get("/consortium")
@login_required
def profile():
    consortium = current_consortium()
    services.require_directory_access(current_user, consortium.id)
    year = year_arg(report_year())
    counts = services.member_counts(consortium.id, year)
    return render_template("members/profile.html", consortium=consortium, year=year, counts=counts,
                           member_types=MEMBER_TYPES, narratives=services.narratives_for(consortium, year),
                           narrative_fields=NARRATIVES,
                           can_edit=can_admin_consortium(current_user, consortium.id))


@bp.route("/consortium/edit", methods=["GET", "POST"])
@login_required
def edit_profile():
    consortium = _administered_consortium()
    form = ProfileForm(obj=consortium)
    return form_page(form, services.PROFILE_FIELDS,
                     lambda data: services.update_profile(current_user, consortium, data), _("联合体概况已保存"), url_for("members.profile"), "members/profile_form.html",
                     title=_("编辑联合体概况"))


@bp.route("/consortium/years", methods=["GET", "POST"])
@login_required
def edit_year():
    consortium = _administered_consortium()
    year = year_arg(report_year())
    row = consortium.year(year)
    form = ConsortiumYearForm(obj=row, year=year)
    return form_page(form, services.YEAR_FIELDS,
                     lambda data: services.save_consortium_year(current_user, consortium, form.year.data, data),
                     lambda _r: _("%(year)d 年度数据已保存", year=form.year.data), lambda _r: _profile_url(form),
                     "members/profile_form.html", title=_("经费与园区产值（按年度）"))


@bp.route("/consortium/narratives", methods=["GET", "POST"])
@login_required
def edit_narratives():
    consortium = _administered_consortium()
    year = year_arg(report_year())
    form = NarrativeForm(data={"year": year, **services.narratives_for(consortium, year)})
    return form_page(form, NARRATIVES,
                     lambda data: services.save_narratives(current_user, consortium, form.year.data, data),
                     _("文字材料已保存"), lambda _r: _profile_url(form), "members/profile_form.html",
                     title=_("文字材料（按年度）"), limits={k: v[1] for k, v in NARRATIVES.items()})


@bp.get("/members")
@login_required
def list_members():
    consortium = current_consortium()
    filters = {key: request.args.get(key, "") for key in ("q", "type", "role", "city", "status")}
    stmt = services.list_members(current_user, consortium.id, **filters)
    return render_template("members/list.html", page=paginate(stmt), filters=filters, member_types=MEMBER_TYPES,
                           member_roles=MEMBER_ROLES, cities=services.member_cities(consortium.id),
                           can_create=can_admin_consortium(current_user, consortium.id))


@bp.route("/members/new", methods=["GET", "POST"])
@login_required
def create_member():
    consortium = _administered_consortium()
    return form_page(MemberForm(), services.MEMBER_FIELDS,
                     lambda data: services.create_member(current_user, consortium, data),
                     lambda member: _("已添加成员单位 %(name)s", name=member.name), _member_url, "members/form.html",
                     title=_("添加成员单位"))


@bp.get("/members/<int:member_id>")
@login_required
def member_detail(member_id):
    member = services.get_member(current_user, member_id)
    can_edit = services.can_edit_member(current_user, member)
    return render_template("members/detail.html", member=member, can_edit=can_edit,
                           is_admin=can_admin_consortium(current_user, member.consortium_id),
                           leave_form=LeaveForm())


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@login_required
def edit_member(member_id):
    member = permitted(services.get_member(current_user, member_id), services.can_edit_member)
    form = MemberForm(obj=member)
    is_admin = can_admin_consortium(current_user, member.consortium_id)
    if not is_admin:
        for name in ("name", "type", "role", "joined_date", "left_date"):
            getattr(form, name).render_kw = {"disabled": True}
    if request.method == "POST" and not is_admin:
        # Fields the organization may not change are taken from the record, never from the post.
        for name in ("name", "type", "role", "joined_date", "left_date"):
            getattr(form, name).data = getattr(member, name)
    return form_page(form, services.MEMBER_FIELDS, lambda data: services.update_member(current_user, member, data),
                     _("已保存"), _member_url(member), "members/form.html", title=_("编辑 %(name)s", name=member.name),
                     member=member)


@bp.post("/members/<int:member_id>/leave")
@login_required
def leave_member(member_id):
    member = services.get_member(current_user, member_id)
    form = LeaveForm()
    post_action(form, lambda: services.leave_member(current_user, member, form.left_date.data),
                _("已登记 %(name)s 于 %(day)s 退出", name=member.name, day=form.left_date.data))
    return redirect(_member_url(member))


@bp.route("/members/<int:member_id>/years", methods=["GET", "POST"])
@login_required
def enterprise_years(member_id):
    member = services.get_member(current_user, member_id)
    rows = services.enterprise_years(current_user, member)  # permission: secretariat or the enterprise itself
    if not member.is_enterprise:
        abort(404)
    year = optional_year_arg()
    existing = next((r for r in rows if r.year == year), None)
    form = EnterpriseYearForm(obj=existing, year=year or report_year())
    return form_page(form, services.ENTERPRISE_YEAR_FIELDS,
                     lambda data: services.save_enterprise_year(current_user, member, form.year.data, data),
                     lambda _r: _("%(year)d 年度企业数据已保存", year=form.year.data),
                     url_for("members.enterprise_years", member_id=member.id), "members/enterprise_years.html",
                     member=member, rows=rows)


# What each type-ahead kind looks up, and who may: enterprise names are on every position list (students
# and teachers filter by them); the schools and employers filters are the secretariat's and members'.
LOOKUP_KINDS = {"enterprise": (("enterprise",), False), "school": (SCHOOL_TYPES, True),
                "employer": (TEACHER_EMPLOYER_TYPES, True)}


@bp.get("/members/lookup")
@login_required
def lookup():
    """Type-ahead for the member filters of the list pages: at most 20 {id, name} whose name contains q."""
    consortium = current_consortium()
    kind = request.args.get("kind", "")
    if kind not in LOOKUP_KINDS:
        abort(404)
    types, directory_only = LOOKUP_KINDS[kind]
    if directory_only:
        services.require_directory_access(current_user, consortium.id)
    else:
        require_same_consortium(current_user, consortium.id)
    return jsonify(lookups.search_members(consortium.id, types, request.args.get("q", "")))
