"""Uploaded import files, kept in the database until their import has run, so that any worker on any host
can read them."""
from ..extensions import db
from ..timeutil import utcnow


class ImportUpload(db.Model):
    """One uploaded file awaiting (or being) imported. It holds personal data: deleted when its import has
    run or is cancelled, and after 24 hours when abandoned."""

    __tablename__ = "import_upload"
    id = db.Column(db.String(36), primary_key=True)  # a fresh UUID, never the user's file name
    type_name = db.Column(db.String(40), nullable=False)
    filename = db.Column(db.String(200), nullable=False, default="")
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), nullable=False)
    rows = db.Column(db.Integer, nullable=False, default=0)
    data = db.Column(db.LargeBinary, nullable=False)
    status = db.Column(db.String(12), nullable=False, default="uploaded")  # uploaded | importing | failed
    job_id = db.Column(db.String(36), index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
