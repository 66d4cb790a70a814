"""The generated talent-demand report (人才需求报告): frozen figures, a templated narrative, versions.

Generating a report for a year snapshots its figures into a draft version with a narrative drafted from
them. The secretariat edits the narrative; publishing freezes the version. An edit after publishing
makes the next version (a draft again), so every published version stays exactly as it was read.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import can_admin_consortium, require_member_user
from ..classifications import industry, sections
from ..common import invalid
from ..timeutil import today
from ..errors import Conflict, NotAllowed, NotFound
from ..extensions import db
from ..members.models import Member
from ..people.models import Student
from .mapping import place_major
from ..vocab import FORECAST_LEVELS
from .models import DemandForecast, TalentReport, TalentReportVersion
from .monitoring import UNMAPPED, alignment_for, consortium_mapping, trend

TOP = 15
#: The report is a Chinese document: levels by their Chinese names, whatever the secretariat's UI language.
LEVEL_NAMES = FORECAST_LEVELS.book_labels()
NARRATIVE_LIMIT = 20000


def can_manage_reports(actor, consortium_id: int) -> bool:
    return can_admin_consortium(actor, consortium_id)


def _require_secretariat(actor, consortium_id: int) -> None:
    require_member_user(actor, consortium_id)
    if not can_manage_reports(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以生成和编辑人才需求报告"))


# ---- figures ------------------------------------------------------------------------------------

def compute_figures(consortium_id: int, year: int) -> dict:
    """Everything the report shows for Y, as plain JSON (frozen into each version)."""
    mapping = consortium_mapping(consortium_id)
    rows = db.session.execute(
        select(DemandForecast.occupation, DemandForecast.occupation_code, DemandForecast.level,
               DemandForecast.majors, DemandForecast.skills, DemandForecast.headcount, DemandForecast.enterprise_id,
               Member.industry_code)
        .join(Member, DemandForecast.enterprise_id == Member.id)
        .where(DemandForecast.consortium_id == consortium_id, DemandForecast.year == year)).all()
    by_section: Counter = Counter()
    by_occupation: Counter = Counter()
    codes: dict[str, str] = {}
    by_major: defaultdict = defaultdict(float)
    by_skill: Counter = Counter()
    by_level: Counter = Counter()
    for r in rows:
        entry = industry(r.industry_code)
        by_section[entry.section if entry else UNMAPPED] += r.headcount
        by_occupation[r.occupation] += r.headcount
        codes[r.occupation] = r.occupation_code or ""
        by_level[r.level] += r.headcount
        for m in r.majors or ():
            by_major[m] += r.headcount / len(r.majors)
        for s in r.skills or ():
            by_skill[s] += r.headcount
    names = sections()
    align = alignment_for(consortium_id, year, "graduates", "forecasts", mapping)
    graduates = db.session.scalar(select(func.count(Student.id)).join(Member, Student.school_id == Member.id)
                                  .where(Member.consortium_id == consortium_id, Student.graduation_year == year)) or 0
    return {
        "year": year,
        "generated_on": today().isoformat(),
        "totals": {"headcount": sum(r.headcount for r in rows), "lines": len(rows),
                   "enterprises": len({r.enterprise_id for r in rows}), "graduates": graduates},
        "by_industry": [{"code": k, "name": names.get(k, "未填写行业"), "headcount": v}
                        for k, v in by_section.most_common()],
        "by_occupation": [{"name": k, "code": codes.get(k, ""), "headcount": v}
                          for k, v in by_occupation.most_common(TOP)],
        "by_major": [{"name": k, "category": (place_major(k, mapping).category_name or UNMAPPED),
                      "headcount": round(v, 1)} for k, v in sorted(by_major.items(), key=lambda kv: -kv[1])[:TOP]],
        "by_skill": [{"name": k, "headcount": v} for k, v in by_skill.most_common(TOP)],
        "by_level": [{"level": k, "name": LEVEL_NAMES.get(k, k), "headcount": v} for k, v in by_level.most_common()],
        "alignment": {
            "index": align.index, "supply_total": align.supply_total, "demand_total": align.demand_total,
            "rows": [{"category": r.category, "supply": r.supply, "demand": round(r.demand, 1),
                      "supply_share": round(r.supply_share * 100, 1), "demand_share": round(r.demand_share * 100, 1),
                      "ratio": r.share_ratio, "gap": r.gap, "flag": r.flag} for r in align.rows if r.flag != "none"],
        },
        "gaps": {"over": [{"category": r.category, "gap": r.gap} for r in align.over],
                 "under": [{"category": r.category, "gap": r.gap} for r in align.under]},
        "trend": [{"year": t["year"], "index": t["index"]} for t in trend(consortium_id, "graduates", "forecasts")
                  if t["year"] <= year],
    }


def draft_narrative(consortium_name: str, f: dict) -> str:
    """The narrative drafted from the figures with templated Chinese sentences (the secretariat edits it)."""
    y, t = f["year"], f["totals"]
    parts = []
    if t["headcount"]:
        parts.append(f"{y}年，{consortium_name}共有{t['enterprises']}家企业成员填报人才需求{t['lines']}条，"
                     f"合计需求{t['headcount']}人；联合体成员学校当年毕业生{t['graduates']}人。")
    else:
        parts.append(f"{y}年尚无企业成员填报人才需求；联合体成员学校当年毕业生{t['graduates']}人。")
    known = [r for r in f["by_industry"] if r["code"] != UNMAPPED]
    if known:
        top = known[0]
        share = round(100 * top["headcount"] / t["headcount"], 1) if t["headcount"] else 0
        parts.append(f"从行业看，需求最集中的是{top['name']}，需求{top['headcount']}人，占{share}%。")
    if f["by_occupation"]:
        names = "、".join(f"{o['name']}（{o['headcount']}人）" for o in f["by_occupation"][:3])
        parts.append(f"需求人数居前的职业（工种）为{names}。")
    if f["by_level"]:
        levels = "，".join(f"{lv['name']}{lv['headcount']}人" for lv in f["by_level"])
        parts.append(f"按学历层次，{levels}。")
    if f["by_skill"]:
        parts.append("企业最常提出的技能要求是" + "、".join(s["name"] for s in f["by_skill"][:5]) + "。")
    index = f["alignment"]["index"]
    if index is not None:
        level = "较高" if index >= 80 else ("一般" if index >= 60 else "偏低")
        parts.append(f"按专业大类比较毕业生结构与企业需求结构，专业与产业匹配指数为{index}（满分100），匹配程度{level}。")
    for row in f["gaps"]["under"][:3]:
        parts.append(f"{row['category']}供给不足，按需求结构测算缺口约{abs(row['gap']):g}人，建议相关学校扩大招生或增设专业。")
    for row in f["gaps"]["over"][:3]:
        parts.append(f"{row['category']}供给相对过剩，约{row['gap']:g}人，建议优化招生规模或调整培养方向。")
    trend_rows = [r for r in f["trend"] if r["index"] is not None]
    if len(trend_rows) >= 2:
        first, last = trend_rows[0], trend_rows[-1]
        direction = "上升" if last["index"] > first["index"] else ("下降" if last["index"] < first["index"] else "持平")
        parts.append(f"{first['year']}年以来匹配指数由{first['index']}{direction}至{last['index']}。")
    return "\n\n".join(parts)


# ---- reports and versions -----------------------------------------------------------------------

def list_reports(actor, consortium_id: int) -> list[TalentReport]:
    """All reports for the secretariat; those with a published version for the members."""
    require_member_user(actor, consortium_id)
    reports = db.session.scalars(select(TalentReport).where(TalentReport.consortium_id == consortium_id)
                                 .order_by(TalentReport.year.desc())).all()
    if can_manage_reports(actor, consortium_id):
        return list(reports)
    return [r for r in reports if r.published_versions]


def get_report(actor, report_id: int) -> TalentReport:
    report = db.session.get(TalentReport, report_id)
    if report is None:
        raise NotFound(_("记录不存在"))
    require_member_user(actor, report.consortium_id)
    if not can_manage_reports(actor, report.consortium_id) and not report.published_versions:
        raise NotFound(_("记录不存在"))
    return report


def visible_version(actor, report: TalentReport, number: int | None = None) -> TalentReportVersion:
    """The version a user reads: the one asked for, else the latest (members: the latest published)."""
    versions = report.versions if can_manage_reports(actor, report.consortium_id) else report.published_versions
    if number is not None:
        found = next((v for v in versions if v.number == number), None)
        if found is None:
            raise NotFound(_("没有这个版本"))
        return found
    if not versions:
        raise NotFound(_("记录不存在"))
    return versions[-1]


def generate_report(actor, consortium, year: int) -> TalentReport:
    """Generate the report of Y: a new draft version with fresh figures and a drafted narrative.

    When the latest version is still a draft it is replaced (nobody has read it); a published version
    is never touched — the new draft becomes the next version.
    """
    _require_secretariat(actor, consortium.id)
    if not isinstance(year, int) or not 2000 <= year <= today().year + 3:
        invalid({"year": _("年度应在 2000 到 %(y)d 之间", y=today().year + 3)})
    report = db.session.scalar(select(TalentReport).where(TalentReport.consortium_id == consortium.id,
                                                          TalentReport.year == year))
    if report is None:
        report = TalentReport(consortium_id=consortium.id, year=year,
                              title=f"{consortium.name}{year}年度人才需求报告")
        db.session.add(report)
        db.session.flush()
    f = compute_figures(consortium.id, year)
    narrative = draft_narrative(consortium.name, f)
    latest = report.latest
    if latest is not None and not latest.is_published:
        latest.figures, latest.narrative, latest.created_by_id = f, narrative, actor.id
    else:
        report.versions.append(TalentReportVersion(number=(latest.number + 1) if latest else 1, figures=f,
                                                   narrative=narrative, created_by_id=actor.id))
    db.session.flush()
    return report


def edit_report(actor, report: TalentReport, narrative: str, title: str | None = None) -> TalentReportVersion:
    """Save the edited narrative: into the draft, or — when the latest version is published — into a new
    version that copies its frozen figures."""
    _require_secretariat(actor, report.consortium_id)
    narrative = (narrative or "").replace("\r\n", "\n").strip()
    errors = {}
    if not narrative:
        errors["narrative"] = _("请填写报告正文")
    elif len(narrative) > NARRATIVE_LIMIT:
        errors["narrative"] = _("不超过 %(n)d 个字符", n=NARRATIVE_LIMIT)
    if title is not None and not (0 < len(title.strip()) <= 300):
        errors["title"] = _("请填写报告标题（不超过 300 字）")
    if errors:
        invalid(errors)
    latest = report.latest
    if latest is None:
        raise Conflict(_("请先生成报告"))
    if latest.is_published:
        latest = TalentReportVersion(number=latest.number + 1, figures=latest.figures, narrative=narrative,
                                     created_by_id=actor.id)
        report.versions.append(latest)
    else:
        save_version_text(latest, narrative)
    if title is not None and title.strip() != report.title:
        if report.published_versions:
            # The title printed on a published version must not change under its readers.
            raise Conflict(_("报告已发布，标题不能再修改"))
        report.title = title.strip()
    db.session.flush()
    return latest


def save_version_text(version: TalentReportVersion, narrative: str) -> None:
    """A published version is frozen: its text never changes."""
    if version.is_published:
        raise Conflict(_("已发布的版本不能修改，编辑将生成新版本"))
    version.narrative = narrative


def publish_report(actor, report: TalentReport, on: date | None = None) -> TalentReportVersion:
    """Publish the latest draft: it is frozen, members can read it, and the report counts in
    demand_reports.published for the year of its first publication."""
    _require_secretariat(actor, report.consortium_id)
    latest = report.latest
    if latest is None:
        raise Conflict(_("请先生成报告"))
    if latest.is_published:
        raise Conflict(_("第 %(n)d 版已发布；修改正文后可发布新版本", n=latest.number))
    on = on or today()
    earlier = report.published_versions
    if earlier and on < earlier[-1].published_date:
        invalid({"published_date": _("发布日期不能早于上一版的发布日期 %(day)s", day=earlier[-1].published_date)})
    latest.published_date = on
    db.session.flush()
    return latest


def published_reports(consortium_id: int) -> list[tuple[int, date]]:
    """(report id, date of its first published version) for every published report — what the book counts."""
    rows = db.session.execute(
        select(TalentReportVersion.report_id, func.min(TalentReportVersion.published_date))
        .join(TalentReport, TalentReport.id == TalentReportVersion.report_id)
        .where(TalentReport.consortium_id == consortium_id, TalentReportVersion.published_date.is_not(None))
        .group_by(TalentReportVersion.report_id))
    return [(rid, day) for rid, day in rows]
