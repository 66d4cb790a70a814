"""The supply blueprint and what its page modules share (views.py, views_reports.py, views_events.py)."""
from flask import Blueprint, flash
from flask_login import current_user

from ..access import require_member_user
from ..extensions import db

bp = Blueprint("supply", __name__, url_prefix="/supply")


def member_page(consortium):
    """Pages for the secretariat and the member organizations' users of this consortium."""
    require_member_user(current_user, consortium.id)
    return consortium


def flash_refused(exc) -> None:
    """Undo what a service began and say why, naming the fields' messages when there are any (else its message)."""
    db.session.rollback()
    flash("；".join(exc.fields.values()) or exc.message, "danger")
