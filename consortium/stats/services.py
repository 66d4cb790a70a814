"""The secretariat's book pages: the year's figures, drill-down to records, downloads, dashboard, province list.

Every function checks the acting user: the secretariat of the consortium (or a province-wide admin) only.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, extract, func, or_, select

from ..access import require_admin, require_consortium_admin
from ..errors import NotFound
from ..extensions import db
from ..jobs.models import Placement, Position
from ..vocab import (AUDIENCES, OUTCOMES, OUTPUT_KINDS, POSITION_KINDS, RESOURCE_KINDS, SCHOOL_TYPES, SLOT_STATUSES,
                    TRAINING_KINDS as KINDS)
from ..members.models import Consortium, ConsortiumYear, EnterpriseYear, Member
from ..members.services import list_consortia
from ..people.models import Student, Teacher
from ..supply.models import TalentReport
from ..teachers.models import Engagement
from ..timeutil import today
from ..training.models import Certificate, TrainingSession
from ..figures import book
from ..figures.core import N_
from ..figures.training import person_days_table
from ..figures import contributions
from . import definitions, export, figure_cache, loader
from .report import BookFrame, applies, book_frame, json_value, text_value
from ..records.models import DemandReport, RdProject, ResearchOutput, Resource

DRILL_LIMIT = 500
HEADLINES = ("internship.person_months", "joint.apprenticeship.students", "joint.field_engineer.students",
             "teachers.enterprise_practice.person_months", "training.enterprise_employees.person_days",
             "service.skill_certifications")


def require_stats_access(actor, consortium_id: int) -> None:
    """The book's figures are the secretariat's: other roles get 403."""
    require_consortium_admin(actor, consortium_id)


def _table1_rows(frame: BookFrame, members: dict, actual: dict, funds: dict) -> list[dict]:
    """Table 1's figures as the book prints them: members of the first committed year (count, 在校生数 for schools
    only, names), planned funds of each committed year, the first committed year's sources, the base year's park
    output. Each row: group, label, unit, key, value, the year it is read for (drill-down)."""
    first, base = frame.first_committed, frame.base_year
    rows = []
    for mtype, label in book.MEMBER_TYPES.items():
        for part, unit in (("count", N_("个")), ("students", N_("人")), ("names", "")):
            key = f"members.{mtype}.{part}"
            if applies(key):
                rows.append({"group": N_("联合体成员情况"), "label": (label, book.metric_for(key).label_parts[-1]),
                             "unit": unit, "key": key, "value": members[key].value, "year": first})
    for y in frame.committed_years:
        key = f"funding.{y}.planned"
        rows.append({"group": N_("拟投入运行经费总额"), "label": (_("%(year)d 年", year=y),), "unit": N_("万元"),
                     "key": key, "value": funds[key].value, "year": first})
    for source, label in book.FUND_SOURCES.items():
        key = f"funding.{first}.source.{source}"
        rows.append({"group": _("%(year)d 年拟投入运行经费来源", year=first), "label": (label,), "unit": N_("万元"),
                     "key": key, "value": funds[key].value, "year": first})
    rows.append({"group": _("%(year)d 年产业园区总产值", year=base), "label": (), "unit": N_("亿元"),
                 "key": "park.output_value", "value": actual["park.output_value"].value, "year": base})
    return rows


def year_page(actor, consortium: Consortium, extra_years: list[int] | None = None) -> dict:
    """The book's figures in the book's columns (说明三): table 1 as the form prints it, table 2 with the base year's
    actual figures beside the first committed year's commitments; `extra_years` add actual columns to compare.
    The platform's extra figures (书外) follow in an appendix, actual columns only."""
    require_stats_access(actor, consortium.id)
    frame = book_frame(consortium.id)
    base, first = frame.base_year, frame.first_committed
    actual_years = sorted({base, *(extra_years or [])})
    records = loader.cached_records(consortium.id, min(actual_years[0], first), max(actual_years[-1], first))
    figures = loader.figures_of(consortium.id, actual_years)
    members = figures[first] if first in figures else loader.figures_of(consortium.id, [first])[first]
    funds = {m.key: m.compute(records, first) for m in book.funding_metrics(frame.committed_years)}
    # Funds of other years are listed with every year: they do not make a year hold data.
    empty = {y: not any(f.record_refs for k, f in figures[y].items() if not k.startswith("funding."))
             for y in actual_years}
    section2 = book.section2_metrics()
    return {"frame": frame, "base": base, "first": first, "actual_years": actual_years,
            "extra_years": [y for y in actual_years if y != base], "figures": figures, "empty": empty,
            "table1": _table1_rows(frame, members, figures[base], funds),
            "table2": [m for m in section2 if m.book], "extras": [m for m in section2 if not m.book],
            "committed": frame.committed.get(first, {}),
            "missing": {y: loader.missing_inputs(consortium.id, y, records) for y in actual_years},
            "over_limit": loader.narrative_problems(loader.narratives(consortium.id, first))}


