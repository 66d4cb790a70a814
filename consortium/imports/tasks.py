"""Stored uploads (rows of `import_upload`, readable by every host) and the background import job.

An upload is claimed for one import at a time (a second confirmation is told it is already being imported),
deleted when its import has run, kept when the import failed (to retry it as it was, or cancel it), and
deleted after 24 hours when abandoned (by the next upload, or `flask sweep-uploads`)."""
import uuid
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, exists, select, update

from ..errors import Conflict
from ..extensions import db
from ..queue import ACTIVE, JobRun, enqueue, is_transient
from ..timeutil import utcnow
from .models import ImportUpload

# An upload holds personal data (ID numbers, phones): it is deleted when its import has run, and one never
# confirmed is deleted after this long (by the next upload, or by `flask sweep-uploads`).
ABANDONED_AFTER_HOURS = 24


class ImportWriteFailed(Exception):
    """The database refused the import's write: the job fails (the file is not to blame)."""


def save_upload(data: bytes, *, type_name: str, filename: str, user_id: int, consortium_id: int,
                rows: int) -> str:
    """Keep an uploaded file until it is imported; the id is a fresh UUID, never the user's file name."""
    sweep_uploads()
    upload = ImportUpload(id=str(uuid.uuid4()), type_name=type_name, filename=Path(filename or "").name[:200],
                          user_id=user_id, consortium_id=consortium_id, rows=rows, data=data)
    db.session.add(upload)
    db.session.flush()
    return upload.id


def _valid_id(upload_id) -> str | None:
    try:
        return str(uuid.UUID(str(upload_id)))
    except (ValueError, TypeError):
        return None


def load_upload(upload_id: str) -> tuple[dict, bytes] | None:
    """(meta, bytes) of a stored upload, or None (also for anything that is not one of our UUIDs)."""
    upload_id = _valid_id(upload_id)
    upload = db.session.get(ImportUpload, upload_id) if upload_id else None
    if upload is None:
        return None
    meta = {"type": upload.type_name, "filename": upload.filename, "user_id": upload.user_id,
            "consortium_id": upload.consortium_id, "rows": upload.rows, "status": upload.status,
            "job_id": upload.job_id}
    return meta, upload.data


def delete_upload(upload_id: str) -> None:
    """Remove a stored upload (its bytes and its description)."""
    upload_id = _valid_id(upload_id)
    if upload_id:
        db.session.execute(delete(ImportUpload).where(ImportUpload.id == upload_id))


def sweep_uploads(max_age_hours: float = ABANDONED_AFTER_HOURS) -> int:
    """Delete uploads older than ``max_age_hours`` whose import is not running (previewed and never
    confirmed, or failed and never retried); returns how many."""
    cutoff = utcnow() - timedelta(hours=max_age_hours)
    running = exists().where(JobRun.id == ImportUpload.job_id, JobRun.status.in_(ACTIVE))
    return db.session.execute(delete(ImportUpload).where(ImportUpload.created_at < cutoff, ~running)
                              .execution_options(synchronize_session=False)).rowcount


def start_import(upload_id: str, user_id: int, consortium_id: int, *, inline: bool) -> JobRun:
    """Claim the upload and queue its import, as one unit with the caller's transaction. A second
    confirmation of the same upload (or one while it is being imported) is a Conflict."""
    claimed = db.session.execute(update(ImportUpload).where(ImportUpload.id == upload_id,
                                                            ImportUpload.status.in_(("uploaded", "failed")))
                                 .values(status="importing")).rowcount
    if not claimed:
        db.session.rollback()
        raise Conflict(_("该文件已在导入中，请勿重复提交"))
    job_id = str(uuid.uuid4())
    db.session.execute(update(ImportUpload).where(ImportUpload.id == upload_id).values(job_id=job_id))
    return enqueue("consortium.imports.tasks.run_import_job", upload_id, user_id, consortium_id, name="import",
                   created_by_id=user_id, consortium_id=consortium_id, inline=inline, job_id=job_id,
                   timeout=current_app.config["IMPORT_TIMEOUT"],
                   on_failure="consortium.imports.tasks.import_job_failed", retry_transient=True)


def import_job_failed(job_id: str, reason: str) -> None:
    """The failure hook of an import's job: its upload is kept, to be retried or cancelled."""
    db.session.execute(update(ImportUpload).where(ImportUpload.job_id == job_id).values(status="failed"))


def failed_upload(job_id: str, user_id: int) -> ImportUpload | None:
    """The upload of a failed import of this user, still there to retry or cancel."""
    return db.session.scalar(select(ImportUpload).where(ImportUpload.job_id == job_id, ImportUpload.user_id == user_id,
                                                        ImportUpload.status == "failed"))


def _progress(job_id: str, pct: int, message: str) -> None:
    """Progress on its own connection: committing the import's session here would split its transaction."""
    with db.engine.begin() as conn:
        conn.execute(update(JobRun).where(JobRun.id == job_id).values(progress=pct, message=message[:500]))


def run_import_job(job_id: str, upload_id: str, user_id: int, consortium_id: int) -> dict:
    """Background job: import a stored upload as its uploader; the result is the report (JSON).

    The upload is deleted once the import has run (written, or refused for bad rows). A database failure
    fails the job instead (retried by RQ when transient) and keeps the upload for a retry."""
    from ..auth.models import User
    from ..members.models import Consortium
    from .services import run_import

    stored = load_upload(upload_id)
    if stored is None:
        raise ImportWriteFailed(_("上传的文件已不存在（已导入、已取消或已过期），请重新上传"))
    meta, data = stored
    actor = db.session.get(User, user_id)
    consortium = db.session.get(Consortium, consortium_id)
    report = run_import(actor, consortium, meta["type"], data, meta["filename"],
                        progress=lambda pct, msg: _progress(job_id, pct, msg))
    if report.write_error is not None:
        if is_transient(report.write_error):
            raise report.write_error
        raise ImportWriteFailed(report.errors[0].message)
    delete_upload(upload_id)  # the import has run (written or refused): the file is not kept
    result = report.to_dict()
    result["upload_id"] = upload_id
    return result
