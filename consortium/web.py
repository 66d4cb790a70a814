"""Small helpers that views share: form errors from services, pagination."""
from flask import current_app, flash, request

from .extensions import db


def form_failed(form, exc) -> None:
    """Put a service's ValidationError on the form's fields; nothing of the request is kept."""
    db.session.rollback()
    placed = False
    for name, message in exc.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [message]
            placed = True
    if exc.message and (not placed or not exc.fields):
        flash(exc.message, "danger")
    elif placed:
        flash(exc.message, "danger")


def paginate(stmt, per_page: int | None = None):
    """Flask-SQLAlchemy pagination for a select, page taken from the query string."""
    return db.paginate(stmt, page=request.args.get("page", 1, type=int),
                       per_page=per_page or current_app.config["PER_PAGE"], error_out=False)


def form_data(form, fields) -> dict:
    """The form's values for the given field names."""
    return {name: getattr(form, name).data for name in fields if hasattr(form, name)}
