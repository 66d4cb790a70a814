"""Benchmark of the recommendation-book figures: compute_year on 100k placements and 10k training sessions.

Usage: python bench/bench_stats.py [--placements 100000] [--sessions 10000] [--repeat 3]
A temporary SQLite file is used unless DATABASE_URL is set (e.g. a scratch PostgreSQL database: its
tables are dropped and recreated). Rows are bulk-inserted with SQLAlchemy Core executemany.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-stats-")
    os.environ.setdefault("CONSORTIUM_INSTANCE", tmp)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
    os.environ["DATABASE_URL"] = url

    from consortium import create_app
    from consortium.extensions import db
    from consortium.jobs.models import Placement, Position
    from consortium.members.models import Consortium, EnterpriseYear, Member
    from consortium.people.models import Student
    from consortium.stats import loader
    from consortium.training.models import TrainingSession

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    rnd = random.Random(7)
    with app.app_context():
        db.drop_all()
        db.create_all()
        conn = db.session.connection()
        conn.execute(Consortium.__table__.insert(), [{"id": 1, "name": "基准测试联合体", "city": "郑州市",
                                                      "created_at": date(2020, 1, 1)}])
        members = [{"id": i, "consortium_id": 1, "name": f"学校{i}", "type": "higher_vocational", "role": "member",
                    "students": 5000, "sector": None, "joined_date": date(2020, 1, 1), "created_at": date(2020, 1, 1)} for i in range(1, 21)]
        members += [{"id": i, "consortium_id": 1, "name": f"企业{i}", "type": "enterprise", "role": "member",
                     "students": None, "sector": "industrial", "joined_date": date(2020, 1, 1), "created_at": date(2020, 1, 1)}
                    for i in range(21, 221)]
        conn.execute(Member.__table__.insert(), members)
        conn.execute(EnterpriseYear.__table__.insert(), [{"member_id": i, "year": args.year, "employees": 500,
                                                          "assets": 1000, "sales": 3000, "main_revenue": 3000,
                                                          "coop_benefit": 10} for i in range(21, 221)])
        per_position = 50
        n_positions = args.placements // per_position
        kinds = ("internship", "apprenticeship", "field_engineer")
        positions = []
        for i in range(1, n_positions + 1):
            start = date(args.year - 1, 1, 1) + timedelta(days=rnd.randrange(700))
            positions.append({"id": i, "consortium_id": 1, "code": f"P{i}", "enterprise_id": 21 + i % 200,
                              "kind": kinds[i % 3], "title": "岗位", "majors": [], "skills": [], "slots": per_position,
                              "filled": per_position, "start_date": start, "end_date": start + timedelta(days=180),
                              "status": "open", "created_at": date(2020, 1, 1)})
        conn.execute(Position.__table__.insert(), positions)
        n_students = per_position * 20
        conn.execute(Student.__table__.insert(), [
            {"id": i, "school_id": 1 + i % 20, "student_no": f"S{i}", "name": f"学生{i}", "major": "机电",
             "skills": [], "pathway": "secondary_higher" if i % 7 == 0 else "none", "admission_route": "regular",
             "enrol_year": args.year - 2, "graduation_year": args.year + (i % 3) - 1,
             "outcome": "employed" if i % 3 == 1 else None, "outcome_city": "郑州市",
             "created_at": date(2020, 1, 1)} for i in range(1, n_students + 1)])
        statuses = ("accepted", "active", "completed", "completed", "proposed", "withdrawn")
        rows = []
        pid = 0
        for p in positions:
            for k in range(per_position):
                pid += 1
                start = p["start_date"] + timedelta(days=rnd.randrange(30))
                rows.append({"id": pid, "position_id": p["id"], "student_id": 1 + (p["id"] * 7 + k) % n_students,
                             "status": statuses[pid % 6], "start_date": start,
                             "end_date": None if pid % 10 == 0 else start + timedelta(days=90 + rnd.randrange(90)),
                             "source": "import", "compliance_override": False,
                             "created_at": date(2020, 1, 1), "updated_at": date(2020, 1, 1)})
        conn.execute(Placement.__table__.insert(), rows)
        audiences = ("enterprise_employees", "migrant_workers", "veterans", "laid_off", "students", "other")
        tkinds = ("pre_job", "job_transfer", "skill_upgrade", "continuing_education", "certification")
        sessions = []
        for i in range(1, args.sessions + 1):
            start = date(args.year - 1, 1, 1) + timedelta(days=rnd.randrange(700))
            sessions.append({"id": i, "consortium_id": 1, "code": f"T{i}", "title": "培训", "kind": tkinds[i % 5],
                             "audience": audiences[i % 6], "provider_id": 1 + i % 20, "start_date": start,
                             "end_date": start + timedelta(days=rnd.randrange(5)), "participants": 10 + i % 40,
                             "created_at": date(2020, 1, 1)})
        conn.execute(TrainingSession.__table__.insert(), sessions)
        db.session.commit()
        print(f"database: {db.engine.url.get_backend_name()}; placements {len(rows)}, positions {len(positions)}, "
              f"students {n_students}, sessions {len(sessions)}")
        timings = []
        for _ in range(args.repeat):
            db.session.expire_all()
            t0 = time.perf_counter()
            records = loader.load_records(1, args.year)
            t1 = time.perf_counter()
            figures = loader.compute_year(1, args.year, records)
            t2 = time.perf_counter()
            timings.append((t1 - t0, t2 - t1))
        best = min(timings, key=sum)
        print(f"compute_year({args.year}): load {best[0]:.3f} s + compute {best[1]:.3f} s = {sum(best):.3f} s "
              f"(best of {args.repeat}; all: {', '.join(f'{sum(t):.3f}' for t in timings)})")
        print(f"placements loaded: {len(records.placements)}; internship.person_months = "
              f"{figures['internship.person_months'].value}; training.enterprise_employees.person_days = "
              f"{figures['training.enterprise_employees.person_days'].value}")
        t0 = time.perf_counter()
        loader.compute_year(1, args.year)
        print(f"compute_year end to end (load + compute): {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main()
