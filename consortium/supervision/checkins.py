"""Check-ins (签到/签退) with the rotating site code, location and device flags; attendance and absences."""
import hashlib
import hmac
from datetime import date, datetime, timezone
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..timeutil import SHANGHAI, today as consortium_today, utcnow
from ..errors import Conflict, NotAllowed, ValidationError
from ..extensions import db
from ..jobs.models import Placement
from ..jobs.notifications import notify
from . import access, codes, periods
from ..vocab import ABSENCE_REASONS
from .models import Absence, CheckIn, WorkSite

DEFAULT_RADIUS_M = 1000


class CheckinCodeInvalid(ValidationError):
    """A wrong, stale or other-site code."""

    code = "checkin_code_invalid"


def checkin_secret() -> bytes:
    """CHECKIN_SECRET when configured, otherwise a key derived from SECRET_KEY (never the key itself)."""
    configured = current_app.config.get("CHECKIN_SECRET")
    if configured:
        return configured.encode() if isinstance(configured, str) else configured
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, b"consortium-checkin-code", hashlib.sha256).digest()


def site_id(placement) -> int:
    """The work site of a placement is its position's workplace."""
    return placement.position_id


def current_code(actor, placement, now: datetime | None = None) -> dict:
    """The code a mentor shows: {"code", "expires_at"} for the placement's site (mentors only)."""
    if not access.is_mentor(actor, placement):
        raise NotAllowed(_("只有企业指导人员可以查看签到码"))
    now = now or datetime.now(timezone.utc)
    window = codes.window_of(now)
    return {"code": codes.code_for(checkin_secret(), site_id(placement), window),
            "expires_at": codes.window_end(window), "seconds_left": int((codes.window_end(window) - now).total_seconds()) + 1}


def get_site(position_id: int) -> WorkSite | None:
    return db.session.scalar(select(WorkSite).where(WorkSite.position_id == position_id))


def save_site(actor, placement, *, lat, lng, radius_m=None) -> WorkSite:
    """The enterprise (or the secretariat) records where the position's site is."""
    if not access.can_assign_mentors(actor, placement) and not access.is_mentor(actor, placement):
        raise NotAllowed(_("只有实习企业可以设置工作地点"))
    errors = {}
    lat, lng = _coordinate(lat, -90, 90, "lat", errors), _coordinate(lng, -180, 180, "lng", errors)
    if lat is None and "lat" not in errors:
        errors["lat"] = _("请填写纬度")
    if lng is None and "lng" not in errors:
        errors["lng"] = _("请填写经度")
    radius = radius_m if radius_m not in (None, "") else DEFAULT_RADIUS_M
    try:
        radius = int(radius)
        if radius <= 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["radius_m"] = _("半径应为正整数（米）")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    site = get_site(placement.position_id)
    if site is None:
        site = WorkSite(position_id=placement.position_id)
        db.session.add(site)
    site.lat, site.lng, site.radius_m = lat, lng, radius
    db.session.flush()
    return site


def _coordinate(value, low, high, name, errors):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
        if not number.is_finite() or not (low <= number <= high):
            raise ValueError
        return number.quantize(Decimal("0.000001"))
    except (ArithmeticError, ValueError):
        errors[name] = _("应为 %(low)s 到 %(high)s 之间的数", low=low, high=high)
        return None


