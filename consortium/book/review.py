"""The recommending unit's review (推荐单位, a city education bureau): submit → return / forward, each step
recorded, each submission a frozen, versioned snapshot; the province's view of annex 3 by recommending unit.
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..auth.models import User
from ..access import require_admin, require_consortium_admin, require_login
from ..common import invalid, text_or_none
from ..errors import Conflict, NotAllowed, NotFound
from ..extensions import db
from ..members.models import Consortium
from ..figures.book import normalise_city
from . import services
from .docx_book import to_docx
from .materials import _materials, download_name, materials_zip
from .models import BureauProfile, ProvinceSettings, ReviewEvent, Submission

DEFAULT_CITY_CAP = 2  # 各省辖市可申报 1-2 家 (济源示范区、航空港区、省直管县（市）1 家): the province's setting
MAX_CITY_CAP = 20
OPINION_LIMIT = 1000


def _json_default(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


# ---- who may see what -------------------------------------------------------------------------

def bureau_of(actor) -> BureauProfile | None:
    if getattr(actor, "role", None) != "bureau":
        return None
    return db.session.scalar(select(BureauProfile).where(BureauProfile.user_id == actor.id))


def can_review(actor, consortium: Consortium) -> bool:
    """A recommending unit reviews the consortia of its own city only."""
    bureau = bureau_of(actor)
    return bureau is not None and normalise_city(bureau.city) == normalise_city(consortium.city)


def require_reviewer(actor, consortium: Consortium) -> BureauProfile:
    require_login(actor)
    if not can_review(actor, consortium):
        # Another city's consortium is reported as missing, not as forbidden.
        raise NotFound(_("记录不存在"))
    return bureau_of(actor)


def create_bureau(actor, *, username: str, password: str, city: str, unit_name: str,
                  bootstrap: bool = False) -> User:
    """A recommending unit's account: created by a province-wide admin (or the command line)."""
    from ..auth import services as auth_services

    if not bootstrap:
        require_admin(actor)
        if actor.consortium_id is not None:
            raise NotAllowed(_("只有省级管理员可以创建推荐单位账号"))
    errors = {}
    if not text_or_none(city):
        errors["city"] = _("请填写所在城市")
    if not text_or_none(unit_name):
        errors["unit_name"] = _("请填写推荐单位名称")
    if errors:
        invalid(errors)
    user = auth_services.create_user(actor, username=username, password=password, role="bureau",
                                     display_name=unit_name, bootstrap=True)
    db.session.add(BureauProfile(user_id=user.id, city=text_or_none(city), unit_name=text_or_none(unit_name)))
    db.session.flush()
    return user


# ---- submissions ------------------------------------------------------------------------------

def latest(consortium_id: int) -> Submission | None:
    return db.session.scalar(select(Submission).where(Submission.consortium_id == consortium_id)
                             .order_by(Submission.version.desc()).limit(1))


def history(consortium_id: int) -> list[Submission]:
    return list(db.session.scalars(select(Submission).where(Submission.consortium_id == consortium_id)
                                   .order_by(Submission.version.desc())))


def events(consortium_id: int) -> list[ReviewEvent]:
    return list(db.session.scalars(select(ReviewEvent).join(Submission).where(
        Submission.consortium_id == consortium_id).order_by(ReviewEvent.at.desc(), ReviewEvent.id.desc())))


def _record(submission: Submission, action: str, actor, comment: str | None = None) -> None:
    db.session.add(ReviewEvent(submission_id=submission.id, action=action, actor_id=getattr(actor, "id", None),
                               actor_name=getattr(actor, "name", None) or getattr(actor, "username", "?"),
                               comment=comment))


def snapshot_of(consortium: Consortium, on: date | None = None) -> tuple[dict, bytes]:
    """The book as it is now: plain values, narratives, commitments, materials (number, title, sha256) and
    the DOCX bytes."""
    book = services.book_document(consortium, on)
    v = book.values
    data = {"base_year": v.base_year, "committed_years": v.committed_years, "profile": v.profile,
            "members": v.members, "actual": v.actual, "committed": v.committed, "funds": v.funds,
            "park_output": v.park_output, "narratives": v.narratives, "declaration": book.declaration,
            "recommending_unit": book.recommending_unit,
            "materials": [{"number": m.number, "title": m.title, "file": download_name(m), "sha256": m.sha256,
                           "target": f"{m.target_type}:{m.target_key}", "id": m.id}
                          for m in _materials(consortium.id)]}
    return json.loads(json.dumps(data, default=_json_default, ensure_ascii=False)), to_docx(book)


