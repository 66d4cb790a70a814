"""Small helpers that services share: today's date where the consortia are, form-value cleaning, errors."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from .errors import ValidationError

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Today in Asia/Shanghai, where the consortium's years begin and end."""
    return datetime.now(SHANGHAI).date()


def report_year() -> int:
    """The year every year selector opens on: the last closed calendar year (its 31 Dec has passed in
    Asia/Shanghai), since a year's figures are final only then (说明三). Pages about the present (alerts,
    open positions, planning a session) use today's year instead. docs/book.md states the rule."""
    return today().year - 1


def text_or_none(value) -> str | None:
    """A stripped string, or None for a missing or blank value."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def invalid(errors: dict):
    """Raise the ValidationError that names every bad field."""
    raise ValidationError(_("请更正标出的错误"), errors)
