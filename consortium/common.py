"""Small helpers that services share: form-value cleaning, the field-error raise, and reading and writing rows
the way the feature services all do (one record by id or NotFound, the filters a list applies when given, a key
no other record may hold, the one row of an owner and a year)."""
from flask_babel import gettext as _
from sqlalchemy import select

from .errors import NotFound, ValidationError
from .extensions import db


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


# ---- rows ----------------------------------------------------------------------------------------

def found(model, record_id, message: str, visible=None):
    """The `model` row with this id, or NotFound(message) when there is none, or when `visible(row)` is false:
    a record the user may not see is reported as missing, not as forbidden."""
    row = db.session.get(model, record_id)
    if row is None or (visible is not None and not visible(row)):
        raise NotFound(message)
    return row


def delete_one(model, message: str, **keys) -> None:
    """Delete the one `model` row with these column values, or NotFound(message) when there is none."""
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is None:
        raise NotFound(message)
    db.session.delete(row)
    db.session.flush()


def where_given(stmt, *filters):
    """`stmt` narrowed by `column == value` for each (column, value) pair whose value is given (not blank)."""
    for column, value in filters:
        if value:
            stmt = stmt.where(column == value)
    return stmt


def clashes(model, record, *conditions) -> bool:
    """Whether a row of `model` other than `record` (None for a new one) meets every condition: a taken key."""
    stmt = select(model.id).where(*conditions)
    if record is not None:
        stmt = stmt.where(model.id != record.id)
    return bool(db.session.scalar(stmt))


def check_unique_text(errors: dict, field: str, value, *, max_length: int, required: str, too_long: str, taken: str,
                      model, record, **scope) -> None:
    """A required text no other record of `model` in `scope` (e.g. consortium_id=3) may hold, such as a code or a
    name: the first message that applies (missing, longer than `max_length`, taken) is put on `field`."""
    if not value:
        errors[field] = required
    elif len(value) > max_length:
        errors[field] = too_long
    elif clashes(model, record, getattr(model, field) == value, *[getattr(model, k) == v for k, v in scope.items()]):
        errors[field] = taken


def year_row(model, year: int, **owner):
    """The `model` row of an owner (e.g. member_id=3) for a year; a new one, added to the session, if none yet."""
    row = db.session.scalar(select(model).filter_by(**owner, year=year))
    if row is None:
        row = model(**owner, year=year)
        db.session.add(row)
    return row


def merged_with(record, data: dict, fields) -> dict:
    """The record's values of `fields` overlaid with those `data` gives (a partial update)."""
    return {**{key: getattr(record, key) for key in fields}, **{k: v for k, v in data.items() if k in fields}}


def assign_given(record, data: dict, fields) -> None:
    """Set each of `fields` that `data` gives on `record`; a text is stripped, a blank one stored as None."""
    for key in fields:
        if key in data:
            value = data[key]
            setattr(record, key, text_or_none(value) if isinstance(value, str) else value)
