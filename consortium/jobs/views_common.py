"""What the jobs pages share: the blueprint, the navbar's unread badge and the return path."""
from flask import Blueprint, request
from flask_login import current_user

from .notifications import unread_count

bp = Blueprint("jobs", __name__)


@bp.app_context_processor
def inject_unread_notifications():
    """The navbar's unread badge."""
    if getattr(current_user, "is_authenticated", False):
        return {"unread_notifications": unread_count(current_user)}
    return {"unread_notifications": 0}


def back(default: str) -> str:
    """The page a button was pressed on (a local path only), else the default."""
    target = request.form.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default
