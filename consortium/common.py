"""Small helpers that services share: form-value cleaning and the field-error raise."""
from flask_babel import gettext as _

from .errors import ValidationError


def text_or_none(value) -> str | None:
    """A stripped string, or None for a missing or blank value."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def check_lengths(model, data: dict, errors: dict) -> dict:
    """Add an error for each text in `data` longer than its String column of `model` allows.

    SQLite stores any length, PostgreSQL refuses it at flush: checking here turns that into a message naming
    the field, for every caller (pages, API, imports).
    """
    from .crypto import plain_length

    columns = model.__table__.columns
    for key, value in data.items():
        column = columns.get(key)
        length = plain_length(column) if column is not None else None
        if isinstance(value, str) and length and len(value.strip()) > length and key not in errors:
            errors[key] = _("不超过 %(n)s 个字符", n=length)
    return errors


def invalid(errors: dict):
    """Raise the ValidationError that names every bad field."""
    raise ValidationError(_("请更正标出的错误"), errors)
