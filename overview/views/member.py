"""The member portal's pages that read several apps (issue #10): the home page with state,
certificate, register status, open findings, deadlines and timeline; and the documents
against the appendix-3 checklist of the audits app. The rest of the portal lives with the app
that owns each part (``members.views.member``, ``audits.views.member``, …)."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audits.models import Audit, AuditKind, AuditState, DocumentRequirement
from audits.selectors import member_documents
from audits.views.member import audit_kind_for
from certificates.selectors import register_status, valid_certificate
from core import dates
from core.pagination import paginate
from core.timeline import member_timeline
from core.uploads import store_upload
from findings.selectors import open_findings_for_member
from findings.views.member import finding_rows
from members.models import APPLICATION_STATES, MemberState
from members.portal import member_portal_view
from members.services import application_missing
from overview.selectors import register_members

from ..forms import DocumentUploadForm

# --- home -------------------------------------------------------------------------------------

#: Months before the certificate ends in which the member should have chosen the body for its
#: recertification (the first reminder of R-Z6 comes seven months ahead).
RECERTIFICATION_LEAD_MONTHS = 7
_OPEN_AUDIT_EXCLUDED = (AuditState.DECIDED, AuditState.CANCELLED)


@dataclass(frozen=True)
class NextStep:
    """Something the member has to do now, in its words, with the page where it does it."""

    text: str
    url: str
    link: str


def next_steps(*, member, certificate, finding_rows, missing, today) -> list[NextStep]:
    """What the member has to do next, most pressing first: complete its application, choose a
    certification body when an audit is due and none is running, submit a plan of approach."""
    steps: list[NextStep] = []
    if member.state in APPLICATION_STATES and member.state != MemberState.ADMISSION_AUDIT:
        if missing:
            steps.append(NextStep(_("Vul uw aanmelding aan."), reverse("member:core_data"),
                                  _("Kerngegevens")))
    running = Audit.objects.filter(member=member).exclude(
        state__in=_OPEN_AUDIT_EXCLUDED).exists()
    kind = audit_kind_for(member)
    if kind and not running:
        due = (member.state != MemberState.MEMBER or certificate is None
               or certificate.valid_until <= dates.add_months(today, RECERTIFICATION_LEAD_MONTHS))
        if due:
            steps.append(NextStep(
                _("Kies een certificerende instelling voor uw %(audit)s.")
                % {"audit": str(AuditKind(kind).label).lower()},
                reverse("member:choose_body"), _("Instelling kiezen")))
    plans_due = [row for row in finding_rows if row.can_submit_plan]
    if plans_due:
        steps.append(NextStep(
            ngettext("Dien een plan van aanpak in voor %(n)d afwijking.",
                     "Dien een plan van aanpak in voor %(n)d afwijkingen.", len(plans_due))
            % {"n": len(plans_due)}, reverse("member:plans"), _("Plannen van aanpak")))
    return steps



@member_portal_view
def home(request):
    """The member's own page: its state, its certificate and how the register shows it, open
    findings with their deadlines (R-F3/R-F5), upcoming deadlines and the timeline."""
    member = request.member
    today = dates.today()
    timeline = member_timeline(member=member, today=today)
    deadlines = [e for e in timeline if e.is_deadline and e.on >= today]
    events = [e for e in reversed(timeline) if not (e.is_deadline and e.on >= today)]
    findings = open_findings_for_member(member=member).select_related("audit__body")
    applying = member.state in APPLICATION_STATES
    certificate = valid_certificate(member=member, today=today)
    rows = finding_rows(findings, today=today)
    missing = application_missing(member) if applying else []
    return render(request, "members/member/home.html", {
        "member": member,
        "section": "home",
        "today": today,
        "certificate": certificate,
        "status": register_status(member=member, today=today),
        "listed": register_members(today=today).filter(pk=member.pk).exists(),
        "finding_rows": rows,
        "next_steps": next_steps(member=member, certificate=certificate, finding_rows=rows,
                                 missing=missing, today=today),
        "deadlines": deadlines,
        "events": events,
        "applying": applying,
        "missing": missing,
        "paused": member.state == MemberState.PAUSED,
        "suspended": member.state == MemberState.SUSPENDED,
    })


# --- documents (appendix 3) -------------------------------------------------------------------


@member_portal_view
def documents(request):
    """R-U2 preparation: the documents of appendix 3 the body may ask for, with what the member
    delivered against each, an upload form, and every document of the member (25 a page) with
    its download link. A constant number of queries, whatever the number of documents."""
    member = request.member
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            requirement = form.cleaned_data["requirement"]
            store_upload(form.cleaned_data["file"], actor=request.user, member=member,
                         title=requirement.title)
            messages.success(request, _("Het document is opgeslagen bij ‘%(title)s’.")
                             % {"title": requirement.title})
            return redirect("member:documents")
        status = 400
    all_documents = member_documents(member=member, user=request.user)
    delivered: dict[str, list] = {}
    for document in all_documents:
        delivered.setdefault(document.title, []).append(document)
    checklist = [(requirement, delivered.get(requirement.title, []))
                 for requirement in DocumentRequirement.objects.order_by("number")]
    page = paginate(request, all_documents)
    return render(request, "members/member/documents.html", {
        "member": member, "form": form, "checklist": checklist, "page": page,
        "delivered_count": sum(1 for _r, docs in checklist if docs), "section": "documents",
    }, status=status)
