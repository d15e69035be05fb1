"""``manage.py seed_demo`` (issue #2 item 8, issue #3): the demo association is built through
the domain services, obeys the rules, is idempotent and prints the demo logins.

The demo is built once for this module (about ten seconds) inside a transaction that is rolled
back afterwards; the tests read what it built."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from audits.models import Audit, AuditState, CertificationBody, PriorInvolvement
from certificates.models import Certificate, CertificateState, Postponement, PostponementState
from certificates.selectors import certificates_expiring, valid_certificate
from core import dates
from core.demo_guard import DEMO_PASSWORD
from core.models import Decision, DecisionKind, Flag, User
from demo.build import other_logins
from demo.specs import LOGINS, MEMBERS
from findings.models import Finding, FindingKind, PlanState
from members.models import Member, MemberState
from suspensions.models import AppealState, Suspension


def _history_rows() -> int:
    return sum(model.objects.count() for model in apps.get_models()
               if model.__name__.startswith("Historical"))


def _counts() -> dict[str, int]:
    return {
        "members": Member.objects.count(),
        "audits": Audit.objects.count(),
        "certificates": Certificate.objects.count(),
        "decisions": Decision.objects.count(),
        "flags": Flag.objects.count(),
        "users": User.objects.count(),
        "history": _history_rows(),
    }


@dataclass
class Seeded:
    today: dt.date
    first_output: str
    second_output: str
    counts_first: dict
    counts_second: dict


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run ``seed_demo`` twice, once for the whole module; roll everything back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        with transaction.atomic():
            first, second = StringIO(), StringIO()
            call_command("seed_demo", stdout=first)
            counts_first = _counts()
            call_command("seed_demo", stdout=second)
            yield Seeded(today=dates.today(), first_output=first.getvalue(),
                         second_output=second.getvalue(), counts_first=counts_first,
                         counts_second=_counts())
            transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_builds_about_forty_members_in_at_least_seven_states_r_m2(seeded):
    """R-M2: the demo shows the member states side by side."""
    states = Counter(Member.objects.values_list("state", flat=True))
    assert sum(states.values()) >= 35
    assert len(states) >= 7
    assert states[MemberState.MEMBER] >= 25
    for state in (MemberState.APPLICANT, MemberState.UNDER_REVIEW, MemberState.ADMISSION_AUDIT,
                  MemberState.PAUSED, MemberState.SUSPENDED, MemberState.REJECTED,
                  MemberState.RESIGNED):
        assert states[state] >= 1, state


def test_three_recognised_contracted_bodies_with_independent_auditors_r_c1_r_c3(seeded):
    """R-C1: three recognised bodies under contract today, one accredited by the RvA, each
    with yearly evaluations; R-C3: every auditor signed the confidentiality declaration and
    one declared earlier advisory work for a member (and was never put on its audits)."""
    bodies = CertificationBody.objects.all()
    assert bodies.count() == 3
    assert all(body.may_audit_on(seeded.today) for body in bodies)
    assert bodies.filter(accredited=True).exclude(accreditation_reference="").count() == 1
    for body in bodies:
        assert body.evaluations.exists()
        auditors = list(body.auditors.all())
        assert len(auditors) >= 2
        assert all(auditor.confidentiality_signed_on and auditor.user for auditor in auditors)
    involvement = PriorInvolvement.objects.get()
    assert not Audit.objects.filter(member=involvement.member).filter(
        lead_auditor=involvement.auditor).exists()


def test_audits_at_varied_steps_each_reviewed_by_a_second_auditor_r_u2_r_c4(seeded):
    """R-U2: audits at five or more different steps; R-C4: every reviewed audit was reviewed
    by an auditor other than its lead."""
    states = set(Audit.objects.values_list("state", flat=True))
    assert len(states) >= 5
    assert {AuditState.PREPARATION, AuditState.FIELDWORK, AuditState.CONCEPT_REPORT,
            AuditState.FOLLOW_UP, AuditState.ADVISED, AuditState.DECIDED} <= states
    reviewed = Audit.objects.filter(reviewer__isnull=False)
    assert reviewed.exists()
    assert all(audit.reviewer_id != audit.lead_auditor_id for audit in reviewed)


def test_follow_up_has_an_afwijking_with_a_plan_under_review_and_a_kanttekening_r_f3(seeded):
    """R-F1/R-F3: the member in follow-up has an open afwijking whose plan of approach waits
    for the body, and a kanttekening."""
    audit = Audit.objects.get(state=AuditState.FOLLOW_UP)
    kinds = {finding.kind: finding for finding in audit.findings.all()}
    assert set(kinds) == {FindingKind.NONCONFORMITY, FindingKind.OBSERVATION}
    assert kinds[FindingKind.NONCONFORMITY].plans.get().state == PlanState.SUBMITTED
    assert Finding.objects.filter(kind=FindingKind.MAJOR).count() == 0


def test_certificates_valid_expiring_and_expired_r_z2_r_n1(seeded):
    """R-Z2: valid certificates of three years (one of four after a combined SWN audit);
    R-N1: some expire within seven months, with and without a planned audit; some expired."""
    states = Counter(Certificate.objects.values_list("state", flat=True))
    assert states[CertificateState.VALID] >= 20
    assert states[CertificateState.EXPIRED] >= 3
    assert states[CertificateState.SUPERSEDED] >= 1
    assert states[CertificateState.WITHDRAWN] == 1
    for certificate in Certificate.objects.exclude(four_years_swn=True):
        assert certificate.valid_until == (dates.add_years(certificate.valid_from, 3)
                                           - dt.timedelta(days=1))
    assert Certificate.objects.filter(four_years_swn=True).count() == 1
    assert certificates_expiring(today=seeded.today, planned=True).count() >= 3
    assert certificates_expiring(today=seeded.today, planned=False).count() >= 2


def test_renewals_connect_to_the_previous_certificate_r_z3(seeded):
    """R-Z3: each renewal starts the day after the certificate it continues."""
    renewals = Certificate.objects.filter(previous__isnull=False).select_related("previous")
    assert renewals.count() >= 5
    for renewal in renewals:
        assert renewal.valid_from == renewal.previous.valid_until + dt.timedelta(days=1)


def test_every_member_without_a_valid_certificate_is_flagged_r_m3(seeded):
    """R-M3: every member in state *lid* without a valid certificate today carries the mark
    and open flags for the bureau and the directeur (the sweep ran)."""
    without = [member for member in Member.objects.filter(state=MemberState.MEMBER)
               if valid_certificate(member=member, today=seeded.today) is None]
    assert len(without) >= 2
    for member in without:
        assert member.without_certificate_since is not None
        audiences = set(Flag.objects.open().filter(member=member, rule_id="R-M3")
                        .values_list("audience", flat=True))
        assert audiences == {"bureau", "director"}, member


def test_postponement_waiting_and_suspension_with_pending_appeal_r_z4_r_s3(seeded):
    """R-Z4: one postponement request waits for a decision; R-S1/R-S3: the suspended member
    was heard first and its appeal is pending with the board."""
    assert Postponement.objects.filter(state=PostponementState.REQUESTED).count() == 1
    suspension = Suspension.objects.get(member__state=MemberState.SUSPENDED)
    assert suspension.hearing.held_on <= suspension.starts_on
    assert suspension.appeals.get().state == AppealState.PENDING


def test_decisions_are_on_the_record_r_0_3(seeded):
    """R-0.3: the decisions of the history are decision records, dated the day they were
    taken (the demo walks the clock through its timeline)."""
    kinds = set(Decision.objects.values_list("kind", flat=True))
    assert {DecisionKind.ADMISSION, DecisionKind.QUALITY_TEAM_ADVICE, DecisionKind.AUDIT_ADVICE,
            DecisionKind.CERTIFICATION, DecisionKind.POSTPONEMENT, DecisionKind.PAUSE,
            DecisionKind.SUSPENSION, DecisionKind.WITHDRAWAL} <= kinds
    for certificate in Certificate.objects.select_related("audit"):
        decision = Decision.objects.get(kind=DecisionKind.CERTIFICATION,
                                        subject_id=certificate.audit_id)
        assert dates.local_date(decision.decided_at) == certificate.decided_on


def test_a_second_run_changes_nothing(seeded):
    """Idempotent: the second run creates no duplicates and writes no history."""
    assert seeded.counts_second == seeded.counts_first
    assert "al opgebouwd" in seeded.second_output


def test_output_lists_every_demo_login(seeded):
    """``make run`` shows one login per role and the password; every demo login works."""
    for output in (seeded.first_output, seeded.second_output):
        assert DEMO_PASSWORD in output
        for login in [*LOGINS, *other_logins()]:
            assert login.email in output
    for login in LOGINS:
        assert User.objects.get(email=login.email).check_password(DEMO_PASSWORD)
    assert User.objects.get(email="beheer@nvvk.example").is_superuser
    assert User.objects.get(email="bureau@nvvk.example").is_staff
    assert User.objects.get(email="directeur@nvvk.example").is_staff
    zwolle = User.objects.get(email="contact@schuldhulp-zwolle.example")
    member = zwolle.member_contacts.get().member
    assert member.name == "Schuldhulp Zwolle"
    # R-Z7: the member portal offers the certificate's PDF.
    assert valid_certificate(member=member, today=seeded.today).pdf is not None


def test_every_listed_member_was_built(seeded):
    assert set(Member.objects.values_list("name", flat=True)) == {spec.name for spec in MEMBERS}


def test_demo_logins_that_need_a_second_factor_have_the_printed_totp_secret(seeded, client):
    """Issue #8: a newcomer is not locked out: the secret is printed, and the code it gives
    passes the real login of the demo's bureau account."""
    from allauth.mfa.models import Authenticator

    from core.demo_guard import DEMO_TOTP_SECRET
    from core.mfa import second_factor_required, totp_code

    assert DEMO_TOTP_SECRET in seeded.first_output and DEMO_TOTP_SECRET in seeded.second_output
    for login in [*LOGINS, *other_logins()]:
        user = User.objects.get(email=login.email)
        assert Authenticator.objects.filter(user=user).exists() == second_factor_required(user)
    response = client.post("/inloggen/", {"login": "bureau@nvvk.example",
                                          "password": DEMO_PASSWORD})
    assert "/account/2fa/authenticate/" in response["Location"]
    done = client.post(response["Location"], {"code": totp_code(DEMO_TOTP_SECRET)})
    assert done.status_code == 302
    assert client.get("/bureau/").status_code == 200


def test_issue_11_demo_inbox_has_assigned_and_snoozed_flags(db):
    """R-N1 (issue #11): the demo gives the work inbox assigned, commented and snoozed
    flags."""
    from core.models import Flag, FlagComment
    from demo.build import build_demo

    build_demo()
    assert Flag.objects.open().filter(assignee__email="bureau@nvvk.example").exists()
    assert Flag.objects.open().filter(snoozed_until__isnull=False).exists()
    assert FlagComment.objects.exists()
