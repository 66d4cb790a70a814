"""Rules for training sessions, their rosters and certificates, with their permissions."""
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from ..access import acting_org_id, acts_for, can_admin_consortium, may_see_full_id, require_member_user
from ..audit.services import record_reveal
from ..common import (assign_given, check_unique_text, found, invalid, merged_with, text_or_none,
                      where_given)
from ..errors import NotAllowed, NotFound
from ..extensions import db
from ..tables.columns import get_spec, header_key
from ..tables.normalize import CellError, mask_id_number, validate_id_number
from ..members.lookups import member_choices  # noqa: F401  (for the pages' selects)
from ..members.models import Member
from ..figures.training import pass_rate
from .models import Certificate, RosterEntry, TrainingRequest, TrainingSession
from ..vocab import AUDIENCES, COMPLETION, TRAINING_KINDS as KINDS
from ..params import check_year

MIN_YEAR, MAX_YEAR = 2000, 2100
SESSION_FIELDS = ("code", "title", "kind", "audience", "provider_id", "provider_name", "host_id", "venue",
                  "start_date", "end_date", "days", "hours", "participants", "plan_year", "notes")
ROSTER_FIELDS = ("name", "id_number", "employer_id", "employer_name", "status")
CERTIFICATE_FIELDS = ("certificate_no", "holder_name", "holder_id_number", "name", "level", "issued_date",
                      "issuer_id", "issuer_name", "session_id")


# ---- access ----------------------------------------------------------------------------------

def is_school_user(actor) -> bool:
    """A school's user: it provides training and issues certificates as its own organization."""
    return actor.role == "school"


def is_enterprise_user(actor) -> bool:
    """An enterprise's user: its employees are trained and it files training requests."""
    return actor.role == "enterprise"


def can_create_session(actor, consortium_id: int) -> bool:
    """The secretariat records any session; a school records the sessions it provides."""
    return can_admin_consortium(actor, consortium_id) or is_school_user(actor)


def can_create_certificate(actor, consortium_id: int) -> bool:
    """The secretariat, or a school for the certificates it issued or its trainees earned."""
    return can_admin_consortium(actor, consortium_id) or is_school_user(actor)


def can_create_request(actor, consortium_id: int) -> bool:
    """An enterprise files its own training requests; the secretariat may file one for an enterprise."""
    return can_admin_consortium(actor, consortium_id) or is_enterprise_user(actor)


def can_see_plan(actor, consortium_id: int) -> bool:
    """The training plan (planned against delivered) is the secretariat's."""
    return can_admin_consortium(actor, consortium_id)


def _session_visibility(actor, consortium_id: int):
    """SQL condition for the sessions this user may see."""
    if can_admin_consortium(actor, consortium_id):
        return True
    org = acting_org_id(actor)
    if is_school_user(actor):
        return TrainingSession.provider_id == org
    return or_(TrainingSession.host_id == org,
               TrainingSession.request_id.in_(select(TrainingRequest.id).where(TrainingRequest.enterprise_id == org)),
               exists().where(RosterEntry.session_id == TrainingSession.id, RosterEntry.employer_id == org))


def can_manage_session(actor, session: TrainingSession) -> bool:
    """The secretariat manages every session; a school manages the sessions it provides."""
    return can_admin_consortium(actor, session.consortium_id) or (
        is_school_user(actor) and session.provider_id is not None and acts_for(actor, session.provider_id))


def _require_manage_session(actor, session: TrainingSession) -> None:
    if not can_manage_session(actor, session):
        raise NotAllowed(_("只有秘书处或承训学校可以修改该培训"))


# ---- sessions ---------------------------------------------------------------------------------

def list_sessions(actor, consortium_id: int, *, year: int | None = None, kind: str = "", audience: str = "",
                  q: str = "", provider_id: int | None = None):
    """A query of the sessions this user may see, newest first; `year` keeps sessions ending in Y."""
    require_member_user(actor, consortium_id)
    stmt = (select(TrainingSession).where(TrainingSession.consortium_id == consortium_id,
                                          _session_visibility(actor, consortium_id))
            .options(selectinload(TrainingSession.roster), selectinload(TrainingSession.provider),
                     selectinload(TrainingSession.host)))
    if year:
        check_year(year)
        stmt = stmt.where(TrainingSession.end_date >= date(year, 1, 1), TrainingSession.end_date <= date(year, 12, 31))
    stmt = where_given(stmt, (TrainingSession.kind, kind), (TrainingSession.audience, audience),
                       (TrainingSession.provider_id, provider_id))
    if q:
        pattern = f"%{q.strip()}%"
        stmt = stmt.where(or_(TrainingSession.title.ilike(pattern), TrainingSession.code.ilike(pattern)))
    return stmt.order_by(TrainingSession.start_date.desc(), TrainingSession.id.desc())


