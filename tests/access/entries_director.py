"""Access entries for the directeur's desk (/directeur/). The directeur sees everything
(SPEC §1), so there is no foreign object here: every other persona gets 403 (login redirect
when anonymous).

The world of ``conftest.py`` has no hearing, suspension, appeal, postponement or admission
case; the helpers below add them on first use (cached on the world) for these entries and for
``entries_board.py`` and ``entries_quality_team.py``."""

import datetime as dt

from tests.access.matrix import Entry

DIRECTOR = frozenset({"dirk"})


def _cached(world, name, make):
    if not hasattr(world, name):
        setattr(world, name, make(world))
    return getattr(world, name)


def hearing_of(world):
    """A hearing of member X, summoned yesterday for today, not yet recorded (R-S1)."""
    from suspensions.models import Hearing, SummonsMethod

    def make(world):
        today = dt.date.today()
        return Hearing.objects.create(
            member=world.member_x, summoned_on=today - dt.timedelta(days=14),
            method=SummonsMethod.LETTER, hearing_on=today, summoned_by=world.users["dirk"])
    return _cached(world, "_hearing", make)


def suspension_of(world):
    """Member Y suspended for three months through the service (R-S1, R-S2)."""
    from tests.suspensions.factories import suspend

    return _cached(world, "_suspension",
                   lambda world: suspend(world.member_y, by=world.users["dirk"]))


def appeal_of(world):
    """A pending appeal of member Y against its suspension (R-S3, R-S4)."""
    from suspensions.deadlines import board_deadline
    from suspensions.models import Appeal, AppealSubject

    def make(world):
        suspension = suspension_of(world)
        announced = suspension.notified_on + dt.timedelta(days=10)
        return Appeal.objects.create(
            suspension=suspension, subject=AppealSubject.SUSPENSION, announced_on=announced,
            decision_notified_on=suspension.notified_on, motivation="Wij zijn het oneens.",
            filed_by=world.users["yuri"], board_deadline=board_deadline(announced))
    return _cached(world, "_appeal", make)


def postponement_of(world):
    """A request for four months of postponement for member X's certificate (R-Z4)."""
    from certificates.models import Postponement

    return _cached(world, "_postponement", lambda world: Postponement.objects.create(
        certificate=world.certificate_x, requested_on=dt.date.today(),
        requested_by=world.users["xena"], months=4, reason="Reorganisatie."))


def admission_case_of(world):
    """An applicant in the admission audit by CI A with the definitive report in (R-M1)."""
    from audits.models import AuditKind, AuditState, ReportVersion
    from members.models import Admission, MemberState
    from tests.audits.factories import add_report
    from tests.factories import AuditFactory, MemberFactory

    def make(world):
        member = MemberFactory(name="Aanvrager Z", state=MemberState.ADMISSION_AUDIT,
                               member_since=None)
        Admission.objects.create(member=member, submitted_on=dt.date.today(),
                                 conditions_accepted_on=dt.date.today())
        audit = AuditFactory(member=member, body=world.body_a, kind=AuditKind.ADMISSION,
                             state=AuditState.DEFINITIVE, lead_auditor=world.anna)
        report = add_report(audit, version=ReportVersion.DEFINITIVE, by=world.anna.user)
        return member, report
    return _cached(world, "_admission_case", make)


def foreign_report_of(world):
    """A definitive report of member Y's recertification audit: no kernteam case."""
    from audits.models import ReportVersion
    from tests.audits.factories import add_report

    return _cached(world, "_foreign_report", lambda world: add_report(
        world.audit_y, version=ReportVersion.DEFINITIVE, by=world.bob.user))


ENTRIES = {
    "director:home": Entry(allowed=DIRECTOR),
    "director:decisions": Entry(allowed=DIRECTOR),
    "director:members": Entry(allowed=DIRECTOR),
    "director:member": Entry(allowed=DIRECTOR, kwargs=lambda w: {"pk": w.member_x.pk}),
    "director:admission": Entry(allowed=DIRECTOR,
                                kwargs=lambda w: {"pk": admission_case_of(w)[0].pk}),
    "director:pause": Entry(allowed=DIRECTOR, kwargs=lambda w: {"pk": w.member_x.pk}),
    "director:resume": Entry(allowed=DIRECTOR, kwargs=lambda w: {"pk": w.member_x.pk}),
    "director:hearing_summon": Entry(allowed=DIRECTOR, kwargs=lambda w: {"pk": w.member_x.pk}),
    "director:hearing_record": Entry(allowed=DIRECTOR,
                                     kwargs=lambda w: {"pk": hearing_of(w).pk}),
    "director:suspend": Entry(allowed=DIRECTOR, kwargs=lambda w: {"pk": hearing_of(w).pk}),
    "director:suspension": Entry(allowed=DIRECTOR,
                                 kwargs=lambda w: {"pk": suspension_of(w).pk}),
    "director:suspension_extend": Entry(allowed=DIRECTOR,
                                        kwargs=lambda w: {"pk": suspension_of(w).pk}),
    "director:suspension_expel": Entry(allowed=DIRECTOR,
                                       kwargs=lambda w: {"pk": suspension_of(w).pk}),
    "director:suspension_lift": Entry(allowed=DIRECTOR,
                                      kwargs=lambda w: {"pk": suspension_of(w).pk}),
    "director:suspension_lift_reaudit": Entry(allowed=DIRECTOR,
                                              kwargs=lambda w: {"pk": suspension_of(w).pk}),
    "director:suspension_publication": Entry(allowed=DIRECTOR,
                                             kwargs=lambda w: {"pk": suspension_of(w).pk}),
    "director:certification": Entry(allowed=DIRECTOR, kwargs=lambda w: {"pk": w.audit_x.pk}),
    "director:audit_summary_pdf": Entry(allowed=DIRECTOR,
                                        kwargs=lambda w: {"pk": w.audit_x.pk}),
    "director:postponement": Entry(allowed=DIRECTOR,
                                   kwargs=lambda w: {"pk": postponement_of(w).pk}),
    "director:withdrawal": Entry(allowed=DIRECTOR,
                                 kwargs=lambda w: {"pk": w.certificate_x.pk}),
}
