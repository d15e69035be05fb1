"""Complaints about a certification body or a member (R-K1 … R-K4, model procedure in
seeds/004; link to interim audits R-T2). The bureau registers and handles complaints (SPEC §1).

Decisions taken here:

- References are ``K-<year of receipt>-<four-digit sequence>`` (``K-2026-0007``), drawn in the
  registering transaction from the year's locked counter row (issue #13: bursts of
  simultaneous registrations all succeed with distinct references).
- R-K2 acknowledgement: written complaints (letter, e-mail, web form) must be acknowledged
  within 24 hours. A complaint taken by phone or in person is acknowledged in the
  conversation itself, so it is recorded as acknowledged at the moment of receipt.
- R-K2 "the complainant is told when it takes longer": ``complaint_notify_delay`` records the
  date the complainant was told and the new expected date; the sweep flags a complaint past
  its 34-working-day aim until that is done, and again when the new date passes.
- R-K3 the objection is registered by the bureau (complainants have no login) and handled by
  the bureau or the directeur; the complaint is then closed.
- R-K3 the objection term: the complainant may object within ``COMPLAINT_OBJECTION_WEEKS``
  (default six weeks, Dutch administrative practice) after the day the outcome was given
  (``deadlines.objection_by``). During that term the complaint stays open: it cannot be closed
  without an objection (``close_blockers``), so closing never cuts off a timely objection. An
  objection filed after the term is refused naming R-K3 (as an objection out of time is
  inadmissible in administrative law); each refusal names the last day.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import dates
from core.dates import date_label
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.messages import stored
from core.models import FlagAudience, Role
from core.rules import require_role as _require_role
from core.rules import require_text as _require_text

from . import deadlines, emails
from .models import (
    UNRESOLVED_STATES,
    WRITTEN_CHANNELS,
    Channel,
    Complaint,
    ComplaintState,
    ComplaintSubject,
    Objection,
)
from .references import complaint_reference_next

logger = logging.getLogger(__name__)


def _require_bureau(actor) -> None:
    _require_role(actor, Role.BUREAU, rule_id="R-K1", message=_(
        "Klachten worden geregistreerd en behandeld door het verenigingsbureau."))


def _lock(complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _wrong_state(complaint, allowed: list, rule_id: str) -> RuleViolation:
    labels = ", ".join(f"'{ComplaintState(s).label}'" for s in allowed)
    return RuleViolation(rule_id, _(
        "Klacht %(ref)s staat op '%(state)s'; deze stap kan alleen vanuit %(allowed)s.")
        % {"ref": complaint.reference, "state": complaint.get_state_display(),
           "allowed": labels})


def complaint_step_blockers(complaint, step: str, *,
                            today: dt.date | None = None) -> list[tuple[str, str]]:
    """R-K2/R-K3/R-T2 (R-0.5): what stands in the way of handling step ``step`` of
    ``complaint`` now (``acknowledge``, ``respond``, ``notify_delay``, ``resolve``, ``object``,
    ``handle_objection``, ``close``, ``mark_serious``, ``interim_audit``), as ``(rule_id, Dutch
    text)``: the bureau's pages show it before the click and the step's service refuses with
    the first. What the form asks (dates, texts) is checked on submit."""
    def wrong(allowed, rule_id):
        violation = _wrong_state(complaint, allowed, rule_id)
        return [(violation.rule_id, violation.message)]

    if step == "acknowledge" and not can_proceed(complaint.acknowledge):
        return wrong([ComplaintState.RECEIVED], "R-K2")
    if step == "respond" and not can_proceed(complaint.respond):
        return wrong([ComplaintState.RECEIVED, ComplaintState.ACKNOWLEDGED], "R-K2")
    if step == "notify_delay" and complaint.state not in UNRESOLVED_STATES:
        return wrong(UNRESOLVED_STATES, "R-K2")
    if step == "resolve" and not can_proceed(complaint.resolve):
        return [("R-K2", _(
            "Klacht %(ref)s staat op '%(state)s'; afhandelen kan pas na de inhoudelijke "
            "reactie aan de klager.")
            % {"ref": complaint.reference, "state": complaint.get_state_display()})]
    if step == "object" and not can_proceed(complaint.object_to_outcome):
        return wrong([ComplaintState.RESOLVED], "R-K3")
    if step == "handle_objection" and complaint.state != ComplaintState.OBJECTED:
        return wrong([ComplaintState.OBJECTED], "R-K3")
    if step == "close":
        return close_blockers(complaint, today=today or dates.today())
    if step == "interim_audit":
        from audits.models import InterimTrigger
        from audits.services import interim_trigger_blockers

        if complaint.subject_kind != ComplaintSubject.MEMBER or complaint.member_id is None:
            return [("R-T2", _(
                "Alleen een klacht over een lid kan aanleiding zijn voor een tussentijdse "
                "audit van dat lid."))]
        return interim_trigger_blockers(
            member=complaint.member, trigger=InterimTrigger.COMPLAINT,
            trigger_source=f"Klacht {complaint.reference}", complaint=complaint)
    return []


def _flag_keys(complaint) -> dict[str, str]:
    return {
        "ack": f"complaint-ack-{complaint.pk}",
        "respond": f"complaint-respond-{complaint.pk}",
        "resolve": f"complaint-resolve-{complaint.pk}",
    }


def _expected_key(complaint) -> str:
    return f"complaint-expected-{complaint.pk}-{complaint.expected_on.isoformat()}"


def _file(*, received_at: dt.datetime, actor, reason: str, after_save, before_save=None,
          **fields) -> Complaint:
    """R-K1/R-K2: store a new complaint under the next reference of its year, with its R-K2
    deadlines, then ``after_save(complaint)`` in the same transaction. The reference comes
    from a locked counter, so simultaneous filings never collide; should the database still
    refuse the row, the caller gets a refusal to try again, never a server error."""
    received_on = deadlines.received_on(received_at)
    try:
        with transaction.atomic():
            complaint = Complaint(
                reference=complaint_reference_next(received_on.year), received_at=received_at,
                acknowledge_by=deadlines.acknowledge_by(received_at),
                respond_by=deadlines.respond_by(received_on),
                resolve_by=deadlines.resolve_by(received_on), **fields)
            if before_save is not None:
                before_save(complaint)
            save_with_history(complaint, actor=actor, reason=reason)
            after_save(complaint)
    except IntegrityError:
        logger.exception("complaint could not be stored")
        raise RuleViolation("R-K1", _("De klacht kon niet worden opgeslagen; probeer het "
                                      "opnieuw.")) from None
    return complaint


# --- R-K1 registration ------------------------------------------------------------------------


def complaint_register(*, received_at: dt.datetime, channel: str, subject_kind: str,
                       complainant_name: str, content: str, body=None, member=None,
                       complainant_email: str = "", complainant_phone: str = "",
                       serious_and_public: bool = False, actor,
                       today: dt.date | None = None) -> Complaint:
    """R-K1: register a complaint with complainant, subject (a CI or a member), channel and
    content, and its R-K2 deadlines. The complainant's personal data stays internal (R-A2)."""
    today = today or dates.today()
    _require_bureau(actor)
    if channel not in Channel.values:
        raise RuleViolation("R-K1", _("Kies via welk kanaal de klacht binnenkwam."))
    if subject_kind not in ComplaintSubject.values:
        raise RuleViolation("R-K1", _("Kies waarover de klacht gaat: een certificerende "
                                      "instelling of een lid."))
    if subject_kind == ComplaintSubject.BODY and body is None:
        raise RuleViolation("R-K1", _("Kies de certificerende instelling waarover geklaagd "
                                      "wordt."))
    if subject_kind == ComplaintSubject.MEMBER and member is None:
        raise RuleViolation("R-K1", _("Kies het lid waarover geklaagd wordt."))
    complainant_name = _require_text(complainant_name, rule_id="R-K1",
                                     message=_("Vul de naam van de klager in."))
    content = _require_text(content, rule_id="R-K1",
                            message=_("Leg de inhoud van de klacht vast."))
    if timezone.is_naive(received_at):
        raise ValueError("received_at must be timezone-aware")
    if deadlines.received_on(received_at) > today:
        raise RuleViolation("R-K1", _("De ontvangstdatum ligt in de toekomst."))
    if serious_and_public and subject_kind != ComplaintSubject.MEMBER:
        raise RuleViolation("R-T2", _(
            "Alleen een klacht over een lid kan als ernstig en openbaar worden aangemerkt "
            "(aanleiding voor een tussentijdse audit)."))
    written = channel in WRITTEN_CHANNELS

    def acknowledge_in_conversation(complaint):
        if not written:
            # R-K2: acknowledged in the conversation itself (see module docstring).
            complaint.acknowledge(at=received_at)

    def confirm(complaint):
        if not written:
            _acknowledge_by_email(complaint)

    return _file(
        received_at=received_at, actor=actor, reason=stored("R-K1: klacht geregistreerd"),
        before_save=acknowledge_in_conversation, after_save=confirm,
        channel=channel, subject_kind=subject_kind, body=body, member=member,
        complainant_name=complainant_name, complainant_email=complainant_email or "",
        complainant_phone=complainant_phone or "", content=content,
        serious_and_public=serious_and_public, handled_by=actor)


