"""What the supervision pages share: the blueprint and the failure flash."""
from flask import Blueprint, flash
from flask_babel import gettext as _

from ..errors import DomainError
from ..extensions import db

bp = Blueprint("supervision", __name__, url_prefix="/supervision")


def failed(exc: DomainError) -> None:
    """Undo the service's work and say why, naming each field."""
    db.session.rollback()
    details = "；".join(str(m) for m in exc.fields.values()) if exc.fields else ""
    flash(f"{exc.message}（{details}）" if details and details != exc.message else (exc.message or _("操作失败")),
          "danger")

