"""Small helpers that views share: form errors from services, pagination."""
from flask import current_app, flash

from .errors import ValidationError
from .extensions import db
from .params import PAGE_MAX, int_arg


def form_failed(form, exc) -> None:
    """Put a service's ValidationError on the form's fields and flash its summary; nothing is kept."""
    db.session.rollback()
    for name, message in exc.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [message]
    if exc.message:
        flash(exc.message, "danger")


def save_form(form, fields, save):
    """Validate the form and call `save` with its values for `fields`.

    Returns what `save` returned, or None when the form is invalid or the service refused it
    (its errors are then on the form's fields).
    """
    if not form.validate_on_submit():
        return None
    try:
        return save(form_data(form, fields))
    except ValidationError as exc:
        form_failed(form, exc)
        return None


def paginate(stmt, per_page: int | None = None):
    """Flask-SQLAlchemy pagination for a select, page taken from the query string."""
    page = int_arg("page", 1, minimum=1, maximum=PAGE_MAX)  # ?page=99999999999999999999 is a 422, not an overflow
    return db.paginate(stmt, page=page, per_page=per_page or current_app.config["PER_PAGE"], error_out=False)


def form_data(form, fields) -> dict:
    """The form's values for the given field names; fields the view removed (`del form.x` leaves None) are skipped."""
    return {name: getattr(form, name).data for name in fields if getattr(form, name, None) is not None}