def _member_names(ids) -> dict[int, str]:
    ids = set(i for i in ids if i)
    if not ids:
        return {}
    return dict(db.session.execute(select(Member.id, Member.name).where(Member.id.in_(ids))).all())


def _rows(kind: str, ids: list[int], consortium_id: int) -> list[dict]:
    """Records of one type as table rows: name, dates, value (one query per type)."""
    if kind == "member":
        rows = db.session.scalars(select(Member).where(Member.id.in_(ids), Member.consortium_id == consortium_id))
        return [{"id": m.id, "name": m.name, "detail": str(m.type_label), "dates": _span(m.joined_date, m.left_date),
                 "value": m.students if m.is_school else ""} for m in rows]
    if kind == "consortium_year":
        rows = db.session.scalars(select(ConsortiumYear).where(ConsortiumYear.id.in_(ids),
                                                               ConsortiumYear.consortium_id == consortium_id))
        return [{"id": r.id, "name": _("%(year)d 年度联合体数据", year=r.year), "detail": "", "dates": str(r.year),
                 "value": _("拟投入 %(v)s 万元", v=text_value(r.planned_funds))} for r in rows]
    if kind == "enterprise_year":
        rows = db.session.execute(select(EnterpriseYear, Member.name).join(Member).where(
            EnterpriseYear.id.in_(ids), Member.consortium_id == consortium_id))
        return [{"id": ey.id, "member_id": ey.member_id, "name": name, "detail": _("职工 %(e)s 人；销售 %(s)s 万元；主营业务收入 %(r)s 万元",
                                           e=text_value(ey.employees), s=text_value(ey.sales),
                                           r=text_value(ey.main_revenue)),
                 "dates": str(ey.year), "value": text_value(ey.coop_benefit)} for ey, name in rows]
    if kind == "placement":
        rows = db.session.execute(
            select(Placement, Position.title, Position.kind, Position.enterprise_id,
                   func.coalesce(Student.name, Teacher.name))
            .join(Position, Placement.position_id == Position.id)
            .outerjoin(Student, Placement.student_id == Student.id)
            .outerjoin(Teacher, Placement.teacher_id == Teacher.id)
            .where(Placement.id.in_(ids), Position.consortium_id == consortium_id)).all()
        names = _member_names(r[3] for r in rows)
        return [{"id": p.id, "name": person, "detail": f"{names.get(ent, '')} · {title}（{POSITION_KINDS.get(pkind, pkind)}）",
                 "dates": _span(p.start_date, p.end_date), "value": str(p.status_label)}
                for p, title, pkind, ent, person in rows]
    if kind == "position":
        rows = db.session.scalars(select(Position).where(Position.id.in_(ids), Position.consortium_id == consortium_id))
        rows = list(rows)
        names = _member_names(p.enterprise_id for p in rows)
        return [{"id": p.id, "name": f"{p.code} {p.title}", "detail": names.get(p.enterprise_id, ""),
                 "dates": _span(p.start_date, p.end_date), "value": _("%(n)d 个岗位", n=p.slots)} for p in rows]
    if kind == "student":
        rows = db.session.execute(select(Student, Member.name).join(Member, Student.school_id == Member.id).where(
            Student.id.in_(ids), Member.consortium_id == consortium_id))
        return [{"id": s.id, "name": s.label, "detail": school,
                 "dates": f"{s.enrol_year or '?'}–{s.graduation_year or ''}",
                 "value": " ".join(x for x in (str(OUTCOMES.get(s.outcome, s.outcome or "")), s.outcome_city or "") if x)}
                for s, school in rows]
    if kind == "teacher":
        rows = db.session.execute(select(Teacher, Member.name).join(Member, Teacher.employer_id == Member.id).where(
            Teacher.id.in_(ids), Member.consortium_id == consortium_id))
        return [{"id": t.id, "name": t.label, "detail": org, "dates": "", "value": _("双师型") if t.dual_qualified else ""}
                for t, org in rows]
    if kind == "engagement":
        rows = db.session.execute(select(Engagement, Teacher.name).join(Teacher).where(
            Engagement.id.in_(ids), Engagement.consortium_id == consortium_id)).all()
        names = _member_names(e.host_id for e, _n in rows)
        return [{"id": e.id, "name": name, "detail": f"{names.get(e.host_id, '')} · {e.course}",
                 "dates": _span(e.start_date, e.end_date), "value": text_value(e.total_hours)}
                for e, name in rows]
    if kind == "session":
        rows = db.session.scalars(select(TrainingSession).where(TrainingSession.id.in_(ids),
                                                                TrainingSession.consortium_id == consortium_id))
        return [{"id": s.id, "name": f"{s.code} {s.title}", "detail": f"{s.kind_label} · {s.audience_label} · {s.provider_display}",
                 "dates": _span(s.start_date, s.end_date), "value": text_value(s.person_days)} for s in rows]
    if kind == "certificate":
        rows = db.session.scalars(select(Certificate).where(Certificate.id.in_(ids),
                                                            Certificate.consortium_id == consortium_id))
        return [{"id": c.id, "name": f"{c.certificate_no} {c.holder_name}", "detail": f"{c.name} · {c.issuer_display}",
                 "dates": c.issued_date.isoformat(), "value": str(c.level_label)} for c in rows]
    if kind == "resource":
        rows = db.session.scalars(select(Resource).where(Resource.id.in_(ids), Resource.consortium_id == consortium_id))
        return [{"id": r.id, "name": r.name, "detail": _partner_text(r.partners, r.external_names),
                 "dates": _span(r.established_date, r.closed_date), "value": str(RESOURCE_KINDS.get(r.kind, r.kind))}
                for r in rows]
    if kind == "rd_project":
        rows = db.session.scalars(select(RdProject).where(RdProject.id.in_(ids), RdProject.consortium_id == consortium_id))
        return [{"id": p.id, "name": f"{p.code} {p.title}", "detail": _("已转化") if p.converted else _("未转化"),
                 "dates": p.completed_date.isoformat() if p.completed_date else "",
                 "value": _("%(v)s 万元（%(y)s 年到账）", v=text_value(p.funds_received), y=p.funds_year or "")}
                for p in rows]
    if kind == "research_output":
        rows = db.session.scalars(select(ResearchOutput).where(ResearchOutput.id.in_(ids),
                                                               ResearchOutput.consortium_id == consortium_id))
        return [{"id": o.id, "name": o.title, "detail": _partner_text(o.members, o.external_names), "dates": o.date.isoformat(),
                 "value": str(OUTPUT_KINDS.get(o.kind, o.kind))} for o in rows]
    if kind == "demand_report":
        rows = db.session.scalars(select(DemandReport).where(DemandReport.id.in_(ids),
                                                             DemandReport.consortium_id == consortium_id))
        return [{"id": r.id, "name": r.title, "detail": "", "dates": r.published_date.isoformat() if r.published_date else "",
                 "value": ""} for r in rows]
    if kind == "talent_report":
        rows = db.session.scalars(select(TalentReport).where(TalentReport.id.in_(ids),
                                                             TalentReport.consortium_id == consortium_id))
        return [{"name": r.title, "detail": _("第 %(n)d 版", n=r.published_versions[-1].number),
                 "dates": r.first_published.isoformat() if r.first_published else "", "value": _("平台生成")}
                for r in rows]
    return []


