"""The directeur's work queue: one list of everything awaiting the directeur, each with its
rule id, its age and a link (SPEC §1; R-M1, R-Z1, R-Z4, R-S1, R-S5, R-M4, R-M3)."""

import datetime as dt

import pytest
from django.urls import reverse

from members.models import AdmissionAdvice, MemberState
from tests.factories import MemberFactory
from tests.portals.director_helpers import (
    admission_case,
    advised_with_report,
    certificate_for,
    count_queries,
    director_flag,
    hearing_for,
    pending_appeal,
    postponement_for,
    suspended,
    text_of,
    travel,
)

TODAY = dt.date(2026, 5, 4)


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


def _everything(*, dirk, anna, bea, body_a, prefix=""):
    """One item of each kind awaiting the directeur."""
    case = admission_case(body=body_a, by=anna.user, name=f"{prefix}Aanvrager",
                          qt_advice=AdmissionAdvice.POSITIVE)
    certified = MemberFactory(name=f"{prefix}Hercertificering")
    audit = advised_with_report(certified, body=body_a, by=anna.user)
    long = MemberFactory(name=f"{prefix}Uitsteller")
    postponement = postponement_for(certificate_for(long, body=body_a), by=bea)
    summoned = MemberFactory(name=f"{prefix}Opgeroepen")
    unrecorded = hearing_for(summoned, by=dirk, hearing_on=dt.date(2026, 5, 10))
    heard = MemberFactory(name=f"{prefix}Gehoord")
    held = hearing_for(heard, by=dirk, held=True)
    ended = suspended(MemberFactory(name=f"{prefix}Geschorst"), by=dirk)
    paused = MemberFactory(name=f"{prefix}Gepauzeerd", state=MemberState.PAUSED,
                           state_changed_on=dt.date(2026, 2, 1))
    certificate_for(paused, body=body_a, valid_from=dt.date(2026, 4, 1),
                    valid_until=dt.date(2029, 3, 31))
    lapsed = MemberFactory(name=f"{prefix}Zonder certificaat",
                           without_certificate_since=dt.date(2026, 3, 1))
    flag = director_flag(lapsed, key=f"R-M3:options:{lapsed.pk}")
    return {"case": case, "audit": audit, "postponement": postponement,
            "unrecorded": unrecorded, "held": held, "ended": ended, "paused": paused,
            "lapsed": lapsed, "flag": flag}


def test_the_queue_lists_each_kind_with_its_rule_age_and_link(desk, dirk, anna, bea, body_a):
    with travel(dt.date(2026, 3, 1)):
        objects = _everything(dirk=dirk, anna=anna, bea=bea, body_a=body_a)
    with travel(TODAY):
        response = desk.get(reverse("director:home"))
    assert response.status_code == 200
    page = text_of(response)
    for url in (
        reverse("director:admission", args=[objects["case"].pk]),
        reverse("director:certification", args=[objects["audit"].pk]),
        reverse("director:postponement", args=[objects["postponement"].pk]),
        reverse("director:hearing_record", args=[objects["unrecorded"].pk]),
        reverse("director:suspend", args=[objects["held"].pk]),
        reverse("director:suspension", args=[objects["ended"].pk]),
        reverse("director:resume", args=[objects["paused"].pk]),
        reverse("director:member", args=[objects["lapsed"].pk]),
    ):
        assert url in page, url
    for rule in ("R-M1", "R-Z1", "R-Z4", "R-S1", "R-S5", "R-M4", "R-M3"):
        assert f'<span class="rule">{rule}</span>' in page, rule
    items = {item.category: item for item in response.context["page"].object_list}
    # R-Z1: the advice of 16 March 2026 has waited 49 days on 4 May 2026.
    assert items["Certificering"].age_days == (TODAY - dt.date(2026, 3, 16)).days
    assert "49 dagen" in page


def test_oldest_first(desk, dirk, anna, bea, body_a):
    with travel(dt.date(2026, 3, 1)):
        _everything(dirk=dirk, anna=anna, bea=bea, body_a=body_a)
    with travel(TODAY):
        items = desk.get(reverse("director:home")).context["page"].object_list
    assert [item.since for item in items] == sorted(item.since for item in items)


def test_r_s5_an_appeal_pending_is_shown_on_the_outcome_item(desk, dirk, yuri, member_y):
    """R-S5: an appeal pending is shown on the outcome item."""
    suspension = suspended(member_y, by=dirk)
    pending_appeal(suspension, by=yuri.user)
    with travel(TODAY):
        page = text_of(desk.get(reverse("director:home")))
    assert "R-S5: er loopt een beroep; het Bestuur beslist eerst" in page


def test_r_m3_the_options_flag_leaves_the_queue_once_the_member_is_paused(desk, member_x):
    """R-M3: the options flag leaves the queue once the member is paused."""
    member_x.without_certificate_since = dt.date(2026, 3, 1)
    member_x.save()
    director_flag(member_x, key=f"R-M3:options:{member_x.pk}")
    url = reverse("director:member", args=[member_x.pk])
    with travel(TODAY):
        assert url in text_of(desk.get(reverse("director:home")))
        type(member_x).objects.filter(pk=member_x.pk).update(state=MemberState.PAUSED)
        assert url not in text_of(desk.get(reverse("director:home")))


def test_a_flag_about_an_item_already_in_the_queue_is_not_repeated(desk, bea, body_a,
                                                                    member_x):
    postponement = postponement_for(certificate_for(member_x, body=body_a), by=bea)
    director_flag(member_x, key="R-Z4:request:x", rule_id="R-Z4", subject=postponement,
                  message="R-Z4: uitstelverzoek beoordelen")
    with travel(TODAY):
        items = desk.get(reverse("director:home")).context["page"].object_list
    assert [item.category for item in items] == ["Uitstel"]


def test_the_queue_is_empty_without_work(desk):
    with travel(TODAY):
        response = desk.get(reverse("director:home"))
    assert "Er wacht niets op een besluit van de directeur." in text_of(response)


def test_the_queue_issues_the_same_number_of_queries_for_3_and_30_items(
        desk, dirk, anna, bea, body_a):
    with travel(dt.date(2026, 3, 1)):
        _everything(dirk=dirk, anna=anna, bea=bea, body_a=body_a, prefix="a")
    with travel(TODAY):
        few = count_queries(desk, reverse("director:home"))
    with travel(dt.date(2026, 3, 1)):
        for n in range(9):
            _everything(dirk=dirk, anna=anna, bea=bea, body_a=body_a, prefix=f"b{n}")
    with travel(TODAY):
        response = desk.get(reverse("director:home"))
        assert response.context["total"] >= 30
        many = count_queries(desk, reverse("director:home"))
    assert few == many
