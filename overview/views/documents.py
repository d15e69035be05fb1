"""The download of a stored document (``core.models.Document``). Who may open which document
reads the audits app (concept reports, R-U2), so the view lives here (issue #10)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from audits.selectors import documents_for_user
from core.access import get_for_user_or_404


@login_required
def document_download(request, pk):
    """Serve a stored document to those who may see it (R-A1); others get 404. Always as an
    attachment with a sanitised name and the type read from its content at upload."""
    document = get_for_user_or_404(documents_for_user(user=request.user), request, pk=pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name, content_type=document.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
