"""The school's documents: a 实习考核表 per student (DOCX) and a class summary of its interns (XLSX).

The XLSX goes through the shared table writer, so no cell is ever a formula.
"""
import io

from docx import Document
from docx.shared import Pt
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import can_admin_consortium, require_login
from ..errors import NotAllowed
from ..extensions import db
from ..tables.export import write_xlsx
from ..jobs.models import Placement, Position
from ..people.models import Student
from . import access, checkins, evaluations
from .models import LogEntry

SUMMARY_HEADERS = ["学号", "姓名", "专业", "入学年份", "实习单位", "岗位", "开始日期", "结束日期", "状态", "出勤天数",
                   "日志篇数", "已签认", "企业评价", "校内评定", "综合成绩", "满意度", "企业评价豁免"]


def _may_export(actor, placement) -> bool:
    return access.is_school_of(actor, placement) or access.is_admin_of(actor, placement)


def _log_counts(placement_ids) -> dict:
    rows = db.session.execute(select(LogEntry.placement_id, LogEntry.status, func.count())
                              .where(LogEntry.placement_id.in_(placement_ids))
                              .group_by(LogEntry.placement_id, LogEntry.status)).all() if placement_ids else []
    out: dict = {}
    for pid, status, n in rows:
        total, approved = out.get(pid, (0, 0))
        out[pid] = (total + n, approved + (n if status == "approved" else 0))
    return out


def assessment_docx(actor, placement) -> bytes:
    """One student's 实习考核表."""
    require_login(actor)
    if placement.student_id is None or not _may_export(actor, placement):
        raise NotAllowed(_("只有学生所在学校可以导出实习考核表"))
    student = placement.student
    evals = evaluations.evaluations_of(placement)
    record = access.supervision_of(placement)
    total, approved = _log_counts([placement.id]).get(placement.id, (0, 0))
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(11)
    doc.add_heading("学生实习考核表", level=1)
    info = doc.add_table(rows=0, cols=4)
    info.style = "Table Grid"
    pairs = [("学校", student.school.name), ("学号", student.student_no), ("姓名", student.name),
             ("专业", student.major or ""), ("实习单位", placement.position.enterprise.name),
             ("岗位", placement.position.title), ("实习期间", f"{placement.start_date} 至 {placement.end_date or ''}"),
             ("校内指导教师", (record.supervisor.teacher.name if record.supervisor.teacher else record.supervisor.name)
              if record and record.supervisor else ""),
             ("出勤天数", str(checkins.attendance(placement)["days_attended"])), ("日志", f"{total} 篇，已签认 {approved} 篇")]
    for i in range(0, len(pairs), 2):
        cells = info.add_row().cells
        for j, (label, value) in enumerate(pairs[i:i + 2]):
            cells[2 * j].text, cells[2 * j + 1].text = label, value
    doc.add_heading("一、企业指导人员评价", level=2)
    mentor = evals.get("mentor")
    if mentor:
        rubric = doc.add_table(rows=1, cols=3)
        rubric.style = "Table Grid"
        rubric.rows[0].cells[0].text, rubric.rows[0].cells[1].text, rubric.rows[0].cells[2].text = "考核项目", "权重", "得分"
        items = evaluations.rubric_items(student.school_id)
        weights = {i["name"]: i["weight"] for i in items}
        for name, score in (mentor.scores or {}).items():
            cells = rubric.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = name, f"{weights.get(name, '')}%", f"{score:g}"
        doc.add_paragraph(f"加权得分：{mentor.score}")
        doc.add_paragraph(f"评语：{mentor.comment or ''}")
    elif record and record.evaluation_waived:
        doc.add_paragraph(f"已豁免（{record.waiver_reason}）")
    else:
        doc.add_paragraph("未填写")
    doc.add_heading("二、校内指导教师评定", level=2)
    sup = evals.get("supervisor")
    doc.add_paragraph(f"成绩：{sup.score}；评语：{sup.comment or ''}" if sup else "未填写")
    doc.add_heading("三、学生自我评价", level=2)
    own = evals.get("self")
    doc.add_paragraph(f"{own.comment}（对实习单位满意度：{own.satisfaction}/5）" if own else "未填写")
    grade = evaluations.final_grade(evals)
    doc.add_heading("四、综合成绩", level=2)
    doc.add_paragraph(f"{grade if grade is not None else '—'}（企业评价 × 60% + 校内评定 × 40%）")
    doc.add_paragraph("\n企业指导人员（签字）：____________　　校内指导教师（签字）：____________\n\n"
                      "日期：____年__月__日")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def class_summary_xlsx(actor, school_id: int, consortium_id: int, *, major: str = "", enrol_year: int | None = None) -> bytes:
    """Every running or finished placement of a school's students, with attendance, logs and grades."""
    require_login(actor)
    if not ((actor.role == "school" and actor.member_id == school_id) or can_admin_consortium(actor, consortium_id)):
        raise NotAllowed(_("只有学校可以导出本校实习考核汇总"))
    stmt = (select(Placement).join(Position).join(Student, Placement.student_id == Student.id)
            .where(Position.consortium_id == consortium_id, Student.school_id == school_id,
                   Placement.status.in_(("active", "completed"))).order_by(Student.student_no, Placement.start_date))
    if major:
        stmt = stmt.where(Student.major == major)
    if enrol_year:
        stmt = stmt.where(Student.enrol_year == enrol_year)
    placements = db.session.scalars(stmt).all()
    counts = _log_counts([p.id for p in placements])
    rows = []
    for p in placements:
        evals = evaluations.evaluations_of(p)
        record = access.supervision_of(p)
        total, approved = counts.get(p.id, (0, 0))
        rows.append([p.student.student_no, p.student.name, p.student.major, p.student.enrol_year,
                     p.position.enterprise.name, p.position.title, p.start_date, p.end_date, str(p.status_label),
                     checkins.attendance(p)["days_attended"], total, approved,
                     evals["mentor"].score if "mentor" in evals else None,
                     evals["supervisor"].score if "supervisor" in evals else None, evaluations.final_grade(evals),
                     evals["self"].satisfaction if "self" in evals else None,
                     record.waiver_reason if record and record.evaluation_waived else ""])
    return write_xlsx(SUMMARY_HEADERS, rows, sheet_title="实习考核汇总")