def submit(actor, consortium: Consortium) -> Submission:
    """The secretariat submits the book: a new version, frozen. Not while one awaits review or after the
    book has been forwarded."""
    require_consortium_admin(actor, consortium.id)
    current = latest(consortium.id)
    if current is not None and current.status == "submitted":
        raise Conflict(_("第 %(v)d 版正在推荐单位审核中，不能再次提交", v=current.version))
    if current is not None and current.status == "forwarded":
        raise Conflict(_("推荐书已推荐报送，不能再次提交"))
    data, docx = snapshot_of(consortium)
    submission = Submission(consortium_id=consortium.id, version=(current.version + 1) if current else 1,
                            status="submitted", snapshot=json.dumps(data, ensure_ascii=False), docx=docx,
                            submitted_by_id=getattr(actor, "id", None))
    db.session.add(submission)
    db.session.flush()
    _record(submission, "submit", actor)
    db.session.flush()
    return submission


def _pending(consortium: Consortium) -> Submission:
    current = latest(consortium.id)
    if current is None or current.status != "submitted":
        raise Conflict(_("没有待审核的推荐书"))
    return current


def return_book(actor, consortium: Consortium, comment: str) -> Submission:
    """The recommending unit returns the pending version with a comment; the secretariat revises and
    submits a new version."""
    require_reviewer(actor, consortium)
    comment = text_or_none(comment)
    if not comment:
        invalid({"comment": _("退回时请填写修改意见")})
    submission = _pending(consortium)
    submission.status = "returned"
    _record(submission, "return", actor, comment)
    db.session.flush()
    return submission


def forward(actor, consortium: Consortium, opinion: str) -> Submission:
    """The recommending unit writes its 推荐意见 and forwards the pending version to the province."""
    require_reviewer(actor, consortium)
    opinion = text_or_none(opinion)
    if not opinion:
        invalid({"opinion": _("请填写推荐意见")})
    if len(opinion) > OPINION_LIMIT:
        invalid({"opinion": _("不超过 %(n)d 个字符", n=OPINION_LIMIT)})
    submission = _pending(consortium)
    submission.status, submission.opinion = "forwarded", opinion
    _record(submission, "forward", actor, opinion)
    db.session.flush()
    return submission


def get_submission(actor, consortium: Consortium, version: int) -> Submission:
    """A frozen version, for the secretariat, the city's recommending unit, or a province-wide admin."""
    require_login(actor)
    allowed = can_review(actor, consortium) or (actor.role == "admin" and (
        actor.consortium_id is None or actor.consortium_id == consortium.id))
    if not allowed:
        raise NotFound(_("记录不存在"))
    submission = db.session.scalar(select(Submission).where(Submission.consortium_id == consortium.id,
                                                            Submission.version == version))
    if submission is None:
        raise NotFound(_("记录不存在"))
    return submission


def submission_zip(actor, consortium: Consortium, submission: Submission) -> bytes:
    """The materials of a frozen version, by the ids its snapshot lists (materials are never replaced or deleted;
    the snapshot also records each file's SHA-256)."""
    from .models import Material

    data = json.loads(submission.snapshot)
    ids = [m["id"] for m in data["materials"]]
    materials = list(db.session.scalars(select(Material).where(Material.id.in_(ids)).order_by(Material.number))) \
        if ids else []
    return materials_zip(actor, consortium, materials)


def review_list(actor) -> list[dict]:
    """The consortia of the recommending unit's city with their latest version."""
    bureau = bureau_of(actor)
    if bureau is None:
        raise NotAllowed(_("只有推荐单位可以审核推荐书"))
    city = normalise_city(bureau.city)
    rows = []
    for c in db.session.scalars(select(Consortium).order_by(Consortium.name)):
        if normalise_city(c.city) == city:
            rows.append({"consortium": c, "latest": latest(c.id)})
    return rows


def _require_province(actor) -> None:
    require_admin(actor)
    if actor.consortium_id is not None:
        raise NotAllowed(_("只有省级管理员可以查看各推荐单位的汇总"))


def province_settings() -> ProvinceSettings:
    """The province's settings; the notice's cap (2 per city, no exceptions) until the province sets its own."""
    row = db.session.scalar(select(ProvinceSettings).order_by(ProvinceSettings.id).limit(1))
    return row or ProvinceSettings(city_cap=DEFAULT_CITY_CAP, city_caps={})


