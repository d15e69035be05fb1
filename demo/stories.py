"""The stories (see :mod:`demo`): what each organisation of :data:`~demo.specs.MEMBERS` lives
through (``STORIES``, by the spec's ``story``), and the complaints of the association."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from audits.models import AuditKind, AuditState, InterimTrigger
from audits.services import audit_impose_interim
from certificates.models import WithdrawalReason
from certificates.services import (
    certificate_record_swn_report,
    certificate_withdraw,
    postponement_decide,
    postponement_request,
)
from complaints.models import Channel, ComplaintSubject
from complaints.services import (
    complaint_acknowledge,
    complaint_handle_objection,
    complaint_mark_serious,
    complaint_object,
    complaint_register,
    complaint_resolve,
    complaint_respond,
)
from core import dates
from core.sweep import sweep_deadlines
from demo.specs import MemberSpec
from demo.steps import (
    _admission,
    _apply,
    _audit,
    _audit_options,
    _decided_for_expiry,
    _renewal,
    _review,
)
from demo.timeline import Demo, Step, days, moment_on, workday
from members.services import (
    admission_record_quality_team_advice,
    admission_start_audit,
    member_pause,
    member_reject,
    member_resign,
)
from suspensions.models import AppealSubject, NoticeAudience, Publication, SummonsMethod
from suspensions.services import (
    appeal_file,
    hearing_record,
    hearing_summon,
    suspension_decide,
    suspension_expel,
    suspension_send_notice,
)

# --- the stories --------------------------------------------------------------------------------


def story_certified(demo: Demo, spec: MemberSpec) -> Step:
    """A member since ``months`` ago with one valid certificate."""
    decided = dates.add_months(demo.today, -spec.options["months"])
    yield from _admission(demo, spec, decided, **_audit_options(spec))


def story_renewed(demo: Demo, spec: MemberSpec) -> Step:
    """Admitted over three years ago; the renewal started ``months`` ago (R-Z3). Options: an
    afwijking at the admission audit resolved at the recertification (R-F3, R-F8); a combined
    SWN audit with four years and the SWN report received after two (R-Z2)."""
    renewed_from = dates.add_months(demo.today, -spec.options["months"])
    options = _audit_options(spec)
    first = yield from _admission(demo, spec, dates.add_years(renewed_from, -3),
                                  nonconformity=options.pop("nonconformity", ""))
    member = demo.member(spec.name)
    judge = ()
    if spec.options.get("nonconformity"):
        judge = [(spec.options["nonconformity"], "resolved",
                  "Steekproef van tien dossiers volledig; het plan van aanpak is uitgevoerd.")]
    swn = spec.options.get("swn", False)
    certificate = yield from _renewal(
        demo, spec, member, first, swn=swn, judge=judge,
        kind=AuditKind.COMBINED_SWN if swn else AuditKind.RECERTIFICATION, **options)
    if swn:
        received = workday(certificate.swn_report_due_on - days(10))
        if received <= demo.today:
            yield received
            certificate_record_swn_report(certificate=certificate, received_on=received,
                                          actor=demo.bea, today=received)


def _expiry_date(demo: Demo, spec: MemberSpec) -> dt.date:
    """The first day without certificate: in ``months`` or ``days`` from today (negative
    ``days`` counted back for expired certificates)."""
    if "months" in spec.options:
        return dates.add_months(demo.today, spec.options["months"])
    return demo.today + days(spec.options["days"])


def story_expiring(demo: Demo, spec: MemberSpec) -> Step:
    """A certificate that ends within seven months with no audit planned yet (R-N1); with
    ``postpone`` the member has just asked for postponement (R-Z4, waiting for the bureau)."""
    lapse = _expiry_date(demo, spec)
    certificate = yield from _admission(demo, spec, _decided_for_expiry(lapse),
                                        **_audit_options(spec))
    months = spec.options.get("postpone")
    if months:
        day = workday(demo.today - days(3))
        yield day
        postponement_request(
            certificate=certificate, months=months, actor=demo.contact_user(spec), today=day,
            reason="Onze teamleider kwaliteit is langdurig uitgevallen; de voorbereiding van de "
                   "hercertificering lukt niet vóór de einddatum.")


def story_recertifying(demo: Demo, spec: MemberSpec) -> Step:
    """A recertification audit under way, up to step ``until``; its fieldwork lies two months
    before the certificate ends (R-Z3: at most three)."""
    fieldwork = workday(demo.today + days(spec.options["fieldwork"]))
    lapse = dates.add_months(fieldwork, 2)
    yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    yield from _audit(demo, spec, member, kind=AuditKind.RECERTIFICATION, fieldwork=fieldwork,
                      until=spec.options["until"], **_audit_options(spec))


def story_expired(demo: Demo, spec: MemberSpec) -> Step:
    """A member whose certificate ended ``days`` ago: the sweep expires it and flags the
    member (R-M3). With ``postponed`` the director granted postponement beforehand (R-Z4, more
    than three months) and the audit is in preparation; with ``fieldwork`` alone the member has
    just chosen its body."""
    lapse = demo.today - days(spec.options["days"])
    certificate = yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    months = spec.options.get("postponed")
    if months:
        day = workday(lapse - days(50))
        yield day
        postponement = postponement_request(
            certificate=certificate, months=months, actor=demo.contact_user(spec), today=day,
            reason="Fusie met de schuldhulpverlening van de buurgemeente per 1 januari; de "
                   "audit willen we op de nieuwe organisatie laten plaatsvinden.")
        day = workday(day + days(7))
        yield day
        postponement_decide(
            postponement=postponement, grant=True, actor=demo.dirk, today=day,
            motivation="Gegronde reden (fusie); de CI adviseert de audit na de fusie te houden.",
            body_advice="Audit na de fusie, binnen de uitsteltermijn, is goed uitvoerbaar.")
    fieldwork = workday(demo.today + days(spec.options.get("fieldwork", 0)))
    if months:
        yield from _audit(demo, spec, member, kind=AuditKind.RECERTIFICATION,
                          fieldwork=fieldwork, until=AuditState.PREPARATION)
    elif "fieldwork" in spec.options:
        yield from _audit(demo, spec, member, kind=AuditKind.RECERTIFICATION,
                          fieldwork=fieldwork, until=AuditState.BODY_CHOSEN,
                          created_on=workday(demo.today - days(12)))


def story_paused(demo: Demo, spec: MemberSpec) -> Step:
    """R-M4: the certificate lapsed five months ago; the director paused the membership so the
    organisation can still get certified, and its re-audit is being prepared (R-U1)."""
    lapse = dates.add_months(demo.today, -5)
    yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    day = workday(dates.add_months(demo.today, -4))
    yield day
    member_pause(member=member, actor=demo.dirk, today=day,
                 motivation="Geen geldig certificaat (R-M3); de organisatie reorganiseert en "
                            "krijgt de gelegenheid zich opnieuw te laten certificeren.")
    yield from _audit(demo, spec, member, kind=AuditKind.RE_AUDIT,
                      fieldwork=demo.today + days(30), until=AuditState.QUOTE_AGREED)


def story_suspended(demo: Demo, spec: MemberSpec) -> Step:
    """R-S1 … R-S4: the certificate lapsed seven months ago and no audit came; after a hearing
    the director suspended the member for three months, the notice went to members and
    convenant partners (R-S7), and the member's appeal is pending with the board."""
    lapse = dates.add_months(demo.today, -7)
    yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    summoned = workday(demo.today - days(75))
    yield summoned
    hearing = hearing_summon(member=member, summoned_on=summoned, method=SummonsMethod.LETTER,
                             hearing_on=workday(summoned + days(14)), actor=demo.dirk,
                             today=summoned)
    yield hearing.hearing_on
    hearing_record(hearing=hearing, held_on=hearing.hearing_on, actor=demo.dirk,
                   today=hearing.hearing_on,
                   member_statement="De organisatie erkent de achterstand en wijst op "
                                    "personeelstekort; een auditdatum is nog niet gepland.")
    day = workday(summoned + days(19))
    yield day
    suspension = suspension_decide(
        member=member, hearing=hearing, starts_on=day, months=3, notified_on=day,
        publication=Publication.REGISTER, actor=demo.dirk, today=day,
        motivation="Ruim vijf maanden zonder geldig certificaat en geen audit gepland "
                   "(R-M3); gehoord op de hoorzitting.")
    day = workday(day + days(2))
    yield day
    for audience in NoticeAudience.values:
        # R-S7: the notice counts its own recipients.
        suspension_send_notice(suspension=suspension, audience=audience, actor=demo.bea,
                               today=day,
                               text=f"{member.name} is met ingang van {suspension.starts_on} "
                                    f"geschorst tot en met {suspension.ends_on}.")
    day = workday(suspension.notified_on + days(21))
    yield day
    appeal_file(suspension=suspension, subject=AppealSubject.SUSPENSION, announced_on=day,
                actor=demo.contact_user(spec), today=day,
                motivation="De schorsing is onevenredig: de audit is inmiddels aangevraagd en "
                           "de dienstverlening aan klanten loopt door.")


