"""Flags: raised once per situation by the daily sweep (idempotent by key), resolved with
history (R-0.4), and visible per object with their history in the admin."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.flags import flag_raise, flag_resolve
from core.history import change_reason_text
from core.models import Flag, FlagAudience, User

TODAY = dt.date(2026, 3, 16)
LAPSED = "Geen geldig certificaat meer: neem contact op met het lid."


@pytest.fixture
def lapsed(member_x):
    """R-M3: member X's certificate lapsed on 15 March 2026; the bureau must contact it."""
    flag, _created = flag_raise(
        key=f"certificate-lapsed:{member_x.pk}", rule_id="R-M3",
        audience=FlagAudience.BUREAU, message=LAPSED,
        today=TODAY, member=member_x, subject=member_x, due_on=dt.date(2026, 4, 1),
    )
    return flag


def test_flag_raise_stores_what_must_be_done(lapsed, member_x):
    flag = Flag.objects.get(pk=lapsed.pk)
    assert flag.rule_id == "R-M3"
    assert flag.audience == FlagAudience.BUREAU
    assert flag.message == LAPSED
    assert flag.member == member_x
    assert flag.subject == member_x
    assert flag.subject_type == ContentType.objects.get_for_model(member_x)
    assert flag.raised_on == TODAY
    assert flag.due_on == dt.date(2026, 4, 1)
    assert flag.resolved_on is None
    assert str(flag) == f"R-M3: {LAPSED}"
    assert list(Flag.objects.open()) == [flag]


def test_flag_raise_is_idempotent_by_key(lapsed, member_x):
    """The sweep may run any number of times a day: the second raise changes nothing."""
    again, created = flag_raise(
        key=f"certificate-lapsed:{member_x.pk}", rule_id="R-M3",
        audience=FlagAudience.BUREAU, message="Andere tekst", today=TODAY + dt.timedelta(1),
        member=member_x,
    )
    assert created is False
    assert again.pk == lapsed.pk
    assert again.message == LAPSED
    assert again.raised_on == TODAY
    assert Flag.objects.count() == 1


def test_flag_raise_without_subject(db):
    flag, created = flag_raise(key="ci-evaluation:2026", rule_id="R-C1",
                               audience=FlagAudience.DIRECTOR,
                               message="Jaarlijkse evaluatie met de CI's plannen.", today=TODAY)
    assert created
    assert flag.subject_type is None
    assert flag.member is None


def test_flag_message_is_cut_to_its_column(db):
    flag, _ = flag_raise(key="lang", rule_id="R-K2", audience=FlagAudience.BUREAU,
                         message="x" * 400, today=TODAY)
    assert len(flag.message) == 300


def test_r0_4_flag_resolve_writes_history(lapsed, bea):
    """R-0.4: resolving is a change with who and why."""
    assert flag_resolve(key=lapsed.key, today=dt.date(2026, 3, 20), actor=bea) == 1
    lapsed.refresh_from_db()
    assert lapsed.resolved_on == dt.date(2026, 3, 20)
    assert list(Flag.objects.open()) == []
    row = lapsed.history.first()
    assert row.history_user == bea
    assert change_reason_text(row.history_change_reason) == "signaal afgehandeld"
    assert lapsed.history.count() == 2


def test_flag_resolve_twice_changes_nothing(lapsed, bea):
    flag_resolve(key=lapsed.key, today=dt.date(2026, 3, 20), actor=bea)
    assert flag_resolve(key=lapsed.key, today=dt.date(2026, 3, 21), actor=bea) == 0
    lapsed.refresh_from_db()
    assert lapsed.resolved_on == dt.date(2026, 3, 20)
    assert flag_resolve(key="bestaat-niet", today=TODAY) == 0


def test_a_resolved_flag_is_not_raised_again(lapsed, bea, member_x):
    """The key stays taken: the same situation is not flagged a second time."""
    flag_resolve(key=lapsed.key, today=dt.date(2026, 3, 20), actor=bea)
    _flag, created = flag_raise(key=lapsed.key, rule_id="R-M3",
                                audience=FlagAudience.BUREAU, message="opnieuw", today=TODAY,
                                member=member_x)
    assert created is False


# --------------------------------------------------------------------------- admin

@pytest.fixture
def admin_client_(client, db):
    admin = User.objects.create_superuser("beheer@nvvk.example", "beheer-wachtwoord")
    client.force_login(admin)
    client.admin = admin
    return client


def test_r0_4_flag_history_is_viewable_in_admin(admin_client_, lapsed, bea):
    """R-0.4: staff see a flag's history, with who and why."""
    flag_resolve(key=lapsed.key, today=dt.date(2026, 3, 20), actor=bea)
    response = admin_client_.get(reverse("admin:core_flag_history", args=[lapsed.pk]))
    assert response.status_code == 200
    assert "signaal afgehandeld" in response.content.decode()


def test_flag_admin_lists_and_resolves(admin_client_, lapsed):
    """Staff may mark a flag resolved; the history names them. Nothing else is editable."""
    assert admin_client_.get(reverse("admin:core_flag_changelist")).status_code == 200
    url = reverse("admin:core_flag_change", args=[lapsed.pk])
    assert admin_client_.get(url).status_code == 200
    response = admin_client_.post(url, {"resolved_on": "2026-03-20",
                                        "message": "overschreven"})
    assert response.status_code == 302
    lapsed.refresh_from_db()
    assert lapsed.resolved_on == dt.date(2026, 3, 20)
    assert lapsed.message == LAPSED
    assert lapsed.history.first().history_user == admin_client_.admin


def test_flag_admin_has_no_add_or_delete(admin_client_, lapsed):
    assert admin_client_.get(reverse("admin:core_flag_add")).status_code == 403
    assert admin_client_.get(
        reverse("admin:core_flag_delete", args=[lapsed.pk])).status_code == 403