def complaint_mark_serious(*, complaint, serious_and_public: bool, motivation: str, actor,
                           today: dt.date | None = None) -> Complaint:
    """R-T2: NVVK judges whether a complaint about a member is serious and public (a possible
    trigger for an interim audit)."""
    _require_role(actor, Role.DIRECTOR, Role.BUREAU, rule_id="R-T2", message=_(
        "Alleen de directeur of het verenigingsbureau beoordeelt de zwaarte van een klacht."))
    motivation = _require_text(motivation, rule_id="R-T2", message=_(
        "Motiveer het oordeel over de zwaarte van de klacht."))
    with transaction.atomic():
        complaint = _lock(complaint)
        if serious_and_public and complaint.subject_kind != ComplaintSubject.MEMBER:
            raise RuleViolation("R-T2", _(
                "Alleen een klacht over een lid kan als ernstig en openbaar worden aangemerkt."))
        complaint.serious_and_public = serious_and_public
        save_with_history(complaint, actor=actor, reason=(
            stored("R-T2: ernstig en openbaar – %(motivation)s", motivation=motivation)
            if serious_and_public else
            stored("R-T2: niet ernstig – %(motivation)s", motivation=motivation)))
    return complaint


# --- R-K2 handling ------------------------------------------------------------------------------


def _acknowledge_by_email(complaint) -> None:
    """R-K2: after the commit, the acknowledgement is e-mailed to the complainant (when an
    address is known)."""
    transaction.on_commit(
        lambda: emails.complaint_acknowledged(complaint_id=complaint.pk), robust=True)


