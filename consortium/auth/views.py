"""Sign in and out, passwords, API tokens, and the secretariat's user management."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..errors import ValidationError
from ..extensions import db, limiter
from ..members.context import current_consortium
from ..members.models import Member
from ..web import form_failed, paginate
from ..vocab import ROLES
from . import services, sessions
from .forms import ChangePasswordForm, LoginForm, ResetPasswordForm, TokenForm, UserCreateForm, UserEditForm
from .ratelimit import login_account_key

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, never an open redirect."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("home.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], key_func=login_account_key, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is None:
            form.password.errors.append(_("用户名或密码不正确"))
        else:
            sessions.start_session(user, remember=form.remember.data)
            flash(_("欢迎，%(name)s", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    services.sign_out(current_user)
    sessions.end_session()
    flash(_("您已退出登录"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, current_user, old_password=form.old_password.data,
                                     new_password=form.new_password.data)
        except ValidationError as exc:
            form_failed(form, exc)
        else:
            # The new password ended every session, this one included: continue on a fresh one.
            sessions.start_session(current_user._get_current_object(),
                                   remember=current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
                                   in request.cookies)
            flash(_("密码已修改"), "success")
            return redirect(url_for("home.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = services.issue_token(current_user, current_user, form.name.data)
        flash(_("令牌只显示这一次，请立即复制保存"), "warning")
    return render_template("auth/tokens.html", form=form, new_token=new_token,
                           tokens=services.user_tokens(current_user))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id):
    services.revoke_token(current_user, token_id)
    flash(_("令牌已撤销"), "info")
    return redirect(url_for("auth.tokens"))


@bp.get("/users")
@login_required
def list_users():
    q, role = request.args.get("q", ""), request.args.get("role", "")
    page = paginate(services.list_users(current_user, q=q, role=role))
    return render_template("auth/users.html", page=page, q=q, role=role, roles=ROLES)


def _member_choices():
    consortium = current_consortium()
    members = db.session.scalars(select(Member).where(Member.consortium_id == consortium.id).order_by(Member.name))
    return [(0, _("（无）"))] + [(m.id, f"{m.name}（{m.type_label}）") for m in members]


@bp.route("/users/new", methods=["GET", "POST"])
@login_required
def create_user():
    services.list_users(current_user)  # permission check before showing the form
    form = UserCreateForm()
    form.member_id.choices = _member_choices()
    if form.validate_on_submit():
        member = db.session.get(Member, form.member_id.data) if form.member_id.data else None
        try:
            user = services.create_user(current_user, username=form.username.data, password=form.password.data,
                                        role=form.role.data, member=member, display_name=form.display_name.data,
                                        consortium=current_consortium())
        except ValidationError as exc:
            form_failed(form, exc)
        else:
            flash(_("已创建用户 %(name)s", name=user.username), "success")
            return redirect(url_for("auth.list_users"))
    return render_template("auth/user_form.html", form=form, title=_("新建用户"))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@login_required
def edit_user(user_id):
    user = services.get_user(current_user, user_id)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(current_user, user, display_name=form.display_name.data, active=form.active.data)
            if form.new_password.data:
                services.change_password(current_user, user, old_password=None, new_password=form.new_password.data)
        except ValidationError as exc:
            form_failed(form, exc)
        else:
            flash(_("已保存"), "success")
            return redirect(url_for("auth.list_users"))
    return render_template("auth/user_form.html", form=form, title=_("编辑用户 %(name)s", name=user.username),
                           user=user)


@bp.post("/users/<int:user_id>/reset-link")
@login_required
def issue_reset_link(user_id):
    user = services.get_user(current_user, user_id)
    token = services.issue_reset_link(current_user, user)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    return render_template("auth/reset_link.html", user=user, hours=hours,
                           link=url_for("auth.reset_password", token=token, _external=True))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    if services.find_reset(token) is None:
        return render_template("auth/reset_password.html", form=None), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password_with_link(token, form.new_password.data)
        except ValidationError as exc:
            form_failed(form, exc)
        else:
            sessions.end_session()
            flash(_("密码已设置，请用新密码登录"), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
