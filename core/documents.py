"""Storing documents. Files get a random name outside every public URL; the original name is
kept only as sanitised text (R-A2)."""

import re
import unicodedata

from django.core.files.base import ContentFile

from .models import Document

_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def sanitise_filename(name: str) -> str:
    """A display-only version of an uploaded name: no paths, no control characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    return (name or "document")[:200]


def document_store(*, content: bytes, name: str, mime_type: str, actor, member=None,
                   title: str = "") -> Document:
    """Store ``content`` as a new :class:`Document` with its SHA-256."""
    document = Document(
        original_name=sanitise_filename(name),
        mime_type=mime_type,
        size=len(content),
        sha256=Document.digest(content),
        title=title,
        member=member,
        uploaded_by=actor,
    )
    document.file.save("upload", ContentFile(content), save=False)
    document._history_user = actor
    document.save()
    return document
