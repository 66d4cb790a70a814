"""Accounts: authentication, user management, passwords and API tokens."""
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..errors import NotFound, ValidationError
from ..extensions import db
from ..timeutil import utcnow
from .models import ApiToken, User
from ..vocab import ORG_ROLES, ROLES
from ..access import require_admin, require_consortium_admin

MIN_PASSWORD_LENGTH = 8


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None. Records the login time."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == (username or "").strip().lower()))
    if user is None or not user.is_active or not user.check_password(password or ""):
        return None
    user.last_login_at = utcnow()
    return user


def _check_password_rules(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(_("密码至少需要 %(n)d 位", n=MIN_PASSWORD_LENGTH),
                              {field: _("密码至少需要 %(n)d 位", n=MIN_PASSWORD_LENGTH)})


def create_user(actor, *, username: str, password: str, role: str, member=None, consortium=None,
                display_name: str | None = None, bootstrap: bool = False) -> User:
    """Create an account. `bootstrap` is for the command line, where no one is signed in yet."""
    from ..vocab import SCHOOL_TYPES

    username = (username or "").strip()
    errors = {}
    if not bootstrap:
        require_admin(actor)
        cid = member.consortium_id if member is not None else (consortium.id if consortium else actor.consortium_id)
        if cid is not None:
            require_consortium_admin(actor, cid)
    if not username or len(username) > 80:
        errors["username"] = _("请填写用户名（不超过 80 个字符）")
    elif db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        errors["username"] = _("用户名已存在")
    if role not in ROLES:
        errors["role"] = _("未知角色")
    if role in ORG_ROLES:
        if member is None:
            errors["member_id"] = _("企业和学校账号必须指定所属成员单位")
        elif role == "enterprise" and member.type != "enterprise":
            errors["member_id"] = _("企业账号必须属于企业类成员单位")
        elif role == "school" and member.type not in SCHOOL_TYPES:
            errors["member_id"] = _("学校账号必须属于学校类成员单位")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors["password"] = _("密码至少需要 %(n)d 位", n=MIN_PASSWORD_LENGTH)
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    user = User(username=username, role=role, display_name=(display_name or "").strip() or None,
                member=member if role in ORG_ROLES or member is not None else None)
    if member is not None:
        user.consortium_id = member.consortium_id
    elif consortium is not None:
        user.consortium_id = consortium.id
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(actor, user: User, *, display_name=None, active=None) -> User:
    """Admin edits of an account."""
    require_admin(actor)
    if user.consortium_id is not None:
        require_consortium_admin(actor, user.consortium_id)
    if display_name is not None:
        user.display_name = display_name.strip() or None
    if active is not None:
        if user.id == actor.id and not active:
            raise ValidationError(_("不能停用自己的账号"), {"active": _("不能停用自己的账号")})
        user.active = bool(active)
    db.session.flush()
    return user


def change_password(actor, user: User, *, old_password: str | None, new_password: str) -> None:
    """A user changes their own password (old one required); an admin resets anyone's."""
    if actor.id == user.id:
        if not user.check_password(old_password or ""):
            raise ValidationError(_("原密码不正确"), {"old_password": _("原密码不正确")})
    else:
        require_admin(actor)
        if user.consortium_id is not None:
            require_consortium_admin(actor, user.consortium_id)
    _check_password_rules(new_password, "new_password")
    user.set_password(new_password)
    # A new password ends every API token issued under the old one.
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = utcnow()
    db.session.flush()


def get_user(actor, user_id: int) -> User:
    require_admin(actor)
    user = db.session.get(User, user_id)
    if user is None or (actor.consortium_id is not None and user.consortium_id not in (None, actor.consortium_id)):
        raise NotFound(_("用户不存在"))
    return user


def list_users(actor, *, q: str = "", role: str = ""):
    """A query of the users the admin manages, newest first."""
    require_admin(actor)
    stmt = select(User).order_by(User.role, User.username)
    if actor.consortium_id is not None:
        stmt = stmt.where((User.consortium_id == actor.consortium_id) | (User.consortium_id.is_(None)))
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(User.username.ilike(like) | User.display_name.ilike(like))
    if role:
        stmt = stmt.where(User.role == role)
    return stmt


def issue_token(actor, user: User, name: str = "") -> str:
    """Issue an API token; the plain token is returned once and never stored."""
    if actor.id != user.id:
        require_admin(actor)
    token = secrets.token_urlsafe(32)
    from flask import current_app

    days = current_app.config.get("API_TOKEN_DAYS", 180)
    db.session.add(ApiToken(user_id=user.id, name=(name or "").strip()[:100], token_hash=ApiToken.digest(token),
                            expires_at=utcnow() + timedelta(days=days)))
    db.session.flush()
    return token


def revoke_token(actor, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.id and actor.role != "admin"):
        raise NotFound(_("令牌不存在"))
    token.revoked_at = utcnow()
    db.session.flush()


TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None if it is unknown, revoked or expired."""
    if not token:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token)))
    now = utcnow()
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at < now):
        return None
    if not row.user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_RESOLUTION:
        # At most one write a minute per token: a read-only API call should not be a database write.
        row.last_used_at = now
    return row.user


def user_tokens(user: User):
    return db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())).all()


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