def get_session(actor, session_id: int) -> TrainingSession:
    """A session the user may see; any other answers 404."""
    return visible_record(actor, TrainingSession, session_id, _("培训不存在"), _session_visibility)


def visible_record(actor, model, record_id: int, message: str, visibility):
    """A record of `model` the user may see: `visibility(actor, consortium_id)` is the condition its list applies.
    Any other, or none, answers NotFound(message)."""
    record = found(model, record_id, message)
    require_member_user(actor, record.consortium_id)
    if db.session.scalar(select(model.id).where(model.id == record.id,
                                                visibility(actor, record.consortium_id))) is None:
        raise NotFound(message)
    return record


def _member(consortium_id: int, member_id, field: str, errors: dict, *, school: bool = False,
            enterprise: bool = False) -> Member | None:
    if member_id in (None, ""):
        return None
    member = db.session.get(Member, member_id) if isinstance(member_id, int) else None
    if member is None or member.consortium_id != consortium_id:
        errors[field] = _("成员单位不存在")
        return None
    if school and not member.is_school:
        errors[field] = _("请选择成员学校")
    if enterprise and not member.is_enterprise:
        errors[field] = _("请选择成员企业")
    return member


def _validate_session(consortium_id: int, data: dict, session: TrainingSession | None) -> dict:
    errors = {}
    code = text_or_none(data.get("code"))
    check_unique_text(errors, "code", code, max_length=50, required=_("请填写培训编号"),
                      too_long=_("培训编号不超过 50 个字符"), taken=_("培训编号已存在"), model=TrainingSession,
                      record=session, consortium_id=consortium_id)
    title = text_or_none(data.get("title"))
    if not title:
        errors["title"] = _("请填写培训名称")
    elif len(title) > 200:
        errors["title"] = _("培训名称不超过 200 个字符")
    if data.get("kind") not in KINDS:
        errors["kind"] = _("请选择培训类型")
    if data.get("audience") not in AUDIENCES:
        errors["audience"] = _("请选择培训对象")
    _member(consortium_id, data.get("provider_id"), "provider_id", errors)
    if data.get("provider_id") in (None, "") and not text_or_none(data.get("provider_name")):
        errors["provider_name"] = _("请选择承训成员单位，或填写非成员承训单位名称")
    _member(consortium_id, data.get("host_id"), "host_id", errors)
    start, end = data.get("start_date"), data.get("end_date")
    if start is None:
        errors["start_date"] = _("请填写开始日期")
    if end is None:
        errors["end_date"] = _("请填写结束日期")
    errors.update(session_schedule_errors(start, end, data.get("days")))
    for key in ("hours", "participants"):
        if data.get(key) is not None and data[key] < 0:
            errors[key] = _("不能为负数")
    plan_year = data.get("plan_year")
    if plan_year is not None and not MIN_YEAR <= plan_year <= MAX_YEAR:
        errors["plan_year"] = _("年度应在 %(a)d 到 %(b)d 之间", a=MIN_YEAR, b=MAX_YEAR)
    return errors


def session_schedule_errors(start, end, days) -> dict:
    """The dates and days a session may have, for pages, API and bulk import alike: field → message."""
    errors = {}
    if start is not None and end is not None and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期")
    if days is not None:
        if days <= 0:
            errors["days"] = _("天数应大于 0")
        elif days != days.quantize(Decimal("0.1")):
            errors["days"] = _("天数最多保留 1 位小数")
        elif start is not None and end is not None and end >= start and days > (end - start).days + 1:
            errors["days"] = _("天数不能超过起止日期之间的日历天数（%(n)d 天）", n=(end - start).days + 1)
    return errors


def _school_as_provider(actor, data: dict) -> dict:
    """A school records only the sessions it gives itself."""
    if is_school_user(actor):
        return {**data, "provider_id": actor.member_id, "provider_name": None}
    return data


