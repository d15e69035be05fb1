"""Uploaded files: type checked by content (libmagic), not by name; size limited; stored
outside every public URL through :func:`core.documents.document_store`."""

import magic
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .documents import document_store

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

REPORT_TYPES = {PDF: "PDF"}
DOCUMENT_TYPES = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", ODT: "ODT"}


def sniff(content: bytes) -> str:
    """The MIME type libmagic reads from the first bytes."""
    return magic.from_buffer(content[:8192], mime=True)


class UploadField(forms.FileField):
    """A file field that accepts only ``allowed`` types (by content) up to
    ``settings.UPLOAD_MAX_BYTES``; ``cleaned_data`` holds ``(content, name, mime_type)``."""

    default_error_messages = {
        "type": gettext_lazy("Dit bestandstype is niet toegestaan. Toegestaan: %(allowed)s."),
        "size": gettext_lazy("Het bestand is te groot (maximaal %(limit)s MB)."),
    }

    def __init__(self, *args, allowed=None, **kwargs):
        self.allowed = allowed or DOCUMENT_TYPES
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(self.error_messages["size"], code="size",
                                        params={"limit": limit // (1024 * 1024)})
        content = upload.read()
        mime_type = sniff(content)
        if mime_type not in self.allowed:
            raise forms.ValidationError(self.error_messages["type"], code="type",
                                        params={"allowed": ", ".join(self.allowed.values())})
        return content, upload.name, mime_type


def store_upload(cleaned, *, actor, member=None, title=""):
    """Store a cleaned :class:`UploadField` value as a Document."""
    content, name, mime_type = cleaned
    return document_store(content=content, name=name, mime_type=mime_type, actor=actor,
                          member=member, title=title or _("Document"))
