"""The bureau portal (``/bureau/``), the pages that read several apps (issue #10): the
dashboard of R-N1 with every open deadline, the member list with its certificate filter and the
member's file (timeline, core data, scope, contacts, documents, certificates, audits, findings,
complaints, suspensions, signals). The admission steps, scope and contacts stay in
``members.views.bureau``.

SPEC §1: the bureau (and the directeur) see everything, so every member is in reach; an unknown
id is a 404.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.selectors import audits_for_member
from audits.services import combined_audit_blockers
from certificates.models import Certificate
from certificates.selectors import (
    certificates_expiring,
    members_without_valid_certificate,
    register_status,
)
from complaints.selectors import complaints_for_bureau, complaints_past_deadline
from core.access import get_for_user_or_404, portal_view
from core.dates import today as current_day
from core.exports import Column, export_or_none
from core.flags import flag_resolve_by_hand
from core.forms import posted
from core.models import Flag
from core.pagination import paginate
from core.timeline import member_timeline
from findings.models import Finding
from findings.selectors import finding_label
from members import services
from members.models import APPLICATION_STATES, CoreData
from members.selectors import applications_waiting
from members.views.bureau import get_member
from members.views.bureau_kit import action
from notifications.models import Notification, NotificationStatus
from overview.dashboard import bureau_deadlines, urgency_counts
from overview.filters import BureauMemberFilter
from overview.forms import FlagResolveForm
from overview.selectors import members_for_bureau
from suspensions.selectors import appeals_pending, suspensions_for_member, suspensions_open

BLOCK_SIZE = 10

#: Where a deadline's object opens in the bureau portal.
TARGET_URLS = {
    "members.member": "bureau:member_detail",
    "members.admission": None,  # the member file
    "complaints.complaint": "bureau:complaint_detail",
    "certificates.postponement": "bureau:postponement_decide",
    "suspensions.suspension": "bureau:suspension_list",
    "audits.audit": "bureau:audit_detail",
    "audits.certificationbody": "bureau:body_detail",
}


def deadline_url(deadline) -> str:
    """The page of the object a deadline is about; the member's file when there is none."""
    if deadline.target:
        label, pk = deadline.target
        name = TARGET_URLS.get(label)
        if name == "bureau:suspension_list":
            return reverse(name) + f"#schorsing-{pk}"
        if name:
            return reverse(name, kwargs={"pk": pk})
    if deadline.member_id:
        return reverse("bureau:member_detail", kwargs={"pk": deadline.member_id})
    return ""


# --- R-N1 dashboard ---------------------------------------------------------------------------


def _block(queryset, size=BLOCK_SIZE):
    return {"count": queryset.count(), "rows": list(queryset[:size])}


@portal_view("bureau")
def home(request):
    """R-N1: what waits for the bureau, at a glance; each block with its count and links."""
    today = current_day()
    deadlines = bureau_deadlines(today=today)
    return render(request, "members/bureau/home.html", {
        "today": today,
        "applications": _block(applications_waiting()),
        "expiring": _block(certificates_expiring(today=today, months=7, planned=False)),
        "without_certificate": _block(members_without_valid_certificate(today=today)),
        "suspensions": _block(suspensions_open()),
        "appeals": _block(appeals_pending()),
        "late_complaints": _block(complaints_past_deadline(today=today)),
        "deadlines": [(d, d.urgency(today), deadline_url(d)) for d in deadlines[:20]],
        "deadline_count": len(deadlines),
        "urgency": urgency_counts(deadlines, today=today),
        "outbox_failed": Notification.objects.filter(status=NotificationStatus.FAILED).count(),
    })


@portal_view("bureau")
def deadline_list(request):
    """R-N1: every open deadline by urgency, with its rule id and a link."""
    today = current_day()
    deadlines = bureau_deadlines(today=today)
    urgency = request.GET.get("urgentie", "")
    if urgency:
        deadlines = [d for d in deadlines if d.urgency(today) == urgency]
    page = paginate(request, deadlines)
    return render(request, "members/bureau/deadline_list.html", {
        "today": today, "page": page, "urgency": urgency,
        "rows": [(d, d.urgency(today), deadline_url(d)) for d in page],
    })


# --- members ----------------------------------------------------------------------------------


def _valid_certificate(member):
    return member.valid_certificates[0] if member.valid_certificates else None


def _certificate_field(name):
    def read(member):
        certificate = _valid_certificate(member)
        return getattr(certificate, name) if certificate is not None else None
    return read


