"""Which change histories belong to which page (R-0.4, issue #11 "History in the portals").

Each kind of page staff open (a member, an audit, a finding, a certificate, a suspension, an
appeal, a complaint, a certification body) shows the history of its object and of the objects
it owns: a member its admission, contacts and core data; an audit its reports, assessments,
evaluation, findings, limits follow-up and advice; and so on. ``core.history_view`` turns the
rows into display rows; this module only knows the owners, which live on the floors below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from heapq import merge

from django.utils.translation import gettext_lazy as _

from audits.models import (
    AreaAssessment,
    Audit,
    AuditEvaluation,
    Auditor,
    AuditReport,
    BodyEvaluation,
    CertificationBody,
    Contract,
    CoveredNorm,
)
from certificates.models import Certificate, Postponement
from complaints.models import Complaint, Objection
from findings.models import (
    AdditionalInvestigation,
    Advice,
    Finding,
    FindingCorrection,
    FindingJudgement,
    LimitsFollowUp,
    PlanOfApproach,
)
from members.models import Admission, Contact, CoreData, Member
from suspensions.models import Appeal, Hearing, Suspension, SuspensionNotice


@dataclass(frozen=True)
class HistoryKind:
    """A page kind: its model, its title and the history querysets of what it owns."""

    model: type
    title: str
    owned: Callable  # obj -> list of history querysets


def _own(model, **lookup):
    return model.history.filter(**lookup)


KINDS: dict[str, HistoryKind] = {
    "lid": HistoryKind(Member, _("lid"), lambda m: [
        _own(Member, id=m.pk), _own(Admission, member_id=m.pk), _own(Contact, member_id=m.pk),
        _own(CoreData, member_id=m.pk), _own(Certificate, member_id=m.pk)]),
    "audit": HistoryKind(Audit, _("audit"), lambda a: [
        _own(Audit, id=a.pk), _own(AuditReport, audit_id=a.pk),
        _own(AreaAssessment, audit_id=a.pk), _own(CoveredNorm, audit_id=a.pk),
        _own(AuditEvaluation, audit_id=a.pk), _own(Finding, audit_id=a.pk),
        _own(LimitsFollowUp, audit_id=a.pk), _own(Advice, audit_id=a.pk)]),
    "bevinding": HistoryKind(Finding, _("bevinding"), lambda f: [
        _own(Finding, id=f.pk), _own(FindingCorrection, finding_id=f.pk),
        _own(FindingJudgement, finding_id=f.pk), _own(PlanOfApproach, finding_id=f.pk),
        _own(AdditionalInvestigation, finding_id=f.pk)]),
    "certificaat": HistoryKind(Certificate, _("certificaat"), lambda c: [
        _own(Certificate, id=c.pk), _own(Postponement, certificate_id=c.pk)]),
    "schorsing": HistoryKind(Suspension, _("schorsing"), lambda s: [
        _own(Suspension, id=s.pk), _own(Hearing, id=s.hearing_id),
        _own(SuspensionNotice, suspension_id=s.pk), _own(Appeal, suspension_id=s.pk)]),
    "beroep": HistoryKind(Appeal, _("beroep"), lambda a: [_own(Appeal, id=a.pk)]),
    "klacht": HistoryKind(Complaint, _("klacht"), lambda k: [
        _own(Complaint, id=k.pk), _own(Objection, complaint_id=k.pk)]),
    "instelling": HistoryKind(CertificationBody, _("certificerende instelling"), lambda b: [
        _own(CertificationBody, id=b.pk), _own(Contract, body_id=b.pk),
        _own(BodyEvaluation, body_id=b.pk), _own(Auditor, body_id=b.pk)]),
}

#: ``{model label: page kind}``: where the activity log links a row to its object's history.
KIND_OF_MODEL = {kind.model._meta.label_lower: slug for slug, kind in KINDS.items()}


def owned_history(kind: HistoryKind, obj) -> list:
    """The history rows of ``obj`` and what it owns, newest first (one query per model)."""
    def newest_first(queryset):
        return list(queryset.select_related("history_user")
                    .order_by("-history_date", "-history_id"))

    return list(merge(*(newest_first(qs) for qs in kind.owned(obj)),
                      key=lambda row: (row.history_date, row.history_id), reverse=True))