def create_session(actor, consortium, data: dict, *, request: TrainingRequest | None = None) -> TrainingSession:
    """Record a session. The secretariat names any provider; a school is always the provider of its own."""
    require_member_user(actor, consortium.id)
    if not can_create_session(actor, consortium.id):
        raise NotAllowed(_("只有秘书处或学校可以登记培训"))
    data = _school_as_provider(actor, data)
    errors = _validate_session(consortium.id, data, None)
    if errors:
        invalid(errors)
    session = TrainingSession(consortium_id=consortium.id)
    assign_given(session, data, SESSION_FIELDS)
    if session.provider_id is not None:
        session.provider_name = None
    if request is not None:
        session.request = request
    db.session.add(session)
    db.session.flush()
    return session


def update_session(actor, session: TrainingSession, data: dict) -> TrainingSession:
    """Edit a session (secretariat, or the school that provides it). Missing keys keep their value."""
    _require_manage_session(actor, session)
    merged = _school_as_provider(actor, merged_with(session, data, SESSION_FIELDS))
    errors = _validate_session(session.consortium_id, merged, session)
    if errors:
        invalid(errors)
    assign_given(session, merged, SESSION_FIELDS)
    if session.provider_id is not None:
        session.provider_name = None
    db.session.flush()
    return session


def delete_session(actor, session: TrainingSession) -> None:
    """Delete a session with its roster; its certificates stay, unlinked; its request goes back to assigned."""
    _require_manage_session(actor, session)
    if session.request is not None and session.request.status == "planned":
        session.request.status = "assigned"
    db.session.execute(Certificate.__table__.update().where(Certificate.session_id == session.id).values(session_id=None))
    db.session.delete(session)
    db.session.flush()


def session_certificate_count(session: TrainingSession) -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate).where(Certificate.session_id == session.id))


def session_pass_rate(session: TrainingSession) -> Decimal | None:
    """Certificates issued ÷ participants × 100; None when the session has no participants."""
    return pass_rate(session_certificate_count(session), session.effective_participants)


# ---- rosters ----------------------------------------------------------------------------------

def visible_roster(actor, session: TrainingSession) -> list[RosterEntry]:
    """The whole roster for those who manage the session or host it; an enterprise sees its own employees."""
    if can_manage_session(actor, session) or (is_enterprise_user(actor) and session.host_id == actor.member_id):
        return list(session.roster)
    return [entry for entry in session.roster if entry.employer_id == acting_org_id(actor)]


def _validate_roster(consortium_id: int, data: dict) -> tuple[dict, str | None]:
    errors, masked = {}, None
    name = text_or_none(data.get("name"))
    if not name:
        errors["name"] = _("请填写姓名")
    elif len(name) > 100:
        errors["name"] = _("姓名不超过 100 个字符")
    raw = text_or_none(data.get("id_number"))
    if raw:
        try:
            masked = mask_id_number(validate_id_number(raw))
        except CellError as exc:
            errors["id_number"] = str(exc)
    _member(consortium_id, data.get("employer_id"), "employer_id", errors)
    if data.get("status", "completed") not in COMPLETION:
        errors["status"] = _("请选择结业情况")
    return errors, masked


def add_roster_entry(actor, session: TrainingSession, data: dict) -> RosterEntry:
    """Add a person to the roster. Only the masked ID number is kept."""
    _require_manage_session(actor, session)
    data = {**data, "status": data.get("status") or "completed"}
    errors, masked = _validate_roster(session.consortium_id, data)
    if errors:
        invalid(errors)
    entry = RosterEntry(session=session, name=text_or_none(data["name"]), id_number_masked=masked,
                        employer_id=data.get("employer_id") or None,
                        employer_name=None if data.get("employer_id") else text_or_none(data.get("employer_name")),
                        status=data["status"])
    db.session.add(entry)
    db.session.flush()
    return entry


def get_roster_entry(actor, session: TrainingSession, entry_id: int) -> RosterEntry:
    entry = db.session.get(RosterEntry, entry_id)
    if entry is None or entry.session_id != session.id:
        raise NotFound(_("名单记录不存在"))
    return entry


def update_roster_entry(actor, entry: RosterEntry, data: dict) -> RosterEntry:
    """Change a roster entry (its completion status, most often). A new ID number replaces the masked one."""
    _require_manage_session(actor, entry.session)
    merged = {"name": entry.name, "employer_id": entry.employer_id, "employer_name": entry.employer_name,
              "status": entry.status}
    merged.update({k: v for k, v in data.items() if k in ROSTER_FIELDS})
    errors, masked = _validate_roster(entry.session.consortium_id, merged)
    if errors:
        invalid(errors)
    entry.name = text_or_none(merged["name"])
    entry.employer_id = merged.get("employer_id") or None
    entry.employer_name = None if entry.employer_id else text_or_none(merged.get("employer_name"))
    entry.status = merged["status"]
    if "id_number" in data:
        entry.id_number_masked = masked
    db.session.flush()
    return entry


