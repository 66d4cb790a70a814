"""Scans of three-party agreements: type checked by content, stored under a server-made name."""
import uuid
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ..errors import NotFound, ValidationError

MAX_BYTES = 10 * 1024 * 1024
# Leading bytes of the accepted types; the file name and the browser's content type are not trusted.
SIGNATURES = ((b"%PDF-", "pdf"), (b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"))
MIMETYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def agreement_dir() -> Path:
    return Path(current_app.instance_path) / "uploads" / "agreements"


def sniff(head: bytes) -> str | None:
    for magic, ext in SIGNATURES:
        if head.startswith(magic):
            return ext
    return None


def store_agreement(stream, field: str = "agreement_scan") -> str:
    """Check and store an uploaded scan; returns the stored name `<uuid>.<ext>`."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("文件不能超过 10 MB"), {field: _("文件不能超过 10 MB")})
    if not data:
        raise ValidationError(_("文件为空"), {field: _("文件为空")})
    ext = sniff(data[:16])
    if ext is None:
        raise ValidationError(_("只接受 PDF、JPEG 或 PNG 文件"), {field: _("只接受 PDF、JPEG 或 PNG 文件（按文件内容检查）")})
    folder = agreement_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{ext}"
    (folder / name).write_bytes(data)
    return name


def discard(name: str | None) -> None:
    """Remove a stored scan that its request did not keep."""
    if name:
        (agreement_dir() / Path(name).name).unlink(missing_ok=True)


def agreement_file(name: str | None) -> tuple[Path, str, str]:
    """Path, mimetype and extension of a stored scan (the name is ours, but never trusted as a path)."""
    if not name:
        raise NotFound(_("尚未上传三方协议扫描件"))
    safe = Path(name).name
    path = agreement_dir() / safe
    ext = safe.rsplit(".", 1)[-1]
    if not path.is_file() or ext not in MIMETYPES:
        raise NotFound(_("尚未上传三方协议扫描件"))
    return path, MIMETYPES[ext], ext