def complaint_acknowledge(*, complaint, actor, at: dt.datetime | None = None,
                          today: dt.date | None = None) -> Complaint:
    """R-K2: acknowledge receipt (within 24 hours for written complaints)."""
    _require_bureau(actor)
    at = at or timezone.now()
    with transaction.atomic():
        complaint = _lock(complaint)
        refuse_first(complaint_step_blockers(complaint, "acknowledge"))
        if at < complaint.received_at:
            raise RuleViolation("R-K2", _("De ontvangst kan niet vóór de klacht zijn "
                                          "bevestigd."))
        complaint.acknowledge(at=at)
        late = at > complaint.acknowledge_by
        save_with_history(complaint, actor=actor, reason=(
            stored("R-K2: ontvangst bevestigd (na 24 uur)") if late
            else stored("R-K2: ontvangst bevestigd")))
        _acknowledge_by_email(complaint)
        flag_resolve(key=_flag_keys(complaint)["ack"], today=today or dates.today(),
                     actor=actor)
    return complaint


def complaint_respond(*, complaint, response: str, actor,
                      today: dt.date | None = None) -> Complaint:
    """R-K2: the substantive response (within 5 working days of receipt)."""
    today = today or dates.today()
    _require_bureau(actor)
    response = _require_text(response, rule_id="R-K2", message=_(
        "Leg de inhoudelijke reactie aan de klager vast."))
    with transaction.atomic():
        complaint = _lock(complaint)
        refuse_first(complaint_step_blockers(complaint, "respond"))
        complaint.respond(on=today, text=response)
        late = today > complaint.respond_by
        save_with_history(complaint, actor=actor, reason=(
            stored("R-K2: inhoudelijk gereageerd (na 5 werkdagen)") if late
            else stored("R-K2: inhoudelijk gereageerd")))
        keys = _flag_keys(complaint)
        flag_resolve(key=keys["ack"], today=today, actor=actor)
        flag_resolve(key=keys["respond"], today=today, actor=actor)
    return complaint


