"""R-Z4 postponement (uitstel) of the audit: requested in writing before expiry, decided by
the bureau up to three months and by the directeur up to six with the Bestuur informed,
never more than six months, never extending the certificate."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from certificates.models import Certificate, PostponementState
from certificates.services import (
    postponement_board_flag_key,
    postponement_decide,
    postponement_request,
    postponement_request_flag_key,
)
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Flag, FlagAudience, Role
from tests.certificates.factories import PostponementFactory
from tests.factories import CertificateFactory, UserFactory

D = dt.date
REASON = "Fusie per 1 juli; de audit willen we na de fusie laten plaatsvinden."


def decisions_on(postponement):
    return Decision.objects.filter(
        kind=DecisionKind.POSTPONEMENT, subject_id=postponement.pk,
        subject_type=ContentType.objects.get_for_model(postponement))


MAY_1 = D(2026, 5, 1)


def ask(certificate, actor, *, months=3, on=MAY_1, reason=REASON):
    """The member asks for postponement (R-Z4)."""
    return postponement_request(certificate=certificate, months=months, reason=reason,
                                actor=actor, today=on)


# --- Requesting ------------------------------------------------------------------------------


def test_r_z4_member_contact_requests_in_writing_with_history_and_a_flag(xena, old_certificate):
    """R-Z4: member contact requests in writing with history and a flag."""
    postponement = ask(old_certificate, xena.user)
    assert postponement.state == PostponementState.REQUESTED
    assert (postponement.requested_on, postponement.months) == (D(2026, 5, 1), 3)
    assert postponement.requested_by == xena.user
    assert postponement.history.count() == 1
    assert postponement.history.first().history_user == xena.user
    assert change_reason_text(postponement.history.first().history_change_reason) == "R-Z4: uitstel aangevraagd"
    flag = Flag.objects.get(key=postponement_request_flag_key(postponement))
    assert flag.audience == FlagAudience.BUREAU
    assert flag.rule_id == "R-Z4"


def test_r_z4_request_of_more_than_three_months_is_flagged_for_the_director(
        xena, old_certificate):
    """R-Z4: request of more than three months is flagged for the director."""
    postponement = ask(old_certificate, xena.user, months=5)
    flag = Flag.objects.get(key=postponement_request_flag_key(postponement))
    assert flag.audience == FlagAudience.DIRECTOR


def test_r_z4_the_bureau_may_request_on_behalf_of_the_member(bea, old_certificate):
    """R-Z4: the bureau may request on behalf of the member."""
    assert ask(old_certificate, bea).requested_by == bea


def test_r_z4_request_on_the_last_day_of_validity_is_accepted(xena, old_certificate):
    """R-Z4: before the certificate expires: 31 May 2026 is its last valid day."""
    postponement = ask(old_certificate, xena.user, on=D(2026, 5, 31))
    assert postponement.requested_on == D(2026, 5, 31)


def test_r_z4_request_the_day_after_expiry_is_refused(xena, old_certificate):
    """R-Z4: request the day after expiry is refused."""
    with pytest.raises(RuleViolation) as refused:
        ask(old_certificate, xena.user, on=D(2026, 6, 1))
    assert refused.value.rule_id == "R-Z4"
    assert "voordat het certificaat verloopt" in refused.value.message
    assert "31 mei 2026" in refused.value.message
    assert not old_certificate.postponements.exists()


@pytest.mark.parametrize("months", [0, 7, 12])
def test_r_z4_never_more_than_six_months_and_at_least_one(xena, old_certificate, months):
    """R-Z4: never more than six months and at least one."""
    with pytest.raises(RuleViolation) as refused:
        ask(old_certificate, xena.user, months=months)
    assert refused.value.rule_id == "R-Z4"
    assert "zes maanden" in refused.value.message


def test_r_z4_a_well_founded_reason_is_required(xena, old_certificate):
    """R-Z4: a well founded reason is required."""
    with pytest.raises(RuleViolation) as refused:
        ask(old_certificate, xena.user, reason="  ")
    assert refused.value.rule_id == "R-Z4"
    assert "reden" in refused.value.message


def test_r_a1_a_contact_of_another_member_cannot_request(yuri, old_certificate):
    """R-A1: a contact of another member cannot request."""
    with pytest.raises(RuleViolation) as refused:
        ask(old_certificate, yuri.user)
    assert refused.value.rule_id == "R-A1"


@pytest.mark.parametrize("who", ["anna", "bram", "kim"])
def test_r_z4_only_the_member_or_the_bureau_requests(request, old_certificate, who):
    """R-Z4: only the member or the bureau requests."""
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    with pytest.raises(RuleViolation) as refused:
        postponement_request(certificate=old_certificate, months=2, reason=REASON, actor=user,
                             today=D(2026, 5, 1))
    assert refused.value.rule_id == "R-Z4"


def test_r_z4_one_open_request_at_a_time(xena, old_certificate):
    """R-Z4: one open request at a time."""
    ask(old_certificate, xena.user)
    with pytest.raises(RuleViolation) as refused:
        ask(old_certificate, xena.user, months=1, on=D(2026, 5, 2))
    assert refused.value.rule_id == "R-Z4"
    assert "loopt al" in refused.value.message


def test_r_z4_no_postponement_for_a_withdrawn_or_renewed_certificate(xena, member_x):
    """R-Z4: no postponement for a withdrawn or renewed certificate."""
    withdrawn = CertificateFactory(audit__member=member_x, state="withdrawn",
                                   withdrawn_on=D(2026, 3, 1), withdrawal_reason="merger")
    renewed = CertificateFactory(audit__member=member_x, state="superseded")
    for certificate in (withdrawn, renewed):
        with pytest.raises(RuleViolation) as refused:
            ask(certificate, xena.user)
        assert refused.value.rule_id == "R-Z4"


# --- Deciding --------------------------------------------------------------------------------


def test_r_z4_bureau_grants_three_months_without_extending_the_certificate(
        bea, xena, old_certificate):
    """R-Z4: three months from 31 May 2026: the audit may take place up to 31 August 2026;
    the certificate still ends on 31 May 2026."""
    postponement = ask(old_certificate, xena.user)
    postponement = postponement_decide(postponement=postponement, grant=True,
                                       motivation="Fusie is een gegronde reden.", actor=bea,
                                       today=D(2026, 5, 6))
    assert postponement.state == PostponementState.GRANTED
    assert postponement.audit_deadline == D(2026, 8, 31)
    assert postponement.decided_on == D(2026, 5, 6)
    assert postponement.board_informed_on is None
    old_certificate.refresh_from_db()
    assert old_certificate.valid_until == D(2026, 5, 31)
    assert not old_certificate.is_valid_on(D(2026, 6, 1))

    assert postponement.history.count() == 2
    assert postponement.history.first().history_user == bea
    assert change_reason_text(
        change_reason_text(postponement.history.first().history_change_reason)) == "R-Z4: uitstel verleend"
    [decision] = decisions_on(postponement)
    assert (decision.rule_id, decision.role, decision.decided_by) == ("R-Z4", Role.BUREAU, bea)
    assert "31 augustus 2026" in decision.outcome
    assert decision.motivation == "Fusie is een gegronde reden."
    assert not Flag.objects.filter(audience=FlagAudience.BOARD).exists()
    assert Flag.objects.get(key=postponement_request_flag_key(postponement)).resolved_on == \
        D(2026, 5, 6)


def test_r_z4_the_director_may_decide_up_to_three_months_as_well(dirk, xena, old_certificate):
    """R-Z4: the director may decide up to three months as well."""
    postponement = postponement_decide(postponement=ask(old_certificate, xena.user),
                                       grant=True, motivation="Akkoord.", actor=dirk,
                                       today=D(2026, 5, 6))
    assert postponement.state == PostponementState.GRANTED
    assert decisions_on(postponement).get().role == Role.DIRECTOR


def test_r_z4_four_months_by_the_bureau_is_refused(bea, xena, old_certificate):
    """R-Z4: four months by the bureau is refused."""
    postponement = ask(old_certificate, xena.user, months=4)
    with pytest.raises(RuleViolation) as refused:
        postponement_decide(postponement=postponement, grant=True, motivation="Akkoord.",
                            actor=bea, today=D(2026, 5, 6))
    assert refused.value.rule_id == "R-Z4"
    assert "directeur" in refused.value.message
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED
    assert not decisions_on(postponement).exists()


def test_r_z4_four_months_by_the_director_informs_the_board(dirk, xena, old_certificate):
    """R-Z4: four months by the director informs the board."""
    postponement = ask(old_certificate, xena.user, months=4)
    postponement = postponement_decide(
        postponement=postponement, grant=True, motivation="Reorganisatie loopt uit.",
        body_advice="CI Alfa ziet geen bezwaar.", actor=dirk, today=D(2026, 5, 6))
    assert postponement.audit_deadline == D(2026, 9, 30)
    assert postponement.board_informed_on == D(2026, 5, 6)
    assert postponement.body_advice == "CI Alfa ziet geen bezwaar."
    board_flag = Flag.objects.get(key=postponement_board_flag_key(postponement))
    assert board_flag.audience == FlagAudience.BOARD
    assert board_flag.rule_id == "R-Z4"
    assert "30 september 2026" in board_flag.message
    assert decisions_on(postponement).get().role == Role.DIRECTOR


def test_r_z4_six_months_by_the_director_is_the_maximum(dirk, xena, old_certificate):
    """R-Z4: six months by the director is the maximum."""
    postponement = postponement_decide(
        postponement=ask(old_certificate, xena.user, months=6), grant=True,
        motivation="Akkoord.", actor=dirk, today=D(2026, 5, 6))
    assert postponement.audit_deadline == D(2026, 11, 30)


def test_r_z4_postponements_add_up_never_beyond_six_months(bea, dirk, xena, old_certificate):
    """R-Z4: after three months granted, three more make six in total: the directeur's
    decision, not the bureau's; a further month is refused."""
    first = postponement_decide(postponement=ask(old_certificate, xena.user, months=3),
                                grant=True, motivation="Akkoord.", actor=bea,
                                today=D(2026, 5, 6))
    assert first.audit_deadline == D(2026, 8, 31)
    with pytest.raises(RuleViolation):
        ask(old_certificate, xena.user, months=4, on=D(2026, 5, 20))
    second = ask(old_certificate, xena.user, months=3, on=D(2026, 5, 20))
    with pytest.raises(RuleViolation) as refused:
        postponement_decide(postponement=second, grant=True, motivation="Akkoord.", actor=bea,
                            today=D(2026, 5, 25))
    assert refused.value.rule_id == "R-Z4"
    second = postponement_decide(postponement=second, grant=True, motivation="Akkoord.",
                                 actor=dirk, today=D(2026, 5, 25))
    assert second.audit_deadline == D(2026, 11, 30)
    assert second.board_informed_on == D(2026, 5, 25)
    with pytest.raises(RuleViolation) as refused:
        ask(old_certificate, xena.user, months=1, on=D(2026, 5, 26))
    assert "nooit meer dan zes" in refused.value.message


