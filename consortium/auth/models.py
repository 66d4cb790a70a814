"""User accounts, their roles and API tokens."""
import hashlib

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..timeutil import utcnow
from ..vocab import ROLES


class User(UserMixin, db.Model):
    """A person who signs in. Enterprise and school users act for one member organization."""

    __tablename__ = "user"
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), nullable=False, unique=True)
    display_name = db.Column(db.String(100))
    password_hash = db.Column(db.String(256), nullable=False)
    role = db.Column(db.String(20), nullable=False, info={"vocab": ROLES})
    # An admin with no consortium serves every consortium of the deployment (a provincial office).
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), index=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), index=True)
    # Student and teacher accounts are linked to their own record.
    student_id = db.Column(db.Integer, db.ForeignKey("student.id", ondelete="SET NULL"), unique=True)
    teacher_id = db.Column(db.Integer, db.ForeignKey("teacher.id", ondelete="SET NULL"), unique=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    locale = db.Column(db.String(10))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_login_at = db.Column(db.DateTime)
    # Part of every session and remember-me cookie: raising it (logout, new password, role change,
    # deactivation) ends them all.
    session_version = db.Column(db.Integer, nullable=False, default=1, server_default="1")
    # Consecutive failed sign-ins, and the end of the lockout they caused (UTC).
    failed_logins = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    locked_until = db.Column(db.DateTime)

    member = db.relationship("Member")
    consortium = db.relationship("Consortium")
    student = db.relationship("Student")
    teacher = db.relationship("Teacher")

    def set_password(self, password: str) -> None:
        from flask import current_app

        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # Set at sign-in (auth.sessions): the time and a random nonce that make each login's cookie unique.
    login_stamp = None  # (issued, nonce), not stored

    def get_id(self) -> str:
        """What the session and the remember-me cookie carry: id, session version, login time, nonce."""
        issued, nonce = self.login_stamp or (0, "")
        return f"{self.id}:{self.session_version}:{issued}:{nonce}"

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    role_label = ROLES.label_property("role")

    @property
    def name(self) -> str:
        return self.display_name or self.username


class ApiToken(db.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_token"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(100), nullable=False, default="")
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime)
    last_used_at = db.Column(db.DateTime)
    revoked_at = db.Column(db.DateTime)

    user = db.relationship("User")

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class PasswordReset(db.Model):
    """A one-time password-reset link an admin issued: only its SHA-256 is stored; it works once and
    expires (PASSWORD_RESET_HOURS)."""

    __tablename__ = "password_reset"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    used_at = db.Column(db.DateTime)

    user = db.relationship("User", foreign_keys=[user_id])
