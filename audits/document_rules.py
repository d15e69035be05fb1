"""Who may open the audits' documents (issue #8, SPEC §1, R-A1), registered with the one
document policy (:func:`core.documents.documents_for`) from ``AuditsConfig.ready()``.

- A **concept report** (R-U2, R-C4) is the body's working document until the second auditor
  reviewed it and the audit is presented to the organisation: the member sees it from the
  step *presented* on (not at the oral feedback, not while it is reviewed).
- A **definitive report** (R-U2) is for the member and the body; the kernteam Kwaliteit opens
  it only for the admission cases it advises on (R-M1 step 3).
- A **replaced report** (R-U2: a wrong upload replaced before it counted) is for the body's
  active auditors only.
- A **member document** (R-U2 preparation, appendix 3: what the member delivered, the
  residual kind) is for the member and the certification bodies that audit it.

An auditor opens documents only while it is an active auditor of the body (R-C1, R-A1):
a deactivated auditor, or a deactivated login, opens nothing; and only its own body's reports
(never another body's report on the same member). The bureau and the directeur see everything
(``core.documents``)."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.documents import any_of, document_kind
from core.models import Role

from .models import Audit, AuditKind, AuditReport, AuditState, ReportVersion
from .selectors import admission_cases_for_quality_team, auditor_for_user

#: R-U2: the steps from which the concept report has been presented to the organisation
#: (after the second auditor's review, R-C4); before, it is the body's working document.
CONCEPT_VISIBLE_FROM = (AuditState.PRESENTED, AuditState.DEFINITIVE, AuditState.FOLLOW_UP,
                        AuditState.ADVISED, AuditState.DECIDED)


def presented(prefix: str = "") -> Q:
    """R-U2: the audit (at ``prefix``) was presented to the organisation: it reached a step
    from *presented* on, or it was cancelled after it was presented."""
    return (Q(**{f"{prefix}state__in": CONCEPT_VISIBLE_FROM})
            | Q(**{f"{prefix}state": AuditState.CANCELLED,
                   f"{prefix}presented_on__isnull": False}))


def _report_ids(version):
    return lambda: AuditReport.objects.filter(version=version).values("document_id")


def _reports(**lookups):
    """Whether the outer document is a report matching ``lookups`` (a subquery)."""
    return Exists(AuditReport.objects.filter(document=OuterRef("pk"), **lookups))


def _of_own_body(user) -> Q | None:
    """R-A1/R-C1: the reports of the audits of the body ``user`` is an *active* auditor of."""
    auditor = auditor_for_user(user)
    if auditor is None:
        return None
    return Q(_reports(audit__body_id=auditor.body_id))


@document_kind("audits.concept_report", rule_id="R-U2", label=_("Conceptrapport"),
               documents=_report_ids(ReportVersion.CONCEPT))
def concept_report_readable(user):
    """R-U2/R-C4/R-A1: the body's active auditors; the member's contacts once the audit was
    presented to it (not at the oral feedback, not during the internal review)."""
    member = None
    if user.has_role(Role.MEMBER_CONTACT):
        member = Q(Exists(AuditReport.objects.filter(
            presented("audit__"), document=OuterRef("pk"), audit__member__contacts__user=user)))
    return any_of(_of_own_body(user), member)


@document_kind("audits.definitive_report", rule_id="R-U2", label=_("Definitief rapport"),
               documents=_report_ids(ReportVersion.DEFINITIVE))
def definitive_report_readable(user):
    """R-U2/R-A1: the body's active auditors and the member's contacts; R-M1: the kernteam
    Kwaliteit the admission reports of the cases it advises on (not every admission report)."""
    member = quality_team = None
    if user.has_role(Role.MEMBER_CONTACT):
        member = Q(_reports(audit__member__contacts__user=user))
    if user.has_role(Role.QUALITY_TEAM):
        quality_team = Q(_reports(
            audit__kind=AuditKind.ADMISSION,
            audit__member__in=admission_cases_for_quality_team().values("pk")))
    return any_of(_of_own_body(user), member, quality_team)


def _replaced_report_ids():
    """R-U2: the files a report held before it was replaced (from the reports' history), no
    longer any report's current file."""
    current = AuditReport.objects.values("document_id")
    return (AuditReport.history.exclude(document_id__in=current)
            .values("document_id"))


@document_kind("audits.replaced_report", rule_id="R-U2", label=_("Vervangen rapport"),
               documents=_replaced_report_ids)
def replaced_report_readable(user):
    """R-U2/R-A1: a wrong upload that was replaced before it counted is the body's own record:
    only the body's active auditors (never the member: it may not even be its report)."""
    auditor = auditor_for_user(user)
    if auditor is None:
        return None
    return Q(Exists(AuditReport.history.filter(document_id=OuterRef("pk"),
                                               audit__body_id=auditor.body_id)))


@document_kind("audits.member_document", rule_id="R-U2", label=_("Document van het lid"))
def member_document_readable(user):
    """R-U2 (appendix 3)/R-A1: what the member delivered is for its contacts and for the active
    auditors of a body that audits it (an audit that was not cancelled; the member may choose
    another body for the next audit, R-C2)."""
    member = body = None
    if user.has_role(Role.MEMBER_CONTACT):
        member = Q(member__contacts__user=user)
    auditor = auditor_for_user(user)
    if auditor is not None:
        body = Q(member__in=Audit.objects.filter(body_id=auditor.body_id)
                 .exclude(state=AuditState.CANCELLED).values("member_id"))
    return any_of(member, body)
