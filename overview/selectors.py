"""Reads that combine several apps (issue #10): the public register (R-N2, R-M4, R-S7, R-A2)
and the certificate verification (R-Z7), which read members, certificates and suspensions;
the bureau's member list, which reads members, audits and certificates; and the audit quality
per body (R-N3), which reads audits, findings and complaints."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from audits.models import Audit, AuditState, CertificationBody
from certificates.models import (
    Certificate,
    CertificateState,
    Postponement,
    PostponementState,
)
from certificates.pdf import read_certificate_token
from certificates.selectors import (
    CertificateVerification,
    _day,
    certificates_valid_on,
    register_status_of,
    valid_on,
)
from complaints.models import Complaint, ComplaintSubject
from core.dates import AMSTERDAM
from core.models import Decision, DecisionKind
from findings.models import Finding, FindingKindChange, FindingStatus
from members.models import Member, MemberState, ScopeItem
from members.register import RegisterEntry
from suspensions.models import OPEN_SUSPENSION_STATES, Publication, Suspension, SuspensionState
from suspensions.selectors import suspension_publicly_shown

# --- the public register (issue #4: R-N2, R-M4, R-S7, R-A2) ------------------------------------

#: The sort orders of the register: by name, by place, by the end of the valid certificate
#: (members without one last).
REGISTER_SORTS = ("name", "place", "valid_until")


def _register_annotations(today: dt.date) -> dict:
    """Per member: whether it is shown as suspended (R-S7), and the end date and body of the
    certificate the register shows (the valid one, else the latest that started)."""
    # suspensions.selectors.suspension_publicly_shown as a subquery: a suspension in force
    # whose publication outside the association was chosen.
    published = (Suspension.objects
                 .filter(member=OuterRef("pk"), expulsion_effective_on__isnull=True,
                         state__in=[*OPEN_SUSPENSION_STATES, SuspensionState.EXPELLED])
                 .exclude(publication=Publication.NONE))
    current = (Certificate.objects.filter(valid_on(today), member=OuterRef("pk"))
               .order_by("-valid_from", "-pk"))
    latest = (Certificate.objects.filter(member=OuterRef("pk"), valid_from__lte=today)
              .order_by("-valid_from", "-pk"))
    return {
        "register_suspended": Exists(published),
        "register_valid_until": Subquery(current.values("valid_until")[:1]),
        "register_body_id": Coalesce(Subquery(current.values("body_id")[:1]),
                                     Subquery(latest.values("body_id")[:1])),
    }


def register_members(*, today: dt.date, query: str = "", scope_number: int | None = None,
                     body_id: int | None = None, sort: str = "name") -> QuerySet[Member]:
    """R-N2: the members the public register lists — members (lid), and a suspended member
    only when its suspension is published outside the association (shown as suspended, R-S7);
    paused members and applicants are not listed (R-M4) — searched by name, place or
    certificate number, filtered by scope item and by the body of the certificate shown,
    sorted. Each row comes with what :func:`register_entries` needs in a fixed number of
    queries, whatever the number of rows."""
    members = (Member.objects.annotate(**_register_annotations(today))
               .filter(Q(state=MemberState.MEMBER)
                       | Q(state=MemberState.SUSPENDED, register_suspended=True)))
    query = (query or "").strip()
    if query:
        numbers = Certificate.objects.filter(member=OuterRef("pk"), number__icontains=query)
        members = members.filter(Q(name__icontains=query) | Q(city__icontains=query)
                                 | Q(Exists(numbers)))
    if scope_number:
        members = members.filter(scope__number=scope_number)
    if body_id:
        members = members.filter(register_body_id=body_id)
    order = {
        "place": ["city", "name", "pk"],
        "valid_until": [F("register_valid_until").asc(nulls_last=True), "name", "pk"],
    }.get(sort, ["name", "pk"])
    granted = Postponement.objects.filter(state=PostponementState.GRANTED)
    return members.order_by(*order).prefetch_related(
        Prefetch("scope", queryset=ScopeItem.objects.order_by("number")),
        Prefetch("certificates", queryset=Certificate.objects.select_related("body")
                 .prefetch_related(Prefetch("postponements", queryset=granted))),
    )


def register_entries(members, *, today: dt.date) -> list:
    """The register lines of ``members`` (from :func:`register_members`): public fields only
    — never a contact person's name, e-mail or phone (R-A2)."""
    entries = []
    for member in members:
        status = register_status_of(certificates=member.certificates.all(), today=today)
        entries.append(RegisterEntry(
            member=member, status=status, suspended=bool(member.register_suspended),
            certificate=status.certificate,
            body=status.certificate.body if status.certificate else None,
            scope=list(member.scope.all()),
        ))
    return entries


