"""The supply blueprint and the small helpers its page modules share."""
from flask import Blueprint, request
from flask_login import current_user

from ..auth.permissions import require_member_user
from ..common import today

bp = Blueprint("supply", __name__, url_prefix="/supply")


def year_arg(default=None) -> int:
    """?year= when it is a plausible year, else the default (this year in Asia/Shanghai)."""
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2100 else (default or today().year)


def member_page(consortium):
    """Pages for the secretariat and the member organizations' users of this consortium."""
    require_member_user(current_user, consortium.id)
    return consortium
