"""The bureau's import of the existing register (issue #12): upload, column mapping when the
headers differ from the template, a preview of what every row creates or changes and every
error, then the confirmation that writes the whole file (all or nothing)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import portal_view
from core.forms import posted

from ..forms import ImportMappingForm, ImportUploadForm
from ..imports import engine, schema
from ..imports.reader import FileError, ImportFile
from ..imports.report import PREVIEW_ROWS, missing_columns, resolve_mapping

SESSION_KEY = "register_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pending(request):
    """The uploaded file of this session's import, or None."""
    state = request.session.get(SESSION_KEY)
    if not state:
        return None, None
    path = _folder() / state["token"]
    if not path.exists():
        request.session.pop(SESSION_KEY, None)
        return None, None
    return state, ImportFile(path, name=state["name"], csv_sheet=state.get("sheet") or None)


def _forget(request):
    state = request.session.pop(SESSION_KEY, None)
    if state:
        (_folder() / state["token"]).unlink(missing_ok=True)


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
        path = _folder() / token
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
            mapping = resolve_mapping(sources, None)
            if missing_columns(sources, mapping):
                return redirect("bureau:import_mapping")
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
        request.session[SESSION_KEY] = state
        return redirect("bureau:import_preview")
    return render(request, "api/import/mapping.html", {
        "form": form, "file_name": state["name"]},
        status=400 if request.method == "POST" else 200)


def _check(request, import_file, state, *, write=False):
    try:
        return engine.run(import_file, actor=request.user, mapping=state.get("mapping"),
                          write=write), None
    except FileError as error:
        return None, str(error)


@portal_view("bureau")
def import_preview(request):
    """Per row what will be created or changed, and every error with row, column, reason."""
    state, import_file = _pending(request)
    if import_file is None:
        return redirect("bureau:import_start")
    report, file_error = _check(request, import_file, state)
    if report is not None and report.missing_columns:
        return redirect("bureau:import_mapping")
    return render(request, "api/import/preview.html", {
        "report": report, "file_error": file_error, "file_name": state["name"],
        "preview_rows": PREVIEW_ROWS})


@portal_view("bureau")
@require_POST
def import_confirm(request):
    """Write the whole file in one transaction, or nothing."""
    state, import_file = _pending(request)
    if import_file is None:
        return redirect("bureau:import_start")
    report, file_error = _check(request, import_file, state, write=True)
    if report is None or not report.written:
        messages.error(request, _("Er is niets opgeslagen: het bestand bevat fouten."))
        return render(request, "api/import/preview.html", {
            "report": report, "file_error": file_error, "file_name": state["name"],
            "preview_rows": PREVIEW_ROWS}, status=400)
    _forget(request)
    messages.success(request, _("%(file)s is geïmporteerd: %(n)s rijen verwerkt.") % {
        "file": state["name"], "n": report.total_rows})
    return render(request, "api/import/done.html", {"report": report,
                                                    "file_name": state["name"]})


@portal_view("bureau")
@require_POST
def import_cancel(request):
    _forget(request)
    return redirect("bureau:import_start")
