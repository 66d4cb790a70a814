"""Supporting materials (支撑材料): upload (type by content, size limit, server-made names), numbering,
the directory index (目录索引, 说明五) and the ZIP of index and files; the annex-1 self-assessment."""
from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import require_consortium_admin
from ..common import found, invalid, text_or_none
from ..errors import NotFound
from ..extensions import db
from ..members.models import Consortium
from ..vocab import NARRATIVES
from ..figures import book as metrics
from . import annex1, layout
from .docx_book import annex_document, grid_table, save
from .governance import POINT_RECORDS, find_record, record_label
from .governance import records as governance_records
from .layout import Cell
from ..vocab import GOVERNANCE_KINDS, MATERIAL_TARGETS
from .models import Assessment, Material

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MIMETYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def max_bytes() -> int:
    return int(current_app.config.get("MATERIAL_MAX_BYTES") or DEFAULT_MAX_BYTES)


def sniff(data: bytes) -> str | None:
    """The type by content only: PDF, JPEG, PNG, or an Office Open XML package (DOCX / XLSX)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


def material_dir(consortium_id: int) -> Path:
    return Path(current_app.instance_path) / "uploads" / "materials" / str(int(consortium_id))


def targets(consortium_id: int) -> list[tuple[str, str, str]]:
    """(type, key, label) of everything a material may be attached to. A governance record is chosen by
    itself (key `<kind>.<id>`, e.g. the minutes of one board meeting) or by its category (key `<kind>`)."""
    out = [("figure", key, metrics.metric_for(key).label) for key in layout.book_keys()]
    out += [("narrative", key, str(label)) for key, (label, _limit) in NARRATIVES.items()]
    out += [("point", code, f"{code} {text[:30]}…") for code, _g, text in annex1.POINTS]
    kept = governance_records(consortium_id)
    for kind, label in GOVERNANCE_KINDS.items():
        out.append(("governance", kind, str(label)))
        out += [("governance", f"{kind}.{row.id}", f"{label} ▸ {record_label(kind, row)}") for row in kept[kind]]
    return out


def governance_target(consortium_id: int, key: str) -> tuple[str, object | None]:
    """(kind, the record or None) of a governance target key: `<kind>` or `<kind>.<id>`."""
    kind, _sep, rid = key.partition(".")
    if not rid:
        return kind, None
    return kind, find_record(consortium_id, kind, int(rid)) if rid.isdigit() else None


def target_label(target_type: str, key: str, consortium_id: int | None = None) -> str:
    """What a material supports, as the directory index names it: a governance record by its own name."""
    if target_type == "figure":
        m = metrics.metric_for(key)
        return f"{MATERIAL_TARGETS['figure']}：{m.label if m else key}"
    if target_type == "narrative":
        return f"{MATERIAL_TARGETS['narrative']}：{NARRATIVES[key][0] if key in NARRATIVES else key}"
    if target_type == "point":
        return f"{MATERIAL_TARGETS['point']} {key}"
    kind, _sep, rid = key.partition(".")
    category = f"{MATERIAL_TARGETS['governance']}：{GOVERNANCE_KINDS.get(kind, kind)}"
    if not rid:
        return category
    row = find_record(consortium_id, kind, int(rid)) if consortium_id is not None and rid.isdigit() else None
    return f"{category} ▸ {record_label(kind, row) if row is not None else _('（记录已删除）')}"


def add_material(actor, consortium: Consortium, *, title: str, target: str, filename: str, stream) -> Material:
    """Check, store and number a supporting document. `target` is '<type>:<key>'. Numbers run 1, 2, 3 …
    per consortium in upload order and are never reused."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    title = text_or_none(title) or text_or_none(Path(filename or "").stem)
    if not title:
        errors["title"] = _("请填写材料名称")
    elif len(title) > 200:
        errors["title"] = _("不超过 %(n)d 个字符", n=200)
    target_type, _sep, key = (target or "").partition(":")
    if (target_type, key) not in {(t, k) for t, k, _l in targets(consortium.id)}:
        errors["target"] = _("请选择材料对应的内容")
    limit = max_bytes()
    data = stream.read(limit + 1) if stream is not None else b""
    if not data:
        errors["file"] = _("请选择文件")
    elif len(data) > limit:
        errors["file"] = _("文件不能超过 %(n)d MB", n=limit // (1024 * 1024))
    else:
        ext = sniff(data)
        if ext is None:
            errors["file"] = _("只接受 PDF、JPEG、PNG、DOCX、XLSX 文件（按文件内容检查）")
    if errors:
        invalid(errors)
    folder = material_dir(consortium.id)
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}.{ext}"
    (folder / stored).write_bytes(data)
    number = (db.session.scalar(select(func.max(Material.number)).where(Material.consortium_id == consortium.id)) or 0) + 1
    material = Material(consortium_id=consortium.id, number=number, title=title,
                        original_name=Path(filename or stored).name[:255], stored_name=stored, ext=ext, size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(), target_type=target_type, target_key=key,
                        uploaded_by_id=getattr(actor, "id", None))
    db.session.add(material)
    db.session.flush()
    return material