def story_expelled(demo: Demo, spec: MemberSpec) -> Step:
    """R-S5 (b): suspended well over a year ago, converted into expulsion at the end of the
    suspension; no appeal came, so the daily sweep made the expulsion final."""
    lapse = dates.add_months(demo.today, -26)
    yield from _admission(demo, spec, _decided_for_expiry(lapse))
    member = demo.member(spec.name)
    summoned = workday(dates.add_months(demo.today, -22))
    yield summoned
    hearing = hearing_summon(member=member, summoned_on=summoned, method=SummonsMethod.LETTER,
                             hearing_on=workday(summoned + days(14)), actor=demo.dirk,
                             today=summoned)
    yield hearing.hearing_on
    hearing_record(hearing=hearing, held_on=hearing.hearing_on, member_did_not_appear=True,
                   actor=demo.dirk, today=hearing.hearing_on)
    day = workday(hearing.hearing_on + days(4))
    yield day
    suspension = suspension_decide(
        member=member, hearing=hearing, starts_on=day, months=3, notified_on=day,
        actor=demo.dirk, today=day,
        motivation="Al vier maanden zonder geldig certificaat; niet verschenen op de "
                   "hoorzitting.")
    day = workday(day + days(2))
    yield day
    for audience in NoticeAudience.values:
        suspension_send_notice(suspension=suspension, audience=audience,
                               actor=demo.bea, today=day,
                               text=f"{member.name} is geschorst tot en met "
                                    f"{suspension.ends_on}.")
    day = workday(suspension.ends_on + days(5))
    yield day
    suspension_expel(suspension=suspension, notified_on=day, actor=demo.dirk, today=day,
                     motivation="Gedurende de schorsing geen audit aangevraagd en geen "
                                "contact opgenomen.")
    # The daily sweep of the day after the appeal window (R-S3) makes the expulsion final.
    day = dates.add_months(day, 1) + days(1)
    yield day
    sweep_deadlines(day)


