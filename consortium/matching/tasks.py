"""The matching round as a background job."""
from sqlalchemy import update

from ..extensions import db
from ..queue import is_transient
from .models import MatchRound


def run_round_job(job_id: str, round_id: int) -> dict:
    """Run round `round_id`. On failure the round is marked failed and the error re-raised for the job
    record; on a transient database error it goes back to queued, for RQ to run it again."""
    from .services import execute_round

    try:
        return execute_round(job_id, round_id)
    except Exception as exc:
        db.session.rollback()
        status = "queued" if is_transient(exc) else "failed"
        db.session.execute(update(MatchRound).where(MatchRound.id == round_id,
                                                    MatchRound.status.in_(("queued", "running")))
                           .values(status=status))
        db.session.commit()
        raise
