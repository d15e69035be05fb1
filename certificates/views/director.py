"""The directeur's certificate decisions: (re)certification (R-Z1, R-Z2), postponements of
more than three months (R-Z4) and withdrawals (R-Z5).

Each page shows the rule it rests on, the facts the decision rests on, and a form; the
service decides and a refusal is shown with its rule id (R-0.5).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audits.models import Audit, AuditKind, AuditState, ReportVersion
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.forms import bound
from core.models import Decision, DecisionKind
from core.portal import run_service
from findings.selectors import audit_limits, finding_label, findings_for_audit

from .. import deadlines
from ..forms import CertificationForm, PostponementDecisionForm, WithdrawalForm
from ..models import (
    Certificate,
    CertificateState,
    Postponement,
    PostponementState,
)
from ..selectors import valid_certificate, withdrawal_chain
from ..services import (
    certificate_decide,
    certificate_withdraw,
    certification_blockers,
    certify_blockers,
    postponement_decide,
    postponement_decision_blockers,
    withdrawal_blockers,
)


def _form(form_class, request, **kwargs):
    return bound(request, form_class, **kwargs)


def _decisions_about(obj, kind):
    from django.contrib.contenttypes.models import ContentType

    return (Decision.objects.filter(subject_type=ContentType.objects.get_for_model(obj),
                                    subject_id=obj.pk, kind=kind)
            .select_related("decided_by").prefetch_related("documents"))


# --- R-Z1/R-Z2 certification ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view("director")
def certification_decide(request, pk):
    """R-Z1: decide on (re)certification after the body's advice, with the definitive report,
    the findings (R-F8 labels), the advice and its conditions (R-F7) and the R-F6 limits on
    the page. Deviating from the advice needs a motivation (R-Z1); four years only after a
    combined SWN audit (R-Z2)."""
    audit = get_for_user_or_404(
        Audit.objects.select_related("member", "body", "lead_auditor", "second_auditor",
                                     "reviewer"),
        request, pk=pk)
    form = _form(CertificationForm, request, audit=audit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            certify = form.cleaned_data["decision"] == CertificationForm.CERTIFY
            certificate, violation = run_service(
                request, certificate_decide, audit=audit, certify=certify,
                four_years_swn=bool(form.cleaned_data.get("four_years_swn")),
                motivation=form.cleaned_data["motivation"])
            if violation is None:
                if certificate is not None and certificate.four_years_swn:
                    messages.success(request, _(
                        "%(member)s is gecertificeerd: certificaat %(number)s, vier jaar "
                        "geldig; het SWN-rapport is uiterlijk %(due)s bij het "
                        "verenigingsbureau.") % {
                            "member": audit.member, "number": certificate.number,
                            "due": date_format(certificate.swn_report_due_on, "j F Y")})
                elif certificate is not None:
                    messages.success(request, _(
                        "%(member)s is gecertificeerd: certificaat %(number)s.") % {
                            "member": audit.member, "number": certificate.number})
                else:
                    messages.success(request, _("Besluit vastgelegd: %(member)s wordt niet "
                                                "gecertificeerd.") % {"member": audit.member})
                return redirect("director:home")
        else:
            status = 400
    advice = getattr(audit, "advice", None)
    findings = [(finding, finding_label(finding)) for finding in findings_for_audit(audit=audit)]
    return render(request, "certificates/director/certification.html", {
        "audit": audit,
        "member": audit.member,
        "advice": advice,
        "reports": audit.reports.select_related("document").filter(
            version=ReportVersion.DEFINITIVE),
        "findings": findings,
        "limits": audit_limits(audit),
        "current": valid_certificate(member=audit.member, today=dates.today()),
        "decisions": _decisions_about(audit, DecisionKind.CERTIFICATION),
        "open": audit.state != AuditState.DECIDED,
        # what refuses the decision now, from the check the service refuses with.
        "blockers": certification_blockers(audit),
        "certify_blockers": certify_blockers(audit, member=audit.member, today=dates.today()),
        "is_admission": audit.kind == AuditKind.ADMISSION,
        "form": form,
    }, status=status)


# --- R-Z4 postponement --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view("director")
def postponement_decide_view(request, pk):
    """R-Z4: grant or refuse a postponement of more than three months in total (the Bestuur
    is informed of a grant). The certificate is never extended."""
    postponement = get_for_user_or_404(
        Postponement.objects.select_related("certificate__member", "certificate__body",
                                            "requested_by"),
        request, pk=pk)
    form = _form(PostponementDecisionForm, request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            grant = form.cleaned_data["decision"] == PostponementDecisionForm.GRANT
            success = _("Uitstel verleend.") if grant else _("Uitstel geweigerd.")
            _result, violation = run_service(
                request, postponement_decide, postponement=postponement, grant=grant,
                motivation=form.cleaned_data["motivation"],
                body_advice=form.cleaned_data["body_advice"], success=success)
            if violation is None:
                return redirect("director:home")
        else:
            status = 400
    certificate = postponement.certificate
    granted = sum(p.months for p in certificate.postponements.all()
                  if p.state == PostponementState.GRANTED and p.pk != postponement.pk)
    total = granted + postponement.months
    deadline = (deadlines.postponement_deadline(certificate.valid_until, total)
                if total <= deadlines.MAX_POSTPONEMENT_MONTHS else None)
    return render(request, "certificates/director/postponement.html", {
        "postponement": postponement,
        "certificate": certificate,
        "member": certificate.member,
        "granted": granted,
        "total": total,
        "audit_deadline": deadline,
        "needs_director": deadlines.postponement_needs_director(total),
        "decisions": _decisions_about(postponement, DecisionKind.POSTPONEMENT),
        "open": postponement.state == PostponementState.REQUESTED,
        "blockers": postponement_decision_blockers(postponement, actor=request.user),
        "form": form,
    }, status=status)


# --- R-Z5 withdrawal ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view("director")
def certificate_withdraw_view(request, pk):
    """R-Z5: withdraw a valid certificate, with reason, motivation and confirmation."""
    certificate = get_for_user_or_404(
        Certificate.objects.select_related("member", "body", "audit"), request, pk=pk)
    form = _form(WithdrawalForm, request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, certificate_withdraw, certificate=certificate,
                reason=form.cleaned_data["reason"], motivation=form.cleaned_data["motivation"],
                success=_("Certificaat %(number)s is ingetrokken.")
                % {"number": certificate.number})
            if violation is None:
                return redirect("director:member", pk=certificate.member_id)
        else:
            status = 400
    return render(request, "certificates/director/withdrawal.html", {
        "certificate": certificate,
        "member": certificate.member,
        "decisions": _decisions_about(certificate, DecisionKind.WITHDRAWAL),
        "open": certificate.state != CertificateState.WITHDRAWN,
        "blockers": withdrawal_blockers(certificate, today=dates.today()),
        "chain": withdrawal_chain(certificate, today=dates.today()),
        "form": form,
    }, status=status)
