"""The link every e-mail carries to the object it concerns (issue #18), following SITE_URL.

A producer may name the page itself (``context["url"]``, a path or an absolute address);
otherwise the link follows from the message's audience and the first object of its context
that has a page in that audience's portal: an audit or a finding opens the audit, a complaint
the complaint, a certificate its public page, anything about a member the member (its own
portal for its contacts). This
module knows no domain app (issue #10): it reads model labels and resolves URL names only.
"""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse

from core.models import Role

#: ``(model label, attribute naming the audit's id)`` whose page is their audit.
_AUDIT_OF = {"audits.audit": "pk", "findings.finding": "audit_id",
             "audits.auditreport": "audit_id"}

#: Per audience: the URL name of an audit's page, a complaint's page, a member's page, home.
_PAGES = {
    "member": ("member:audit_detail", None, None, "member:home"),
    "auditor": ("auditor:audit_detail", None, None, "auditor:home"),
    "bureau": ("bureau:audit_detail", "bureau:complaint_detail", "bureau:member_detail",
               "bureau:home"),
    "director": (None, None, "director:member", "director:home"),
    "board": (None, None, None, "board:home"),
}

#: Which portal a user reaches when the message names no audience.
_ROLE_AUDIENCE = [(Role.BUREAU, "bureau"), (Role.DIRECTOR, "director"),
                  (Role.BOARD, "board"), (Role.AUDITOR, "auditor"),
                  (Role.MEMBER_CONTACT, "member")]


def _reverse(name, *args) -> str:
    if not name:
        return ""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _audience(audience, user) -> str:
    if audience:
        return audience
    if user is not None:
        for role, name in _ROLE_AUDIENCE:
            if user.has_role(role):
                return name
    return ""


def _path(context: dict, audience: str, member) -> str:
    audit_page, complaint_page, member_page, home = _PAGES.get(audience, (None,) * 4)
    for value in context.values():
        if not isinstance(value, models.Model):
            continue
        label = value._meta.label_lower
        audit_id = getattr(value, _AUDIT_OF[label]) if label in _AUDIT_OF else None
        if audit_id and (path := _reverse(audit_page, audit_id)):
            return path
        if (label == "certificates.certificate" and audience not in {"bureau", "director"}
                and (path := _reverse("public:certificate_verify", value.number))):
            return path  # the certificate's own page, which anyone may open
        if label == "complaints.complaint" and (path := _reverse(complaint_page, value.pk)):
            return path
        member_id = value.pk if label == "members.member" else getattr(value, "member_id", None)
        if member_id and (path := _reverse(member_page, member_id)):
            return path
    if member is not None and (path := _reverse(member_page, member.pk)):
        return path
    if home:
        return _reverse(home)
    return _reverse("public:home") or "/"


def object_url(*, context: dict, audience: str = "", user=None, member=None) -> str:
    """The absolute address of the page of the object a message concerns."""
    url = context.get("url") or _path(context, _audience(audience, user), member)
    return url if "://" in url else settings.SITE_URL + url
