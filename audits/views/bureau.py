"""The bureau portal, audits part: certification bodies with their contracts, accreditation and
yearly evaluations (R-C1); auditors with their confidentiality declarations and declared
involvements (R-C3 — the bureau sees them; R-A2 keeps them off public pages only); the audit
list; and the proposals to change the norms (R-N4). The pages that read findings or
complaints too (a body's page, an audit's page, imposing an interim audit, the audit-quality
figures of R-N3) live in ``overview.views.bureau_audits`` (issue #10).

Views are thin: selectors read, ``audits.services`` change, a refusal shows its rule (R-0.5).
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audits import services
from audits.models import (
    Audit,
    Auditor,
    CertificationBody,
    NormChangeProposal,
    NormProposalState,
)
from audits.selectors import (
    auditors_for_bureau,
    audits_for_bureau,
    bodies_for_bureau,
    norm_proposals,
)
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.accounts import person_status
from core.exports import Column, export_or_none
from core.forms import EmptyForm, posted
from core.pagination import paginate
from core.portal import run_service
from members.selectors import members_for_user
from members.views.bureau_kit import action

from ..filters import AuditorFilter, BureauAuditFilter, ProposalFilter
from ..forms import (
    AccreditationForm,
    AuditorForm,
    BodyEvaluationForm,
    BodyForm,
    CombinedSwnAuditForm,
    ConfidentialityForm,
    ContractForm,
    InvolvementForm,
    ProposalDecideForm,
    ProposalForm,
    RecognitionForm,
)


def get_body(request, pk) -> CertificationBody:
    return get_for_user_or_404(CertificationBody.objects.all(), request, pk=pk)


def get_auditor(request, pk) -> Auditor:
    return get_for_user_or_404(auditors_for_bureau(), request, pk=pk)


def body_url(body) -> str:
    return reverse("bureau:body_detail", kwargs={"pk": body.pk})


# --- R-C1 certification bodies ----------------------------------------------------------------


@portal_view("bureau")
def body_list(request):
    """R-C1: the bodies with recognition, the contract in force, accreditation, the latest
    yearly evaluation and the number of active auditors."""
    today = dates.today()
    bodies = bodies_for_bureau(today=today)
    return render(request, "audits/bureau/body_list.html", {
        "page": paginate(request, bodies), "today": today,
    })


@portal_view("bureau")
def body_register(request):
    """R-C1: register a certification body (recognised now or later)."""
    back = reverse("bureau:body_list")
    return action(
        request, form=BodyForm(posted(request)), service=services.body_register,
        arguments=lambda data: data, success=_("De instelling is geregistreerd."),
        done=body_url,
        context={"title": _("Certificerende instelling registreren"), "back": back,
                 "rules": ["R-C1"], "submit": _("Registreren")})


@portal_view("bureau")
def body_recognition(request, pk):
    """R-C1: recognise a body, or withdraw its recognition (no new audits then)."""
    body = get_body(request, pk)
    return action(
        request, form=RecognitionForm(posted(request),
                                      initial={"recognised": body.recognised}),
        service=services.body_set_recognition,
        arguments=lambda data: {"body": body, **data},
        success=_("De erkenning is vastgelegd."), done=body_url(body),
        context={"title": _("Erkenning"), "subject": body, "back": body_url(body),
                 "rules": ["R-C1"], "submit": _("Opslaan")})


@portal_view("bureau")
def body_contract(request, pk):
    """R-C1: the contract with start and end date; contracts of one body do not overlap."""
    body = get_body(request, pk)
    return action(
        request, form=ContractForm(posted(request)), service=services.body_record_contract,
        arguments=lambda data: {"body": body, **data},
        success=_("Het contract is vastgelegd."), done=body_url(body),
        context={"title": _("Contract vastleggen"), "subject": body, "back": body_url(body),
                 "rules": ["R-C1"], "submit": _("Vastleggen")})


@portal_view("bureau")
def body_accreditation(request, pk):
    """R-C1: accreditation by the Raad voor Accreditatie (preferred, not required)."""
    body = get_body(request, pk)
    form = AccreditationForm(posted(request), initial={
        "accredited": body.accredited, "reference": body.accreditation_reference})
    return action(
        request, form=form, service=services.body_record_accreditation,
        arguments=lambda data: {"body": body, **data},
        success=_("De accreditatie is vastgelegd."), done=body_url(body),
        context={"title": _("Accreditatie"), "subject": body, "back": body_url(body),
                 "rules": ["R-C1"], "submit": _("Opslaan")})


@portal_view("bureau")
def body_evaluation(request, pk):
    """R-C1 (with R-K4, R-N3): the yearly evaluation with the body, one per year."""
    body = get_body(request, pk)
    today = dates.today()
    return action(
        request, form=BodyEvaluationForm(posted(request),
                                     initial={"year": today.year, "held_on": today}),
        service=services.body_record_evaluation,
        arguments=lambda data: {"body": body, **data},
        success=_("De jaarlijkse evaluatie is vastgelegd."), done=body_url(body),
        context={"title": _("Jaarlijkse evaluatie"), "subject": body, "back": body_url(body),
                 "rules": ["R-C1", "R-N3"],
                 "intro": _("Gebruik de kwaliteitscijfers en de klachtenanalyse van deze "
                            "instelling als voorbereiding."),
                 "links": [(reverse("bureau:quality") + f"?instelling={body.pk}",
                            _("Kwaliteitscijfers")),
                           (reverse("bureau:complaint_analysis") + f"?instelling={body.pk}"
                            f"&van={today.year}-01-01&tot={today.isoformat()}",
                            _("Klachtenanalyse"))],
                 "submit": _("Vastleggen")})


# --- R-C3 auditors ----------------------------------------------------------------------------


@portal_view("bureau")
def auditor_list(request):
    """R-C3: every auditor with the confidentiality declaration and declared involvements."""
    filters = AuditorFilter(request.GET or None, queryset=auditors_for_bureau())
    return render(request, "audits/bureau/auditor_list.html", {
        "form": filters.form, "page": paginate(request, filters.qs),
    })


@portal_view("bureau")
def auditor_detail(request, pk):
    """R-C3: an auditor's declarations and the audits they worked on."""
    auditor = get_auditor(request, pk)
    audits = (Audit.objects.filter(lead_auditor=auditor) | Audit.objects.filter(
        second_auditor=auditor) | Audit.objects.filter(reviewer=auditor))
    return render(request, "audits/bureau/auditor_detail.html", {
        "auditor": auditor,
        "login_status": person_status(auditor.user) if auditor.user_id else None,
        "audits": list(audits.select_related("member", "body").distinct()
                       .order_by("-fieldwork_starts_on", "-pk")[:50]),
    })


