"""A round's life as a background job: queued with its job record as one unit, failed with a reason when
its job fails or is lost, retried (same round, same inputs) or cancelled by the secretariat, and never
blocking new rounds for longer than its timeout plus a minute."""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from ..access import require_consortium_admin
from ..audit.services import record
from ..errors import Conflict, ValidationError
from ..extensions import db
from ..queue import ACTIVE, GRACE_SECONDS, JobRun, enqueue, reconcile
from ..timeutil import utcnow
from .models import MatchRound


def busy_message() -> str:
    return _("已有一轮匹配正在进行，请等待其完成")


def queue_round(actor, match_round: MatchRound, *, inline: bool = False) -> MatchRound:
    """Put the round's job on the queue (or run it now). Queued, the round, its job record and the job
    commit together with the caller's transaction, or not at all (QueueUnavailable)."""
    run = enqueue("consortium.matching.tasks.run_round_job", match_round.id, name="match_round",
                  created_by_id=getattr(actor, "id", None), consortium_id=match_round.consortium_id, inline=inline,
                  timeout=current_app.config["MATCH_ROUND_TIMEOUT"],
                  on_failure="consortium.matching.lifecycle.round_job_failed", retry_transient=True)
    match_round = db.session.get(MatchRound, match_round.id)
    if match_round.job_id is None or match_round.status in ACTIVE and match_round.job_id != run.id:
        match_round.job_id = run.id
        db.session.flush()
    return match_round


def round_job_failed(job_id: str, reason: str) -> None:
    """The failure hook of a round's job: the round becomes failed (the reason stays on the job record)."""
    db.session.execute(update(MatchRound).where(MatchRound.job_id == job_id, MatchRound.status.in_(ACTIVE))
                       .values(status="failed", finished_at=utcnow()))


def active_round(consortium_id: int) -> MatchRound | None:
    """The consortium's queued or running round, after failing it if it can no longer finish (its job
    failed or was lost, or it outlived its timeout plus a minute)."""
    match_round = db.session.scalar(select(MatchRound).where(MatchRound.consortium_id == consortium_id,
                                                             MatchRound.status.in_(ACTIVE)))
    if match_round is None:
        return None
    if match_round.job_id:
        reconcile([match_round.job_id])
        job_status = db.session.scalar(select(JobRun.status).where(JobRun.id == match_round.job_id))
        if job_status not in ACTIVE:  # its job ended (a record from before failure hooks): so did the round
            round_job_failed(match_round.job_id, "")
            db.session.commit()
    else:  # a round whose job was never recorded: given up after the timeout
        limit = timedelta(seconds=current_app.config["MATCH_ROUND_TIMEOUT"] + GRACE_SECONDS)
        if match_round.created_at + limit < utcnow():
            match_round.status, match_round.finished_at = "failed", utcnow()
            db.session.commit()
    db.session.refresh(match_round)
    return match_round if match_round.status in ACTIVE else None


def can_retry(match_round: MatchRound) -> bool:
    return match_round.status == "failed"


def retry_round(actor, match_round: MatchRound, *, inline: bool = False) -> MatchRound:
    """Run a failed round again with the same inputs. A failed round wrote no proposals (its output is
    written in one transaction at the end), so running it again proposes each pair once."""
    require_consortium_admin(actor, match_round.consortium_id)
    if not can_retry(match_round):
        raise ValidationError(_("只有失败的匹配轮次可以重试"))
    if active_round(match_round.consortium_id) is not None:
        raise Conflict(busy_message())
    changed = db.session.execute(update(MatchRound).where(MatchRound.id == match_round.id,
                                                          MatchRound.status == "failed")
                                 .values(status="queued", job_id=None, result=None, finished_at=None)).rowcount
    if not changed:
        raise Conflict(_("该轮次的状态已变化，请刷新页面"))
    db.session.expire(match_round)
    record("match.retry", actor=actor, object_type="match_round", object_id=match_round.id,
           consortium_id=match_round.consortium_id, detail=f"round {match_round.number}")
    return queue_round(actor, match_round, inline=inline)


def cancel_round(actor, match_round: MatchRound) -> MatchRound:
    """Give up a failed round: it stays in the list as cancelled, with no proposals."""
    require_consortium_admin(actor, match_round.consortium_id)
    changed = db.session.execute(update(MatchRound).where(MatchRound.id == match_round.id,
                                                          MatchRound.status == "failed")
                                 .values(status="cancelled", finished_at=utcnow())).rowcount
    if not changed:
        raise ValidationError(_("只有失败的匹配轮次可以取消"))
    record("match.cancel", actor=actor, object_type="match_round", object_id=match_round.id,
           consortium_id=match_round.consortium_id, detail=f"round {match_round.number}")
    db.session.expire(match_round)
    return match_round


def round_state(round_id: int) -> dict:
    """The round's status with its job's progress and message, read in one statement: the round and its
    job record change in the same transaction, so a finished round is never reported at 70%."""
    status, progress, message = db.session.execute(
        select(MatchRound.status, JobRun.progress, JobRun.message)
        .outerjoin(JobRun, JobRun.id == MatchRound.job_id).where(MatchRound.id == round_id)).one()
    return {"status": status, "progress": 100 if status == "finished" else (progress or 0), "message": message}


def finish_job_with_round(job_id: str | None) -> bool:
    """In the round's final transaction: its job record becomes finished too, unless it was failed
    meanwhile (timed out, reconciled) — then the round's output must not be written."""
    if not job_id:
        return True
    return bool(db.session.execute(update(JobRun).where(JobRun.id == job_id, JobRun.status == "running")
                                   .values(status="finished", progress=100, finished_at=utcnow())).rowcount)
