"""Reads for core objects, filtered per user (R-A1)."""

from django.db.models import Q

from .models import Document, Role


def documents_for_user(*, user):
    """Documents ``user`` may open: the bureau, director and board all; a member contact those
    of its own organisation; an auditor those of members its body audits (R-A1, R-A2)."""
    documents = Document.objects.all()
    if user.has_role(Role.BUREAU, Role.DIRECTOR, Role.BOARD):
        return documents
    allowed = Q(pk__in=[])
    if user.has_role(Role.MEMBER_CONTACT):
        allowed |= Q(member__contacts__user=user)
    if user.has_role(Role.AUDITOR) and getattr(user, "auditor", None):
        allowed |= Q(member__audits__body_id=user.auditor.body_id)
    return documents.filter(allowed).distinct()
