"""Demo of internship supervision: a running internship three weeks in, a finished one with its evaluations.

The running one belongs to the demo student (张同学) at 中原重工, with the demo teacher (李老师) as school
supervisor and an enterprise mentor account (赵师傅): daily logs (most countersigned, one returned, one
overdue, the latest awaiting the mentor), check-ins with one flagged far from the site, an approved sick
day, a closed incident and a short message thread.
"""
import io
import random
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import select

from ..auth import services as auth_services
from ..auth.models import User
from ..timeutil import SHANGHAI, today
from ..extensions import db
from ..jobs.models import Placement, Position
from ..jobs.uploads import store_agreement
from ..vocab import SLOT_STATUSES
from ..people.models import Student
from ..supervision import evaluations
from ..supervision.models import (Absence, CheckIn, Evaluation, Incident, LogEntry, LogRevision, PlacementMentor,
                                  PlacementMessage, Rubric, Supervision, WorkSite)
from ..supervision.codes import distance_m
from ..supervision.periods import working_days
from .jobs import DEMO_SCAN

ENTERPRISE = "中原重工智能装备股份有限公司"
SCHOOL = "郑州智能装备职业技术学院"
SITE = (Decimal("34.717900"), Decimal("113.737300"))  # 郑州经开区
LOG_LINES = [
    "参加入厂安全教育，学习车间 6S 管理规定和劳保用品穿戴要求。",
    "跟随师傅熟悉装配线工位，认识常用电气元件和工具。",
    "学习工业机器人示教器的基本操作，完成点动和回原点练习。",
    "协助师傅完成两台控制柜的接线，检查端子压接质量。",
    "学习 PLC 程序的上传下载，观察产线节拍调整过程。",
    "参与设备点检，记录三处气管接头轻微漏气并上报。",
    "练习机器人轨迹示教，完成搬运程序的编写与调试。",
    "学习视觉检测工位的相机标定流程，整理操作要点。",
    "参与班前会，学习质量异常处理流程和 8D 报告写法。",
    "在师傅指导下独立完成一台控制柜的接线和通电测试。",
    "整理本周的接线图和调试记录，复习 PLC 梯形图指令。",
    "协助更换机器人末端夹爪，学习工具坐标系的设定。",
    "参与产线换型，记录换型步骤并计算换型时间。",
    "学习伺服驱动器参数设置，观察不同增益下的运行效果。",
    "完成安全光栅的功能测试，学习急停回路的设计原则。",
]


def _at(day, hour, minute=0):
    """A Shanghai wall-clock time stored as naive UTC, as the models keep it."""
    return datetime.combine(day, time(hour, minute), SHANGHAI).astimezone(timezone.utc).replace(tzinfo=None)


def _free(student, start, end):
    """Withdraw the demo student's other placements that overlap the demo internship, releasing their slots."""
    for other in db.session.scalars(select(Placement).where(Placement.student_id == student.id)):
        if other.start_date <= end and (other.end_date is None or other.end_date >= start):
            if other.status in SLOT_STATUSES:
                other.position.filled -= 1
            other.status = "withdrawn"


def _add_supervised(position, placement, supervisor, mentor, cadence: str) -> None:
    """Add `placement`, which takes a slot of `position`, with its school supervisor and enterprise mentor."""
    position.filled += 1
    db.session.add(placement)
    db.session.flush()
    db.session.add(Supervision(placement_id=placement.id, supervisor_id=supervisor.id, cadence=cadence))
    db.session.add(PlacementMentor(placement_id=placement.id, user_id=mentor.id))