#: The bureau's member list as a file (issue #11), the columns of the page.
MEMBER_COLUMNS = [
    Column(gettext_lazy("Naam"), lambda m: m.name),
    Column(gettext_lazy("Lidnummer"), lambda m: m.member_number),
    Column(gettext_lazy("Plaats"), lambda m: m.city),
    Column(gettext_lazy("Status"), lambda m: m.get_state_display()),
    Column(gettext_lazy("Lid sinds"), lambda m: m.member_since),
    Column(gettext_lazy("Geldig certificaat"), _certificate_field("number")),
    Column(gettext_lazy("Geldig tot en met"), _certificate_field("valid_until")),
    Column(gettext_lazy("Certificerende instelling"),
           lambda m: _valid_certificate(m).body.name if _valid_certificate(m) else None),
    Column(gettext_lazy("Scope"), lambda m: ", ".join(str(item.number) for item in m.scope.all())),
]


@portal_view("bureau")
def member_list(request):
    """Members and applicants: search, filters (state, scope item, body, certificate) and
    pages of 25; the valid certificate of each member shown (R-M3)."""
    today = current_day()
    filters = BureauMemberFilter(request.GET or None, queryset=members_for_bureau(today=today),
                                 today=today)
    export = export_or_none(request, rows=filters.qs, columns=MEMBER_COLUMNS, name="leden")
    if export is not None:
        return export
    return render(request, "members/bureau/member_list.html", {
        "form": filters.form, "page": paginate(request, filters.qs), "today": today,
    })


@portal_view("bureau")
def member_detail(request, pk):
    """The member's file: status, timeline (past events and deadlines with their rules), core
    data (R-M6), scope (R-M5), contacts, documents, certificates, audits, findings, complaints,
    suspensions and open signals; the admission steps for an applicant (R-M1)."""
    member = get_member(request, pk)
    today = current_day()
    findings = (Finding.objects.filter(member=member)
                .select_related("norm", "audit", "audit__body")
                .prefetch_related("kind_changes__audit", "plans", "investigations")
                .order_by("status", "norm__area__number", "norm__position", "pk"))
    admission = getattr(member, "admission", None)
    return render(request, "members/bureau/member_detail.html", {
        "member": member,
        "today": today,
        "admission": admission,
        "is_applicant": member.state in APPLICATION_STATES,
        # actions their services would refuse now show why instead of a live link.
        "combined_blockers": combined_audit_blockers(member) if member.is_member else [],
        "can_resign": not services.resignation_blockers(member),
        "missing": services.application_missing(member)
        if member.state in APPLICATION_STATES else [],
        "timeline": member_timeline(member=member, today=today),
        "core_rows": _core_rows(CoreData.objects.filter(member=member,
                                                        audit__isnull=True).first()),
        "scope": list(member.scope.order_by("number")),
        "contacts": list(member.contacts.select_related("user")),
        "documents": list(member.documents.select_related("uploaded_by")),
        "certificates": list(Certificate.objects.filter(member=member)
                             .select_related("body").prefetch_related("postponements")
                             .order_by("-valid_from")),
        "register_status": register_status(member=member, today=today),
        "audits": list(audits_for_member(member=member)),
        "findings": [(f, finding_label(f)) for f in findings],
        "complaints": list(complaints_for_bureau(member=member)),
        "suspensions": list(suspensions_for_member(member=member)),
        "flags": list(Flag.objects.open().filter(member=member).order_by("due_on",
                                                                           "raised_on")),
        "resolved_flags": list(Flag.objects.filter(member=member, resolved_on__isnull=False)
                               .select_related("resolved_by").order_by("-resolved_on",
                                                                       "-pk")[:10]),
    })


@portal_view("bureau")
def flag_resolve(request, pk):
    """R-N1: the bureau resolves an open signal by hand, with the reason; the history names
    who and why. A resolved signal is not raised again for the same situation; if the
    situation returns, a fresh signal is raised (issue #9)."""
    flag = get_for_user_or_404(Flag.objects.open().select_related("member"), request, pk=pk)
    back = (reverse("bureau:member_detail", kwargs={"pk": flag.member_id}) + "#signalen"
            if flag.member_id else reverse("bureau:home"))
    return action(
        request, form=FlagResolveForm(posted(request)), service=flag_resolve_by_hand,
        arguments=lambda data: {"flag": flag, "reason": data["reason"]},
        success=_("Het signaal is afgehandeld."), done=back,
        context={"title": _("Signaal afhandelen"), "subject": flag.member or "",
                 "back": back, "rules": ["R-N1", flag.rule_id],
                 "intro": flag.message_text, "submit": _("Signaal afhandelen")})


def _core_rows(core_data):
    """R-M6: the current kerngegevens as (label, value) rows; empty without core data."""
    if core_data is None:
        return []
    return [(CoreData._meta.get_field(name).verbose_name, getattr(core_data, name))
            for name in CoreData.SNAPSHOT_FIELDS]
