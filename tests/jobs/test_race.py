"""The last slot under concurrency: 20 enterprise users accept at the same moment, exactly one wins.

Runs on the configured database; CI runs it on PostgreSQL, where requests really overlap.
"""
import threading
from datetime import date

from sqlalchemy import func, select

from consortium.errors import Conflict
from consortium.extensions import db
from consortium.jobs import applications, placements, positions
from consortium.jobs.models import Application, Placement, Position
from consortium.people import services as people

from .. import factories

THREADS = 20


def test_twenty_threads_race_for_the_last_slot(app):
    with app.app_context():
        world = factories.build_world()
        position = positions.create_position(world.admin, world.enterprise, {
            "code": "LAST", "kind": "internship", "title": "最后一个名额", "slots": 3, "status": "open",
            "start_date": date(2025, 3, 1)})
        # two of the three slots are already taken
        for n in range(2):
            s = people.create_student(world.admin, world.school, {"student_no": f"X{n}", "name": f"先到{n}",
                                                                  "major": "数控技术"})
            placements.record_placement(world.admin, position, s, status="accepted")
        app_ids = []
        for n in range(THREADS):
            s = people.create_student(world.admin, world.school, {"student_no": f"R{n}", "name": f"竞争{n}",
                                                                  "major": "数控技术"})
            user = people.create_login_for(world.admin, s, username=f"race{n}", password=factories.PASSWORD)
            app_ids.append(applications.apply(user, position).id)
        db.session.commit()
        position_id, ent_user_id = position.id, world.ent_user.id
        db.session.remove()

    barrier = threading.Barrier(THREADS, timeout=30)
    outcomes, lock = [], threading.Lock()

    def accept(application_id):
        with app.app_context():
            from consortium.auth.models import User

            actor = db.session.get(User, ent_user_id)
            application = db.session.get(Application, application_id)
            barrier.wait()
            try:
                applications.decide_application(actor, application, accept=True)
                db.session.commit()
                result = "won"
            except Conflict:
                db.session.rollback()
                result = "full"
            except Exception as exc:  # a database-level refusal also counts as losing, never as a second winner
                db.session.rollback()
                result = f"error: {exc.__class__.__name__}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(a,)) for a in app_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert len(outcomes) == THREADS
    with app.app_context():
        position = db.session.get(Position, position_id)
        counted = db.session.scalar(select(func.count()).select_from(Placement).where(
            Placement.position_id == position_id, Placement.status.in_(("accepted", "active", "completed"))))
        if db.engine.dialect.name == "postgresql":
            assert outcomes.count("won") == 1, outcomes
            assert outcomes.count("full") == THREADS - 1, outcomes
            assert position.filled == position.slots == counted == 3
        else:
            # SQLite serialises writers and may answer "database is locked" instead of waiting;
            # what must hold is that nobody beyond the last slot gets in.
            assert outcomes.count("won") <= 1, outcomes
            assert position.filled == counted == 2 + outcomes.count("won") <= position.slots
