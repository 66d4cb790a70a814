"""EXPLAIN ANALYZE of the key list, filter and dashboard queries on the generated province (PostgreSQL).

Usage: DATABASE_URL=postgresql+psycopg://… python bench/explain.py   (after bench/province.py on that database)
Prints, per query, the execution time, the tables read by a sequential scan and the indexes used. The
statements are the services' own (list_positions, list_placements, list_students) for consortium 1, acting as
c01-admin, with the page size of a list page.
"""
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402
from sqlalchemy.dialects import postgresql  # noqa: E402

from consortium import create_app  # noqa: E402
from consortium.auth.models import User  # noqa: E402
from consortium.extensions import db  # noqa: E402
from consortium.jobs import placements as placement_services  # noqa: E402
from consortium.jobs import positions as position_services  # noqa: E402
from consortium.jobs.models import Placement, Position  # noqa: E402
from consortium.members.models import Member  # noqa: E402
from consortium.people import services as people_services  # noqa: E402
from consortium.people.models import Student  # noqa: E402
from consortium.timeutil import today  # noqa: E402
from consortium.vocab import SLOT_STATUSES  # noqa: E402


def plan(stmt) -> tuple[float, list[str], list[str]]:
    """(execution ms, tables read by a sequential scan, indexes used)."""
    sql = stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    result = db.session.execute(db.text(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")).scalar()[0]
    nodes, todo = [], [result["Plan"]]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    return (result["Execution Time"], sorted({n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"}),
            sorted({n["Index Name"] for n in nodes if "Index Name" in n}))


def main() -> None:
    app = create_app()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            raise SystemExit("bench/explain.py reads PostgreSQL plans: set DATABASE_URL to the generated province")
        admin = db.session.scalars(select(User).where(User.username == "c01-admin")).one()
        first = lambda model, *where: db.session.scalars(select(model).where(*where).limit(1)).one()  # noqa: E731
        enterprise = first(Member, Member.consortium_id == 1, Member.type == "enterprise")
        school = first(Member, Member.consortium_id == 1, Member.type != "enterprise")
        position = first(Position, Position.consortium_id == 1)
        student = first(Student, Student.school_id == school.id)
        year = today().year
        unplaced = (select(Student, Member.name).join(Member, Student.school_id == Member.id)
                    .where(Member.consortium_id == 1, Student.graduation_year == year, Student.outcome.is_(None),
                           ~select(Placement.id).where(Placement.student_id == Student.id,
                                                       Placement.status.in_(SLOT_STATUSES)).exists())
                    .order_by(Member.name, Student.student_no).limit(50))
        checks = {
            "positions": position_services.list_positions(admin, 1).limit(20),
            "positions open": position_services.list_positions(admin, 1, status="open").limit(20),
            "positions by enterprise": position_services.list_positions(admin, 1, enterprise_id=enterprise.id).limit(20),
            "placements": placement_services.list_placements(admin, 1).limit(20),
            "placements by status": placement_services.list_placements(admin, 1, status="active").limit(20),
            "placements by position": placement_services.list_placements(admin, 1, position_id=position.id).limit(20),
            "placements by school": placement_services.list_placements(admin, 1, school_id=school.id).limit(20),
            "student counted": select(Placement).where(Placement.student_id == student.id,
                                                       Placement.status.in_(SLOT_STATUSES)),
            "students": people_services.list_students(admin, 1).limit(20),
            "students by school": people_services.list_students(admin, 1, school_id=school.id).limit(20),
            "year figures: placements": (
                select(Placement.id).join(Position, Placement.position_id == Position.id)
                .join(Student, Placement.student_id == Student.id)
                .where(Position.consortium_id == 1, Placement.status.in_(SLOT_STATUSES),
                       Placement.start_date <= date(year, 12, 31))),
            "alerts: unplaced graduates": unplaced,
        }
        for name, stmt in checks.items():
            ms, seq, indexes = plan(stmt)
            print(f"{name:28} {ms:7.1f} ms  seq scans {seq}  indexes {indexes}")


if __name__ == "__main__":
    main()
