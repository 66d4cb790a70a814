"""Small helpers that services share: form-value cleaning and the field-error raise."""
from flask_babel import gettext as _

from .errors import ValidationError


def text_or_none(value) -> str | None:
    """A stripped string, or None for a missing or blank value."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def invalid(errors: dict):
    """Raise the ValidationError that names every bad field."""
    raise ValidationError(_("请更正标出的错误"), errors)
