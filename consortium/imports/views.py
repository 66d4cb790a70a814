"""Import pages (upload → preview → confirm → result), per-type templates, and list-page exports."""
from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_babel import gettext

from ..audit.services import record
from ..errors import Conflict
from ..extensions import db
from ..members.context import current_consortium
from ..queue import JobRun, queue_mode
from . import services
from ..tables.columns import SPECS, get_spec
from ..tables.export import template_xlsx
from .exporting import EXPORTABLE, export_file
from .forms import ConfirmForm, UploadForm
from ..tables.readers import ImportFileError, read_table
from .tasks import delete_upload, failed_upload, load_upload, save_upload, start_import

bp = Blueprint("imports", __name__)

LARGE_FILE_ROWS = 2000  # above this, a confirmed import runs on the worker (when one is configured)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/imports/", methods=["GET", "POST"])
@login_required
def upload():
    consortium = current_consortium()
    types = services.importable_types(current_user, consortium)
    if not types:
        abort(403)
    form = UploadForm()
    form.type_name.choices = [(t, gettext(SPECS[t].label_zh)) for t in types]  # the type's name in the reader's language
    if request.method == "GET" and request.args.get("type") in types:
        form.type_name.data = request.args["type"]
    if form.validate_on_submit():
        data = form.file.data.read()
        filename = form.file.data.filename or ""
        spec = get_spec(form.type_name.data)
        try:  # the type is checked by content: CSV or XLSX whatever the name says
            table = read_table(data, filename, sheet_names=(spec.type_name, spec.label_zh))
        except ImportFileError as exc:
            form.file.errors.append(str(exc))
        else:
            upload_id = save_upload(data, type_name=spec.type_name, filename=filename, user_id=current_user.id,
                                    consortium_id=consortium.id, rows=len(table.rows))
            return redirect(url_for("imports.preview", upload_id=upload_id))
    return render_template("imports/upload.html", form=form, types=types, specs=SPECS)


def _own_upload(upload_id):
    stored = load_upload(upload_id)
    if stored is None or stored[0]["user_id"] != current_user.id:
        abort(404)
    return stored


@bp.get("/imports/<upload_id>")
@login_required
def preview(upload_id):
    meta, data = _own_upload(upload_id)
    consortium = current_consortium()
    if meta["consortium_id"] != consortium.id:
        abort(404)
    report = services.preview_import(current_user, consortium, meta["type"], data, meta["filename"])
    spec = get_spec(meta["type"])
    return render_template("imports/preview.html", report=report, meta=meta, spec=spec, upload_id=upload_id,
                           form=ConfirmForm(), columns=[spec.by_name[c] for c in report.columns])


@bp.post("/imports/<upload_id>/confirm")
@login_required
def confirm(upload_id):
    meta, _data = _own_upload(upload_id)
    consortium = current_consortium()
    if meta["consortium_id"] != consortium.id or not ConfirmForm().validate_on_submit():
        abort(400)
    services.require_import(current_user, consortium, meta["type"])
    inline = meta.get("rows", 0) <= LARGE_FILE_ROWS
    try:
        run = start_import(upload_id, current_user.id, consortium.id, inline=inline)
    except Conflict as exc:
        flash(exc.message, "warning")
        if meta.get("job_id"):
            return redirect(url_for("imports.result", job_id=meta["job_id"]))
        return redirect(url_for("imports.upload"))
    return redirect(url_for("imports.result", job_id=run.id))


def _own_job(job_id) -> JobRun:
    run = db.session.get(JobRun, job_id)
    if run is None or run.name != "import" or run.created_by_id != current_user.id:
        abort(404)
    return run


def _kept_upload(job_id):
    """The kept file of the user's failed import, for a confirmed button of its result page (404 when none is kept,
    400 when the button's form does not validate)."""
    run = _own_job(job_id)
    upload = failed_upload(run.id, current_user.id)
    if upload is None or not ConfirmForm().validate_on_submit():
        abort(404 if upload is None else 400)
    return upload


@bp.get("/imports/jobs/<job_id>")
@login_required
def result(job_id):
    run = _own_job(job_id)
    report = run.result if run.status == "finished" else None
    spec = get_spec(report["type"]) if report else None
    retryable = failed_upload(run.id, current_user.id) if run.status == "failed" else None
    return render_template("imports/result.html", run=run, report=report, spec=spec, mode=queue_mode(),
                           retryable=retryable, form=ConfirmForm())


@bp.get("/imports/jobs/<job_id>/status")
@login_required
def job_status(job_id):
    run = _own_job(job_id)
    return jsonify({"status": run.status, "progress": run.progress, "message": run.message})


@bp.post("/imports/jobs/<job_id>/retry")
@login_required
def retry(job_id):
    upload = _kept_upload(job_id)
    consortium = current_consortium()
    if upload.consortium_id != consortium.id:
        abort(404)
    services.require_import(current_user, consortium, upload.type_name)
    try:
        new_run = start_import(upload.id, current_user.id, consortium.id, inline=upload.rows <= LARGE_FILE_ROWS)
    except Conflict as exc:
        flash(exc.message, "warning")
        return redirect(url_for("imports.result", job_id=job_id))
    return redirect(url_for("imports.result", job_id=new_run.id))


@bp.post("/imports/jobs/<job_id>/cancel")
@login_required
def cancel(job_id):
    upload = _kept_upload(job_id)
    delete_upload(upload.id)
    flash(_("已取消导入，上传的文件已删除"), "info")
    return redirect(url_for("imports.upload"))


@bp.get("/imports/templates/<type_name>.xlsx")
@login_required
def template(type_name):
    if type_name not in SPECS:
        abort(404)
    spec = get_spec(type_name)
    return Response(template_xlsx(spec), mimetype=XLSX, headers=_attachment(f"{spec.label_zh}导入模板.xlsx",
                                                                            f"{type_name}_template.xlsx"))


@bp.get("/exports/<type_name>.<fmt>")
@login_required
def export(type_name, fmt):
    if type_name not in EXPORTABLE or fmt not in ("csv", "xlsx"):
        abort(404)
    consortium = current_consortium()
    body = export_file(current_user, consortium, type_name, fmt, request.args)
    record("export", actor=current_user, object_type=type_name, consortium_id=consortium.id, ip=request.remote_addr,
           detail=f"{fmt} {request.query_string.decode()[:200]}")
    label = get_spec(type_name).label_zh
    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    return Response(body, mimetype=mimetype, headers=_attachment(f"{label}.{fmt}", f"{type_name}.{fmt}"))


def _attachment(name: str, ascii_name: str) -> dict:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
            "Cache-Control": "no-store"}
