"""The matching round as a background job."""
from ..extensions import db
from .models import MatchRound


def run_round_job(job_id: str, round_id: int) -> dict:
    """Run round `round_id`; on failure the round is marked failed and the error re-raised for the job record."""
    from .services import execute_round

    try:
        return execute_round(job_id, round_id)
    except Exception:
        db.session.rollback()
        match_round = db.session.get(MatchRound, round_id)
        if match_round is not None:
            match_round.status = "failed"
            db.session.commit()
        raise