def _partner_text(members, external: list[str]) -> str:
    """Member partners, then the external ones marked as such (they never make a record count)."""
    return "、".join([m.name for m in members] + [_("%(name)s（联合体外）", name=n) for n in external])


RECORD_TYPES = {
    "member": _l("成员单位"), "consortium_year": _l("联合体年度数据"), "enterprise_year": _l("企业年度数据"),
    "placement": _l("岗位安排"), "position": _l("岗位"), "student": _l("学生"), "teacher": _l("教师"),
    "engagement": _l("兼职授课"), "session": _l("培训"), "certificate": _l("技能证书"), "resource": _l("共建资源"),
    "rd_project": _l("技术研发项目"), "research_output": _l("研究成果"), "demand_report": _l("人才需求报告"),
    "talent_report": _l("人才需求报告（平台生成）"),
}


def _span(start, end) -> str:
    if start is None:
        return ""
    return f"{start.isoformat()} – {end.isoformat() if end else _('至今')}"


RECORD_LINKS = {
    # record type → (endpoint, its id argument): each drill-down row links to the record itself
    "member": ("members.member_detail", "member_id"), "consortium_year": ("members.profile", None),
    "enterprise_year": ("members.enterprise_years", "member_id"), "placement": ("jobs.placement_detail", "placement_id"),
    "position": ("jobs.position_detail", "position_id"), "student": ("jobs.student_detail", "student_id"),
    "teacher": ("people.teacher_detail", "teacher_id"), "engagement": ("teachers.engagement_detail", "engagement_id"),
    "session": ("training.session_detail", "session_id"), "certificate": ("training.certificate_detail", "certificate_id"),
    "resource": ("records.edit_resource", "record_id"), "rd_project": ("records.edit_rd_project", "record_id"),
    "research_output": ("records.edit_output", "record_id"), "demand_report": ("records.edit_report", "record_id"),
}
ROLE_LABELS = {"numerator": _l("计入分子和分母"), "denominator": _l("仅计入分母")}