def certificate_verification(*, number: str, token: str | None,
                             today: dt.date) -> CertificateVerification:
    """R-Z7: verify certificate ``number``. With the QR code's ``token`` (``token`` not None)
    the token must be Keurmerk's own signature of this number *and* of the stored validity —
    anything else is "invalid link" (never valid, never "not in the register" about a number
    that is). A withdrawal after issue shows from the database.
    A suspension shows only when its publication allows it (R-S7); otherwise the page reports
    the certificate itself."""
    unknown = CertificateVerification(CertificateVerification.UNKNOWN,
                                      _("Onbekend: dit certificaat komt niet voor in het "
                                        "register van de NVVK."))
    number = (number or "").strip()
    certificate = (Certificate.objects.filter(number__iexact=number)
                   .select_related("member", "body").prefetch_related("scope").first()
                   if number else None)
    if certificate is None:
        return unknown
    if token is not None:
        vouched = read_certificate_token(certificate.number, token)
        if vouched is None or (vouched["valid_from"], vouched["valid_until"]) != (
                certificate.valid_from, certificate.valid_until):
            # The number exists: never say it is not in the register. The link is not valid;
            # the page offers the lookup by number (without the token).
            return CertificateVerification(
                CertificateVerification.INVALID_LINK,
                _("Deze link is niet geldig: de controlecode hoort niet bij dit "
                  "certificaatnummer."))
    if certificate.state == CertificateState.WITHDRAWN or (
            certificate.withdrawn_on and certificate.withdrawn_on <= today):
        return CertificateVerification(
            CertificateVerification.WITHDRAWN,
            _("Ingetrokken op %(date)s") % {"date": _day(certificate.withdrawn_on)}
            if certificate.withdrawn_on else _("Ingetrokken"), certificate)
    if (certificate.member.state == MemberState.SUSPENDED
            and suspension_publicly_shown(member=certificate.member)):
        return CertificateVerification(CertificateVerification.SUSPENDED,
                                       _("Het lidmaatschap is geschorst"), certificate)
    if certificate.is_valid_on(today):
        return CertificateVerification(
            CertificateVerification.VALID,
            _("Geldig tot en met %(date)s") % {"date": _day(certificate.valid_until)},
            certificate)
    if certificate.state == CertificateState.VALID and certificate.valid_from > today:
        return CertificateVerification(
            CertificateVerification.NOT_YET_VALID,
            _("Nog niet geldig: gaat in op %(date)s") % {"date": _day(certificate.valid_from)},
            certificate)
    return CertificateVerification(
        CertificateVerification.EXPIRED,
        _("Verlopen op %(date)s") % {"date": _day(certificate.valid_until)}, certificate)


# --- The bureau portal (issue #4) -------------------------------------------------------------


def members_for_bureau(*, today: dt.date) -> QuerySet[Member]:
    """The bureau's member list (SPEC §1: the bureau sees everything; its filters are
    ``overview.filters.BureauMemberFilter``). Each member carries ``valid_certificates`` on
    ``today`` (prefetched, with the body, R-M3) and its scope, so the number of queries does
    not grow with the rows."""
    members = Member.objects.all()
    valid = (certificates_valid_on(today=today).select_related("body")
             .order_by("-valid_from"))
    return (members.select_related("admission")
            .prefetch_related(Prefetch("certificates", queryset=valid,
                                       to_attr="valid_certificates"), "scope")
            .order_by("name", "pk"))


# --- R-N3 audit quality per body (moved from audits.selectors, issue #10) -------------------


@dataclass(frozen=True)
class LeadTime:
    """A lead time in calendar days over ``count`` audits (None when there are none)."""

    count: int
    median: float | None
    mean: float | None


def _lead_time(days: list[int]) -> LeadTime:
    if not days:
        return LeadTime(0, None, None)
    return LeadTime(len(days), statistics.median(days), round(statistics.fmean(days), 1))


@dataclass(frozen=True)
class BodyQuality:
    """R-N3: the figures of one certification body over a period.

    ``findings`` counts by the kind the finding had when the auditor recorded it (R-F1; a later
    escalation, R-F8, does not change what the audit found). Lead times run from the last
    fieldwork day to the definitive report, and from the definitive report to the directeur's
    decision (R-Z1)."""

    body: object
    audits: int
    findings: dict
    fieldwork_to_definitive: LeadTime
    definitive_to_decided: LeadTime
    evaluations: int
    evaluation_mean: float | None
    complaints: int

    @property
    def findings_total(self) -> int:
        return sum(self.findings.values())


@dataclass(frozen=True)
class NormRow:
    """Findings on one norm, per body id (R-N3)."""

    code: str
    title: str
    per_body: dict
    total: int


