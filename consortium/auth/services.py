"""Accounts: authentication, user management, passwords and API tokens."""
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..access import require_admin, require_consortium_admin
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..common import found
from ..timeutil import utcnow
from ..vocab import ORG_ROLES, ROLES
from .events import emit
from .models import ApiToken, PasswordReset, User
from .passwords import password_problems


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_check(password: str) -> None:
    """Spend the time a real password check takes, so an unknown username answers as slowly as a known
    one (usernames cannot be enumerated by timing)."""
    from flask import current_app

    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(16), method=method)
    check_password_hash(_DUMMY_HASHES[method], password)


def _record_failure(user: User, now) -> bool:
    """Count a failed sign-in in its own transaction (the request's is rolled back on a 401) and lock the
    account at the threshold. Returns True when this failure locked it."""
    from flask import current_app

    threshold, minutes = current_app.config["LOCKOUT_THRESHOLD"], current_app.config["LOCKOUT_MINUTES"]
    with db.engine.begin() as conn:
        # One conditional UPDATE: concurrent failures in several workers all count.
        count = conn.execute(update(User).where(User.id == user.id)
                             .values(failed_logins=User.failed_logins + 1).returning(User.failed_logins)).scalar()
        if count is not None and threshold and count >= threshold:
            conn.execute(update(User).where(User.id == user.id)
                         .values(failed_logins=0, locked_until=now + timedelta(minutes=minutes)))
            return True
    return False


def authenticate(username: str, password: str, *, outcome: dict | None = None) -> User | None:
    """The active, unlocked user with these credentials, or None (the caller shows one generic message
    whatever the reason). Failures count towards the lockout; a success resets the count and records
    the login time. ``outcome``, when given, receives the reason for the audit trail: "ok", "unknown",
    "inactive", "locked", "bad_password" or "locked_now"."""
    outcome = outcome if outcome is not None else {}
    name = (username or "").strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.username) == name)) if name else None
    password = password or ""
    if user is None:
        _dummy_check(password)
        outcome["result"] = "unknown"
        emit("login", outcome="failed", detail="unknown account", separate=True)
        return None
    now = utcnow()
    ok = user.check_password(password)  # always, so that every refusal takes the same time
    if not user.is_active:
        outcome["result"] = "inactive"
    elif user.locked_until is not None and user.locked_until > now:
        outcome["result"] = "locked"  # even the right password is refused until the lock ends
    elif not ok:
        outcome["result"] = "locked_now" if _record_failure(user, now) else "bad_password"
    else:
        user.failed_logins, user.locked_until = 0, None
        user.last_login_at = now
        outcome["result"] = "ok"
        emit("login", actor=user, target=user)
        return user
    emit("login", actor=user, target=user, outcome="failed", detail=outcome["result"], separate=True)
    if outcome["result"] == "locked_now":
        emit("login.locked", actor=user, target=user, outcome="denied", separate=True)
    return None


def _password_problem(password: str, username: str) -> str | None:
    from flask import current_app

    problems = password_problems(password, username=username,
                                 profile=current_app.config.get("PASSWORD_POLICY", "mlps"))
    return "；".join(problems) or None


def _check_password_rules(password: str, field: str = "password", username: str = "") -> None:
    problem = _password_problem(password, username)
    if problem:
        raise ValidationError(problem, {field: problem})


def create_user(actor, *, username: str, password: str, role: str, member=None, consortium=None,
                display_name: str | None = None, bootstrap: bool = False) -> User:
    """Create an account. `bootstrap` is for the command line, where no one is signed in yet."""
    from ..vocab import SCHOOL_TYPES

    username = (username or "").strip()
    errors = {}
    cid = None
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
    problem = _password_problem(password, username)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    user = User(username=username, role=role, display_name=(display_name or "").strip() or None,
                member=member if role in ORG_ROLES or member is not None else None)
    if member is not None:
        user.consortium_id = member.consortium_id
    elif consortium is not None:
        user.consortium_id = consortium.id
    elif cid is not None:
        user.consortium_id = cid  # a consortium's admin never creates an account outside it
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    emit("user.create", actor=actor, target=user, detail=f"role={role}")
    return user


def manages_user(actor, user: User) -> bool:
    """True when ``actor`` administers ``user``: a province-wide admin manages everyone, a consortium's
    admin only the accounts of that consortium (never an account without one, such as the province's)."""
    if actor is None or getattr(actor, "role", None) != "admin":
        return False
    if actor.consortium_id is None:
        return True
    return user.consortium_id is not None and user.consortium_id == actor.consortium_id


def require_manages_user(actor, user: User) -> None:
    """Admins only; an account outside the admin's reach is reported as missing."""
    require_admin(actor)
    if not manages_user(actor, user):
        raise NotFound(_("用户不存在"))


def end_sessions(user: User) -> None:
    """End every session and remember-me cookie of ``user`` (they carry the old session version)."""
    user.session_version = (user.session_version or 1) + 1
    db.session.flush()


def sign_out(user: User) -> None:
    """The user signs out: every session of theirs ends (all browsers), and it is recorded."""
    end_sessions(user)
    emit("logout", actor=user, target=user)