def drill(actor, consortium: Consortium, key: str, year: int) -> dict:
    """The records behind one figure of Y, grouped by record type, each with what it adds to the figure and
    a link to itself; `total` is the sum of the contributions shown (at most DRILL_LIMIT rows per type)."""
    require_stats_access(actor, consortium.id)
    metric = book.metric_for(key)
    if metric is None:
        raise NotFound(_("没有这个指标"))
    records = loader.load_records(consortium.id, year)
    figure = metric.compute(records, year)
    adds = contributions.contributions(key, records, year, figure.record_refs)
    by_type: dict[str, list[int]] = defaultdict(list)
    for kind, rid in figure.record_refs:
        by_type[kind].append(rid)
    groups = []
    for kind, ids in by_type.items():
        shown = ids[:DRILL_LIMIT]
        rows = _rows(kind, shown, consortium.id)
        for row in rows:
            row["contribution"] = adds.get((kind, row["id"]))
            endpoint, arg = RECORD_LINKS.get(kind, (None, None))
            row["link"] = (endpoint, {arg: row.get("member_id") if kind == "enterprise_year" else row["id"]}
                           if arg else {}) if endpoint else None
        groups.append({"kind": kind, "total": len(ids), "rows": rows})
    total = contributions.total_of(list(adds.values()), key)
    return {"metric": metric, "figure": figure, "groups": groups, "year": year, "total": total,
            "definition": definitions.definition(key), "roles": ROLE_LABELS,
            "person_months": key in contributions.PERSON_MONTHS,
            "days": sum(c.days or 0 for c in adds.values())}