def story_resigned(demo: Demo, spec: MemberSpec) -> Step:
    """R-M2: the member merged and resigned while its recertification was being planned: the
    open audit is cancelled and the director withdraws the certificate (R-Z5)."""
    certificate = yield from _admission(demo, spec, dates.add_months(demo.today, -34))
    member = demo.member(spec.name)
    yield from _audit(demo, spec, member, kind=AuditKind.RECERTIFICATION,
                      fieldwork=demo.today - days(30), until=AuditState.QUOTE_AGREED)
    day = workday(demo.today - days(60))
    yield day
    member_resign(member=member, actor=demo.bea, today=day,
                  reason="Gefuseerd met de Kredietbank Midden-Nederland.")
    day = workday(day + days(1))
    yield day
    certificate_withdraw(certificate=certificate, reason=WithdrawalReason.MEMBERSHIP_ENDED,
                         actor=demo.dirk, today=day,
                         motivation="Lidmaatschap opgezegd na fusie; het certificaat vervalt.")


def story_admission_advised(demo: Demo, spec: MemberSpec) -> Step:
    """R-M1 step 3: the admission audit advised positively and the kernteam too; the
    director's decision is waiting."""
    F = workday(demo.today - days(60))
    member = yield from _apply(demo, spec, workday(F - days(150)))
    yield from _review(demo, spec, member, workday(F - days(140)))
    day = workday(F - days(110))
    yield day
    admission_start_audit(member=member, actor=demo.bea, today=day)
    yield from _audit(demo, spec, member, kind=AuditKind.ADMISSION, fieldwork=F,
                      observation="6.2")
    day = workday(F + days(52))
    yield day
    admission_record_quality_team_advice(
        member=member, advice="positive", actor=demo.kim, today=day,
        text="Positief: solide organisatie; de kanttekening over scholing is bekend.")


