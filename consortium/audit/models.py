"""One audit entry per security-relevant event. The application only ever inserts (and the retention
command deletes old entries); nothing updates a row."""
from ..extensions import db
from ..timeutil import utcnow


class AuditEvent(db.Model):
    """An event: time (UTC), acting user (a snapshot of the name survives the account), organization,
    client address, action, object and outcome. ``detail`` never holds an ID number, phone or password."""

    __tablename__ = "audit_event"
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    username = db.Column(db.String(80))
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="SET NULL"), index=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"))
    ip = db.Column(db.String(45))
    action = db.Column(db.String(40), nullable=False, index=True)
    object_type = db.Column(db.String(40))
    object_id = db.Column(db.String(40))
    outcome = db.Column(db.String(10), nullable=False, default="ok")
    detail = db.Column(db.String(500), nullable=False, default="")

    # A consortium's log, newest first.
    __table_args__ = (db.Index("ix_audit_event_consortium_at", "consortium_id", "at"),)
