"""Stored uploads (server-made names under instance/uploads/imports/<uuid>/) and the background import job."""
import json
import shutil
import time
import uuid
from pathlib import Path

from flask import current_app
from sqlalchemy import update

from ..extensions import db
from ..queue import JobRun

UPLOAD_NAME, META_NAME = "upload.bin", "meta.json"
# An upload holds personal data (ID numbers, phones): it is deleted when its import has run, and one never
# confirmed is deleted after this long (by the next upload, or by `flask sweep-uploads`).
ABANDONED_AFTER_HOURS = 24


def upload_root() -> Path:
    return Path(current_app.instance_path) / "uploads" / "imports"


def save_upload(data: bytes, *, type_name: str, filename: str, user_id: int, consortium_id: int,
                rows: int) -> str:
    """Keep an uploaded file until it is imported; the name is a fresh UUID, never the user's."""
    sweep_uploads()
    upload_id = str(uuid.uuid4())
    folder = upload_root() / upload_id
    folder.mkdir(parents=True, mode=0o700)
    (folder / UPLOAD_NAME).write_bytes(data)
    meta = {"type": type_name, "filename": Path(filename or "").name[:200], "user_id": user_id,
            "consortium_id": consortium_id, "rows": rows}
    (folder / META_NAME).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return upload_id


def load_upload(upload_id: str) -> tuple[dict, bytes] | None:
    """(meta, bytes) of a stored upload, or None (also for anything that is not one of our UUIDs)."""
    try:
        upload_id = str(uuid.UUID(upload_id))
    except (ValueError, TypeError):
        return None
    folder = upload_root() / upload_id
    if not (folder / META_NAME).is_file():
        return None
    meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
    return meta, (folder / UPLOAD_NAME).read_bytes()


def delete_upload(upload_id: str) -> None:
    """Remove a stored upload (its bytes and its description)."""
    try:
        upload_id = str(uuid.UUID(upload_id))
    except (ValueError, TypeError):
        return
    shutil.rmtree(upload_root() / upload_id, ignore_errors=True)


def sweep_uploads(max_age_hours: float = ABANDONED_AFTER_HOURS) -> int:
    """Delete uploads older than ``max_age_hours`` (previewed, never confirmed); returns how many."""
    root = upload_root()
    if not root.is_dir():
        return 0
    cutoff, removed = time.time() - max_age_hours * 3600, 0
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _progress(job_id: str, pct: int, message: str) -> None:
    """Progress on its own connection: committing the import's session here would split its transaction."""
    with db.engine.begin() as conn:
        conn.execute(update(JobRun).where(JobRun.id == job_id).values(progress=pct, message=message[:500]))


def run_import_job(job_id: str, upload_id: str, user_id: int, consortium_id: int) -> dict:
    """Background job: import a stored upload as its uploader; the result is the report (JSON)."""
    from ..auth.models import User
    from ..members.models import Consortium
    from .services import run_import

    meta, data = load_upload(upload_id)
    actor = db.session.get(User, user_id)
    consortium = db.session.get(Consortium, consortium_id)
    try:
        report = run_import(actor, consortium, meta["type"], data, meta["filename"],
                            progress=lambda pct, msg: _progress(job_id, pct, msg))
    finally:
        delete_upload(upload_id)  # the import has run (written or refused): the file is not kept
    result = report.to_dict()
    result["upload_id"] = upload_id
    return result
