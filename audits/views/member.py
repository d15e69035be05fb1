"""Member portal: the member's own audits (R-A1) — their steps (R-U2), the Kwaliteitskader
picture (R-U3), the zelfscan per performance area (R-U3) and the member's evaluation of a
finished audit (R-N3). The audit's own page (with its findings) is in
:mod:`findings.views.member`, the summary PDF in :mod:`overview.views.audit_summary`."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import dates
from core.forms import posted
from core.portal import run_service
from members.models import MemberState
from members.portal import member_object_or_404, member_portal_view

from ..forms import (
    AuditEvaluationForm,
    ChooseBodyForm,
    CombinedSwnRequestForm,
    SelfAssessmentForm,
)
from ..models import (
    AreaAssessment,
    AuditEvaluation,
    AuditKind,
    LevelDescription,
    PerformanceArea,
)
from ..selectors import audits_for_member, combined_request_open
from ..services import (
    EVALUATION_STATES,
    SELF_ASSESSMENT_STATES,
    audit_create,
    audit_create_blockers,
    audit_evaluate,
    audit_request_combined_swn,
    combined_request_blockers,
    self_assessment_save,
)


def _audit(request, pk):
    return member_object_or_404(audits_for_member(member=request.member), request, pk=pk)


@member_portal_view
def audits(request):
    """The member's audits, newest first, with what the member can do in each."""
    rows = list(audits_for_member(member=request.member).select_related("evaluation"))
    for audit in rows:
        audit.zelfscan_open = audit.state in SELF_ASSESSMENT_STATES
        audit.can_evaluate = audit.state in EVALUATION_STATES
        audit.has_evaluation = hasattr(audit, "evaluation")
    kind = audit_kind_for(request.member)
    return render(request, "audits/member/audits.html", {
        "member": request.member, "audits": rows, "section": "audits",
        # why a new audit cannot be started now, instead of a live link.
        "choose_blockers": (audit_create_blockers(request.member, kind) if kind
                            else [("R-U1", _("In de huidige status van uw organisatie kunt u "
                                             "zelf geen audit aanvragen. Neem contact op met "
                                             "het verenigingsbureau."))]),
    })


def _areas(audit):
    """The seven areas with this audit's zelfscan and the level descriptions A–D (three
    queries)."""
    areas = list(PerformanceArea.objects.order_by("number"))
    assessments = {a.area_id: a for a in AreaAssessment.objects.filter(audit=audit)}
    descriptions: dict[int, list] = {}
    for description in LevelDescription.objects.select_related("level").order_by(
            "area__number", "level__code"):
        descriptions.setdefault(description.area_id, []).append(description)
    for area in areas:
        assessment = assessments.get(area.pk)
        area.current_level = assessment.self_assessment if assessment else ""
        area.current_notes = assessment.self_assessment_notes if assessment else ""
        area.descriptions = descriptions.get(area.pk, [])
    return areas


@member_portal_view
def self_assessment(request, pk):
    """R-U3: the zelfscan — the member scores itself per performance area, from the quote up to
    the fieldwork. Every level is good; none blocks anything. All areas are saved together or
    none; after the fieldwork the page shows the zelfscan read-only."""
    audit = _audit(request, pk)
    areas = _areas(audit)
    editable = audit.state in SELF_ASSESSMENT_STATES
    status = 200
    if request.method == "POST":
        form = SelfAssessmentForm(request.POST, areas=areas)
        if form.is_valid():
            entries = {}
            for area in areas:
                level = form.cleaned_data[f"level_{area.number}"]
                notes = form.cleaned_data[f"notes_{area.number}"]
                if (level or area.current_level) != area.current_level \
                        or notes != area.current_notes:
                    entries[area.number] = (level, notes)
            if not entries:
                messages.info(request, _("Er was niets gewijzigd."))
                return redirect("member:self_assessment", pk=audit.pk)
            _result, violation = run_service(
                request, self_assessment_save, audit=audit, entries=entries,
                success=_("De zelfscan is opgeslagen (%(count)s prestatiegebieden).")
                % {"count": len(entries)})
            if violation is None:
                return redirect("member:self_assessment", pk=audit.pk)
        status = 400
    else:
        form = SelfAssessmentForm(areas=areas, initial={
            **{f"level_{a.number}": a.current_level for a in areas},
            **{f"notes_{a.number}": a.current_notes for a in areas}})
    rows = [{"area": area, "level": form[f"level_{area.number}"],
             "notes": form[f"notes_{area.number}"]} for area in areas]
    return render(request, "audits/member/self_assessment.html", {
        "member": request.member, "audit": audit, "form": form, "rows": rows,
        "editable": editable, "section": "audits",
    }, status=status)


