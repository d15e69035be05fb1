"""The bureau's import of the existing register (issue #12): upload, column mapping when the
headers differ from the template, a preview of what every row creates or changes and every
error, then the confirmation that writes the whole file (all or nothing). The check and the
import run as a job (``api.imports.jobs``, in the worker); the page shows its progress — the
sheet and the rows done — and reloads until it is done."""

import uuid
from pathlib import Path

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import portal_view
from core.forms import posted

from ..forms import ImportMappingForm, ImportUploadForm
from ..imports import jobs, schema
from ..imports.reader import FileError, ImportFile
from ..imports.report import PREVIEW_ROWS, missing_columns, resolve_mapping
from ..tasks import register_import

SESSION_KEY = "register_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pending(request):
    """The session's upload and its file, or (None, None)."""
    state = request.session.get(SESSION_KEY)
    if not state:
        return None, None
    path = jobs.folder() / state["token"]
    if not path.exists():
        request.session.pop(SESSION_KEY, None)
        return None, None
    return state, ImportFile(path, name=state["name"], csv_sheet=state.get("sheet") or None)


def _forget(request):
    state = request.session.pop(SESSION_KEY, None)
    if state:
        (jobs.folder() / state["token"]).unlink(missing_ok=True)


def _start_job(request, state, *, write: bool) -> str:
    upload = {key: state.get(key) for key in ("token", "name", "sheet", "mapping")}
    job_id = jobs.job_create(upload=upload, user_id=request.user.pk, write=write)
    state["write_job" if write else "check_job"] = job_id
    request.session[SESSION_KEY] = state
    register_import.delay(job_id)
    return job_id


@portal_view("bureau")
def import_template(request):
    """The template: one sheet per kind with the Dutch headers and an example row."""
    response = HttpResponse(schema.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="nvvk-import-sjabloon.xlsx"'
    return response


@portal_view("bureau")
def import_start(request):
    form = ImportUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget(request)
        upload = form.cleaned_data["file"]
        token = uuid.uuid4().hex + Path(upload.name).suffix.lower()
        path = jobs.folder() / token
        with open(path, "wb") as handle:
            for block in upload.chunks():
                handle.write(block)
        state = {"token": token, "name": Path(upload.name).name,
                 "sheet": form.cleaned_data["sheet"], "mapping": {}}
        try:
            import_file = ImportFile(path, name=state["name"], csv_sheet=state["sheet"] or None)
            sources = import_file.sources()
        except FileError as error:
            path.unlink(missing_ok=True)
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = state
            if missing_columns(sources, resolve_mapping(sources, None)):
                return redirect("bureau:import_mapping")
            _start_job(request, state, write=False)
            return redirect("bureau:import_preview")
    status = 400 if request.method == "POST" else 200
    return render(request, "api/import/start.html", {
        "form": form, "sheets": schema.SHEETS}, status=status)


@portal_view("bureau")
def import_mapping(request):
    """Which header of the file holds which column of the template, per sheet."""
    state, import_file = _pending(request)
    if import_file is None:
        return redirect("bureau:import_start")
    sources = import_file.sources()
    mapping = resolve_mapping(sources, state.get("mapping"))
    form = ImportMappingForm(posted(request), sources=sources, mapping=mapping)
    if request.method == "POST" and form.is_valid():
        state["mapping"] = form.mapping()
        _start_job(request, state, write=False)
        return redirect("bureau:import_preview")
    return render(request, "api/import/mapping.html", {
        "form": form, "file_name": state["name"]},
        status=400 if request.method == "POST" else 200)


def _progress_page(request, job, state, title):
    return render(request, "api/import/progress.html", {
        "job": job, "file_name": state["name"], "title": title})


@portal_view("bureau")
def import_preview(request):
    """Per row what will be created or changed, and every error with row, column, reason."""
    state, import_file = _pending(request)
    if import_file is None:
        return redirect("bureau:import_start")
    job = jobs.job_state(state.get("check_job"))
    if job is None:
        _start_job(request, state, write=False)
        return redirect("bureau:import_preview")
    if job["status"] in (jobs.QUEUED, jobs.RUNNING):
        return _progress_page(request, job, state, _("Het bestand wordt gecontroleerd"))
    report = jobs.job_report(job)
    if report is not None and report.missing_columns:
        return redirect("bureau:import_mapping")
    return render(request, "api/import/preview.html", {
        "report": report, "file_error": job["error"], "file_name": state["name"],
        "preview_rows": PREVIEW_ROWS})


@portal_view("bureau")
@require_POST
def import_confirm(request):
    """Write the whole file in one transaction, or nothing (in the worker)."""
    state, import_file = _pending(request)
    if import_file is None:
        return redirect("bureau:import_start")
    _start_job(request, state, write=True)
    return redirect("bureau:import_result")


@portal_view("bureau")
def import_result(request):
    state = request.session.get(SESSION_KEY) or {}
    job = jobs.job_state(state.get("write_job"))
    if job is None:
        return redirect("bureau:import_start")
    if job["status"] in (jobs.QUEUED, jobs.RUNNING):
        return _progress_page(request, job, state, _("Het bestand wordt geïmporteerd"))
    report = jobs.job_report(job)
    if report is None or not report.written:
        messages.error(request, _("Er is niets opgeslagen: het bestand bevat fouten."))
        return render(request, "api/import/preview.html", {
            "report": report, "file_error": job["error"], "file_name": state["name"],
            "preview_rows": PREVIEW_ROWS}, status=400)
    _forget(request)
    return render(request, "api/import/done.html", {"report": report,
                                                    "file_name": state["name"]})


@portal_view("bureau")
@require_POST
def import_cancel(request):
    _forget(request)
    return redirect("bureau:import_start")
