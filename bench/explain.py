"""EXPLAIN ANALYZE of the key list, filter and dashboard queries on the generated province (PostgreSQL).

Usage: DATABASE_URL=postgresql+psycopg://… python bench/explain.py   (after bench/province.py on that database)
Prints, per query, the execution time, the tables read by a sequential scan and the indexes used.
"""
import json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from consortium import create_app
from consortium.extensions import db
from consortium.auth.models import User
from consortium.jobs import positions as ps, placements as pls
from consortium.jobs.models import Placement, Position
from consortium.members.models import Member
from consortium.people import services as people
from consortium.people.models import Student
from consortium.vocab import SLOT_STATUSES
app = create_app()
def plan(stmt):
    sql = stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    rows = db.session.execute(db.text(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")).scalar()
    p = rows[0]
    nodes, todo = [], [p["Plan"]]
    while todo:
        n = todo.pop(); nodes.append(n); todo.extend(n.get("Plans", []))
    return p["Execution Time"], sorted({n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"}), sorted({n["Index Name"] for n in nodes if "Index Name" in n})
with app.app_context():
    admin = db.session.scalars(select(User).where(User.username == "c01-admin")).one()
    ent = db.session.scalars(select(Member).where(Member.consortium_id == 1, Member.type == "enterprise")).first()
    school = db.session.scalars(select(Member).where(Member.consortium_id == 1, Member.type != "enterprise")).first()
    pos = db.session.scalars(select(Position).where(Position.consortium_id == 1)).first()
    stu = db.session.scalars(select(Student).where(Student.school_id == school.id)).first()
    from consortium.stats import loader
    checks = {
      "positions": ps.list_positions(admin, 1).limit(20),
      "positions open": ps.list_positions(admin, 1, status="open").limit(20),
      "positions by enterprise": ps.list_positions(admin, 1, enterprise_id=ent.id).limit(20),
      "placements": pls.list_placements(admin, 1).limit(20),
      "placements by status": pls.list_placements(admin, 1, status="active").limit(20),
      "placements by position": pls.list_placements(admin, 1, position_id=pos.id).limit(20),
      "placements by school": pls.list_placements(admin, 1, school_id=school.id).limit(20),
      "student counted": select(Placement).where(Placement.student_id == stu.id, Placement.status.in_(SLOT_STATUSES)),
      "students": people.list_students(admin, 1).limit(20),
      "students by school": people.list_students(admin, 1, school_id=school.id).limit(20),
    }
    for name, stmt in checks.items():
        got = plan(stmt)
        print(f"{name:26}", "%.1f ms" % got[0], got[1:])
    from consortium.stats.services import alerts
    from datetime import date
    pr = plan(select(Placement.id).join(Position, Placement.position_id == Position.id).join(Student, Placement.student_id == Student.id).where(Position.consortium_id == 1, Placement.status.in_(SLOT_STATUSES), Placement.start_date <= date(2026, 12, 31)))
    print(f"{'year figures: placements':26}", "%.1f ms" % pr[0], pr[1:])
    placed2 = select(Placement.id).where(Placement.student_id == Student.id, Placement.status.in_(SLOT_STATUSES)).exists()
    st2 = (select(Student, Member.name).join(Member, Student.school_id == Member.id)
            .where(Member.consortium_id == 1, Student.graduation_year == 2026,
                   Student.outcome.is_(None), ~placed2)
            .order_by(Member.name, Student.student_no).limit(50))
    print(f"{'alerts: unplaced graduates':26}", "%.1f ms" % plan(st2)[0], plan(st2)[1:])
