"""The document half of the access matrix (issue #8, SPEC §1, R-A1): every kind of stored
document × every persona, through the one download view (``/documenten/<pk>/``).

Besides the personas of :mod:`tests.access.matrix` there are two auditors here: ``dora``, a
*deactivated* auditor of CI A (the bureau ended her work for the body, R-C1), and ``lars``,
an auditor of CI L, the body member X chose for its next audit (R-C2) — a body that audits
the same member later and must not read CI A's reports.

Each :class:`DocumentEntry` makes one document of member X (or of an admission case) in the
world and names who may open it; every other logged-in persona gets 404 (R-A1: not 403, the
document's existence is not leaked), anonymous the login page."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tests.access.matrix import PERSONAS

DOCUMENT_PERSONAS = (*PERSONAS, "dora", "lars")
STAFF = frozenset({"bea", "dirk"})


@dataclass(frozen=True)
class DocumentEntry:
    """One kind of document in one state: ``make(world)`` stores it; ``allowed`` open it."""

    make: Callable
    allowed: frozenset
    why: str


def _store(world, label, *, member=None, by="anna"):
    from core.documents import document_store

    user = world.users[by]
    return document_store(content=f"%PDF-1.4 {label}".encode(), name=f"{label}.pdf",
                          mime_type="application/pdf", actor=user,
                          member=member or world.member_x, title=label)


def _report(world, audit, version, label):
    from audits.models import AuditReport

    document = _store(world, label, member=audit.member)
    AuditReport.objects.create(audit=audit, version=version, document=document,
                               uploaded_by=world.users["anna"])
    return document


def concept_at_oral_feedback(world):
    """R-U2: a concept report of member X's audit by CI A at the oral-feedback step."""
    from audits.models import AuditState, ReportVersion
    from tests.factories import AuditFactory

    audit = AuditFactory(member=world.member_x, body=world.body_a,
                         state=AuditState.ORAL_FEEDBACK, lead_auditor=world.anna)
    return _report(world, audit, ReportVersion.CONCEPT, "concept-mondeling")


def concept_under_review(world):
    """R-C4: a concept report under the second auditor's internal review."""
    from audits.models import AuditState, ReportVersion
    from tests.factories import AuditFactory

    audit = AuditFactory(member=world.member_x, body=world.body_a,
                         state=AuditState.REVIEWED, lead_auditor=world.anna)
    return _report(world, audit, ReportVersion.CONCEPT, "concept-getoetst")


def concept_presented(world):
    """R-U2: a concept report of an audit that was presented (now in the follow-up)."""
    from audits.models import ReportVersion

    return _report(world, world.audit_x, ReportVersion.CONCEPT, "concept-voorgelegd")


def definitive_report(world):
    """R-U2: the definitive report of member X's recertification audit by CI A."""
    from audits.models import ReportVersion

    return _report(world, world.audit_x, ReportVersion.DEFINITIVE, "definitief")


def admission_case_report(world):
    """R-M1 step 3: the definitive report of an admission case the kernteam advises on."""
    from tests.access.entries_director import admission_case_of

    return admission_case_of(world)[1].document


def admission_report_no_case(world):
    """R-M1: the definitive report of member X's own admission audit, years ago: member X is
    a member now, so no case of the kernteam any more."""
    from audits.models import AuditKind, AuditState, ReportVersion
    from tests.factories import AuditFactory

    audit = AuditFactory(member=world.member_x, body=world.body_a, kind=AuditKind.ADMISSION,
                         state=AuditState.DECIDED, fieldwork_starts_on=dt.date(2020, 3, 2),
                         fieldwork_ends_on=dt.date(2020, 3, 3))
    return _report(world, audit, ReportVersion.DEFINITIVE, "toelating-oud")


def plan_attachment(world):
    """R-F3: the attachment of member X's plan of approach for its open afwijking."""
    document = _store(world, "plan-van-aanpak", by="xena")
    world.plan_x.document = document
    world.plan_x.save(update_fields=["document"])
    return document


def member_document(world):
    """R-U2 preparation (appendix 3): a document member X delivered."""
    return _store(world, "jaarverslag", by="xena")


def certificate_pdf(world):
    """R-Z7: the PDF of member X's certificate (issued on CI A's audit)."""
    document = _store(world, "certificaat", by="bea")
    world.certificate_x.pdf = document
    world.certificate_x.save(update_fields=["pdf"])
    return document


def _suspension_x(world):
    from tests.access.entries_member import suspension_of

    return suspension_of(world, world.member_x)


