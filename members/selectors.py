"""Reads of members per audience (R-A1: the access filter lives here, in one place) and the
members' contribution to the member timeline."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.dates import local_date
from core.models import Decision, DecisionKind, Role
from core.timeline import TimelineEvent

from .models import APPLICATION_STATES, Admission, AdmissionAdvice, Member, MemberState

STAFF_ROLES = (Role.BUREAU, Role.DIRECTOR, Role.BOARD)


def members_for_user(*, user) -> QuerySet[Member]:
    """The members ``user`` may see (R-A1): staff all; a member contact only its own
    organisation; an auditor the members audited by its own body; the kernteam the applicants
    it advises on. Anyone else nothing."""
    members = Member.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return members.none()
    if user.has_role(*STAFF_ROLES):
        return members
    visible = Q(pk__in=[])
    if user.has_role(Role.MEMBER_CONTACT):
        visible |= Q(contacts__user=user)
    if user.has_role(Role.AUDITOR):
        auditor = getattr(user, "auditor", None)
        if auditor is not None and auditor.active:
            visible |= Q(audits__body_id=auditor.body_id)
    if user.has_role(Role.QUALITY_TEAM):
        visible |= Q(state__in=APPLICATION_STATES) | Q(
            admission__quality_team_advice__in=AdmissionAdvice.values)
    return members.filter(visible).distinct()


def applications_waiting() -> QuerySet[Member]:
    """R-N1: applications waiting for the bureau (not yet in the admission audit)."""
    return (Member.objects.filter(state__in=[MemberState.APPLICANT, MemberState.UNDER_REVIEW])
            .select_related("admission").order_by("admission__submitted_on", "name"))


def _admission_events(admission: Admission) -> list[TimelineEvent]:
    steps = [
        (admission.submitted_on, _("Aanmelding ontvangen"), _("stap 1: aanmelding")),
        (admission.conditions_accepted_on, _("Lidmaatschapsvoorwaarden aanvaard"), ""),
        (admission.checked_on, _("Aanmelding gecontroleerd"),
         _("voldoet aan wet- en regelgeving") if admission.meets_conditions
         else _("voldoet (nog) niet")),
        (admission.contacted_on, _("Contact met de organisatie"), ""),
        (admission.quality_team_advised_on, _("Advies kernteam Kwaliteit"),
         str(AdmissionAdvice(admission.quality_team_advice).label)
         if admission.quality_team_advice else ""),
        (admission.board_informed_on, _("Bestuur geïnformeerd over nieuw lid"),
         _("stap 3: akkoord")),
        (admission.introduction_meeting_on, _("Kennismakingsgesprek"), _("stap 4: afronding")),
        (admission.certificate_handed_over_on, _("Certificaat uitgereikt"),
         _("stap 4: afronding")),
        (admission.published_on, _("Geïntroduceerd op de website"), _("stap 4: afronding")),
    ]
    return [TimelineEvent(on=on, title=title, rule_id="R-M1", detail=detail)
            for on, title, detail in steps if on]


def timeline_events(*, member: Member, today: dt.date) -> list[TimelineEvent]:
    """Admission steps (R-M1), the directeur's decisions on admission and pause (R-M2, R-M4) and
    the end of the membership (R-M2)."""
    events: list[TimelineEvent] = []
    admission = Admission.objects.filter(member=member).first()
    if admission is not None:
        events.extend(_admission_events(admission))
    decisions = Decision.objects.filter(
        member=member, kind__in=[DecisionKind.ADMISSION, DecisionKind.PAUSE]
    ).order_by("decided_at", "id")
    for decision in decisions:
        title = (_("Besluit toelating: %(outcome)s") if decision.kind == DecisionKind.ADMISSION
                 else _("Besluit pauzering: %(outcome)s")) % {"outcome": decision.outcome}
        events.append(TimelineEvent(on=local_date(decision.decided_at), title=title,
                                    rule_id=decision.rule_id, detail=decision.motivation))
    if member.state == MemberState.RESIGNED and member.state_changed_on:
        events.append(TimelineEvent(on=member.state_changed_on,
                                    title=_("Lidmaatschap opgezegd"), rule_id="R-M2"))
    return events


# --- directeur and kernteam (issue #4) ---------------------------------------------------------


def admissions_awaiting_director() -> QuerySet[Member]:
    """R-M1 step 3 / R-M2: applicants in the admission audit on whom the kernteam Kwaliteit has
    advised; the directeur admits (after a positive audit advice) or rejects them."""
    return (Member.objects.filter(state=MemberState.ADMISSION_AUDIT,
                                  admission__quality_team_advice__in=AdmissionAdvice.values)
            .select_related("admission")
            .order_by("admission__quality_team_advised_on", "name"))


def admission_cases_for_quality_team() -> QuerySet[Member]:
    """R-M1 step 3: the cases the kernteam Kwaliteit advises on: applicants in the admission
    audit whose admission audit's definitive report has been sent to NVVK."""
    from audits.models import AuditKind, AuditReport, AuditState, ReportVersion

    reported = (AuditReport.objects
                .filter(version=ReportVersion.DEFINITIVE, audit__kind=AuditKind.ADMISSION)
                .exclude(audit__state=AuditState.CANCELLED)
                .values("audit__member_id"))
    return (Member.objects.filter(state=MemberState.ADMISSION_AUDIT, pk__in=reported)
            .select_related("admission")
            .order_by("admission__submitted_on", "name"))


