"""Rules of the book: settings and committed years, commitments, acceptance, the incident register, the
clean-record declaration, and the DOCX of the book and of annex 3.

Every function takes the acting user; the secretariat of the consortium (or a province-wide admin) only.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from ..supervision.incidents import serious_incidents
from ..access import require_consortium_admin
from ..common import invalid, text_or_none
from ..timeutil import today
from ..extensions import db
from ..members.models import Consortium
from ..vocab import NARRATIVES
from ..figures import book as metrics
from ..stats import loader
from ..stats.report import BookFrame
from . import acceptance, layout
from .docx_book import BookDocument, annex3_docx, to_docx
from ..vocab import INCIDENT_AREAS
from .models import BookSettings, Commitment, Declaration, Incident

MIN_YEAR, MAX_YEAR = 2000, 2100


# ---- settings ---------------------------------------------------------------------------------

def settings_of(consortium_id: int) -> BookSettings:
    """The consortium's book settings; the notice's years (2022 | 2023–2025) until someone changes them."""
    row = db.session.scalar(select(BookSettings).where(BookSettings.consortium_id == consortium_id))
    return row or BookSettings(consortium_id=consortium_id, base_year=2022, first_committed_year=2023,
                               last_committed_year=2025)


def save_settings(actor, consortium: Consortium, data: dict) -> BookSettings:
    """Base year, committed years, 推荐单位 and 填报人 of the consortium's book."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    years = {}
    for field in ("base_year", "first_committed_year", "last_committed_year"):
        value = data.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not MIN_YEAR <= value <= MAX_YEAR:
            errors[field] = _("年度应在 %(a)d 到 %(b)d 之间", a=MIN_YEAR, b=MAX_YEAR)
        years[field] = value
    if not errors:
        if years["first_committed_year"] <= years["base_year"]:
            errors["first_committed_year"] = _("承诺年度应晚于基准年度")
        elif years["last_committed_year"] < years["first_committed_year"]:
            errors["last_committed_year"] = _("结束年度不能早于开始年度")
        elif years["last_committed_year"] - years["first_committed_year"] > 9:
            errors["last_committed_year"] = _("承诺年度最多 10 年")
    for field, limit in (("recommending_unit", 200), ("filler_name", 50), ("filler_contact", 100)):
        if len(text_or_none(data.get(field)) or "") > limit:
            errors[field] = _("不超过 %(n)d 个字符", n=limit)
    if errors:
        invalid(errors)
    row = db.session.scalar(select(BookSettings).where(BookSettings.consortium_id == consortium.id))
    if row is None:
        row = BookSettings(consortium_id=consortium.id)
        db.session.add(row)
    for field, value in years.items():
        setattr(row, field, value)
    for field in ("recommending_unit", "filler_name", "filler_contact"):
        if field in data:
            setattr(row, field, text_or_none(data.get(field)))
    db.session.flush()
    return row


def last_closed_year(on: date | None = None) -> int:
    """The year selectors' rule: the last calendar year that has closed (31 Dec passed, consortium's day)."""
    return (on or today()).year - 1


# ---- commitments ------------------------------------------------------------------------------

def commitment_metrics():
    """The book figures one commits to, in the book's order, with their labels and units."""
    return [metrics.metric_for(k) for k in layout.book_keys()]


def commitments(consortium_id: int) -> dict[int, dict[str, Decimal]]:
    """year → key → committed value."""
    out: dict[int, dict[str, Decimal]] = {}
    for row in db.session.scalars(select(Commitment).where(Commitment.consortium_id == consortium_id)):
        out.setdefault(row.year, {})[row.key] = row.value
    return out


