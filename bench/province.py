"""A province's worth of data: 20 consortia, 200k students, 20k positions, 100k placements a year over 3 years,
10k training sessions, engagements and certificates, supervision logs and check-ins.

Usage:
    python bench/province.py                      # full size into DATABASE_URL, or instance/province.db
    python bench/province.py --scale 0.1          # a tenth of every count (a quick try)
    python bench/province.py --scale 0.1 --offered 10000   # and 10k offered positions for c01-student
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/prov python bench/province.py

The schema is dropped and recreated (every table of the application) and stamped at the migration head, so
the database is ready for `flask --app wsgi …` and gunicorn. Rows are written with SQLAlchemy Core
executemany in batches (no ORM unit of work); ids are set by the generator and PostgreSQL sequences are moved
past them afterwards. The data are deterministic for a given --seed and --scale.

Accounts (one password for all, printed at the end, default `Province-Bench-2026`):
    province            admin of every consortium (no consortium)
    c01-admin … c20-admin   secretariat admin of consortium 1 … 20
    cNN-enterprise, cNN-school, cNN-student, cNN-teacher   one of each role per consortium
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "Province-Bench-2026"
CITIES = ("郑州市", "开封市", "洛阳市", "平顶山市", "安阳市", "鹤壁市", "新乡市", "焦作市", "濮阳市", "许昌市",
          "漯河市", "三门峡市", "南阳市", "商丘市", "信阳市", "周口市", "驻马店市", "济源市", "郑州航空港区", "兰考县")
MAJORS = ("机电一体化技术", "电气自动化技术", "工业机器人技术", "数控技术", "计算机网络技术", "软件技术", "大数据技术",
          "电子商务", "物流管理", "会计", "汽车检测与维修技术", "建筑工程技术", "护理", "旅游管理", "焊接技术与自动化")
SKILLS = ("PLC编程", "电气控制", "CAD制图", "Python", "焊接", "数控车床操作", "直播电商", "网络配置", "Java",
          "财务软件", "汽车诊断", "BIM建模", "护理操作", "客户服务")
SCHOOL_TYPES = ("higher_vocational", "secondary_vocational", "undergraduate")
STUDENT_KINDS = ("internship", "apprenticeship", "field_engineer")
# Statuses of a year's placements: mostly counted ones, some proposals, refusals and withdrawals.
STATUSES = ("completed", "completed", "completed", "active", "accepted", "proposed", "rejected", "withdrawn")
SLOT = {"accepted", "active", "completed"}
TRAINING_KINDS = ("pre_job", "job_transfer", "skill_upgrade", "continuing_education", "certification")
AUDIENCES = ("enterprise_employees", "migrant_workers", "veterans", "laid_off", "students", "other")


def counts(scale: float) -> dict:
    """Every count of the province at this scale (at least one of each per consortium)."""
    def n(full):
        return max(20, int(full * scale))
    return {"consortia": 20, "schools": max(2, int(12 * min(1.0, scale * 4))), "enterprises": max(5, int(150 * min(1.0, scale * 2))),
            "students": n(200_000), "teachers": n(20_000), "positions": n(20_000), "placements_per_year": n(100_000),
            "years": 3, "sessions": n(10_000), "engagements": n(10_000), "certificates": n(10_000),
            "logs": n(60_000), "checkins": n(120_000)}


class Loader:
    """Batched Core inserts on one connection, with a row counter per table."""

    def __init__(self, conn, batch: int):
        self.conn, self.batch, self.rows = conn, batch, {}

    def insert(self, table, rows):
        rows = list(rows)
        # executemany takes its columns from the first row: every row gets every key (None when absent).
        keys = set().union(*(r.keys() for r in rows)) if rows else set()
        for r in rows:
            for k in keys - r.keys():
                r[k] = None
        for i in range(0, len(rows), self.batch):
            self.conn.execute(table.insert(), rows[i:i + self.batch])
        self.rows[table.name] = self.rows.get(table.name, 0) + len(rows)


def id_number(rnd: random.Random, born: date) -> str:
    """A syntactically valid 18-digit resident ID (GB 11643 check digit), Henan area code."""
    body = f"4101{rnd.randrange(10, 99)}{born:%Y%m%d}{rnd.randrange(100, 999)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    return body + check


def generate(conn, *, scale: float, seed: int, current_year: int, batch: int, password_hash: str,
             offered: int = 0) -> dict:
    from consortium import models  # noqa: F401
    from consortium.auth.models import User
    from consortium.jobs.models import Placement, Position
    from consortium.members.models import Consortium, ConsortiumYear, EnterpriseYear, Member
    from consortium.people.models import Student, Teacher
    from consortium.supervision.models import CheckIn, LogEntry, Supervision
    from consortium.teachers.models import Engagement
    from consortium.training.models import Certificate, TrainingSession

    rnd = random.Random(seed)
    c = counts(scale)
    load = Loader(conn, batch)
    first_year = current_year - c["years"] + 1
    created = datetime(first_year - 1, 9, 1)
    n_cons = c["consortia"]

    # Consortia, their members and yearly figures.
    load.insert(Consortium.__table__, [
        {"id": k, "name": f"{CITIES[k - 1]}产教联合体", "city": CITIES[k - 1], "established_date": date(first_year - 1, 6, 1),
         "created_at": created} for k in range(1, n_cons + 1)])
    load.insert(ConsortiumYear.__table__, [
        {"consortium_id": k, "year": y, "planned_funds": 5000, "source_lead_unit": 2000, "source_government": 2000,
         "source_other_members": 800, "source_other": 200}
        for k in range(1, n_cons + 1) for y in range(first_year, current_year + 1)])
    members, schools, enterprises = [], {}, {}
    mid = 0
    for k in range(1, n_cons + 1):
        for s in range(c["schools"]):
            mid += 1
            schools.setdefault(k, []).append(mid)
            members.append({"id": mid, "consortium_id": k, "name": f"{CITIES[k - 1]}职业学院{s + 1:03d}",
                            "type": SCHOOL_TYPES[s % 3], "role": "lead" if s == 0 else "member",
                            "city": CITIES[k - 1], "students": 8000, "sector": None, "joined_date": date(first_year - 1, 6, 1),
                            "created_at": created})
        for e in range(c["enterprises"]):
            mid += 1
            enterprises.setdefault(k, []).append(mid)
            members.append({"id": mid, "consortium_id": k, "name": f"{CITIES[k - 1]}企业{e + 1:04d}有限公司",
                            "type": "enterprise", "role": "member", "city": CITIES[k - 1], "students": None,
                            "sector": ("industrial", "service", "agriculture")[e % 3], "industry_code": "C",
                            "joined_date": date(first_year - 1, 6, 1) + timedelta(days=e % 400), "created_at": created})
    load.insert(Member.__table__, members)
    load.insert(EnterpriseYear.__table__, [
        {"member_id": m, "year": y, "employees": 200 + m % 3000, "assets": 10000, "sales": 30000,
         "main_revenue": 28000, "coop_benefit": 150}
        for k in enterprises for m in enterprises[k] for y in range(first_year, current_year + 1)])

    # Students (spread over the consortia's schools) and teachers.
    per_cons = c["students"] // n_cons
    students_of = {}
    rows = []
    sid = 0
    for k in range(1, n_cons + 1):
        for i in range(per_cons):
            sid += 1
            school = schools[k][i % len(schools[k])]
            enrol = current_year - 2 - (i % 3)
            born = date(enrol - 18, 1 + i % 12, 1 + i % 28)
            students_of.setdefault(k, []).append(sid)
            rows.append({"id": sid, "school_id": school, "student_no": f"{enrol}{i:06d}", "name": f"学生{sid}",
                         "id_number": id_number(rnd, born), "gender": ("male", "female")[i % 2],
                         "phone": f"13{rnd.randrange(100000000, 999999999)}", "major": MAJORS[i % len(MAJORS)],
                         "skills": rnd.sample(SKILLS, 2), "city": CITIES[k - 1], "enrol_year": enrol,
                         "graduation_year": enrol + 3, "pathway": "secondary_higher" if i % 9 == 0 else "none",
                         "admission_route": "regular" if i % 7 else "order_class",
                         "outcome": ("employed", None, "further_study", None)[i % 4] if enrol + 3 <= current_year else None,
                         "outcome_city": CITIES[k - 1], "available_from": date(current_year, 3, 1) if i % 2 else None,
                         "created_at": created})
    load.insert(Student.__table__, rows)
    per_cons_t = c["teachers"] // n_cons
    teachers_of = {}
    rows = []
    tid = 0
    for k in range(1, n_cons + 1):
        for i in range(per_cons_t):
            tid += 1
            employer = schools[k][i % len(schools[k])] if i % 4 else enterprises[k][i % len(enterprises[k])]
            teachers_of.setdefault(k, []).append(tid)
            rows.append({"id": tid, "employer_id": employer, "staff_no": f"T{i:06d}", "name": f"教师{tid}",
                         "subject": MAJORS[i % len(MAJORS)], "skills": rnd.sample(SKILLS, 2),
                         "dual_qualified": i % 3 == 0, "post": "fixed", "city": CITIES[k - 1], "created_at": created})
    load.insert(Teacher.__table__, rows)

    # Positions (a third per year) and placements (per year, unique per position and student).
    per_cons_p = c["positions"] // n_cons
    per_year_pl = c["placements_per_year"] // n_cons
    pos_rows, pl_rows = [], []
    pos_id = pl_id = 0
    active_placements = []
    for k in range(1, n_cons + 1):
        studs = students_of[k]
        for y_index, year in enumerate(range(first_year, current_year + 1)):
            n_pos = per_cons_p // c["years"] + (per_cons_p % c["years"] if y_index == c["years"] - 1 else 0)
            year_positions = []
            for j in range(n_pos):
                pos_id += 1
                start = date(year, 1, 1) + timedelta(days=rnd.randrange(330))
                kind = STUDENT_KINDS[j % 3]
                year_positions.append({"id": pos_id, "consortium_id": k, "code": f"{year}-{j:05d}",
                                       "enterprise_id": enterprises[k][j % len(enterprises[k])], "kind": kind,
                                       "title": f"{MAJORS[j % len(MAJORS)]}{('实习生', '学徒', '现场工程师')[j % 3]}",
                                       "majors": [MAJORS[j % len(MAJORS)]], "skills": rnd.sample(SKILLS, 2),
                                       "city": CITIES[k - 1], "slots": 0, "filled": 0, "start_date": start,
                                       "end_date": start + timedelta(days=90 + rnd.randrange(180)),
                                       "late_join_days": 30,
                                       "status": "open" if year == current_year and j % 5 else ("closed" if year < current_year else "draft"),
                                       "description": "", "created_at": datetime(year - 1, 12, 1)})
            # Placements of the year: each position takes a run of distinct students.
            per_pos = max(1, per_year_pl // max(1, n_pos))
            offset = rnd.randrange(len(studs))
            made = 0
            for j, p in enumerate(year_positions):
                take = per_pos if j < n_pos - 1 else max(0, per_year_pl - made)
                take = min(take, len(studs))
                filled = 0
                for t in range(take):
                    pl_id += 1
                    student = studs[(offset + made + t) % len(studs)]
                    status = STATUSES[(pl_id * 7) % len(STATUSES)]
                    if year == current_year and status == "completed":
                        status = "active"
                    if status in SLOT:
                        filled += 1
                    start = p["start_date"] + timedelta(days=rnd.randrange(20))
                    end = min(p["end_date"], start + timedelta(days=60 + rnd.randrange(120)))
                    pl_rows.append({"id": pl_id, "position_id": p["id"], "student_id": student, "status": status,
                                    "start_date": start, "end_date": end, "source": ("application", "match", "import")[pl_id % 3],
                                    "agreement_signed_date": start if pl_id % 5 else None,
                                    "agreement_file": f"agr{pl_id}.pdf" if pl_id % 5 else None,
                                    "insurer": "人保财险" if pl_id % 6 else None, "policy_no": f"PL{pl_id}" if pl_id % 6 else None,
                                    "insurance_start": start if pl_id % 6 else None,
                                    "compliance_override": False, "created_at": datetime.combine(start, datetime.min.time()),
                                    "updated_at": datetime.combine(start, datetime.min.time())})
                    if status == "active":
                        active_placements.append((pl_id, start))
                made += take
                p["slots"] = filled + (j % 4)
                p["filled"] = filled
            pos_rows.extend(year_positions)
    # --offered: positions of consortium 1 still to start, every slot free: what its student is recommended.
    from consortium.timeutil import today as consortium_today

    first_day = consortium_today()
    for j in range(offered):
        pos_id += 1
        start = first_day + timedelta(days=5 + rnd.randrange(150))
        pos_rows.append({"id": pos_id, "consortium_id": 1, "code": f"OFFER-{j:05d}",
                         "enterprise_id": enterprises[1][j % len(enterprises[1])], "kind": STUDENT_KINDS[j % 3],
                         "title": f"{MAJORS[j % len(MAJORS)]}{('实习生', '学徒', '现场工程师')[j % 3]}",
                         "majors": rnd.sample(MAJORS, rnd.randrange(0, 3)), "skills": rnd.sample(SKILLS, rnd.randrange(1, 4)),
                         "city": CITIES[rnd.randrange(len(CITIES))], "slots": 1 + j % 5, "filled": 0,
                         "start_date": start, "end_date": start + timedelta(days=90 + rnd.randrange(180)),
                         "late_join_days": 30, "status": "open", "description": "",
                         "created_at": datetime(current_year, 1, 1)})
    load.insert(Position.__table__, pos_rows)
    del pos_rows
    load.insert(Placement.__table__, pl_rows)
    n_placements = len(pl_rows)
    del pl_rows

    # Training sessions, engagements and certificates.
    per_cons_s = c["sessions"] // n_cons
    rows, sess_id = [], 0
    for k in range(1, n_cons + 1):
        for i in range(per_cons_s):
            sess_id += 1
            start = date(first_year, 1, 1) + timedelta(days=rnd.randrange(365 * c["years"]))
            rows.append({"id": sess_id, "consortium_id": k, "code": f"T{i:06d}", "title": f"{SKILLS[i % len(SKILLS)]}培训",
                         "kind": TRAINING_KINDS[i % 5], "audience": AUDIENCES[i % 6],
                         "provider_id": schools[k][i % len(schools[k])], "host_id": enterprises[k][i % len(enterprises[k])],
                         "start_date": start, "end_date": start + timedelta(days=i % 5), "participants": 10 + i % 50,
                         "plan_year": start.year, "created_at": created})
    load.insert(TrainingSession.__table__, rows)
    per_cons_e = c["engagements"] // n_cons
    rows, eid = [], 0
    for k in range(1, n_cons + 1):
        teachers = teachers_of[k]
        for i in range(per_cons_e):
            eid += 1
            start = date(first_year, 2, 1) + timedelta(days=(i * 37) % (365 * c["years"] - 60))
            rows.append({"id": eid, "consortium_id": k, "teacher_id": teachers[i % len(teachers)],
                         "host_id": schools[k][(i + 1) % len(schools[k])], "course": f"{MAJORS[i % len(MAJORS)]}专题",
                         "start_date": start + timedelta(days=i // len(teachers)),
                         "end_date": start + timedelta(days=60 + i // len(teachers)),
                         "class_hours": 16 + i % 48, "confirmed_by_host": i % 3 != 0, "created_at": created})
    load.insert(Engagement.__table__, rows)
    per_cons_c = c["certificates"] // n_cons
    rows, cid = [], 0
    for k in range(1, n_cons + 1):
        for i in range(per_cons_c):
            cid += 1
            issued = date(first_year, 1, 1) + timedelta(days=rnd.randrange(365 * c["years"]))
            rows.append({"id": cid, "consortium_id": k, "certificate_no": f"Z{k:02d}{i:07d}", "holder_name": f"持证人{cid}",
                         "holder_id_number": id_number(rnd, date(1995, 1 + i % 12, 1 + i % 28)),
                         "name": f"{SKILLS[i % len(SKILLS)]}职业技能等级证书", "level": 1 + i % 5, "issued_date": issued,
                         "issuer_id": schools[k][i % len(schools[k])],
                         "session_id": 1 + (k - 1) * per_cons_s + i % per_cons_s, "created_at": created})
    load.insert(Certificate.__table__, rows)

    # Supervision of the active placements: settings, weekly logs and daily check-ins.
    rows = [{"id": i + 1, "placement_id": p, "cadence": "weekly", "evaluation_waived": False, "updated_at": created}
            for i, (p, _s) in enumerate(active_placements)]
    load.insert(Supervision.__table__, rows)
    logs, checkins = [], []
    if active_placements:
        weeks = max(1, c["logs"] // len(active_placements) + 1)
        days = max(1, c["checkins"] // len(active_placements) + 1)
        lid = chid = 0
        for p, start in active_placements:
            for w in range(weeks):
                if lid >= c["logs"]:
                    break
                lid += 1
                day = start + timedelta(days=7 * w)
                logs.append({"id": lid, "placement_id": p, "cadence": "weekly", "period_start": day,
                             "body": "本周完成岗位任务，记录工作内容与收获。", "status": ("approved", "submitted", "returned")[lid % 3],
                             "version": 1, "submitted_at": datetime.combine(day + timedelta(days=6), datetime.min.time())})
            for d in range(days):
                if chid >= c["checkins"]:
                    break
                chid += 1
                day = start + timedelta(days=d)
                checkins.append({"id": chid, "placement_id": p, "day": day, "kind": "in",
                                 "at": datetime.combine(day, datetime.min.time()) + timedelta(hours=1),
                                 "distance_m": rnd.randrange(2000), "device": f"dev{p}", "flags": []})
    load.insert(LogEntry.__table__, logs)
    load.insert(CheckIn.__table__, checkins)

    # Accounts: one province admin, and per consortium one of each role.
    users, uid = [], 0
    accounts = []

    def user(username, role, **kw):
        nonlocal uid
        uid += 1
        users.append({"id": uid, "username": username, "display_name": username, "password_hash": password_hash,
                      "role": role, "active": True, "session_version": 1, "failed_logins": 0, "created_at": created, **kw})
        accounts.append((username, role, kw.get("consortium_id")))

    user("province", "admin")
    for k in range(1, n_cons + 1):
        user(f"c{k:02d}-admin", "admin", consortium_id=k)
        user(f"c{k:02d}-enterprise", "enterprise", consortium_id=k, member_id=enterprises[k][0])
        user(f"c{k:02d}-school", "school", consortium_id=k, member_id=schools[k][0])
        user(f"c{k:02d}-student", "student", consortium_id=k, student_id=students_of[k][0])
        user(f"c{k:02d}-teacher", "teacher", consortium_id=k, teacher_id=teachers_of[k][1])
    load.insert(User.__table__, users)
    return {"rows": load.rows, "accounts": accounts, "placements": n_placements}


def reset_sequences(conn) -> None:
    """PostgreSQL: move every serial sequence past the ids the generator set."""
    from sqlalchemy import Integer, text

    from consortium.extensions import db

    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and isinstance(table.c.id.type, Integer):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                              f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count (0.1: a tenth)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--year", type=int, default=None, help="the last of the three years (default: this year)")
    parser.add_argument("--batch", type=int, default=5000, help="rows per executemany")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--offered", type=int, default=0,
                        help="extra open positions of consortium 1 still to start (e.g. 10000 for the recommendations)")
    args = parser.parse_args()
    instance = ROOT / "instance"
    instance.mkdir(exist_ok=True)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'province.db'}"
    os.environ["DATABASE_URL"] = url

    from flask_migrate import stamp
    from werkzeug.security import generate_password_hash

    from consortium import create_app
    from consortium.extensions import db
    from consortium.timeutil import today

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    year = args.year or today().year
    t0 = time.perf_counter()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.create_all()
        t1 = time.perf_counter()
        password_hash = generate_password_hash(args.password, method=app.config["PASSWORD_HASH_METHOD"])
        with db.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            out = generate(conn, scale=args.scale, seed=args.seed, current_year=year, batch=args.batch, offered=args.offered,
                           password_hash=password_hash)
            if conn.dialect.name == "postgresql":
                reset_sequences(conn)
        t2 = time.perf_counter()
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.exec_driver_sql("ANALYZE")
        stamp(directory=str(ROOT / "migrations"))
        from consortium.stats import figure_cache

        figure_cache.bump_all()
    t3 = time.perf_counter()
    total = sum(out["rows"].values())
    from sqlalchemy.engine import make_url

    print(f"database: {make_url(url).render_as_string(hide_password=True)}")
    print(f"scale {args.scale}: years {year - 2}–{year}; schema {t1 - t0:.1f} s, rows {t2 - t1:.1f} s "
          f"({total / max(t2 - t1, 1e-9):,.0f} rows/s), analyze + stamp {t3 - t2:.1f} s")
    for name, n in sorted(out["rows"].items()):
        print(f"  {name:24} {n:>9,}")
    print(f"accounts (password: {args.password}):")
    for username, role, consortium_id in out["accounts"][:6]:
        print(f"  {username:18} {role:10} consortium {consortium_id or '— (province)'}")
    print(f"  … and c02–c{len(out['accounts']) // 5:02d} likewise ({len(out['accounts'])} accounts)")


if __name__ == "__main__":
    main()