def paused_members_with_valid_certificate(*, today: dt.date) -> QuerySet[Member]:
    """R-M4: paused members that hold a valid certificate again; the directeur may end the
    pause (R-M3)."""
    from certificates.selectors import certificates_valid_on

    holding = certificates_valid_on(today=today).values("member_id")
    return (Member.objects.filter(state=MemberState.PAUSED, pk__in=holding)
            .order_by("state_changed_on", "name"))


def new_members_for_board() -> QuerySet[Admission]:
    """R-M1 step 3: admissions the directeur decided positively (the applicant became a
    member), newest first, with the day the Bestuur was informed."""
    return (Admission.objects.filter(decided_on__isnull=False, member__member_since__isnull=False)
            .select_related("member").order_by("-decided_on", "member__name"))


# --- the public register (issue #4: R-N2, R-M4, R-S7, R-A2) ------------------------------------

#: The sort orders of the register: by name, by place, by the end of the valid certificate
#: (members without one last).
REGISTER_SORTS = ("name", "place", "valid_until")


def _register_annotations(today: dt.date) -> dict:
    """Per member: whether it is shown as suspended (R-S7), and the end date and body of the
    certificate the register shows (the valid one, else the latest that started)."""
    from django.db.models import Exists, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from certificates.models import Certificate
    from certificates.selectors import valid_on
    from suspensions.models import (
        OPEN_SUSPENSION_STATES,
        Publication,
        Suspension,
        SuspensionState,
    )

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
    from django.db.models import Exists, F, OuterRef, Prefetch

    from certificates.models import Certificate, Postponement, PostponementState

    from .models import ScopeItem

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
    from certificates.selectors import register_status_of

    from .register import RegisterEntry

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


def member_of_contact(*, user):
    """R-A1: the one member whose contact person ``user`` is (a login belongs to one member),
    or None."""
    from .models import Contact

    if user is None or not user.is_authenticated:
        return None
    contact = Contact.objects.filter(user=user).select_related("member").first()
    return contact.member if contact else None


def member_documents(*, member):
    """The documents of ``member``, newest first, for its own portal (R-A1). A concept report
    is left out until the audit is presented to the member (R-U2: the body's working document
    until the second auditor reviewed it, R-C4)."""
    from audits.models import AuditReport, AuditState, ReportVersion
    from core.models import Document

    unpresented = AuditReport.objects.filter(
        version=ReportVersion.CONCEPT,
        audit__state__in=[AuditState.ORAL_FEEDBACK, AuditState.CONCEPT_REPORT,
                          AuditState.REVIEWED],
    ).values("document_id")
    return (Document.objects.filter(member=member).exclude(pk__in=unpresented)
            .select_related("uploaded_by").order_by("-created_at", "-pk"))


# --- The bureau portal (issue #4) -------------------------------------------------------------


def members_for_bureau(*, today: dt.date, query: str = "", state: str = "", scope=None,
                       body=None, certificate: str = "") -> QuerySet[Member]:
    """The bureau's member list (SPEC §1: the bureau sees everything): search by name, place or
    member number; filter by state, scope item (R-M5), certification body (audits or
    certificates with it) and certificate (``"valid"`` / ``"none"`` on ``today``, R-M3). Each
    member carries ``valid_certificates`` (prefetched, with the body) and its scope, so the
    number of queries does not grow with the rows."""
    from django.db.models import Prefetch

    from audits.models import Audit
    from certificates.models import Certificate
    from certificates.selectors import certificates_valid_on

    members = Member.objects.all()
    if query:
        members = members.filter(Q(name__icontains=query) | Q(city__icontains=query)
                                 | Q(member_number__icontains=query))
    if state:
        members = members.filter(state=state)
    if scope is not None:
        members = members.filter(scope=scope)  # one item: no duplicate rows
    if body is not None:
        members = members.filter(
            Q(pk__in=Audit.objects.filter(body=body).values("member_id"))
            | Q(pk__in=Certificate.objects.filter(body=body).values("member_id")))
    holding = certificates_valid_on(today=today).values("member_id")
    if certificate == "valid":
        members = members.filter(pk__in=holding)
    elif certificate == "none":
        members = members.exclude(pk__in=holding)
    valid = (certificates_valid_on(today=today).select_related("body")
             .order_by("-valid_from"))
    return (members.select_related("admission")
            .prefetch_related(Prefetch("certificates", queryset=valid,
                                       to_attr="valid_certificates"), "scope")
            .order_by("name", "pk"))
