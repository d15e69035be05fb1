"""The download of a stored document (``core.models.Document``). Who may open which document
is decided once, by the document policy :func:`core.documents.documents_for` that every app
fills with the rules of its own kinds of document (issue #8); the portal pages that list
documents ask the same policy."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from core.access import get_for_user_or_404
from core.documents import documents_for


@login_required
def document_download(request, pk):
    """Serve a stored document to those the document policy lets open it (SPEC §1, R-A1);
    anyone else gets a logged 404. Always as an attachment with a sanitised name and the type
    read from its content at upload."""
    document = get_for_user_or_404(documents_for(user=request.user), request, pk=pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name, content_type=document.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
