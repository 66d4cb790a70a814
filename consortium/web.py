"""Small helpers that views share: form errors from services, posted buttons, create and edit pages, permission
checks, the year parameter, list filters, pagination and downloads."""
from io import BytesIO
from urllib.parse import quote

from flask import abort, current_app, flash, redirect, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination

from .errors import Conflict, DomainError, ValidationError
from .extensions import db
from .timeutil import today

YEAR_MIN, YEAR_MAX = 1900, 2100
PAGE_MAX = 100_000  # beyond any real list; keeps OFFSET within every database's integer range


def year_arg(default: int | None = None, name: str = "year") -> int:
    """The year a page or API call asks for (`?year=`), checked to lie in 1900–2100.

    Missing → `default`, or the consortium's current year. A value that is not a year is refused with a
    ValidationError naming the parameter (422), never silently replaced.
    """
    raw = request.args.get(name, "").strip()
    if not raw:
        return default if default is not None else today().year
    return _checked_year(raw, name)


def optional_year_arg(name: str = "year") -> int | None:
    """A year filter of a list: None when not given, else checked like `year_arg`."""
    raw = request.args.get(name, "").strip()
    return _checked_year(raw, name) if raw else None


def year_list_arg(default: int, name: str = "year") -> list[int]:
    """Several years (`?year=2023&year=2024`), each checked like `year_arg`, sorted; [default] when none is given."""
    years = {_checked_year(raw.strip(), name) for raw in request.args.getlist(name) if raw.strip()}
    return sorted(years) or [default]


def _checked_year(raw: str, name: str) -> int:
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(_("年份应为 %(lo)s–%(hi)s 之间的整数", lo=YEAR_MIN, hi=YEAR_MAX),
                              {name: _("年份应为 %(lo)s–%(hi)s 之间的整数", lo=YEAR_MIN, hi=YEAR_MAX)})
    return year


def filter_args(*names: str, choices: dict | None = None) -> dict:
    """The list filters a page, an API list and an export share: stripped text values, blanks dropped.

    `choices` maps a filter to the keys it accepts; any other value is refused (422 naming the filter).
    """
    values = {}
    for name in names:
        value = request.args.get(name, "").strip()
        if not value:
            continue
        allowed = (choices or {}).get(name)
        if allowed is not None and value not in allowed:
            raise ValidationError(_("筛选条件取值无效"), {name: _("筛选条件取值无效")})
        values[name] = value
    return values


def page_arg(name: str = "page") -> int:
    """The page number asked for, 1 by default, at most PAGE_MAX; a non-number is refused (422)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= PAGE_MAX:
        raise ValidationError(_("页码应为 1–%(hi)s 之间的整数", hi=PAGE_MAX), {name: _("页码无效")})
    return int(raw)


def permitted(record, may):
    """`record` when the signed-in user may act on it (`may(current_user, record)`), else 403 Forbidden."""
    if not may(current_user, record):
        abort(403)
    return record


def permitted_in(consortium, may):
    """`consortium` when the signed-in user may act there (`may(current_user, consortium.id)`), else 403 Forbidden."""
    if not may(current_user, consortium.id):
        abort(403)
    return consortium


def form_failed(form, exc) -> None:
    """Put a service's ValidationError on the form's fields and flash its summary; nothing is kept."""
    db.session.rollback()
    for name, message in exc.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [message]
    if exc.message:
        flash(exc.message, "danger")


def flash_refusal(exc: DomainError) -> None:
    """Undo whatever the service began and say why, naming each field: the one failure flash of every page."""
    db.session.rollback()
    text = str(exc.message) if exc.message else ""
    details = "；".join(dict.fromkeys(str(m) for m in exc.fields.values() if str(m) != text))
    if text and details:
        text = f"{text}（{details}）"
    flash(text or details or _("操作失败"), "danger")


def flash_invalid(form) -> None:
    """Flash each message of a posted form that did not validate (the page it came from shows them)."""
    for messages in form.errors.values():
        for message in messages:
            flash(message, "danger")


def post_action(form, action, success=None, *, invalid=None, refused=(ValidationError, Conflict)) -> bool:
    """A posted button or small form whose page redirects afterwards: validate `form`, run `action()`, and
    flash what happened.

    A form that does not validate flashes `invalid` (or, without it, each field's message); a service's
    refusal (an exception in `refused`) undoes what the service began and flashes its reason. Other errors
    (not allowed, not found) reach the error pages. `success` may be a function of what `action` returned.
    Returns whether the action ran.
    """
    try:
        if not form.validate_on_submit():
            if invalid is None:
                flash_invalid(form)
                return False
            raise ValidationError(invalid)
        result = action()
    except refused as exc:
        flash_refusal(exc)
        return False
    if callable(success):
        success = success(result)
    if success:
        flash(success, "success")
    return True


def button_action(form, action, success, target: str, *, refused=(), category: str = "success"):
    """A posted button that only confirms (delete, confirm, cancel, a status change), then back to `target`.

    The form carries nothing but its CSRF token and perhaps a hidden value, so one that does not validate is a
    bad request (400). A service's refusal among `refused` undoes what it began and is flashed; otherwise
    `success` is flashed (it may be a function of what `action` returned, read after the action ran).
    """
    if not form.validate_on_submit():
        abort(400)
    try:
        result = action()
    except refused as exc:
        flash_refusal(exc)
    else:
        flash(success(result) if callable(success) else success, category)
    return redirect(target)


def form_page(form, fields, save, success, target, template: str, **context):
    """A create or edit page: save the posted form (`save_form`), flash `success` and go to `target`; else show
    `template` with the form, its errors and `context`.

    `success` and `target` may be functions of what `save` returned (a new record's name and id are known only
    then).
    """
    result = save_form(form, fields, save)
    if result is not None:
        flash(success(result) if callable(success) else success, "success")
        return redirect(target(result) if callable(target) else target)
    return render_template(template, form=form, **context)


def save_form(form, fields, save):
    """Validate the form and call `save` with its values for `fields`.

    Returns what `save` returned (True when that is None), or None when the form is invalid or the service
    refused it (its errors are then on the form's fields).
    """
    if not form.validate_on_submit():
        return None
    try:
        result = save(form_data(form, fields))
        return True if result is None else result
    except ValidationError as exc:
        form_failed(form, exc)
        return None


def paginate(stmt, per_page: int | None = None):
    """Flask-SQLAlchemy pagination for a select, page taken from the query string."""
    return db.paginate(stmt, page=page_arg(),
                       per_page=per_page or current_app.config["PER_PAGE"], error_out=False)


class _SequencePagination(Pagination):
    """Flask-SQLAlchemy's pagination over a sequence already in memory (the pagination macro reads either)."""

    def _query_items(self) -> list:
        offset = (self.page - 1) * self.per_page
        return list(self._query_args["seq"][offset: offset + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["seq"])


def paginate_sequence(seq, per_page: int | None = None):
    """One page of an in-memory sequence, page taken from the query string like `paginate`."""
    return _SequencePagination(page=page_arg(), per_page=per_page or current_app.config["PER_PAGE"],
                               max_per_page=None, error_out=False, seq=seq)


def form_data(form, fields) -> dict:
    """The form's values for the given field names; fields the view removed (`del form.x` leaves None) are skipped."""
    return {name: getattr(form, name).data for name in fields if getattr(form, name, None) is not None}


def send_download(data: bytes, name: str, mimetype: str):
    """`data` as a file to save, named `name` whatever its language (the header carries the name UTF-8 encoded)."""
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
