"""Access entries for the bureau portal (/bureau/): the bureau (bea) and the directeur (dirk)
see everything (SPEC §1); every other role is refused the portal (403) and anonymous visitors
are sent to the login page. The bureau has no "other organisation", so ``foreign`` checks that
an object that does not exist — or a contact of member Y asked for under member X — is a 404.

The world lacks a few objects these URLs need; the helpers below add them on demand (and
idempotently): a complaint about member X, a postponement request on its certificate, a
suspension of member X and a norm-change proposal.
"""

import datetime as dt

from audits.models import NormChangeProposal
from certificates.models import Postponement
from complaints import deadlines as complaint_deadlines
from complaints.models import Channel, Complaint, ComplaintSubject
from core.dates import AMSTERDAM, add_months
from core.models import Flag, FlagAudience
from suspensions.models import Hearing, SummonsMethod, Suspension
from tests.access.matrix import STAFF, Entry

MISSING = 999999


def complaint(world) -> Complaint:
    """A complaint about member X received this morning (R-K1)."""
    existing = Complaint.objects.filter(reference="K-MATRIX-0001").first()
    if existing is not None:
        return existing
    received_at = dt.datetime.combine(dt.date.today(), dt.time(9, 0), tzinfo=AMSTERDAM)
    received_on = received_at.date()
    return Complaint.objects.create(
        reference="K-MATRIX-0001", received_at=received_at, channel=Channel.EMAIL,
        subject_kind=ComplaintSubject.MEMBER, member=world.member_x,
        complainant_name="Karel Klager", complainant_email="karel@klager.example",
        content="Geen reactie op mijn mails.",
        acknowledge_by=complaint_deadlines.acknowledge_by(received_at),
        respond_by=complaint_deadlines.respond_by(received_on),
        resolve_by=complaint_deadlines.resolve_by(received_on))


def open_flag(world) -> Flag:
    """An open R-M3 signal about member X."""
    flag, _created = Flag.objects.get_or_create(
        key="matrix-flag", defaults={"rule_id": "R-M3", "audience": FlagAudience.BUREAU,
                                     "message": "Neem contact op.", "member": world.member_x,
                                     "raised_on": dt.date.today()})
    return flag


def postponement(world) -> Postponement:
    """A request for two months' postponement on member X's certificate (R-Z4)."""
    existing = Postponement.objects.filter(certificate=world.certificate_x).first()
    if existing is not None:
        return existing
    return Postponement.objects.create(
        certificate=world.certificate_x, requested_on=dt.date.today(),
        requested_by=world.users["xena"], months=2, reason="Wisseling van de directie.")


def suspension(world) -> Suspension:
    """An open three-month suspension of member X after a hearing (R-S1, R-S2)."""
    existing = Suspension.objects.filter(member=world.member_x).first()
    if existing is not None:
        return existing
    today = dt.date.today()
    hearing = Hearing.objects.create(
        member=world.member_x, summoned_on=today - dt.timedelta(days=20),
        method=SummonsMethod.LETTER, hearing_on=today - dt.timedelta(days=7),
        held_on=today - dt.timedelta(days=7), summoned_by=world.users["dirk"])
    return Suspension.objects.create(
        member=world.member_x, hearing=hearing, starts_on=today, months=3,
        ends_on=add_months(today, 3), notified_on=today)


def proposal(world) -> NormChangeProposal:
    """A submitted proposal to change a norm (R-N4)."""
    existing = NormChangeProposal.objects.first()
    if existing is not None:
        return existing
    return NormChangeProposal.objects.create(
        proposed_by=world.users["bea"], proposed_on=dt.date.today(),
        text="Norm 4.11 splitsen.", rationale="Twee onderwerpen in één norm.")


def _pk(make):
    return lambda world: {"pk": make(world).pk}


def _missing(world):
    return {"pk": MISSING}


def notification(world):
    """A failed e-mail to xena about member X (R-Z6)."""
    from notifications.models import Notification, NotificationStatus

    existing = Notification.objects.filter(key="matrix:outbox").first()
    return existing or Notification.objects.create(
        key="matrix:outbox", recipient_email="xena@x.example", template="audit-planned",
        subject="Audit gepland", body_text="Tekst", body_html="<p>Tekst</p>",
        member=world.member_x, status=NotificationStatus.FAILED, attempts=8,
        last_error="SMTP 451")


def decision(world):
    """A decision record about member X (R-0.3): the pause the directeur decided."""
    from core.decisions import decision_record
    from core.models import Decision, DecisionKind, Role

    existing = Decision.objects.filter(rule_id="R-M4", member=world.member_x).first()
    return existing or decision_record(
        kind=DecisionKind.PAUSE, outcome="Pauzering", rule_id="R-M4", actor=world.users["dirk"],
        role=Role.DIRECTOR, subject=world.member_x, member=world.member_x)


def page() -> Entry:
    return Entry(allowed=STAFF)


def obj(make) -> Entry:
    """An object page: 200 for the bureau and the directeur, 404 for an unknown id."""
    return Entry(allowed=STAFF, kwargs=_pk(make), foreign={"bea": _missing, "dirk": _missing})


def _member(world):
    return world.member_x


def _body(world):
    return world.body_a


def _auditor(world):
    return world.anna


def _audit(world):
    return world.audit_x