def complaint_notify_delay(*, complaint, new_expected_on: dt.date, actor,
                           today: dt.date | None = None) -> Complaint:
    """R-K2: the complainant is told that resolving the complaint takes longer, and until
    when. May be repeated; each notification is in the history."""
    today = today or dates.today()
    _require_bureau(actor)
    if new_expected_on <= today:
        raise RuleViolation("R-K2", _("De nieuwe verwachte datum moet in de toekomst liggen."))
    with transaction.atomic():
        complaint = _lock(complaint)
        refuse_first(complaint_step_blockers(complaint, "notify_delay"))
        if complaint.expected_on:
            flag_resolve(key=_expected_key(complaint), today=today, actor=actor)
        complaint.delay_notified_on = today
        complaint.expected_on = new_expected_on
        save_with_history(complaint, actor=actor,
                          reason=stored("R-K2: klager geïnformeerd, verwacht %(on)s",
                                        on=new_expected_on))
        flag_resolve(key=_flag_keys(complaint)["resolve"], today=today, actor=actor)
    return complaint


def complaint_resolve(*, complaint, outcome: str, actor,
                      today: dt.date | None = None) -> Complaint:
    """R-K2: the complaint is resolved (aimed within 34 working days). The written outcome
    tells the complainant how to object (R-K3)."""
    today = today or dates.today()
    _require_bureau(actor)
    outcome = _require_text(outcome, rule_id="R-K2", message=_(
        "Leg de uitkomst van de klacht vast."))
    with transaction.atomic():
        complaint = _lock(complaint)
        refuse_first(complaint_step_blockers(complaint, "resolve"))
        complaint.resolve(on=today, outcome=outcome)
        save_with_history(complaint, actor=actor, reason=stored("R-K2: klacht afgehandeld"))
        flag_resolve(key=_flag_keys(complaint)["resolve"], today=today, actor=actor)
        if complaint.expected_on:
            flag_resolve(key=_expected_key(complaint), today=today, actor=actor)
    return complaint


# --- R-K3 objection and closing -----------------------------------------------------------------


def objection_term_ends(complaint) -> dt.date | None:
    """R-K3: the last day the complainant may object to the outcome (None before it)."""
    if complaint.resolved_on is None:
        return None
    return deadlines.objection_by(complaint.resolved_on, settings.COMPLAINT_OBJECTION_WEEKS)


def close_blockers(complaint, *, today: dt.date) -> list[tuple[str, str]]:
    """R-K3, the guard of closing a complaint without an objection: it is resolved, no
    objection is pending, and the objection term has ended (the complaint stays open for it).
    Empty when it can be closed."""
    if complaint.state == ComplaintState.OBJECTED:
        return [("R-K3", _(
            "Er loopt een bezwaar tegen de afhandeling van klacht %(ref)s; behandel het "
            "bezwaar eerst.") % {"ref": complaint.reference})]
    if not can_proceed(complaint.close):
        violation = _wrong_state(complaint, [ComplaintState.RESOLVED], "R-K3")
        return [(violation.rule_id, violation.message)]
    ends = objection_term_ends(complaint)
    if ends is not None and today <= ends:
        return [("R-K3", _(
            "De klager kan tot en met %(date)s bezwaar maken tegen de afhandeling; tot dan "
            "blijft klacht %(ref)s open.") % {"date": date_label(ends),
                                              "ref": complaint.reference})]
    return []


