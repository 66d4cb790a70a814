"""Ids and integers in paths and query strings, range-checked where they enter (pages and API alike).

The year and page rules themselves are web.py's (YEAR_MIN…YEAR_MAX, PAGE_MAX); `check_year` applies the same
rule to a year a service receives from any caller.
"""
import unicodedata

from flask import request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from .errors import ValidationError
from .web import PAGE_MAX, YEAR_MAX, YEAR_MIN

INT_MAX = 2**31 - 1  # an Integer column on PostgreSQL
# Ids are Integer columns: on PostgreSQL a larger value cannot even be compared with one ("integer out of
# range"), on SQLite one above 2⁶³−1 overflows. So no id can exist above this, on either database.
ID_MAX = INT_MAX
PER_PAGE_MAX = 200
__all__ = ["ID_MAX", "INT_MAX", "PAGE_MAX", "PER_PAGE_MAX", "YEAR_MAX", "YEAR_MIN", "check_int", "check_year",
           "id_arg", "int_arg", "register_converters"]


def _at_most(limit: int) -> str:
    """A regular expression for the decimal numbers 0 … limit (no sign, no leading zeros beyond its length)."""
    digits = str(limit)
    options = [rf"\d{{1,{len(digits) - 1}}}"]
    for i, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - i - 1
            options.append(digits[:i] + f"[0-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    options.append(digits)
    return "(?:" + "|".join(options) + ")"


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in every route: a number above ID_MAX (2³¹−1) does not match, so the request is a plain 404.

    The bound is in the regular expression rather than in `to_python`: a rule that fails only at conversion
    makes Werkzeug answer 405 for the other methods of the same path.
    """

    regex = _at_most(ID_MAX)


def register_converters(app) -> None:
    """Replace Flask's unbounded `int` converter; call before any blueprint is registered."""
    app.url_map.converters["int"] = BoundedIntConverter


def normalise_number_text(value: str) -> str:
    """Full-width digits and signs become ASCII (NFKC), surrounding blanks go."""
    return unicodedata.normalize("NFKC", value).strip()


def check_int(value, field: str, *, minimum: int, maximum: int) -> int:
    """`value` (an int or its text) as an int within [minimum, maximum], or a ValidationError naming `field`."""
    if isinstance(value, bool):
        raise ValidationError(_("请更正标出的字段"), {field: _("应为整数")})
    if isinstance(value, str):
        text = normalise_number_text(value)
        if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 30:
            raise ValidationError(_("请更正标出的字段"), {field: _("应为整数")})
        value = int(text)
    if not isinstance(value, int):
        raise ValidationError(_("请更正标出的字段"), {field: _("应为整数")})
    if not minimum <= value <= maximum:
        raise ValidationError(_("请更正标出的字段"),
                              {field: _("应在 %(low)s 到 %(high)s 之间", low=minimum, high=maximum)})
    return value


def check_year(value, field: str = "year") -> int:
    """A year between 1900 and 2100 (dates outside it make no sense here and overflow `date`)."""
    return check_int(value, field, minimum=YEAR_MIN, maximum=YEAR_MAX)


def int_arg(name: str, default: int | None = None, *, minimum: int = 1, maximum: int = ID_MAX) -> int | None:
    """The query parameter `name` as a bounded int; absent or blank gives `default`; anything else bad is a 422."""
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return default
    return check_int(raw, name, minimum=minimum, maximum=maximum)


def id_arg(name: str) -> int | None:
    """An optional record id from the query string (1 … 2³¹−1)."""
    return int_arg(name, None, minimum=1, maximum=ID_MAX)