@require_POST
@portal_view("bureau")
def auditor_invite(request, pk):
    """Issue #8: (re-)invite the auditor; the e-mailed link sets a password, the previous link
    stops working."""
    auditor = get_auditor(request, pk)
    run_service(request, services.auditor_invite, auditor=auditor,
                success=_("De uitnodiging is verstuurd naar %(email)s.") % {
                    "email": auditor.email})
    return redirect("bureau:auditor_detail", pk=auditor.pk)


@portal_view("bureau")
def auditor_register(request, pk):
    """Register an auditor of the body; the declaration follows (R-C3)."""
    body = get_body(request, pk)
    return action(
        request, form=AuditorForm(posted(request)), service=services.auditor_register,
        arguments=lambda data: {"body": body, **data},
        success=_("De auditor is geregistreerd."),
        done=lambda auditor: reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk}),
        context={"title": _("Auditor registreren"), "subject": body, "back": body_url(body),
                 "rules": ["R-C3"],
                 "intro": _("Een auditor kan pas worden ingezet na een getekende "
                            "geheimhoudingsverklaring."),
                 "submit": _("Registreren")})


@portal_view("bureau")
def auditor_confidentiality(request, pk):
    """R-C3: record the signed confidentiality declaration."""
    auditor = get_auditor(request, pk)
    back = reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk})
    return action(
        request, form=ConfidentialityForm(posted(request),
                                          initial={"signed_on": dates.today()}),
        service=services.auditor_record_confidentiality,
        arguments=lambda data: {"auditor": auditor, **data},
        success=_("De geheimhoudingsverklaring is vastgelegd."), done=back,
        context={"title": _("Geheimhoudingsverklaring"), "subject": auditor, "back": back,
                 "rules": ["R-C3"], "submit": _("Vastleggen")})


@portal_view("bureau")
def auditor_involvement(request, pk):
    """R-C3: a declared (advisory) work for, or interest in, a member, with its period."""
    auditor = get_auditor(request, pk)
    back = reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk})
    return action(
        request, form=InvolvementForm(posted(request)),
        service=services.auditor_declare_involvement,
        arguments=lambda data: {"auditor": auditor, **data},
        success=_("De betrokkenheid is vastgelegd."), done=back,
        context={"title": _("Eerdere betrokkenheid vastleggen"), "subject": auditor,
                 "back": back, "rules": ["R-C3"], "submit": _("Vastleggen")})


# --- audits -----------------------------------------------------------------------------------


#: The bureau's audit list as a file (issue #11).
AUDIT_COLUMNS = [
    Column(gettext_lazy("Lid"), lambda a: a.member.name),
    Column(gettext_lazy("Lidnummer"), lambda a: a.member.member_number),
    Column(gettext_lazy("Soort"), lambda a: a.get_kind_display()),
    Column(gettext_lazy("Aanleiding"), lambda a: a.get_trigger_display() if a.trigger else ""),
    Column(gettext_lazy("Instelling"), lambda a: a.body.name),
    Column(gettext_lazy("Op locatie van"), lambda a: a.fieldwork_starts_on),
    Column(gettext_lazy("Op locatie tot en met"), lambda a: a.fieldwork_ends_on),
    Column(gettext_lazy("Auditdagen"), lambda a: a.planned_days),
    Column(gettext_lazy("Leidend auditor"),
           lambda a: a.lead_auditor.name if a.lead_auditor else ""),
    Column(gettext_lazy("Tweede auditor"),
           lambda a: a.second_auditor.name if a.second_auditor else ""),
    Column(gettext_lazy("Stap"), lambda a: a.get_state_display()),
]


