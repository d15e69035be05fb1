"""Storing documents and the one policy of who may open them.

Files get a random name outside every public URL; the original name is kept only as sanitised
text (R-A2). Who may open a document is decided by :func:`documents_for`, filled by the apps
(issue #8, below)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models import Q, QuerySet

from .models import Document, Role

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


# --- who may open a document: the document policy (issue #8, SPEC §1, R-A1) -----------------
#
# One place decides who may open a stored document: :func:`documents_for`. The download view
# (``overview.views.documents``) and the portal pages that list documents both ask it. The
# ground floor knows no app: each app registers, from its ``AppConfig.ready()``, the kinds of
# document it attaches (an audit report, a plan of approach, …) with the rule that says who may
# open one of them; a document of several kinds (a definitive report a decision rests on) may
# be opened by whoever one of its kinds allows.


@dataclass(frozen=True)
class DocumentKind:
    """A kind of stored document and who may open one.

    ``documents()`` gives the ids of the documents of this kind (``None`` for the *residual*
    kind: the documents of a member that no other kind claims, i.e. what the member itself
    delivered). ``readable(user)`` gives a ``Q`` on :class:`Document` that selects, among the
    documents of this kind, those ``user`` may open, or ``None`` when the user has no part in
    this kind at all. The bureau and the directeur see everything (SPEC §1) and are not
    asked."""

    key: str
    rule_id: str
    label: str
    readable: Callable
    documents: Callable | None = None

    @property
    def residual(self) -> bool:
        return self.documents is None


_KINDS: dict[str, DocumentKind] = {}

#: SPEC §1: the bureau and the directeur see everything, every document included.
SEES_EVERY_DOCUMENT = (Role.BUREAU, Role.DIRECTOR)


def any_of(*grants: Q | None) -> Q | None:
    """The union of the ``Q`` grants that are not ``None`` (``None`` when there is none)."""
    allowed = None
    for grant in grants:
        if grant is not None:
            allowed = grant if allowed is None else allowed | grant
    return allowed


def document_kind(key: str, *, rule_id: str, label, documents: Callable | None = None):
    """Register the decorated ``readable(user)`` as the rule of document kind
    ``key``; ``documents()`` gives the ids of the documents of the kind (omit it for the one
    residual kind, the member's own documents)."""

    def register(readable: Callable):
        existing = _KINDS.get(key)
        if existing is not None and existing.readable is not readable:
            raise ValueError(f"document kind {key} is registered twice")
        if documents is None and any(k.residual for k in _KINDS.values() if k.key != key):
            raise ValueError(f"document kind {key}: there is one residual kind only")
        _KINDS[key] = DocumentKind(key=key, rule_id=rule_id, label=label, readable=readable,
                                   documents=documents)
        return readable

    return register


def document_kinds() -> list[DocumentKind]:
    """Every registered kind, by key."""
    return [_KINDS[key] for key in sorted(_KINDS)]


def documents_of_kind(key: str) -> QuerySet[Document]:
    """The stored documents of kind ``key``. The residual kind holds the documents of a
    member that no other kind claims."""
    kind = _KINDS[key]
    if not kind.residual:
        return Document.objects.filter(pk__in=kind.documents())
    documents = Document.objects.filter(member__isnull=False)
    for other in _KINDS.values():
        if not other.residual:
            # Through Document, so a NULL id in the other kind's list cannot empty NOT IN.
            documents = documents.exclude(
                pk__in=Document.objects.filter(pk__in=other.documents()).values("pk"))
    return documents


def kinds_of(document) -> list[str]:
    """The keys of the kinds ``document`` is of (for pages and tests that explain a
    refusal)."""
    return [kind.key for kind in document_kinds()
            if documents_of_kind(kind.key).filter(pk=document.pk).exists()]


def documents_for(*, user) -> QuerySet[Document]:
    """The documents ``user`` may open (SPEC §1, R-A1): everything for the bureau and the
    directeur; for anyone else the union of what each registered kind allows them; nothing for
    anonymous or a deactivated account."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Document.objects.none()
    if user.has_role(*SEES_EVERY_DOCUMENT):
        return Document.objects.all()
    allowed = Q(pk__in=[])
    for kind in document_kinds():
        grant = kind.readable(user)
        if grant is not None:
            allowed |= Q(pk__in=documents_of_kind(kind.key).filter(grant).values("pk"))
    return Document.objects.filter(allowed)


def may_open(*, user, document) -> bool:
    """Whether ``user`` may open ``document`` (:func:`documents_for`)."""
    return documents_for(user=user).filter(pk=document.pk).exists()
