"""A job's progress note is committed at once, without making the job re-read what it has loaded."""
import uuid

from sqlalchemy import inspect

from consortium.extensions import db
from consortium.members.models import Member
from consortium.queue import JobRun, set_progress
from tests import factories


def test_progress_is_committed_and_loaded_rows_stay_loaded(ctx):
    consortium = factories.make_consortium()
    members = [factories.make_member(consortium, name=f"成员{i}") for i in range(3)]
    run = JobRun(id=str(uuid.uuid4()), name="test", status="running")
    db.session.add(run)
    db.session.commit()
    loaded = db.session.get(Member, members[0].id)
    assert not inspect(loaded).expired_attributes

    set_progress(run.id, 40, "半程")

    assert not inspect(loaded).expired_attributes  # no per-row reload afterwards
    with db.engine.connect() as other:  # another connection sees the note: it was committed
        row = other.exec_driver_sql("SELECT progress, message FROM job_run WHERE id = ?" if db.engine.dialect.name == "sqlite"
                                    else "SELECT progress, message FROM job_run WHERE id = %s", (run.id,)).one()
    assert tuple(row) == (40, "半程")
