"""The day-by-day attendance page of a multi-day session's roster."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError, NotAllowed
from ..extensions import db
from . import attendance, services
from .views import bp


@bp.route("/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@login_required
def session_attendance(session_id):
    session = services.get_session(current_user, session_id)
    if not services.can_manage_session(current_user, session):
        raise NotAllowed(_("只有承训单位或秘书处可以记录考勤"))
    days = attendance.session_dates(session)
    try:
        chosen = date.fromisoformat(request.values.get("day", ""))
    except ValueError:
        chosen = days[0]
    if request.method == "POST":
        try:
            n = attendance.record_day(current_user, session, chosen, request.form.getlist("present"))
            flash(_("%(d)s 出勤 %(n)d 人，已保存", d=chosen.isoformat(), n=n), "success")
            return redirect(url_for("training.session_attendance", session_id=session.id, day=chosen.isoformat()))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
    grid = attendance.attendance_grid(session)
    return render_template("training/attendance.html", session=session, days=days, chosen=chosen, grid=grid,
                           person_days=attendance.attended_person_days(session))