def complaint_object(*, complaint, content: str, filed_on: dt.date, actor,
                     today: dt.date | None = None) -> Objection:
    """R-K3: the complainant objects to the outcome; the bureau records the objection."""
    today = today or dates.today()
    _require_bureau(actor)
    content = _require_text(content, rule_id="R-K3", message=_(
        "Leg de inhoud van het bezwaar vast."))
    with transaction.atomic():
        complaint = _lock(complaint)
        refuse_first(complaint_step_blockers(complaint, "object"))
        if filed_on > today or filed_on < complaint.resolved_on:
            raise RuleViolation("R-K3", _(
                "Een bezwaar wordt ingediend na de afhandeling (%(on)s) en niet in de "
                "toekomst.") % {"on": date_label(complaint.resolved_on)})
        ends = objection_term_ends(complaint)
        if filed_on > ends:
            raise RuleViolation("R-K3", _(
                "De bezwaartermijn liep tot en met %(date)s; dit bezwaar is te laat ingediend.")
                % {"date": date_label(ends)})
        complaint.object_to_outcome()
        save_with_history(complaint, actor=actor, reason=stored("R-K3: bezwaar ingediend"))
        objection = Objection(complaint=complaint, filed_on=filed_on, content=content)
        save_with_history(objection, actor=actor, reason=stored("R-K3: bezwaar ingediend"))
        flag_raise(key=f"complaint-objection-{objection.pk}", rule_id="R-K3",
                   audience=FlagAudience.BUREAU, member=complaint.member, subject=complaint,
                   today=today,
                   message=stored("Bezwaar tegen de afhandeling van klacht %(ref)s: behandelen.",
                                  ref=complaint.reference))
    return objection


def complaint_handle_objection(*, complaint, outcome: str, actor,
                               today: dt.date | None = None) -> Objection:
    """R-K3: the objection is handled; its outcome is recorded and the complaint closed."""
    today = today or dates.today()
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-K3", message=_(
        "Een bezwaar wordt behandeld door het verenigingsbureau of de directeur."))
    outcome = _require_text(outcome, rule_id="R-K3", message=_(
        "Leg de uitkomst van de behandeling van het bezwaar vast."))
    with transaction.atomic():
        complaint = _lock(complaint)
        refuse_first(complaint_step_blockers(complaint, "handle_objection"))
        objection = (Objection.objects.select_for_update()
                     .filter(complaint=complaint, handled_on__isnull=True)
                     .order_by("-filed_on", "-pk").first())
        if objection is None:  # pragma: no cover - the state says there is one
            raise RuleViolation("R-K3", _("Er is geen openstaand bezwaar."))
        objection.handled_on = today
        objection.outcome = outcome
        save_with_history(objection, actor=actor, reason=stored("R-K3: bezwaar behandeld"))
        complaint.close(on=today)
        save_with_history(complaint, actor=actor, reason=stored("R-K3: gesloten na bezwaar"))
        flag_resolve(key=f"complaint-objection-{objection.pk}", today=today, actor=actor)
    return objection


def complaint_close(*, complaint, actor, today: dt.date | None = None) -> Complaint:
    """R-K3: close a resolved complaint when no objection came within the objection term
    (:func:`close_blockers`). An objection must be handled first
    (``complaint_handle_objection``)."""
    today = today or dates.today()
    _require_bureau(actor)
    with transaction.atomic():
        complaint = _lock(complaint)
        refuse_first(complaint_step_blockers(complaint, "close", today=today))
        complaint.close(on=today)
        save_with_history(complaint, actor=actor, reason=stored("R-K3: gesloten"))
    return complaint


# --- R-T2 link to an interim audit --------------------------------------------------------------


def complaint_trigger_interim_audit(*, complaint, body, motivation: str, actor,
                                    today: dt.date | None = None):
    """R-T2: a serious and public complaint about a member triggers an interim audit (R-T1).
    The audit is created by ``audits.services.audit_impose_interim`` with the complaint as its
    trigger source; at most one (not cancelled) interim audit per complaint."""
    from audits.models import InterimTrigger
    from audits.services import audit_impose_interim

    today = today or dates.today()
    with transaction.atomic():
        complaint = _lock(complaint)
        # R-T2: the guard of every route to an interim audit, shown before the click too.
        refuse_first(complaint_step_blockers(complaint, "interim_audit"))
        return audit_impose_interim(
            member=complaint.member, body=body, trigger=InterimTrigger.COMPLAINT,
            trigger_source=f"Klacht {complaint.reference}", complaint=complaint,
            motivation=motivation, actor=actor, today=today,
        )