def _decimal(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    return Decimal(str(value).strip())


def save_commitments(actor, consortium: Consortium, values: dict[tuple[int, str], object]) -> int:
    """Set the committed value of each (year, key) given; an empty value removes the commitment. Every
    bad cell is reported (field `c-<year>-<key>`), nothing is saved unless all are good. Returns the count kept."""
    require_consortium_admin(actor, consortium.id)
    settings = settings_of(consortium.id)
    allowed_keys = set(layout.book_keys())
    errors, parsed = {}, {}
    for (year, key), raw in values.items():
        field = f"c-{year}-{key}"
        if key not in allowed_keys:
            errors[field] = _("不是推荐书指标")
            continue
        if year not in settings.committed_years:
            errors[field] = _("%(year)s 不是承诺年度", year=year)
            continue
        try:
            value = _decimal(raw)
        except (InvalidOperation, ValueError):
            errors[field] = _("应为数字")
            continue
        if value is not None and (value < 0 or value >= Decimal("1e12")):
            errors[field] = _("应为不小于 0 的数字")
            continue
        if value is not None and key.endswith("_pct") and value > 100:
            errors[field] = _("百分比不超过 100")
            continue
        parsed[(year, key)] = value
    if errors:
        invalid(errors)
    existing = {(c.year, c.key): c for c in db.session.scalars(
        select(Commitment).where(Commitment.consortium_id == consortium.id))}
    for (year, key), value in parsed.items():
        row = existing.get((year, key))
        if value is None:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(Commitment(consortium_id=consortium.id, year=year, key=key,
                                      value=value.quantize(Decimal("0.01"))))
        else:
            row.value = value.quantize(Decimal("0.01"))
    db.session.flush()
    return db.session.query(Commitment).filter_by(consortium_id=consortium.id).count()


def book_frame(consortium_id: int) -> BookFrame:
    """The consortium's book years and commitments, as the year page and the exports of `stats` read them."""
    settings = settings_of(consortium_id)
    return BookFrame(base_year=settings.base_year, committed_years=settings.committed_years,
                     keys=layout.book_keys(), committed=commitments(consortium_id))


def commitment_page(actor, consortium: Consortium) -> dict:
    require_consortium_admin(actor, consortium.id)
    settings = settings_of(consortium.id)
    return {"settings": settings, "metrics": commitment_metrics(), "values": commitments(consortium.id)}


# ---- acceptance (验收) -------------------------------------------------------------------------

def acceptance_rows(actor, consortium: Consortium, on: date | None = None) -> dict:
    """Each commitment beside the actual figure of its year once the year has closed."""
    require_consortium_admin(actor, consortium.id)
    settings = settings_of(consortium.id)
    committed = {(y, k): v for y, keys in commitments(consortium.id).items() for k, v in keys.items()
                 if y in settings.committed_years}
    closed = last_closed_year(on)
    years = [y for y in settings.committed_years if y <= closed]
    actuals = {}
    if years:
        records = loader.load_records(consortium.id, years[0], years[-1])
        actuals = {y: {k: f.value for k, f in metrics.compute(records, y).items()} for y in years}
    rows = acceptance.compare(committed, actuals, closed)
    return {"settings": settings, "rows": rows, "last_closed": closed,
            "metrics": {m.key: m for m in commitment_metrics()},
            "summary": {s: sum(1 for r in rows if r.status == s)
                        for s in (acceptance.MET, acceptance.NOT_MET, acceptance.NO_ACTUAL, acceptance.OPEN)}}


def _safe(text: str) -> str:
    """A spreadsheet cell never starts a formula (= + - @, tab, CR)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


STATUS_LABELS = {acceptance.MET: "已达成", acceptance.NOT_MET: "未达成", acceptance.NO_ACTUAL: "无实际数据",
                 acceptance.OPEN: "年度未结束"}


def acceptance_xlsx(actor, consortium: Consortium, on: date | None = None) -> bytes:
    """The acceptance table as XLSX: year, figure, unit, committed, actual, status, gap, actual ÷ committed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = acceptance_rows(actor, consortium, on)
    wb = Workbook()
    ws = wb.active
    ws.title = "验收对照"
    ws.append([_safe(f"{consortium.name} 承诺建成数据验收对照（截至 {data['last_closed']} 年）")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["年度", "指标", "单位", "承诺值", "实际值", "结果", "差额（实际−承诺）", "完成率(%)"])
    for r in data["rows"]:
        metric = data["metrics"].get(r.key)
        ws.append([r.year, metric.label if metric else r.key, metric.unit if metric else "",
                   float(r.committed), float(r.actual) if r.actual is not None else None,
                   STATUS_LABELS[r.status], float(r.gap) if r.gap is not None else None,
                   float(r.ratio_pct) if r.ratio_pct is not None else None])
    for col, width in zip("ABCDEFGH", (8, 48, 8, 12, 12, 12, 18, 12)):
        ws.column_dimensions[col].width = width
    import io

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---- incident register and declaration ----------------------------------------------------------

def internship_serious_incidents(consortium_id: int, since: date) -> list[tuple[date, str]]:
    """Serious incidents of internship placements since `since`, as (date, title), read from the placement-level
    register of internship supervision."""
    return [(incident.occurred_on, f"{incident.kind_label}：{incident.description[:60]}")
            for incident in serious_incidents(consortium_id, since)]


def list_incidents(actor, consortium: Consortium) -> list[Incident]:
    require_consortium_admin(actor, consortium.id)
    return list(db.session.scalars(select(Incident).where(Incident.consortium_id == consortium.id)
                                   .order_by(Incident.occurred_on.desc(), Incident.id.desc())))


def record_incident(actor, consortium: Consortium, data: dict) -> Incident:
    """An enrolment, employment or safety incident of a member; `serious` marks 违法或重大违规事件."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    if data.get("area") not in INCIDENT_AREAS:
        errors["area"] = _("请选择领域")
    occurred = data.get("occurred_on")
    if not isinstance(occurred, date):
        errors["occurred_on"] = _("请填写发生日期")
    elif occurred > today():
        errors["occurred_on"] = _("发生日期不能晚于今天")
    title = text_or_none(data.get("title"))
    if not title:
        errors["title"] = _("请填写事件名称")
    elif len(title) > 200:
        errors["title"] = _("不超过 %(n)d 个字符", n=200)
    if errors:
        invalid(errors)
    incident = Incident(consortium_id=consortium.id, area=data["area"], occurred_on=occurred, title=title,
                        serious=bool(data.get("serious")), description=text_or_none(data.get("description")),
                        recorded_by_id=getattr(actor, "id", None))
    db.session.add(incident)
    db.session.flush()
    return incident


def _latest_declaration(consortium_id: int) -> Declaration | None:
    return db.session.scalar(select(Declaration).where(Declaration.consortium_id == consortium_id)
                             .order_by(Declaration.signed_on.desc(), Declaration.id.desc()).limit(1))


def declaration(consortium_id: int, on: date | None = None) -> dict:
    """Whether the section-3 declaration is earned on `on`: no serious incident in either register in the
    last 3 years, and a named person has signed it. Lists what blocks it."""
    on = on or today()
    since = acceptance.declaration_window(on)
    serious = [(i.occurred_on, i.title) for i in db.session.scalars(select(Incident).where(
        Incident.consortium_id == consortium_id, Incident.serious.is_(True), Incident.occurred_on >= since))]
    serious += list(internship_serious_incidents(consortium_id, since))
    signed = _latest_declaration(consortium_id)
    state = acceptance.declaration_state(serious, (signed.signed_by, signed.signed_on) if signed else None, on)
    blockers = [_("%(day)s 发生重大违规事件：%(title)s", day=day.isoformat(), title=title)
                for day, title in sorted(serious) if since <= day <= on]
    if not state.signed:
        blockers.append(_("尚无署名人签署声明"))
    return {"printable": state.printable, "blockers": blockers, "signed": signed, "since": since, "on": on,
            "serious": len(state.serious)}


def sign_declaration(actor, consortium: Consortium, data: dict) -> Declaration:
    """A named person signs the clean-record declaration on a date (not in the future)."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    name = text_or_none(data.get("signed_by"))
    if not name:
        errors["signed_by"] = _("请填写签署人姓名")
    elif len(name) > 50:
        errors["signed_by"] = _("不超过 %(n)d 个字符", n=50)
    day = data.get("signed_on")
    if not isinstance(day, date):
        errors["signed_on"] = _("请填写签署日期")
    elif day > today():
        errors["signed_on"] = _("签署日期不能晚于今天")
    if errors:
        invalid(errors)
    row = Declaration(consortium_id=consortium.id, signed_by=name, signed_on=day,
                      recorded_by_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    return row


# ---- the book ---------------------------------------------------------------------------------

def _profile(c: Consortium) -> dict:
    return {"name": c.name, "established": f"{c.established_date.year}年{c.established_date.month}月" if c.established_date else "",
            "leader_name": c.leader_name or "",
            "leader_title_contact": " ".join(x for x in (c.leader_title, c.leader_contact) if x),
            "secretariat_host": c.secretariat_host or "", "secretariat_head": c.secretariat_head or "",
            "office_area": c.office_area, "secretariat_phone": c.secretariat_phone or "",
            "staff_total": c.staff_total, "staff_full_time": c.staff_full_time,
            "staff_part_time": c.staff_part_time, "staff_names": c.staff_names or ""}


def book_values(consortium: Consortium) -> tuple[layout.BookValues, dict]:
    """The plain values of tables 1 and 2 (base year actual, first committed year committed) and the
    base year's figures (for the appendix of extra figures)."""
    settings = settings_of(consortium.id)
    base, first = settings.base_year, settings.first_committed_year
    records = loader.load_records(consortium.id, base, first)
    actual = metrics.compute(records, base)
    members_year = metrics.compute(records, first)  # the members proposed to form the consortium
    funds = {}
    for row in consortium.years:
        funds[row.year] = {"planned": row.planned_funds, "lead_unit": row.source_lead_unit,
                           "government": row.source_government, "other_members": row.source_other_members,
                           "other": row.source_other}
    park = next((y.park_output_value for y in consortium.years if y.year == base), None)
    narratives = {y: loader.narratives(consortium.id, y) for y in (base, first)}
    values = layout.BookValues(
        base_year=base, committed_years=settings.committed_years, profile=_profile(consortium),
        members={k: f.value for k, f in members_year.items() if k.startswith("members.")},
        actual={k: f.value for k, f in actual.items()}, committed=commitments(consortium.id), funds=funds,
        park_output=park, narratives=narratives, limits={k: limit for k, (_label, limit) in NARRATIVES.items()})
    return values, actual


def book_document(consortium: Consortium, on: date | None = None) -> BookDocument:
    settings = settings_of(consortium.id)
    values, actual = book_values(consortium)
    first = settings.first_committed_year
    texts = loader.narratives(consortium.id, first)
    over = loader.narrative_problems(texts)
    lead = {m.role: m.name for m in consortium.members if m.role in ("lead_school", "lead_enterprise")}
    extra = [(metrics.metric_for(k).label, metrics.metric_for(k).unit, f.value) for k, f in actual.items()
             if metrics.metric_for(k) is not None and not metrics.metric_for(k).book
             and metrics.metric_for(k).section != "overview"]
    return BookDocument(values=values, consortium_name=consortium.name,
                        recommending_unit=settings.recommending_unit or "", park_name=consortium.park_name or "",
                        lead_school=lead.get("lead_school", ""), lead_enterprise=lead.get("lead_enterprise", ""),
                        filled_on=on or today(), declaration=declaration(consortium.id, on)["printable"],
                        narratives=texts, over_limit=over, extra=extra, author=consortium.secretariat_host or "")


def book_page(actor, consortium: Consortium) -> dict:
    """Tables 1 and 2 as the form draws them, for the web page."""
    require_consortium_admin(actor, consortium.id)
    values, _actual = book_values(consortium)
    return {"settings": settings_of(consortium.id), "table1": layout.table1(values), "table2": layout.table2(values),
            "declaration": declaration(consortium.id)}


def book_docx(actor, consortium: Consortium, on: date | None = None) -> bytes:
    require_consortium_admin(actor, consortium.id)
    return to_docx(book_document(consortium, on))


def annex3(actor, consortium: Consortium) -> bytes:
    """Annex 3 for this consortium's recommending unit: its own document."""
    require_consortium_admin(actor, consortium.id)
    settings = settings_of(consortium.id)
    filler = " ".join(x for x in (settings.filler_name, settings.filler_contact) if x)
    return annex3_docx(settings.recommending_unit or "", filler, [consortium.name])