def check_in(actor, placement, *, code: str, lat=None, lng=None, device: str | None = None, kind: str = "in",
             now: datetime | None = None) -> CheckIn:
    """The intern checks in (or out) with the code shown on the mentor's phone.

    Refused: another site's code, or one older than the accepted windows (CheckinCodeInvalid).
    Accepted but flagged: farther than the site's radius, no location, or a device that already checked
    in another student today. Flags are notified to the supervisor.
    """
    if not access.is_intern(actor, placement):
        raise NotAllowed(_("只有实习学生本人可以签到"))
    if placement.status != "active":
        raise Conflict(_("只有在岗期间可以签到"))
    if kind not in ("in", "out"):
        raise ValidationError(_("请更正标出的错误"), {"kind": _("应为 in 或 out")})
    now = now or datetime.now(timezone.utc)
    if not codes.code_is_valid(checkin_secret(), site_id(placement), str(code or ""), now):
        raise CheckinCodeInvalid(_("签到码无效或已过期：请扫描企业指导人员手机上当前显示的签到码"),
                                 {"code": _("签到码无效或已过期")})
    errors = {}
    lat_d, lng_d = _coordinate(lat, -90, 90, "lat", errors), _coordinate(lng, -180, 180, "lng", errors)
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    day = now.astimezone(SHANGHAI).date()
    if db.session.scalar(select(CheckIn.id).where(CheckIn.placement_id == placement.id, CheckIn.day == day,
                                                  CheckIn.kind == kind)):
        raise Conflict(_("今天已经签到") if kind == "in" else _("今天已经签退"))
    if kind == "out" and not db.session.scalar(select(CheckIn.id).where(
            CheckIn.placement_id == placement.id, CheckIn.day == day, CheckIn.kind == "in")):
        raise Conflict(_("请先签到"))
    flags, distance = [], None
    site = get_site(placement.position_id)
    if lat_d is None or lng_d is None:
        flags.append("no_location")
    elif site is not None and site.lat is not None and site.lng is not None:
        distance = round(codes.distance_m(float(lat_d), float(lng_d), float(site.lat), float(site.lng)))
        if distance > site.radius_m:
            flags.append("far")
    device = (device or "").strip()[:64] or None
    if device:
        others = db.session.scalars(select(CheckIn).where(CheckIn.day == day, CheckIn.device == device,
                                                          CheckIn.placement_id != placement.id)).all()
        others = [c for c in others if c.placement.candidate is not placement.candidate]
        if others:
            flags.append("shared_device")
            for other in others:
                if "shared_device" not in (other.flags or []):
                    other.flags = list(other.flags or []) + ["shared_device"]
    row = CheckIn(placement_id=placement.id, day=day, kind=kind, at=utcnow(), lat=lat_d, lng=lng_d,
                  distance_m=distance, device=device, flags=flags, user_id=actor.id)
    db.session.add(row)
    db.session.flush()
    serious = [f for f in flags if f != "no_location"]
    if serious:
        sup = access.supervision_of(placement)
        if sup is not None and sup.supervisor is not None:
            notify([sup.supervisor], _("%(name)s 的签到被标记：%(flags)s", name=placement.candidate.name,
                                       flags="、".join(str(x) for x in row.flag_labels)),
                   f"/supervision/placements/{placement.id}")
    return row


def list_checkins(actor, placement, limit: int = 60) -> list[CheckIn]:
    if not access.can_view(actor, placement):
        raise NotAllowed(_("无权查看"))
    return list(db.session.scalars(select(CheckIn).where(CheckIn.placement_id == placement.id)
                                   .order_by(CheckIn.day.desc(), CheckIn.kind).limit(limit)))


def attendance(placement, on: date | None = None) -> dict:
    """Days attended (a 签到 on the day), and working days missed without any absence record."""
    on = on or consortium_today()
    attended = set(db.session.scalars(select(CheckIn.day).where(CheckIn.placement_id == placement.id,
                                                                CheckIn.kind == "in")))
    absences = list(db.session.scalars(select(Absence).where(Absence.placement_id == placement.id)
                                       .order_by(Absence.day.desc())))
    missing = periods.missing_days(placement.start_date, placement.end_date, on, attended, {a.day for a in absences})
    return {"days_attended": len(attended), "missing": missing, "absences": absences,
            "checked_in_today": on in attended}


def request_absence(actor, placement, *, day: date, reason: str, note: str = "") -> Absence:
    """The intern gives a reason (病假/事假/调休) for a working day without a check-in."""
    if not access.is_intern(actor, placement):
        raise NotAllowed(_("只有实习学生本人可以说明缺勤"))
    errors = {}
    if reason not in ABSENCE_REASONS:
        errors["reason"] = _("请选择缺勤原因")
    if day is None or day < placement.start_date or day > consortium_today() or (
            placement.end_date and day > placement.end_date):
        errors["day"] = _("日期应在实习期间内且不晚于今天")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    if db.session.scalar(select(Absence.id).where(Absence.placement_id == placement.id, Absence.day == day)):
        raise Conflict(_("该日已有缺勤说明"))
    row = Absence(placement_id=placement.id, day=day, reason=reason, note=(note or "").strip()[:500] or None)
    db.session.add(row)
    db.session.flush()
    return row


def decide_absence(actor, absence: Absence, approve: bool) -> Absence:
    """A mentor approves or refuses the reason."""
    placement = db.session.get(Placement, absence.placement_id)
    if not access.is_mentor(actor, placement):
        raise NotAllowed(_("只有企业指导人员可以审批缺勤"))
    if absence.status != "pending":
        raise Conflict(_("该缺勤说明已审批"))
    absence.status = "approved" if approve else "rejected"
    absence.decided_by_id = actor.id
    absence.decided_at = utcnow()
    db.session.flush()
    return absence