# --- the daily sweep (R-K2) ---------------------------------------------------------------------


def complaints_sweep(*, today: dt.date) -> dict[str, int]:
    """R-K2: flag overdue acknowledgements (written complaints), responses and resolutions
    for the bureau. Idempotent: flags are keyed per complaint (and per promised date)."""
    counts = {"acknowledgements_overdue": 0, "responses_overdue": 0,
              "resolutions_overdue": 0, "expected_dates_passed": 0}
    start_of_today = dt.datetime.combine(today, dt.time.min, tzinfo=dates.AMSTERDAM)

    def raise_flag(complaint, key, message, due_on, counter):
        _flag, created = flag_raise(
            key=key, rule_id="R-K2", audience=FlagAudience.BUREAU, member=complaint.member,
            subject=complaint, today=today, due_on=due_on,
            message=message.with_params(ref=complaint.reference, due=due_on))
        counts[counter] += int(created)

    for complaint in Complaint.objects.filter(state=ComplaintState.RECEIVED,
                                              channel__in=WRITTEN_CHANNELS,
                                              acknowledge_by__lt=start_of_today):
        raise_flag(complaint, _flag_keys(complaint)["ack"],
                   stored("Klacht %(ref)s: ontvangst niet binnen 24 uur bevestigd (uiterlijk "
                          "%(due)s)."), dates.local_date(complaint.acknowledge_by),
                   "acknowledgements_overdue")
    for complaint in Complaint.objects.filter(
            state__in=[ComplaintState.RECEIVED, ComplaintState.ACKNOWLEDGED],
            respond_by__lt=today):
        raise_flag(complaint, _flag_keys(complaint)["respond"],
                   stored("Klacht %(ref)s: geen inhoudelijke reactie binnen 5 werkdagen "
                          "(uiterlijk %(due)s)."), complaint.respond_by, "responses_overdue")
    for complaint in Complaint.objects.filter(state__in=UNRESOLVED_STATES,
                                              resolve_by__lt=today,
                                              delay_notified_on__isnull=True):
        raise_flag(complaint, _flag_keys(complaint)["resolve"],
                   stored("Klacht %(ref)s: niet afgehandeld binnen 34 werkdagen (%(due)s); laat "
                          "de klager weten dat het langer duurt."), complaint.resolve_by,
                   "resolutions_overdue")
    for complaint in Complaint.objects.filter(state__in=UNRESOLVED_STATES,
                                              expected_on__lt=today):
        raise_flag(complaint, _expected_key(complaint),
                   stored("Klacht %(ref)s: de aan de klager genoemde datum %(due)s is "
                          "verstreken."),
                   complaint.expected_on, "expected_dates_passed")
    return counts


# --- R-C2 a member's complaint about its certifier (member portal, issue #4) -------------------