def cap_for(city: str, settings: ProvinceSettings | None = None) -> int:
    """How many consortia `city` may recommend: its exception if the province set one, else the general cap."""
    settings = settings or province_settings()
    return int((settings.city_caps or {}).get(normalise_city(city), settings.city_cap))


def parse_exceptions(text: str | None) -> dict[str, int]:
    """Lines `城市 上限` (or `城市=上限`, `城市：上限`) → {normalised city: cap}; ValueError names the bad line."""
    out: dict[str, int] = {}
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        for sep in ("=", "：", ":", "，", ",", "\t"):
            line = line.replace(sep, " ")
        city, _sep, cap = line.rpartition(" ")
        city = normalise_city(city.strip())
        if not city or not cap.isdigit() or not 1 <= int(cap) <= MAX_CITY_CAP:
            raise ValueError(_("第 %(n)d 行应为“城市 上限”，上限为 1 到 %(max)d 的整数：%(line)s",
                               n=n, max=MAX_CITY_CAP, line=raw.strip()))
        out[city] = int(cap)
    return out


def exceptions_text(settings: ProvinceSettings) -> str:
    return "\n".join(f"{city} {cap}" for city, cap in sorted((settings.city_caps or {}).items()))


def save_province_settings(actor, data: dict) -> ProvinceSettings:
    """The province admin sets the general per-city cap (1–20) and the exceptions per city."""
    _require_province(actor)
    errors = {}
    cap = data.get("city_cap")
    if not isinstance(cap, int) or isinstance(cap, bool) or not 1 <= cap <= MAX_CITY_CAP:
        errors["city_cap"] = _("上限应为 1 到 %(max)d 的整数", max=MAX_CITY_CAP)
    try:
        exceptions = parse_exceptions(data.get("exceptions"))
    except ValueError as exc:
        errors["exceptions"] = str(exc)
    if errors:
        invalid(errors)
    row = db.session.scalar(select(ProvinceSettings).order_by(ProvinceSettings.id).limit(1))
    if row is None:
        row = ProvinceSettings()
        db.session.add(row)
    row.city_cap, row.city_caps, row.updated_by_id = cap, exceptions, getattr(actor, "id", None)
    db.session.flush()
    return row


def province_view(actor) -> dict:
    """Annex 3 for the province: forwarded books grouped by recommending unit, with 填报人 and contact, and
    a warning per city when the city forwards more than its cap (the province's setting, default 2)."""
    _require_province(actor)
    settings = province_settings()
    groups: dict[str, dict] = defaultdict(lambda: {"rows": [], "unit": "", "cities": set()})
    cities: dict[str, dict] = {}
    for c in db.session.scalars(select(Consortium).order_by(Consortium.name)):
        sub = latest(c.id)
        book_settings = services.settings_of(c.id)
        unit = book_settings.recommending_unit or _("（未填写推荐单位）")
        city = normalise_city(c.city)
        group = groups[unit]
        group["unit"] = unit
        group["cities"].add(city)
        forwarded = sub is not None and sub.status == "forwarded"
        group["rows"].append({"consortium": c, "latest": sub, "filler": book_settings.filler_name or "",
                              "contact": book_settings.filler_contact or "", "city": city})
        entry = cities.setdefault(city, {"city": city, "forwarded": 0, "cap": cap_for(city, settings)})
        entry["forwarded"] += int(forwarded)
    for entry in cities.values():
        entry["over_cap"] = entry["forwarded"] > entry["cap"]
    out = []
    for unit, group in sorted(groups.items()):
        group["forwarded"] = sum(1 for r in group["rows"] if r["latest"] is not None and r["latest"].status == "forwarded")
        group["cities"] = [cities[city] for city in sorted(group["cities"])]
        group["over_cap"] = any(entry["over_cap"] for entry in group["cities"])
        out.append(group)
    return {"groups": out, "cities": sorted(cities.values(), key=lambda e: e["city"]),
            "over_cap": [e for e in sorted(cities.values(), key=lambda e: e["city"]) if e["over_cap"]],
            "settings": settings, "cap": settings.city_cap}


def count_forwarded(city: str) -> int:
    return db.session.scalar(select(func.count(Submission.id)).join(Consortium).where(
        Submission.status == "forwarded", Consortium.city == city)) or 0