def test_r_z4_refusal_is_a_decision_too(bea, xena, old_certificate):
    """R-Z4: refusal is a decision too."""
    postponement = postponement_decide(postponement=ask(old_certificate, xena.user),
                                       grant=False, motivation="Geen gegronde reden.",
                                       actor=bea, today=D(2026, 5, 6))
    assert postponement.state == PostponementState.REFUSED
    assert postponement.audit_deadline is None
    assert decisions_on(postponement).get().outcome == "Uitstel geweigerd"
    # A refused request is no longer open: a new one may follow.
    assert ask(old_certificate, xena.user, months=1, on=D(2026, 5, 7))


def test_r_z4_a_decided_request_is_not_decided_again(bea, xena, old_certificate):
    """R-Z4: a decided request is not decided again."""
    postponement = postponement_decide(postponement=ask(old_certificate, xena.user),
                                       grant=False, motivation="Nee.", actor=bea,
                                       today=D(2026, 5, 6))
    for grant in (True, False):
        with pytest.raises(RuleViolation) as refused:
            postponement_decide(postponement=postponement, grant=grant, motivation="Toch.",
                                actor=bea, today=D(2026, 5, 7))
        assert refused.value.rule_id == "R-Z4"
    assert decisions_on(postponement).count() == 1


def test_r_0_3_a_postponement_decision_needs_a_motivation(bea, xena, old_certificate):
    """R-0.3: a postponement decision needs a motivation."""
    postponement = ask(old_certificate, xena.user)
    with pytest.raises(RuleViolation) as refused:
        postponement_decide(postponement=postponement, grant=True, motivation="",
                            actor=bea, today=D(2026, 5, 6))
    assert refused.value.rule_id == "R-0.3"