def story_admission_audit(demo: Demo, spec: MemberSpec) -> Step:
    """R-M1 step 2: the applicant chose its body; the admission audit is in preparation and
    the zelfscan is filled in (R-U3)."""
    F = workday(demo.today + days(28))
    member = yield from _apply(demo, spec, workday(demo.today - days(120)))
    yield from _review(demo, spec, member, workday(demo.today - days(110)))
    day = workday(demo.today - days(85))
    yield day
    admission_start_audit(member=member, actor=demo.bea, today=day)
    yield from _audit(demo, spec, member, kind=AuditKind.ADMISSION, fieldwork=F,
                      until=AuditState.PREPARATION, assess=True)


def story_under_review(demo: Demo, spec: MemberSpec) -> Step:
    """R-M1 step 1: the bureau checked the application; contact with the organisation is still
    to be made, so the admission audit cannot start yet."""
    member = yield from _apply(demo, spec, workday(demo.today - days(20)))
    yield from _review(demo, spec, member, workday(demo.today - days(12)), contacted=False)


def story_rejected(demo: Demo, spec: MemberSpec) -> Step:
    """R-M2: the check found the conditions not met; the director rejected the application."""
    member = yield from _apply(demo, spec, workday(demo.today - days(95)))
    yield from _review(demo, spec, member, workday(demo.today - days(88)), meets=False)
    day = workday(demo.today - days(70))
    yield day
    member_reject(member=member, actor=demo.dirk, today=day,
                  motivation="Voldoet niet aan de wettelijke eisen voor schuldhulpverlening "
                             "(controle Verenigingsbureau).")


def story_applicant(demo: Demo, spec: MemberSpec) -> Step:
    """R-M1 step 1: a fresh application, waiting for the bureau."""
    yield from _apply(demo, spec, workday(demo.today - days(3)))


STORIES: dict[str, Callable[[Demo, MemberSpec], Step]] = {
    "certified": story_certified,
    "renewed": story_renewed,
    "expiring": story_expiring,
    "recertifying": story_recertifying,
    "expired": story_expired,
    "paused": story_paused,
    "suspended": story_suspended,
    "expelled": story_expelled,
    "resigned": story_resigned,
    "admission_advised": story_admission_advised,
    "admission_audit": story_admission_audit,
    "under_review": story_under_review,
    "rejected": story_rejected,
    "applicant": story_applicant,
}


def _complaint_received(demo: Demo, on: dt.date, **particulars) -> Step:
    """R-K1: in the step of ``on`` the bureau registers a complaint received that day; in the
    next step it acknowledges the receipt. Returns the complaint."""
    complaint = complaint_register(received_at=moment_on(on), actor=demo.bea, today=on,
                                   **particulars)
    yield on
    complaint_acknowledge(complaint=complaint, actor=demo.bea, at=moment_on(on), today=on)
    return complaint