def _decision(world, *, kind, rule_id, subject, by, role, label):
    from core.decisions import decision_record

    document = _store(world, label, by=by)
    decision_record(kind=kind, outcome=label, rule_id=rule_id, actor=world.users[by],
                    role=role, subject=subject, member=world.member_x,
                    motivation="Zie het stuk.", documents=[document])
    return document


def _appeal_x(world):
    from suspensions.deadlines import board_deadline
    from suspensions.models import Appeal, AppealSubject

    cache = world.__dict__
    if "_appeal_x" not in cache:
        suspension = _suspension_x(world)
        announced = suspension.notified_on + dt.timedelta(days=5)
        cache["_appeal_x"] = Appeal.objects.create(
            suspension=suspension, subject=AppealSubject.SUSPENSION, announced_on=announced,
            decision_notified_on=suspension.notified_on, motivation="Wij zijn het oneens.",
            filed_by=world.users["xena"], board_deadline=board_deadline(announced))
    return cache["_appeal_x"]


def appealed_decision_document(world):
    """R-S3: a document the suspension decision rests on, the decision member X appeals."""
    from core.models import DecisionKind, Role

    _appeal_x(world)
    return _decision(world, kind=DecisionKind.SUSPENSION, rule_id="R-S1",
                     subject=_suspension_x(world), by="dirk", role=Role.DIRECTOR,
                     label="schorsingsbesluit")


def appeal_ruling_document(world):
    """R-S4: a document of the Bestuur's ruling on member X's appeal."""
    from core.models import DecisionKind, Role

    return _decision(world, kind=DecisionKind.APPEAL_RULING, rule_id="R-S4",
                     subject=_appeal_x(world), by="bram", role=Role.BOARD,
                     label="uitspraak-beroep")


def unappealed_suspension_decision_document(world):
    """R-S2: a document of the extension of member X's suspension, which nobody appealed."""
    from core.models import DecisionKind, Role

    return _decision(world, kind=DecisionKind.EXTENSION, rule_id="R-S2",
                     subject=_suspension_x(world), by="dirk", role=Role.DIRECTOR,
                     label="verlenging")


def postponement_decision_document(world):
    """R-Z4: a document of the directeur's decision on a postponement of member X."""
    from core.models import DecisionKind, Role

    return _decision(world, kind=DecisionKind.POSTPONEMENT, rule_id="R-Z4",
                     subject=world.certificate_x, by="dirk", role=Role.DIRECTOR,
                     label="uitstelbesluit")


BODY_A_AND_X = STAFF | {"anna", "xena"}

DOCUMENT_ENTRIES = {
    "concept_at_oral_feedback": DocumentEntry(
        concept_at_oral_feedback, STAFF | {"anna"},
        "R-U2: not yet presented, so not for the member (issue #8 leak 3)"),
    "concept_under_review": DocumentEntry(
        concept_under_review, STAFF | {"anna"}, "R-C4: the body's working document"),
    "concept_presented": DocumentEntry(
        concept_presented, BODY_A_AND_X, "R-U2: presented to the member"),
    "definitive_report": DocumentEntry(
        definitive_report, BODY_A_AND_X,
        "R-A1: not for CI L, which audits member X later (issue #8 leak 1)"),
    "admission_case_report": DocumentEntry(
        admission_case_report, STAFF | {"anna", "kim"}, "R-M1: a case the kernteam advises on"),
    "admission_report_no_case": DocumentEntry(
        admission_report_no_case, BODY_A_AND_X,
        "R-M1: no case of the kernteam (issue #8 leak 2)"),
    "plan_attachment": DocumentEntry(
        plan_attachment, BODY_A_AND_X | {"lars"},
        "R-F3/R-F2: CI L judges the open finding's follow-up at its audit, as its portal shows"),
    "member_document": DocumentEntry(
        member_document, BODY_A_AND_X | {"lars"},
        "R-U2: the member's own documents are for the bodies that audit it"),
    "certificate_pdf": DocumentEntry(
        certificate_pdf, BODY_A_AND_X, "R-Z7: the member and the body that audited"),
    "appealed_decision_document": DocumentEntry(
        appealed_decision_document, STAFF | {"bram", "xena"},
        "R-S3/R-S4: the Bestuur decides the appeal"),
    "appeal_ruling_document": DocumentEntry(
        appeal_ruling_document, STAFF | {"bram", "xena"}, "R-S4: the Bestuur's ruling"),
    "unappealed_suspension_decision_document": DocumentEntry(
        unappealed_suspension_decision_document, STAFF | {"xena"},
        "SPEC §1: no appeal, so not for the Bestuur"),
    "postponement_decision_document": DocumentEntry(
        postponement_decision_document, STAFF | {"xena"},
        "SPEC §1: the Bestuur is informed of postponements, it opens no document of them"),
}