@portal_view("bureau")
def audit_list(request):
    """All audits, filtered by kind, step, body or member name; as CSV or XLSX."""
    filters = BureauAuditFilter(request.GET or None, queryset=audits_for_bureau())
    export = export_or_none(request, rows=filters.qs, columns=AUDIT_COLUMNS, name="audits")
    if export is not None:
        return export
    return render(request, "audits/bureau/audit_list.html", {
        "form": filters.form, "page": paginate(request, filters.qs),
    })


@portal_view("bureau")
def combined_audit_register(request, pk):
    """R-Z2: the member asked NVVK for a combined NVVK/SWN audit; the bureau registers it with
    the body the member chose (R-C1, R-C2). The directeur may then grant four years."""
    member = get_for_user_or_404(members_for_user(user=request.user), request, pk=pk)
    back = reverse("bureau:member_detail", kwargs={"pk": member.pk})
    return action(
        request, form=CombinedSwnAuditForm(posted(request)),
        service=services.audit_register_combined_swn,
        arguments=lambda data: {"member": member, "body": data["body"],
                                "development_levels": data["development_levels"],
                                "fieldwork_starts_on": data["fieldwork_starts_on"]},
        success=_("De gecombineerde NVVK/SWN-audit is geregistreerd; het lid is per e-mail "
                  "bericht."),
        done=lambda audit: reverse("bureau:audit_detail", kwargs={"pk": audit.pk}),
        context={"title": _("Gecombineerde NVVK/SWN-audit registreren"), "subject": member,
                 "back": back, "rules": ["R-Z2", "R-C1", "R-C2"],
                 "submit": _("Audit registreren")},
        blockers=lambda: services.combined_audit_blockers(member))


# --- R-N4 norm-change proposals ---------------------------------------------------------------


@portal_view("bureau")
def norm_proposal_list(request):
    """R-N4: the proposals to change the norms, collected and tracked."""
    filters = ProposalFilter(request.GET or None, queryset=norm_proposals())
    return render(request, "audits/bureau/norm_proposal_list.html", {
        "form": filters.form, "page": paginate(request, filters.qs),
    })


@portal_view("bureau")
def norm_proposal_new(request):
    """R-N4: collect a proposal to change a norm (or the framework)."""
    back = reverse("bureau:norm_proposal_list")
    return action(
        request, form=ProposalForm(posted(request)), service=services.norm_proposal_submit,
        arguments=lambda data: data, success=_("Het voorstel is ingediend."),
        done=lambda proposal: reverse("bureau:norm_proposal_detail",
                                      kwargs={"pk": proposal.pk}),
        context={"title": _("Voorstel tot normwijziging"), "back": back, "rules": ["R-N4"],
                 "submit": _("Indienen")})


def get_proposal(request, pk) -> NormChangeProposal:
    return get_for_user_or_404(norm_proposals(), request, pk=pk)


@portal_view("bureau")
def norm_proposal_detail(request, pk):
    """R-N4: one proposal with its history."""
    proposal = get_proposal(request, pk)
    history = list(proposal.history.select_related("history_user")
                   .order_by("history_date", "history_id"))
    return render(request, "audits/bureau/norm_proposal_detail.html", {
        "proposal": proposal, "history": history,
        "can_review": proposal.state == NormProposalState.PROPOSED,
        "can_decide": proposal.state == NormProposalState.UNDER_REVIEW,
    })


@portal_view("bureau")
def norm_proposal_review(request, pk):
    """R-N4: take a submitted proposal into review."""
    proposal = get_proposal(request, pk)
    back = reverse("bureau:norm_proposal_detail", kwargs={"pk": proposal.pk})
    return action(
        request, form=EmptyForm(posted(request)), service=services.norm_proposal_review,
        arguments=lambda data: {"proposal": proposal},
        success=_("Het voorstel is in behandeling genomen."), done=back,
        context={"title": _("Voorstel in behandeling nemen"), "subject": proposal,
                 "back": back, "rules": ["R-N4"], "submit": _("In behandeling nemen")})


@portal_view("bureau")
def norm_proposal_decide(request, pk):
    """R-N4: accept or reject a proposal under review, with notes."""
    proposal = get_proposal(request, pk)
    back = reverse("bureau:norm_proposal_detail", kwargs={"pk": proposal.pk})
    return action(
        request, form=ProposalDecideForm(posted(request)),
        service=services.norm_proposal_decide,
        arguments=lambda data: {"proposal": proposal, "accept": data["accept"],
                                "notes": data["notes"]},
        success=_("Het besluit over het voorstel is vastgelegd."), done=back,
        context={"title": _("Besluiten over het voorstel"), "subject": proposal, "back": back,
                 "rules": ["R-N4"], "submit": _("Besluit vastleggen")})