def complaint_submit_by_member(*, member, body, content: str, actor,
                               today: dt.date | None = None) -> Complaint:
    """R-C2/R-K1: a contact of ``member`` files a complaint about its certifier — a body that
    audits or audited the member — through the member portal (channel web form). The contact
    is the complainant; the complaint gets its R-K2 deadlines, and the bureau, which handles it
    (SPEC §1), is flagged at once to acknowledge it within 24 hours. The complainant's personal
    data stays internal (R-A2)."""
    from audits.models import Audit
    from members.models import Contact

    today = today or dates.today()
    contact = (Contact.objects.filter(member=member, user=actor).first()
               if actor is not None and actor.has_role(Role.MEMBER_CONTACT) else None)
    if contact is None:
        raise RuleViolation("R-A1", _(
            "Alleen een contactpersoon van het lid dient via het ledenportaal een klacht in."))
    if body is None or not Audit.objects.filter(member=member, body=body).exists():
        raise RuleViolation("R-C2", _(
            "Een lid kan via het portaal klagen over een certificerende instelling die het "
            "auditeert of heeft geauditeerd; kies die instelling."))
    content = _require_text(content, rule_id="R-K1",
                            message=_("Beschrijf waarover u een klacht heeft."))
    received_at = timezone.now()

    def flag_the_bureau(complaint):
        flag_raise(
            key=_flag_keys(complaint)["ack"], rule_id="R-K2",
            audience=FlagAudience.BUREAU, subject=complaint, member=member,
            today=today, due_on=dates.local_date(complaint.acknowledge_by),
            message=stored("Klacht %(ref)s van %(member)s over %(body)s (ledenportaal): "
                           "bevestig de ontvangst binnen 24 uur.",
                           ref=complaint.reference, member=member, body=body),
        )

    return _file(
        received_at=received_at, actor=actor,
        reason=stored("R-C2: klacht van het lid via het ledenportaal"), after_save=flag_the_bureau,
        channel=Channel.WEB_FORM, subject_kind=ComplaintSubject.BODY, body=body,
        complainant_name=contact.name, complainant_email=contact.email,
        complainant_phone=contact.phone, content=content)


# --- R-K1 a complaint from the public, without an account (issue #9) ----------------------------


def complaint_submit_public(*, subject_kind: str, complainant_name: str, complainant_email: str,
                            content: str, body=None, member=None, complainant_phone: str = "",
                            today: dt.date | None = None) -> Complaint:
    """R-K1: anyone files a complaint about a member or a certification body on the public
    web form, without an account (channel web form). It gets the R-K2 deadlines of every
    written complaint; the bureau is flagged to acknowledge it within 24 hours, and the
    complainant gets a confirmation of receipt with the reference. The complainant's data
    stays internal (R-A2): the e-mail is not linked to the member, and nothing tells whether
    the address belongs to an account."""
    from members.models import MEMBERSHIP_STATES

    today = today or dates.today()
    if subject_kind == ComplaintSubject.BODY:
        if body is None or not body.recognised:
            raise RuleViolation("R-K1", _("Kies de certificerende instelling waarover u een "
                                          "klacht heeft."))
        member = None
    elif subject_kind == ComplaintSubject.MEMBER:
        if member is None or member.state not in MEMBERSHIP_STATES:
            raise RuleViolation("R-K1", _("Kies het lid waarover u een klacht heeft."))
        body = None
    else:
        raise RuleViolation("R-K1", _("Kies waarover de klacht gaat: een lid of een "
                                      "certificerende instelling."))
    complainant_name = _require_text(complainant_name, rule_id="R-K1",
                                     message=_("Vul uw naam in."))
    complainant_email = _require_text(complainant_email, rule_id="R-K1", message=_(
        "Vul uw e-mailadres in; daarop ontvangt u de bevestiging."))
    content = _require_text(content, rule_id="R-K1",
                            message=_("Beschrijf waarover u een klacht heeft."))
    subject = member if member is not None else body

    def flag_and_confirm(complaint):
        flag_raise(
            key=_flag_keys(complaint)["ack"], rule_id="R-K2",
            audience=FlagAudience.BUREAU, subject=complaint, member=member,
            today=today, due_on=dates.local_date(complaint.acknowledge_by),
            message=stored("Klacht %(ref)s over %(subject)s (openbaar webformulier): "
                           "bevestig de ontvangst binnen 24 uur.",
                           ref=complaint.reference, subject=subject),
        )
        # R-K1: the complainant gets the reference, after the commit.
        transaction.on_commit(
            lambda pk=complaint.pk: emails.complaint_received(complaint_id=pk), robust=True)

    return _file(
        received_at=timezone.now(), actor=None,
        reason=stored("R-K1: klacht via het openbare webformulier"), after_save=flag_and_confirm,
        channel=Channel.WEB_FORM, subject_kind=subject_kind, body=body, member=member,
        complainant_name=complainant_name, complainant_email=complainant_email,
        complainant_phone=complainant_phone or "", content=content)