def update_user(actor, user: User, *, display_name=None, active=None) -> User:
    """Admin edits of an account."""
    require_manages_user(actor, user)
    was_active = user.active
    if display_name is not None:
        user.display_name = display_name.strip() or None
    if active is not None:
        if user.id == actor.id and not active:
            raise ValidationError(_("不能停用自己的账号"), {"active": _("不能停用自己的账号")})
        if user.active and not active:
            end_sessions(user)
        user.active = bool(active)
    db.session.flush()
    emit("user.deactivate" if was_active and not user.active else "user.update", actor=actor, target=user,
         detail="" if user.active == was_active else f"active={user.active}")
    return user


def change_password(actor, user: User, *, old_password: str | None, new_password: str) -> None:
    """A user changes their own password (old one required); an admin resets anyone's."""
    if actor.id == user.id:
        if not user.check_password(old_password or ""):
            raise ValidationError(_("原密码不正确"), {"old_password": _("原密码不正确")})
    else:
        require_manages_user(actor, user)
    _set_new_password(user, new_password)
    emit("user.password", actor=actor, target=user, detail="own" if actor.id == user.id else "admin reset")


def _set_new_password(user: User, new_password: str) -> None:
    _check_password_rules(new_password, "new_password", user.username)
    user.set_password(new_password)
    user.failed_logins, user.locked_until = 0, None
    end_sessions(user)
    # A new password ends every API token issued under the old one.
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = utcnow()
    db.session.flush()


def get_user(actor, user_id: int) -> User:
    """An account the admin manages; any other is reported as missing."""
    require_admin(actor)
    return found(User, user_id, _("用户不存在"), lambda user: manages_user(actor, user))


def list_users(actor, *, q: str = "", role: str = ""):
    """A query of the users the admin manages, newest first."""
    require_admin(actor)
    stmt = select(User).order_by(User.role, User.username)
    if actor.consortium_id is not None:
        stmt = stmt.where(User.consortium_id == actor.consortium_id)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(User.username.ilike(like) | User.display_name.ilike(like))
    if role:
        stmt = stmt.where(User.role == role)
    return stmt


def issue_token(actor, user: User, name: str = "") -> str:
    """Issue an API token; the plain token is returned once and never stored."""
    if actor.id != user.id:
        require_manages_user(actor, user)
    token = secrets.token_urlsafe(32)
    from flask import current_app

    days = current_app.config.get("API_TOKEN_DAYS", 180)
    row = ApiToken(user_id=user.id, name=(name or "").strip()[:100], token_hash=ApiToken.digest(token),
                   expires_at=utcnow() + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    emit("token.issue", actor=actor, target=user, object_type="api_token", object_id=row.id)
    return token


def revoke_token(actor, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.id and not manages_user(actor, token.user)):
        raise NotFound(_("令牌不存在"))
    token.revoked_at = utcnow()
    db.session.flush()
    emit("token.revoke", actor=actor, target=token.user, object_type="api_token", object_id=token.id)


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


def issue_reset_link(actor, user: User) -> str:
    """An admin issues a one-time reset link for ``user``; the plain token is returned once."""
    from flask import current_app

    require_manages_user(actor, user)
    token = secrets.token_urlsafe(32)
    # Earlier links for the same account stop working: only the newest one is valid.
    for old in db.session.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id,
                                                              PasswordReset.used_at.is_(None))):
        old.used_at = utcnow()
    db.session.add(PasswordReset(user_id=user.id, token_hash=ApiToken.digest(token), created_by_id=actor.id,
                                 expires_at=utcnow() + timedelta(hours=current_app.config["PASSWORD_RESET_HOURS"])))
    db.session.flush()
    emit("user.reset_link", actor=actor, target=user)
    return token


def find_reset(token: str) -> PasswordReset | None:
    """The unused, unexpired reset a link names, or None."""
    if not token:
        return None
    row = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == ApiToken.digest(token)))
    if row is None or row.used_at is not None or row.expires_at <= utcnow() or not row.user.is_active:
        return None
    return row


def reset_password_with_link(token: str, new_password: str) -> User:
    """Set a new password through a one-time link; the link is spent and every session ends."""
    row = find_reset(token)
    if row is None:
        raise NotFound(_("链接无效或已过期"))
    _check_password_rules(new_password, "new_password", row.user.username)  # a refused password keeps the link
    # Spend the link first, with a conditional update: two simultaneous uses cannot both succeed.
    spent = db.session.execute(update(PasswordReset).where(PasswordReset.id == row.id,
                                                           PasswordReset.used_at.is_(None))
                               .values(used_at=utcnow()))
    if spent.rowcount != 1:
        raise NotFound(_("链接无效或已过期"))
    _set_new_password(row.user, new_password)
    emit("user.password", actor=row.user, target=row.user, detail="one-time link")
    return row.user


def set_password_from_cli(username: str, new_password: str) -> User:
    """``flask user set-password``: the operator at the server sets any account's password."""
    user = find_user(username)
    if user is None:
        raise NotFound(_("用户不存在"))
    _set_new_password(user, new_password)
    emit("user.password", target=user, detail="command line")
    return user
