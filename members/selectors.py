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
                 else _("Besluit pauzering: %(outcome)s")) % {"outcome": decision.outcome_text}
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


def new_members_for_board() -> QuerySet[Admission]:
    """R-M1 step 3: admissions the directeur decided positively (the applicant became a
    member), newest first, with the day the Bestuur was informed."""
    return (Admission.objects.filter(decided_on__isnull=False, member__member_since__isnull=False)
            .select_related("member").order_by("-decided_on", "member__name"))


def member_of_contact(*, user):
    """R-A1: the one member whose contact person ``user`` is (a login belongs to one member),
    or None."""
    from .models import Contact

    if user is None or not user.is_authenticated:
        return None
    contact = Contact.objects.filter(user=user).select_related("member").first()
    return contact.member if contact else None
