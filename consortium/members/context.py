"""Which consortium the signed-in user is working in."""
from flask import session
from flask_babel import gettext as _
from flask_login import current_user

from ..access import actor_consortium_id, is_province_admin
from ..errors import NotFound
from ..extensions import db
from .models import Consortium
from .services import default_consortium


def current_consortium_or_none() -> Consortium | None:
    """A user's own consortium; a province-wide admin picks one (the first by default)."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    cid = actor_consortium_id(current_user)
    if cid is None and is_province_admin(current_user):
        chosen = session.get("consortium_id")
        consortium = db.session.get(Consortium, chosen) if chosen else None
        return consortium or default_consortium()
    return db.session.get(Consortium, cid) if cid else None


def current_consortium() -> Consortium:
    consortium = current_consortium_or_none()
    if consortium is None:
        raise NotFound(_("尚未创建联合体。请先运行 flask --app wsgi consortium create"))
    return consortium