def drill_xlsx(actor, consortium: Consortium, key: str, year: int) -> bytes:
    """The drill-down as XLSX: the figure, its Chinese definition, and one row per record with what it adds."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..tables.export import neutralize_cell

    data = drill(actor, consortium, key, year)
    wb = Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append([neutralize_cell(f"{data['metric'].label}（{year} 年）"), json_value(data["figure"].value)])
    ws["A1"].font = Font(bold=True)
    ws.append([neutralize_cell(data["definition"])])
    ws.append([])
    ws.append(["记录类型", "编号", "名称", "说明", "日期", "数值/状态", "计入量", "天数", "计入方式"])
    for group in data["groups"]:
        for row in group["rows"]:
            c = row["contribution"]
            ws.append([str(RECORD_TYPES.get(group["kind"], group["kind"])), row["id"], neutralize_cell(str(row["name"])),
                       neutralize_cell(str(row["detail"])), row["dates"], neutralize_cell(str(row["value"])),
                       json_value(c.amount) if c and c.amount is not None else None,
                       c.days if c else None, str(ROLE_LABELS[c.role]) if c and c.role else None])
    if data["total"] is not None:
        ws.append([])
        ws.append(["合计", None, None, None, None, None, json_value(data["total"]),
                   data["days"] if data["person_months"] else None])
    for col, width in zip("ABCDEFGHI", (14, 8, 36, 40, 24, 18, 10, 8, 14)):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def download(actor, consortium: Consortium, years: list[int], fmt: str) -> tuple[bytes, str, str]:
    """The export file built synchronously (the demo's size takes well under a second)."""
    require_stats_access(actor, consortium.id)
    return export.export(consortium, years, fmt), export.filename(consortium, years, fmt), export.FORMATS[fmt]


# ---- dashboard ---------------------------------------------------------------------------------

def _months() -> list[str]:
    return [_("%(m)d月", m=m) for m in range(1, 13)]


def _dashboard_counts(cid: int, year: int) -> tuple:
    """The dashboard's placement and fill counts of Y (plain values, so they can be cached)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    counted = and_(Position.consortium_id == cid, Placement.status.in_(SLOT_STATUSES))
    month = extract("month", Placement.start_date)
    by_month = defaultdict(lambda: [0] * 12)
    for kind, m, n in db.session.execute(
            select(Position.kind, month, func.count(Placement.id)).join(Position, Placement.position_id == Position.id)
            .where(counted, Placement.start_date.between(first, last)).group_by(Position.kind, month)):
        by_month[kind][int(m) - 1] = n
    pmonth = extract("month", Position.start_date)
    fill = {int(m): (int(filled or 0), int(slots or 0)) for m, filled, slots in db.session.execute(
        select(pmonth, func.sum(Position.filled), func.sum(Position.slots))
        .where(Position.consortium_id == cid, Position.status != "draft", Position.start_date.between(first, last))
        .group_by(pmonth))}
    overlapping = and_(counted, Placement.start_date <= last, or_(Placement.end_date.is_(None), Placement.end_date >= first))
    by_kind = dict(db.session.execute(select(Position.kind, func.count(Placement.id))
                                      .join(Position, Placement.position_id == Position.id)
                                      .where(overlapping).group_by(Position.kind)).all())
    by_enterprise = db.session.execute(
        select(Member.name, func.count(Placement.id)).join(Position, Placement.position_id == Position.id)
        .join(Member, Position.enterprise_id == Member.id).where(overlapping)
        .group_by(Member.name).order_by(func.count(Placement.id).desc()).limit(12)).all()
    return dict(by_month), fill, by_kind, [tuple(row) for row in by_enterprise]


def dashboard(actor, consortium: Consortium, year: int, span: int = 5) -> dict:
    """Chart specs (static/js/charts.js) and exception alerts for the secretariat."""
    require_stats_access(actor, consortium.id)
    cid = consortium.id
    by_month, fill, by_kind, by_enterprise = figure_cache.cached(
        "dashboard", cid, (year,), lambda: _dashboard_counts(cid, year))
    records = loader.cached_records(cid, year - span + 1, year)
    years = list(range(year - span + 1, year + 1))
    series = loader.figures_of(cid, years)
    table = person_days_table(records, year)
    charts = {
        "placements_month": {"type": "bar", "stacked": True, "unit": _("人次"), "categories": _months(),
                             "series": [{"name": str(POSITION_KINDS[k]), "data": by_month.get(k, [0] * 12)} for k in POSITION_KINDS]},
        "fill_rate_month": {"type": "line", "unit": "%", "categories": _months(),
                            "series": [{"name": _("岗位填充率"), "data": [
                                round(fill[m][0] * 100 / fill[m][1], 1) if m in fill and fill[m][1] else None
                                for m in range(1, 13)]}]},
        "placements_kind": {"type": "bar", "unit": _("人次"), "categories": [str(v) for v in POSITION_KINDS.values()],
                            "series": [{"name": _("岗位安排"), "data": [by_kind.get(k, 0) for k in POSITION_KINDS]}]},
        "placements_enterprise": {"type": "bar", "horizontal": True, "unit": _("人次"), "categories": [n for n, _c in by_enterprise],
                                  "series": [{"name": _("岗位安排"), "data": [c for _n, c in by_enterprise]}]},
        "training": {"type": "bar", "stacked": True, "unit": _("人日"), "categories": [str(KINDS[k]) for k in KINDS],
                     "series": [{"name": str(AUDIENCES[a]), "data": [float(table.get((k, a), 0)) for k in KINDS]}
                                for a in AUDIENCES]},
        "teachers": {"type": "bar", "unit": "", "categories": [str(y) for y in years], "series": [
            {"name": book.metric_for(k).label + f"（{book.metric_for(k).unit}）",
             "data": [float(series[y][k].value or 0) for y in years]}
            for k in ("teachers.enterprise_part_time.person_times", "teachers.inter_school_part_time.person_times",
                      "teachers.enterprise_practice.person_months")]},
        "trend": {"type": "line", "unit": "", "categories": [str(y) for y in years], "series": [
            {"name": book.metric_for(k).label + f"（{book.metric_for(k).unit}）",
             "data": [float(series[y][k].value or 0) for y in years]} for k in HEADLINES]},
    }
    return {"charts": charts, "alerts": alerts(cid, year), "headline": {k: series[year][k] for k in HEADLINES},
            "empty": not any(f.record_refs for k, f in series[year].items() if not k.startswith("funding.")),
            "year": year}


def alerts(consortium_id: int, year: int, *, on: date | None = None) -> dict:
    """Exceptions: open positions with unfilled slots starting within 30 days; graduating students still
    unplaced from 1 Oct of their year; active placements lacking agreement or insurance. Which rows they are is
    found once per change of the consortium's data and per day (figure_cache); the rows are then read by id."""
    on = on or today()
    ids = figure_cache.cached("alerts", consortium_id, (year, on.isoformat()),
                              lambda: _alert_ids(consortium_id, year, on))
    return {"soon": _in_order(select(Position), Position.id, ids["soon"]),
            "unplaced": _in_order(select(Student, Member.name).join(Member, Student.school_id == Member.id),
                                  Student.id, ids["unplaced"]),
            "missing_docs": _in_order(select(Placement, Student.name, Position.title)
                                      .join(Position, Placement.position_id == Position.id)
                                      .join(Student, Placement.student_id == Student.id), Placement.id,
                                      ids["missing_docs"]),
            "on": on}


def _in_order(stmt, id_column, ids: list) -> list:
    """The rows of `stmt` whose `id_column` is in `ids`, in the order of `ids` (entities, or tuples)."""
    if not ids:
        return []
    rows = db.session.execute(stmt.where(id_column.in_(ids))).all()
    single = len(stmt.column_descriptions) == 1
    found = {row[0].id: (row[0] if single else row) for row in rows}
    return [found[i] for i in ids if i in found]


def _alert_ids(consortium_id: int, year: int, on: date) -> dict:
    soon = db.session.scalars(select(Position.id).where(
        Position.consortium_id == consortium_id, Position.status == "open", Position.filled < Position.slots,
        Position.start_date.between(on, on + timedelta(days=30))).order_by(Position.start_date).limit(50)).all()
    unplaced = []
    if on >= date(year, 10, 1):
        # NOT EXISTS per student (an anti-join on ix_placement_student_id), not NOT IN over every placement
        # of the deployment: 278 ms → 3 ms on the generated province (docs/performance.md).
        placed = select(Placement.id).where(Placement.student_id == Student.id,
                                            Placement.status.in_(SLOT_STATUSES)).exists()
        unplaced = db.session.scalars(
            select(Student.id).join(Member, Student.school_id == Member.id)
            .where(Member.consortium_id == consortium_id, Student.graduation_year == year,
                   Student.outcome.is_(None), ~placed)
            .order_by(Member.name, Student.student_no).limit(50)).all()
    missing_docs = db.session.scalars(
        select(Placement.id).join(Position, Placement.position_id == Position.id)
        .join(Student, Placement.student_id == Student.id)
        .where(Position.consortium_id == consortium_id, Placement.status.in_(("accepted", "active")),
               Placement.compliance_override.is_(False),
               or_(Placement.agreement_signed_date.is_(None), Placement.agreement_file.is_(None),
                   Placement.insurer.is_(None), Placement.policy_no.is_(None), Placement.insurance_start.is_(None)))
        .order_by(Placement.start_date).limit(50)).all()
    return {"soon": list(soon), "unplaced": list(unplaced), "missing_docs": list(missing_docs)}


# ---- province ----------------------------------------------------------------------------------

PROVINCE_HEADLINES = ("members.enterprise.count", "internship.person_months", "joint.apprenticeship.students",
                      "teachers.enterprise_part_time.person_times", "training.enterprise_employees.person_days",
                      "employment.rate_pct", "enterprises.employees")


def province(actor, year: int) -> dict:
    """Annex 3 (推荐名单汇总表): every consortium the admin may see, with headline figures of Y."""
    require_admin(actor)
    rows = []
    for c in list_consortia(actor):
        figures = loader.compute_year(c.id, year)
        schools = sum(figures[f"members.{t}.count"].value for t in SCHOOL_TYPES)
        rows.append({"consortium": c, "schools": schools,
                     "figures": {k: figures[k].value for k in PROVINCE_HEADLINES}})
    return {"rows": rows, "headlines": [book.metric_for(k) for k in PROVINCE_HEADLINES], "year": year}
