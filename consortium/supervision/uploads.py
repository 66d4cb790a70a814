"""Photos and files attached to logs: type checked by content, stored under a server-made name."""
import uuid
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ..errors import NotFound, ValidationError
from ..jobs.uploads import MIMETYPES, sniff

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5


def log_dir() -> Path:
    return Path(current_app.instance_path) / "uploads" / "logs"


def store_log_files(files) -> list[tuple[str, str, int]]:
    """Check and store uploads; returns (stored name, original name, size) for each. All or nothing."""
    files = [f for f in files or [] if f and getattr(f, "filename", "")]
    if len(files) > MAX_FILES:
        raise ValidationError(_("每篇日志最多 5 个附件"), {"files": _("每篇日志最多 5 个附件")})
    checked = []
    for upload in files:
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES or not data:
            raise ValidationError(_("附件不能为空或超过 10 MB"), {"files": _("附件不能为空或超过 10 MB")})
        ext = sniff(data[:16])
        if ext is None:
            raise ValidationError(_("只接受 JPEG、PNG 照片或 PDF 文件"), {"files": _("只接受 JPEG、PNG 照片或 PDF 文件")})
        checked.append((data, ext, upload.filename))
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for data, ext, original in checked:
        name = f"{uuid.uuid4().hex}.{ext}"
        (folder / name).write_bytes(data)
        stored.append((name, Path(original).name or name, len(data)))
    return stored


def discard(items) -> None:
    for name, _original, _size in items or []:
        (log_dir() / Path(name).name).unlink(missing_ok=True)


def log_file(stored_name: str) -> tuple[Path, str]:
    safe = Path(stored_name).name
    path = log_dir() / safe
    ext = safe.rsplit(".", 1)[-1]
    if not path.is_file() or ext not in MIMETYPES:
        raise NotFound(_("附件不存在"))
    return path, MIMETYPES[ext]