def story_complaints(demo: Demo) -> Step:
    """R-K1 … R-K3 and R-T1/R-T2: a closed complaint about a member (objection handled), a
    serious and public complaint that led to an interim audit, and a fresh complaint about a
    body."""
    # 1. About a member, nine months ago: resolved, objected to, objection handled, closed.
    received = workday(dates.add_months(demo.today, -9))
    yield received
    bea = demo.bea
    complaint = yield from _complaint_received(
        demo, received, channel=Channel.EMAIL,
        subject_kind=ComplaintSubject.MEMBER, member=demo.member("Kredietbank Drenthe"),
        complainant_name="J. Hoekstra", complainant_email="j.hoekstra@mail.example",
        content="Mijn aanvraag voor schuldhulp ligt al zes weken stil zonder bericht.")
    day = dates.add_working_days(received, 4)
    yield day
    complaint_respond(complaint=complaint, actor=bea, today=day,
                      response="Navraag gedaan: de intake is ingepland; excuses voor het "
                               "uitblijven van bericht.")
    day = dates.add_working_days(received, 20)
    yield day
    complaint_resolve(complaint=complaint, actor=bea, today=day,
                      outcome="Gegrond: de kredietbank heeft de termijnbewaking aangepast. "
                              "Bezwaar is mogelijk binnen vier weken.")
    filed = workday(day + days(10))
    yield filed
    complaint_object(complaint=complaint, filed_on=filed, actor=bea, today=filed,
                     content="Ik wil dat ook de gemiste betalingsregeling wordt hersteld.")
    day = workday(filed + days(14))
    yield day
    complaint_handle_objection(complaint=complaint, actor=demo.dirk, today=day,
                               outcome="Bezwaar besproken; de kredietbank herstelt de regeling. "
                                       "Klacht gesloten.")

    # 2. Serious and public, about a member: an interim audit is imposed (R-T1, R-T2).
    received = workday(demo.today - days(25))
    yield received
    complaint = yield from _complaint_received(
        demo, received, channel=Channel.WEB_FORM,
        subject_kind=ComplaintSubject.MEMBER, member=demo.member("Stadsbank Twente"),
        complainant_name="Stichting Cliëntenraad Enschede",
        complainant_email="secretariaat@clientenraad-enschede.example",
        content="Meerdere cliënten melden dat betalingen aan vaste lasten maandenlang niet zijn "
                "gedaan; de lokale krant heeft erover bericht.")
    day = dates.add_working_days(received, 3)
    yield day
    complaint_respond(complaint=complaint, actor=bea, today=day,
                      response="De Stadsbank onderzoekt de betalingen; wij volgen dit en "
                               "informeren u over de uitkomst.")
    day = workday(demo.today - days(15))
    yield day
    complaint_mark_serious(complaint=complaint, serious_and_public=True, actor=demo.dirk,
                           today=day,
                           motivation="Meerdere cliënten getroffen en publiek bekend.")
    day = workday(demo.today - days(12))
    yield day
    audit_impose_interim(
        member=demo.member("Stadsbank Twente"), body=demo.bodies["beta"],
        trigger=InterimTrigger.COMPLAINT, trigger_source="", complaint=complaint,
        actor=demo.dirk, today=day,
        motivation="Ernstige en openbare klachten over het budgetbeheer; de CI toetst "
                   "normen 4.7 en 4.11 tussentijds.")

    # 3. About a body, two working days ago: acknowledged, the response is due.
    received = workday(demo.today - days(2))
    yield received
    yield from _complaint_received(
        demo, received, channel=Channel.EMAIL,
        subject_kind=ComplaintSubject.BODY, body=demo.bodies["gamma"],
        complainant_name="M. de Groot (Stadsbank Apeldoorn)",
        complainant_email="m.degroot@stadsbank-apeldoorn.example",
        content="Het conceptrapport kwam pas na zeven weken, ruim na de afgesproken termijn.")