def list_materials(actor, consortium: Consortium) -> list[Material]:
    require_consortium_admin(actor, consortium.id)
    return _materials(consortium.id)


def _materials(consortium_id: int) -> list[Material]:
    return list(db.session.scalars(select(Material).where(Material.consortium_id == consortium_id)
                                   .order_by(Material.number)))


def material_file(material: Material) -> Path:
    path = material_dir(material.consortium_id) / Path(material.stored_name).name
    if not path.is_file():
        raise NotFound(_("文件不存在"))
    return path


def get_material(actor, consortium: Consortium, material_id: int) -> Material:
    require_consortium_admin(actor, consortium.id)
    return found(Material, material_id, _("记录不存在"), lambda material: material.consortium_id == consortium.id)


def download_name(material: Material) -> str:
    safe = "".join(ch for ch in material.title if ch not in '\\/:*?"<>|').strip() or "材料"
    return f"{material.code}-{safe}.{material.ext}"


def index_docx(consortium: Consortium, materials: list[Material]) -> bytes:
    """目录索引 (说明五): 序号, 材料名称, 对应内容, 文件."""
    doc = annex_document(f"支撑材料目录索引 — {consortium.name}", consortium.name)
    doc.add_paragraph("支撑材料目录索引", style="Title")
    doc.add_paragraph(consortium.name)
    rows = [[Cell("序号", kind="label", bold=True), Cell("材料名称", kind="label", bold=True),
             Cell("对应内容", kind="label", bold=True), Cell("文件", kind="label", bold=True)]]
    rows += [[Cell(m.code, kind="label"), Cell(m.title, kind="value"),
              Cell(target_label(m.target_type, m.target_key, consortium.id), kind="value"), Cell(download_name(m), kind="value")]
             for m in materials]
    grid_table(doc, rows, [1.8, 5.0, 4.8, 4.0], header_rows=1)
    return save(doc)


def materials_index(actor, consortium: Consortium) -> bytes:
    return index_docx(consortium, list_materials(actor, consortium))


def materials_zip(actor, consortium: Consortium, materials: list[Material] | None = None) -> bytes:
    """One ZIP: the directory index (DOCX) and every file, named by its number and title."""
    if materials is None:
        materials = list_materials(actor, consortium)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("00-支撑材料目录索引.docx", index_docx(consortium, materials))
        for m in materials:
            z.write(material_file(m), download_name(m))
    return buf.getvalue()


# ---- annex-1 self-assessment ------------------------------------------------------------------