def test_r_z4_a_request_made_in_time_may_be_decided_after_expiry(bea, xena, old_certificate):
    """R-Z4: a request made in time may be decided after expiry."""
    postponement = ask(old_certificate, xena.user, on=D(2026, 5, 31))
    postponement = postponement_decide(postponement=postponement, grant=True,
                                       motivation="Akkoord.", actor=bea, today=D(2026, 6, 3))
    assert postponement.audit_deadline == D(2026, 8, 31)


@pytest.mark.parametrize("who", ["anna", "bram", "xena"])
def test_r_z4_only_bureau_or_director_decide(request, old_certificate, who):
    """R-Z4: only bureau or director decide."""
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    postponement = PostponementFactory(certificate=old_certificate, months=2)
    with pytest.raises(RuleViolation) as refused:
        postponement_decide(postponement=postponement, grant=True, motivation="Akkoord.",
                            actor=user, today=D(2026, 5, 6))
    assert refused.value.rule_id == "R-Z4"


def test_r_z4_the_database_refuses_a_second_open_request(old_certificate):
    """R-Z4: the database refuses a second open request."""
    from django.db import IntegrityError, transaction

    PostponementFactory(certificate=old_certificate)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostponementFactory(certificate=old_certificate,
                            requested_by=UserFactory(roles=[Role.BUREAU]))
    assert Certificate.objects.get(pk=old_certificate.pk).postponements.count() == 1