def load(consortium, members: dict, admin, password: str) -> list[tuple[str, str, str]]:
    """Add the supervision demo; returns the extra accounts it made."""
    rng = random.Random(20250313)
    now = today()
    enterprise, school = members[ENTERPRISE], members[SCHOOL]
    mentor = auth_services.create_user(None, username="zhongyuan_mentor", password=password, role="enterprise",
                                       member=enterprise, consortium=consortium, bootstrap=True,
                                       display_name="赵师傅")
    supervisor = db.session.scalar(select(User).where(User.username == "teacher_demo"))
    student_user = db.session.scalar(select(User).where(User.username == "student_demo"))
    student = student_user.student if student_user and student_user.student_id else None
    if supervisor is None or student is None:
        return [("zhongyuan_mentor", "enterprise", ENTERPRISE)]
    db.session.add(Rubric(school_id=school.id, items=[
        {"name": "职业素养与纪律", "weight": 25}, {"name": "专业技能", "weight": 40}, {"name": "工作态度", "weight": 20},
        {"name": "团队协作与沟通", "weight": 15}]))

    start = now - timedelta(days=now.weekday()) - timedelta(days=21)  # the Monday three weeks back
    end = start + timedelta(days=120)
    position = Position(consortium_id=consortium.id, code="GW-SX-2025-101", enterprise_id=enterprise.id,
                        kind="internship", title="工业机器人运维实习", majors=["工业机器人技术", "机电一体化技术"],
                        skills=["机器人示教", "PLC编程"], city="郑州市", slots=4, filled=0,
                        start_date=start - timedelta(days=200), end_date=end, status="open",
                        description="跟岗实习：机器人工作站运维、控制柜装配与调试，企业导师带教。")
    db.session.add(position)
    db.session.flush()
    db.session.add(WorkSite(position_id=position.id, lat=SITE[0], lng=SITE[1], radius_m=1000))
    _free(student, start, end)
    scan = store_agreement(io.BytesIO(DEMO_SCAN))
    running = Placement(position_id=position.id, student_id=student.id, status="active", start_date=start,
                        end_date=end, source="application", agreement_signed_date=start - timedelta(days=10),
                        agreement_file=scan, insurer="中国人民财产保险股份有限公司",
                        policy_no=f"PL{start.year}05310001", insurance_start=start, insurance_end=end)
    _add_supervised(position, running, supervisor, mentor, "daily")

    # Three weeks of daily logs: one never written (overdue), one returned, the last two awaiting the mentor.
    days = [d for d in working_days(start, now - timedelta(days=1))]
    missing_log, returned_log = days[-4] if len(days) > 4 else None, days[6] if len(days) > 6 else None
    absent_day = days[3] if len(days) > 3 else None
    far_day = days[8] if len(days) > 8 else None
    for n, day in enumerate(days):
        if day != absent_day:
            flags, lat, lng, dist = [], SITE[0] + Decimal(rng.randint(-20, 20)) / 100000, SITE[1], None
            if day == far_day:
                flags, lat, lng = ["far"], Decimal("34.746700"), Decimal("113.625400")
            dist = round(distance_m(float(lat), float(lng), float(SITE[0]), float(SITE[1])))
            db.session.add(CheckIn(placement_id=running.id, day=day, kind="in", at=_at(day, 8, rng.randint(20, 58)),
                                   lat=lat, lng=lng, distance_m=dist, device="demo-phone-zhang", flags=flags,
                                   user_id=student_user.id))
            db.session.add(CheckIn(placement_id=running.id, day=day, kind="out", at=_at(day, 17, rng.randint(30, 59)),
                                   lat=lat, lng=lng, distance_m=dist, device="demo-phone-zhang", flags=list(flags),
                                   user_id=student_user.id))
        if day in (missing_log, absent_day):
            continue
        body = LOG_LINES[n % len(LOG_LINES)]
        log = LogEntry(placement_id=running.id, cadence="daily", period_start=day, body=body, version=1,
                       author_id=student_user.id, submitted_at=_at(day, 20))
        db.session.add(log)
        db.session.flush()
        db.session.add(LogRevision(log_id=log.id, version=1, action="submit", body=body, by_id=student_user.id,
                                   at=_at(day, 20)))
        if day >= days[-2]:
            log.status = "submitted"
        elif day == returned_log:
            log.status, log.mentor_id, log.mentor_comment = "returned", mentor.id, "内容过于简单，请写明具体做了哪些工作、遇到什么问题。"
            log.decided_at = _at(day + timedelta(days=1), 9)
            db.session.add(LogRevision(log_id=log.id, version=1, action="return", note=log.mentor_comment,
                                       by_id=mentor.id, at=log.decided_at))
        else:
            log.status, log.mentor_id, log.decided_at = "approved", mentor.id, _at(day + timedelta(days=1), 9)
            log.mentor_comment = rng.choice(("属实。", "记录详细，继续保持。", "注意安全规范。", None))
            db.session.add(LogRevision(log_id=log.id, version=1, action="approve", note=log.mentor_comment,
                                       by_id=mentor.id, at=log.decided_at))
            if n % 5 == 0:
                log.supervisor_comment = "请结合课堂所学的 PLC 知识思考原理。"
                log.supervisor_commented_at = _at(day + timedelta(days=1), 15)
                db.session.add(LogRevision(log_id=log.id, version=1, action="comment", note=log.supervisor_comment,
                                           by_id=supervisor.id, at=log.supervisor_commented_at))
    if absent_day:
        db.session.add(Absence(placement_id=running.id, day=absent_day, reason="sick", note="发烧，有社区医院就诊记录",
                               status="approved", decided_by_id=mentor.id, decided_at=_at(absent_day, 12)))
    db.session.add(Incident(placement_id=running.id, occurred_on=days[5] if len(days) > 5 else start, kind="safety",
                            severity="minor", description="装配线地面油污，学生行走时滑倒，未受伤。",
                            reported_by_id=mentor.id, handling="当班清理地面并增设防滑垫；班前会重申安全通道要求。",
                            status="closed", closed_at=_at(days[6] if len(days) > 6 else start, 10),
                            created_at=_at(days[5] if len(days) > 5 else start, 11)))
    for author, body, day in ((student_user, "赵师傅，明天的视觉检测培训需要带笔记本电脑吗？", days[-3]),
                              (mentor, "需要，装好课程群里发的标定软件。", days[-3]),
                              (supervisor, "张同学，本周日志记得写清楚遇到的问题和解决办法。", days[-2])):
        db.session.add(PlacementMessage(placement_id=running.id, author_id=author.id, body=body,
                                        created_at=_at(day, 18)))

    # A finished internship of a classmate, with all three evaluations.
    classmate = db.session.scalars(select(Student).where(Student.school_id == school.id, Student.id != student.id)
                                   .order_by(Student.student_no)).first()
    done_start, done_end = start - timedelta(days=190), start - timedelta(days=10)
    _free(classmate, done_start, done_end)
    finished = Placement(position_id=position.id, student_id=classmate.id, status="completed",
                         start_date=done_start, end_date=done_end, source="application",
                         agreement_signed_date=done_start - timedelta(days=7), agreement_file=scan, insurer="中国平安财产保险股份有限公司",
                         policy_no=f"PL{done_start.year}05310002", insurance_start=done_start, insurance_end=done_end)
    _add_supervised(position, finished, supervisor, mentor, "weekly")
    scores = {"职业素养与纪律": 92, "专业技能": 85, "工作态度": 95, "团队协作与沟通": 88}
    db.session.flush()
    items = evaluations.rubric_items(school.id)
    mentor_score = (sum(Decimal(scores[i["name"]]) * i["weight"] for i in items) / 100).quantize(Decimal("0.1"))
    done_at = _at(done_end, 16)
    db.session.add_all([
        Evaluation(placement_id=finished.id, kind="mentor", author_id=mentor.id, scores=scores, score=mentor_score,
                   comment="学习主动，能独立完成控制柜装配，安全意识强。", created_at=done_at),
        Evaluation(placement_id=finished.id, kind="supervisor", author_id=supervisor.id, score=Decimal("88"),
                   comment="周报按时提交，能把课堂知识和现场结合。", created_at=done_at),
        Evaluation(placement_id=finished.id, kind="self", author_id=None, satisfaction=4,
                   comment="熟悉了产线装调全过程，沟通表达还需加强。", created_at=done_at)])
    db.session.flush()
    return [("zhongyuan_mentor", "enterprise", ENTERPRISE)]