@dataclass(frozen=True)
class AuditQuality:
    """R-N3 for all bodies (or one) over ``start`` … ``end`` inclusive: audits whose fieldwork
    started in the period (cancelled audits left out), their findings, lead times and member
    evaluations, and complaints about each body received in the period."""

    start: dt.date
    end: dt.date
    bodies: list
    norms: list


def audit_quality(*, start: dt.date, end: dt.date, body=None) -> AuditQuality:
    """R-N3: per body the number of audits, findings by kind and by norm, lead times
    (fieldwork → definitive, definitive → decided), the members' evaluations
    (:class:`AuditEvaluation`) and complaints. Five queries, whatever the numbers."""
    bodies = list(CertificationBody.objects.order_by("name") if body is None
                  else CertificationBody.objects.filter(pk=body.pk))
    body_ids = [b.pk for b in bodies]
    audits = (Audit.objects.exclude(state=AuditState.CANCELLED)
              .filter(body_id__in=body_ids, fieldwork_starts_on__gte=start,
                      fieldwork_starts_on__lte=end))
    decided = (Decision.objects
               .filter(kind=DecisionKind.CERTIFICATION,
                       subject_type=ContentType.objects.get_for_model(Audit),
                       subject_id=OuterRef("pk"))
               .order_by("decided_at", "id").values("decided_at")[:1])
    rows = list(audits.annotate(decided_at=Subquery(decided)).values(
        "pk", "body_id", "fieldwork_starts_on", "fieldwork_ends_on", "definitive_on",
        "decided_at", "evaluation__score"))

    to_definitive: dict[int, list[int]] = {pk: [] for pk in body_ids}
    to_decided: dict[int, list[int]] = {pk: [] for pk in body_ids}
    scores: dict[int, list[int]] = {pk: [] for pk in body_ids}
    audit_count: dict[int, int] = dict.fromkeys(body_ids, 0)
    for row in rows:
        body_id = row["body_id"]
        audit_count[body_id] += 1
        fieldwork_end = row["fieldwork_ends_on"] or row["fieldwork_starts_on"]
        if row["definitive_on"]:
            to_definitive[body_id].append((row["definitive_on"] - fieldwork_end).days)
            if row["decided_at"]:
                decided_on = row["decided_at"].astimezone(AMSTERDAM).date()
                to_decided[body_id].append((decided_on - row["definitive_on"]).days)
        if row["evaluation__score"] is not None:
            scores[body_id].append(row["evaluation__score"])

    first_kind = (FindingKindChange.objects.filter(finding=OuterRef("pk"))
                  .order_by("changed_on", "id").values("from_kind")[:1])
    # A finding withdrawn before the report was definitive (R-U2) is not counted.
    counted = Finding.objects.filter(audit__in=audits).exclude(status=FindingStatus.WITHDRAWN)
    findings = (counted
                .annotate(recorded_kind=Coalesce(Subquery(first_kind), F("kind"),
                                                 output_field=CharField())))
    by_kind: dict[int, dict[str, int]] = {pk: {} for pk in body_ids}
    for row in (findings.values("audit__body_id", "recorded_kind")
                .annotate(n=Count("pk")).order_by()):
        by_kind[row["audit__body_id"]][row["recorded_kind"]] = row["n"]

    norms: dict[str, NormRow] = {}
    for row in (counted
                .values("audit__body_id", "norm__code", "norm__title", "norm__area__number",
                        "norm__position")
                .annotate(n=Count("pk"))
                .order_by("norm__area__number", "norm__position")):
        norm = norms.setdefault(row["norm__code"], NormRow(row["norm__code"],
                                                           row["norm__title"], {}, 0))
        norm.per_body[row["audit__body_id"]] = row["n"]
        norms[row["norm__code"]] = NormRow(norm.code, norm.title, norm.per_body,
                                           norm.total + row["n"])

    complaints = dict(
        Complaint.objects.filter(subject_kind=ComplaintSubject.BODY, body_id__in=body_ids,
                                 received_at__date__gte=start, received_at__date__lte=end)
        .values_list("body_id").annotate(n=Count("pk")).order_by())

    figures = [
        BodyQuality(
            body=b, audits=audit_count[b.pk], findings=by_kind[b.pk],
            fieldwork_to_definitive=_lead_time(to_definitive[b.pk]),
            definitive_to_decided=_lead_time(to_decided[b.pk]),
            evaluations=len(scores[b.pk]),
            evaluation_mean=round(statistics.fmean(scores[b.pk]), 1) if scores[b.pk] else None,
            complaints=complaints.get(b.pk, 0),
        )
        for b in bodies
    ]
    return AuditQuality(start=start, end=end, bodies=figures, norms=list(norms.values()))