ENTRIES = {
    "bureau:home": page(),
    "bureau:deadline_list": page(),
    "bureau:member_list": page(),
    "bureau:member_detail": obj(_member),
    "bureau:member_scope": obj(_member),
    "bureau:member_resign": obj(_member),
    "bureau:flag_resolve": Entry(allowed=STAFF,
                                 kwargs=lambda world: {"pk": open_flag(world).pk}),
    # issue #11: the work inbox
    "bureau:inbox": page(),
    "bureau:inbox_digest": Entry(allowed=STAFF, method="post"),
    "bureau:flag_detail": obj(open_flag),
    "bureau:flag_assign": Entry(allowed=STAFF, method="post", kwargs=_pk(open_flag)),
    "bureau:flag_comment": Entry(allowed=STAFF, method="post", kwargs=_pk(open_flag)),
    "bureau:flag_snooze": Entry(allowed=STAFF, method="post", kwargs=_pk(open_flag)),
    "bureau:flag_wake": Entry(allowed=STAFF, method="post", kwargs=_pk(open_flag)),
    "bureau:flag_inbox_resolve": Entry(allowed=STAFF, method="post", kwargs=_pk(open_flag)),
    "bureau:contact_add": obj(_member),
    "bureau:contact_invite": Entry(
        allowed=STAFF, method="post",
        kwargs=lambda world: {"pk": world.member_x.pk, "contact_pk": world.xena.pk}),
    "bureau:people": page(),
    # change history, R-0.3 decision records (issue #11): staff only; an unknown
    # object or kind is a 404
    "bureau:history": Entry(
        allowed=STAFF, kwargs=lambda world: {"kind": "lid", "pk": world.member_x.pk},
        foreign={"bea": lambda world: {"kind": "lid", "pk": MISSING},
                 "dirk": lambda world: {"kind": "gebruiker", "pk": world.member_x.pk}}),
    "bureau:activity": page(),
    "bureau:decision": obj(decision),
    # issue #12: the import; without an uploaded file the steps send back to the upload
    "bureau:import_start": page(),
    "bureau:import_template": page(),
    "bureau:import_mapping": Entry(allowed=STAFF, status_ok=(302,)),
    "bureau:import_preview": Entry(allowed=STAFF, status_ok=(302,)),
    "bureau:import_confirm": Entry(allowed=STAFF, method="post", status_ok=(302,)),
    "bureau:import_result": Entry(allowed=STAFF, status_ok=(302,)),
    "bureau:import_cancel": Entry(allowed=STAFF, method="post", status_ok=(302,)),
    "bureau:outbox": page(),
    "bureau:outbox_retry": Entry(allowed=STAFF, method="post"),
    "bureau:outbox_message": obj(notification),
    "bureau:outbox_message_html": obj(notification),
    "bureau:person_action": Entry(
        allowed=STAFF, method="post",
        kwargs=lambda world: {"pk": world.users["xena"].pk, "action": "reinvite"}),
    "bureau:auditor_invite": Entry(allowed=STAFF, method="post", kwargs=_pk(_auditor)),
    "bureau:contact_edit": Entry(
        allowed=STAFF,
        kwargs=lambda world: {"pk": world.member_x.pk, "contact_pk": world.xena.pk},
        # R-A1: member Y's contact asked for under member X is not found.
        foreign={"bea": lambda world: {"pk": world.member_x.pk, "contact_pk": world.yuri.pk},
                 "dirk": lambda world: {"pk": MISSING, "contact_pk": world.xena.pk}}),
    "bureau:admission_start_review": obj(_member),
    "bureau:admission_check": obj(_member),
    "bureau:admission_contact": obj(_member),
    "bureau:admission_start_audit": obj(_member),
    "bureau:admission_inform_board": obj(_member),
    "bureau:admission_complete": obj(_member),
    "bureau:interim_audit_impose": obj(_member),
    "bureau:audit_list": page(),
    "bureau:audit_detail": obj(_audit),
    "bureau:audit_reassign": obj(_audit),
    "bureau:postponement_list": page(),
    "bureau:postponement_decide": obj(postponement),
    "bureau:combined_audit_register": obj(_member),
    "bureau:swn_report_list": page(),
    "bureau:swn_report_record": obj(lambda world: world.certificate_x),
    "bureau:complaint_list": page(),
    "bureau:complaint_register": page(),
    "bureau:complaint_analysis": page(),
    "bureau:complaint_detail": obj(complaint),
    "bureau:complaint_acknowledge": obj(complaint),
    "bureau:complaint_respond": obj(complaint),
    "bureau:complaint_notify_delay": obj(complaint),
    "bureau:complaint_resolve": obj(complaint),
    "bureau:complaint_object": obj(complaint),
    "bureau:complaint_handle_objection": obj(complaint),
    "bureau:complaint_close": obj(complaint),
    "bureau:complaint_mark_serious": obj(complaint),
    "bureau:complaint_interim_audit": obj(complaint),
    "bureau:suspension_list": page(),
    "bureau:suspension_notice": obj(suspension),
    "bureau:body_list": page(),
    "bureau:body_register": page(),
    "bureau:body_detail": obj(_body),
    "bureau:body_recognition": obj(_body),
    "bureau:body_contract": obj(_body),
    "bureau:body_accreditation": obj(_body),
    "bureau:body_evaluation": obj(_body),
    "bureau:auditor_register": obj(_body),
    "bureau:auditor_list": page(),
    "bureau:auditor_detail": obj(_auditor),
    "bureau:auditor_confidentiality": obj(_auditor),
    "bureau:auditor_involvement": obj(_auditor),
    "bureau:quality": page(),
    "bureau:norm_proposal_list": page(),
    "bureau:norm_proposal_new": page(),
    "bureau:norm_proposal_detail": obj(proposal),
    "bureau:norm_proposal_review": obj(proposal),
    "bureau:norm_proposal_decide": obj(proposal),
}
