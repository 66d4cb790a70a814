"""Matching rounds and the secretariat's manual overrides of their proposals."""
from ..extensions import db
from ..members.models import OfConsortium
from ..timeutil import utcnow
from ..vocab import MATCH_MODES, MATCH_ROUND_STATUSES


class MatchRound(OfConsortium, db.Model):
    """One run of the matcher: what it was asked, what it proposed, and its full JSON output."""

    __tablename__ = "match_round"
    number = db.Column(db.Integer, nullable=False)
    kind = db.Column(db.String(20))  # None = every kind
    mode = db.Column(db.String(10), nullable=False, default="stable", info={"vocab": MATCH_MODES})
    status = db.Column(db.String(12), nullable=False, default="queued", info={"vocab": MATCH_ROUND_STATUSES})
    job_id = db.Column(db.String(36))
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    finished_at = db.Column(db.DateTime)
    proposals_created = db.Column(db.Integer, nullable=False, default=0)
    result = db.Column(db.JSON)  # the documented `match run --out` JSON, plus near-misses and fairness

    __table_args__ = (db.UniqueConstraint("consortium_id", "number"),)

    status_label = MATCH_ROUND_STATUSES.label_property("status")


class MatchOverride(db.Model):
    """A manual change the secretariat made to a round's proposals, with its reason."""

    __tablename__ = "match_override"
    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("match_round.id", ondelete="CASCADE"), nullable=False, index=True)
    placement_id = db.Column(db.Integer, db.ForeignKey("placement.id", ondelete="SET NULL"))
    action = db.Column(db.String(12), nullable=False)  # withdraw | add
    reason = db.Column(db.String(500), nullable=False)
    detail = db.Column(db.String(300))
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    round = db.relationship("MatchRound")
