"""What the supervision pages share: the blueprint, the failure flash and the Shanghai time filter."""
from datetime import timezone

from flask import Blueprint, flash
from flask_babel import gettext as _

from ..errors import DomainError
from ..extensions import db
from ..timeutil import SHANGHAI

bp = Blueprint("supervision", __name__, url_prefix="/supervision")


def failed(exc: DomainError) -> None:
    """Undo the service's work and say why, naming each field."""
    db.session.rollback()
    details = "；".join(str(m) for m in exc.fields.values()) if exc.fields else ""
    flash(f"{exc.message}（{details}）" if details and details != exc.message else (exc.message or _("操作失败")),
          "danger")


@bp.app_template_filter("shanghai")
def shanghai_time(value, fmt="%Y-%m-%d %H:%M"):
    """A stored UTC time as people read it: Asia/Shanghai."""
    if value is None:
        return ""
    return value.replace(tzinfo=timezone.utc).astimezone(SHANGHAI).strftime(fmt)