@member_portal_view
def evaluation(request, pk):
    """R-N3: the member evaluates a finished audit (a mark 1–10 and comments); the bureau
    reads the evaluations per certification body."""
    audit = _audit(request, pk)
    current = AuditEvaluation.objects.filter(audit=audit).first()
    initial = {"score": current.score, "comments": current.comments} if current else {}
    form = AuditEvaluationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, audit_evaluate, audit=audit, score=form.cleaned_data["score"],
                comments=form.cleaned_data["comments"], today=dates.today(),
                success=_("Dank u wel: uw evaluatie van de audit is opgeslagen."))
            if violation is None:
                return redirect("member:audit_detail", pk=audit.pk)
        status = 400
    return render(request, "audits/member/evaluation.html", {
        "member": request.member, "audit": audit, "form": form, "current": current,
        "open": audit.state in EVALUATION_STATES, "section": "audits",
    }, status=status)


def audit_kind_for(member):
    """The audit a member starts itself: the admission audit while it is being admitted, the
    recertification audit (R-U1) once it is a member; ``None`` otherwise."""
    if member.state == MemberState.ADMISSION_AUDIT:
        return AuditKind.ADMISSION
    if member.state in (MemberState.MEMBER, MemberState.PAUSED, MemberState.SUSPENDED):
        return AuditKind.RE_AUDIT if member.state == MemberState.SUSPENDED \
            else AuditKind.RECERTIFICATION
    return None


@member_portal_view
def choose_body(request):
    """R-C2: the member chooses the certification body for its admission, recertification or
    (while suspended, R-S6) re-audit; R-C1 allows only a recognised body under contract."""
    kind = audit_kind_for(request.member)
    form = ChooseBodyForm(posted(request))
    if request.method == "POST" and kind and form.is_valid():
        audit, violation = run_service(
            request, audit_create, member=request.member, kind=kind,
            body=form.cleaned_data["body"],
            development_levels=form.cleaned_data["development_levels"],
            success=_("De certificerende instelling is gekozen; zij neemt contact met u op."))
        if audit is not None:
            return redirect("member:audit_detail", pk=audit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "audits/member/choose_body.html", {
        "member": request.member, "form": form, "kind": kind and AuditKind(kind).label,
        "section": "audits",
        # what refuses starting this audit now, from the check the service refuses with.
        "blockers": audit_create_blockers(request.member, kind) if kind else [],
    }, status=status)


@member_portal_view
def combined_audit_request(request):
    """R-Z2: the member tells NVVK it wants its next audit as a combined NVVK/SWN audit, with
    the body it chose; the bureau registers it (and the directeur may then grant four
    years)."""
    form = CombinedSwnRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        flag, _violation = run_service(
            request, audit_request_combined_swn, member=request.member,
            body=form.cleaned_data["body"], note=form.cleaned_data["note"],
            today=dates.today(),
            success=_("Uw aanvraag is ontvangen; het verenigingsbureau registreert de "
                      "gecombineerde audit en laat het u weten."))
        if flag is not None:
            return redirect("member:audits")
    status = 400 if request.method == "POST" else 200
    open_request = combined_request_open(member=request.member)
    return render(request, "audits/member/combined_request.html", {
        "member": request.member, "form": form, "open_request": open_request,
        # what refuses a request now, from the check the service refuses with.
        "blockers": [] if open_request else combined_request_blockers(request.member),
        "section": "audits",
    }, status=status)