def save_assessment(actor, consortium: Consortium, point: str, data: dict) -> Assessment:
    """Self-rating (A–D) and notes for one observation point."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    if point not in annex1.point_codes():
        errors["point"] = _("没有这个观测点")
    rating = text_or_none(data.get("rating"))
    if rating is not None and rating not in annex1.RATINGS:
        errors["rating"] = _("请选择自评等级")
    notes = text_or_none(data.get("notes"))
    if notes and len(notes) > 2000:
        errors["notes"] = _("不超过 %(n)d 个字符", n=2000)
    if errors:
        invalid(errors)
    row = db.session.scalar(select(Assessment).where(Assessment.consortium_id == consortium.id,
                                                     Assessment.point == point))
    if row is None:
        row = Assessment(consortium_id=consortium.id, point=point)
        db.session.add(row)
    row.rating, row.notes = rating, notes
    db.session.flush()
    return row


def assessment_overview(actor, consortium: Consortium, declaration: dict | None = None) -> dict:
    """Every point with its rating, notes, materials and the platform's figures; coverage and gaps.

    A point is covered when it has a self-rating and some evidence: a material, a figure of the platform,
    or (point 7) the incident registers."""
    require_consortium_admin(actor, consortium.id)
    rows = {a.point: a for a in db.session.scalars(select(Assessment).where(Assessment.consortium_id == consortium.id))}
    by_point: dict[str, list[Material]] = {}
    for m in _materials(consortium.id):
        if m.target_type == "point":
            by_point.setdefault(m.target_key, []).append(m)
    kept = governance_records(consortium.id)
    points = []
    for code, group, text in annex1.POINTS:
        a = rows.get(code)
        figures = [metrics.metric_for(k) for k in annex1.FIGURE_EVIDENCE.get(code, ())]
        register = code == annex1.REGISTER_POINT
        kind = POINT_RECORDS.get(code)
        governance = (kind, len(kept[kind])) if kind and kept[kind] else None
        evidence = bool(by_point.get(code) or figures or register or governance)
        points.append({"code": code, "group": group, "group_label": annex1.GROUPS[group], "text": text,
                       "rating": a.rating if a else None, "notes": a.notes if a else None,
                       "materials": by_point.get(code, []), "figures": figures, "register": register,
                       "governance": governance,
                       "covered": bool(a and a.rating and evidence)})
    covered = sum(1 for p in points if p["covered"])
    return {"points": points, "covered": covered, "total": len(points), "declaration": declaration,
            "gaps": [p["code"] for p in points if not p["covered"]]}


def assessment_docx(actor, consortium: Consortium, declaration: dict | None = None) -> bytes:
    data = assessment_overview(actor, consortium, declaration)
    doc = annex_document(f"建设指标自评 — {consortium.name}", consortium.name)
    doc.add_paragraph("市域产教联合体建设指标自评", style="Title")
    doc.add_paragraph(f"{consortium.name}　已覆盖 {data['covered']}/{data['total']} 个观测点")
    rows = [[Cell("观测点", kind="label", bold=True), Cell("内容", kind="label", bold=True),
             Cell("自评", kind="label", bold=True), Cell("佐证", kind="label", bold=True),
             Cell("说明", kind="label", bold=True)]]
    for p in data["points"]:
        evidence = [m.code for m in p["materials"]] + [f.label for f in p["figures"] if f]
        if p["governance"]:
            evidence.append(f"{GOVERNANCE_KINDS[p['governance'][0]]}（{p['governance'][1]} 条记录）")
        if p["register"] and declaration is not None:
            n = declaration.get("serious", 0)
            evidence.append(f"事件登记：近 3 年有 {n} 起重大违规事件" if n else "事件登记：近 3 年无重大违规事件")
        rows.append([Cell(p["code"], kind="label"), Cell(p["text"], kind="value"),
                     Cell(annex1.RATINGS.get(p["rating"] or "", ""), kind="label"),
                     Cell("；".join(evidence), kind="value"), Cell(p["notes"] or "", kind="value")])
    grid_table(doc, rows, [1.4, 6.0, 1.4, 3.6, 3.2], header_rows=1)
    return save(doc)