def delete_roster_entry(actor, entry: RosterEntry) -> None:
    _require_manage_session(actor, entry.session)
    db.session.delete(entry)
    db.session.flush()


# ---- certificates -----------------------------------------------------------------------------

LEVEL_LOOKUP = get_spec("certificates").column("level").enum_lookup


def parse_level(value) -> int | None:
    """1–5, or the Chinese forms (一级/高级技师 … 五级/初级工) that imports accept; None when unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 5 else None
    if value is None:
        return None
    return LEVEL_LOOKUP.get(header_key(value))


def _certificate_visibility(actor, consortium_id: int):
    if can_admin_consortium(actor, consortium_id):
        return True
    org = acting_org_id(actor)
    if is_school_user(actor):
        return or_(Certificate.issuer_id == org,
                   Certificate.session_id.in_(select(TrainingSession.id).where(TrainingSession.provider_id == org)))
    return Certificate.session_id.in_(select(TrainingSession.id).where(
        TrainingSession.consortium_id == consortium_id, _session_visibility(actor, consortium_id)))


def manages_certificate(actor, consortium_id: int, issuer_id: int | None, session_provider_id: int | None) -> bool:
    """The secretariat; a school for certificates it issued or that come from its own sessions (pages, API and
    bulk import alike)."""
    if can_admin_consortium(actor, consortium_id):
        return True
    if not is_school_user(actor):
        return False
    return (issuer_id is not None and acts_for(actor, issuer_id)) or (
        session_provider_id is not None and acts_for(actor, session_provider_id))


def can_manage_certificate(actor, cert: Certificate) -> bool:
    """The secretariat; a school for certificates it issued or that come from its own sessions."""
    return manages_certificate(actor, cert.consortium_id, cert.issuer_id,
                               cert.session.provider_id if cert.session is not None else None)


def list_certificates(actor, consortium_id: int, *, year: int | None = None, q: str = "", session_id: int | None = None):
    require_member_user(actor, consortium_id)
    stmt = (select(Certificate).where(Certificate.consortium_id == consortium_id,
                                      _certificate_visibility(actor, consortium_id))
            .options(selectinload(Certificate.issuer), selectinload(Certificate.session)))
    if year:
        check_year(year)
        stmt = stmt.where(Certificate.issued_date >= date(year, 1, 1), Certificate.issued_date <= date(year, 12, 31))
    if session_id:
        stmt = stmt.where(Certificate.session_id == session_id)
    if q:
        pattern = f"%{q.strip()}%"
        stmt = stmt.where(or_(Certificate.holder_name.ilike(pattern), Certificate.certificate_no.ilike(pattern),
                              Certificate.name.ilike(pattern)))
    return stmt.order_by(Certificate.issued_date.desc(), Certificate.id.desc())


def may_reveal_certificate(actor, cert: Certificate) -> bool:
    """Whether the page offers to reveal the holder's full ID number: the masking policy's "reveal" channel
    (a certificate is kept by the consortium's secretariat)."""
    return may_see_full_id(actor, consortium_id=cert.consortium_id, keeper_member_id=None, channel="reveal")


def reveal_certificate(actor, cert: Certificate, reason: str, ip: str | None = None) -> dict:
    """The holder's full ID number, for a reason that goes to the audit log ('reveal')."""
    if not may_reveal_certificate(actor, cert):
        raise NotAllowed(_("无权查看完整号码"))
    reason = record_reveal(actor, object_type="certificate", object_id=cert.id, consortium_id=cert.consortium_id,
                           reason=reason, ip=ip)
    return {"id_number": cert.holder_id_number, "reason": reason}


def get_certificate(actor, certificate_id: int) -> Certificate:
    return visible_record(actor, Certificate, certificate_id, _("证书不存在"), _certificate_visibility)


def _validate_certificate(actor, consortium_id: int, data: dict, cert: Certificate | None) -> tuple[dict, dict]:
    errors, clean = {}, {}
    number = text_or_none(data.get("certificate_no"))
    check_unique_text(errors, "certificate_no", number, max_length=50, required=_("请填写证书编号"),
                      too_long=_("证书编号不超过 50 个字符"), taken=_("证书编号已存在"), model=Certificate,
                      record=cert, consortium_id=consortium_id)
    clean["certificate_no"] = number
    for key, message in (("holder_name", _("请填写持证人姓名")), ("name", _("请填写证书名称"))):
        clean[key] = text_or_none(data.get(key))
        if not clean[key]:
            errors[key] = message
        elif len(clean[key]) > (100 if key == "holder_name" else 200):
            errors[key] = _("内容过长")
    raw_id = text_or_none(data.get("holder_id_number"))
    clean["holder_id_number"] = None
    if raw_id:
        try:
            clean["holder_id_number"] = validate_id_number(raw_id)
        except CellError as exc:
            errors["holder_id_number"] = str(exc)
    clean["level"] = parse_level(data.get("level"))
    if clean["level"] is None:
        errors["level"] = _("等级应为 1–5，或一级/高级技师 … 五级/初级工")
    clean["issued_date"] = data.get("issued_date")
    if clean["issued_date"] is None:
        errors["issued_date"] = _("请填写发证日期")
    issuer = _member(consortium_id, data.get("issuer_id"), "issuer_id", errors)
    clean["issuer_id"] = issuer.id if issuer else None
    clean["issuer_name"] = None if issuer else text_or_none(data.get("issuer_name"))
    if issuer is None and not clean["issuer_name"] and "issuer_id" not in errors:
        errors["issuer_name"] = _("请选择发证成员单位，或填写发证机构名称")
    session = None
    if data.get("session_id") not in (None, ""):
        session = db.session.get(TrainingSession, data["session_id"]) if isinstance(data["session_id"], int) else None
        if session is None or session.consortium_id != consortium_id:
            errors["session_id"] = _("培训不存在")
            session = None
    clean["session_id"] = session.id if session else None
    if is_school_user(actor) and "issuer_id" not in errors and "session_id" not in errors:
        own_issuer = clean["issuer_id"] == actor.member_id
        own_session = session is not None and session.provider_id == actor.member_id
        if not (own_issuer or own_session):
            errors["session_id"] = _("学校只能登记本校发放的证书，或本校培训学员取得的证书")
    return errors, clean


def create_certificate(actor, consortium, data: dict) -> Certificate:
    """Record a certificate. The full ID number is stored (sensitive) and shown masked."""
    require_member_user(actor, consortium.id)
    if not can_create_certificate(actor, consortium.id):
        raise NotAllowed(_("只有秘书处或学校可以登记证书"))
    errors, clean = _validate_certificate(actor, consortium.id, data, None)
    if errors:
        invalid(errors)
    cert = Certificate(consortium_id=consortium.id, **clean)
    db.session.add(cert)
    db.session.flush()
    return cert


def update_certificate(actor, cert: Certificate, data: dict) -> Certificate:
    """Edit a certificate. A missing `holder_id_number` keeps the stored one."""
    if not can_manage_certificate(actor, cert):
        raise NotAllowed(_("无权修改该证书"))
    merged = {key: getattr(cert, key) for key in CERTIFICATE_FIELDS}
    merged.update({k: v for k, v in data.items() if k in CERTIFICATE_FIELDS})
    errors, clean = _validate_certificate(actor, cert.consortium_id, merged, cert)
    if errors:
        invalid(errors)
    for key, value in clean.items():
        setattr(cert, key, value)
    db.session.flush()
    return cert


def delete_certificate(actor, cert: Certificate) -> None:
    if not can_manage_certificate(actor, cert):
        raise NotAllowed(_("无权删除该证书"))
    db.session.delete(cert)
    db.session.flush()


def session_choices(actor, consortium_id: int) -> list[tuple[int, str]]:
    """Sessions a certificate may be linked to: all (secretariat), or the school's own."""
    stmt = select(TrainingSession.id, TrainingSession.code, TrainingSession.title).where(
        TrainingSession.consortium_id == consortium_id)
    if not can_admin_consortium(actor, consortium_id):
        stmt = stmt.where(TrainingSession.provider_id == actor.member_id)
    return [(r.id, f"{r.code} {r.title}") for r in db.session.execute(stmt.order_by(TrainingSession.start_date.desc()))]


def certificates_by_holder_name(consortium_id: int, holder_name: str) -> list[Certificate]:
    """Certificates of the consortium whose holder has this name (a teacher's record lists them, labelled as
    matched by name: certificates carry no link to a teacher)."""
    return list(db.session.scalars(select(Certificate).where(
        Certificate.consortium_id == consortium_id, Certificate.holder_name == holder_name)
        .order_by(Certificate.issued_date.desc())))
