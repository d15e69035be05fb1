"""The directeur's read-only list of decision records (R-0.3): filters, documents,
a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from core.decisions import decision_record
from core.documents import document_store
from core.models import DecisionKind, Role
from tests.factories import MemberFactory
from tests.portals.director_helpers import count_queries, text_of


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


def _decisions(n, *, by, kind=DecisionKind.PAUSE, rule_id="R-M4", documents=True):
    for i in range(n):
        member = MemberFactory(name=f"Lid {kind} {i}")
        docs = [document_store(content=b"%PDF-1.4", name=f"stuk{i}.pdf",
                               mime_type="application/pdf", actor=by, member=member)] \
            if documents else []
        decision_record(kind=kind, outcome="besloten", rule_id=rule_id, actor=by,
                        role=Role.DIRECTOR, subject=member, motivation=f"Motivering {i}",
                        member=member, documents=docs)


def test_r_0_3_each_decision_shows_who_when_rule_motivation_and_documents(desk, dirk):
    """R-0.3: each decision shows who when rule motivation and documents."""
    _decisions(1, by=dirk)
    page = text_of(desk.get(reverse("director:decisions")))
    assert "Dirk Directeur (Directeur)" in page
    assert "R-M4" in page and "Motivering 0" in page and "stuk0.pdf" in page


def test_the_list_filters_by_kind_rule_and_member(desk, dirk):
    _decisions(2, by=dirk)
    _decisions(2, by=dirk, kind=DecisionKind.WITHDRAWAL, rule_id="R-Z5")
    response = desk.get(reverse("director:decisions"), {"kind": "withdrawal"})
    assert len(response.context["page"].object_list) == 2
    response = desk.get(reverse("director:decisions"), {"rule_id": "r-m4"})
    assert len(response.context["page"].object_list) == 2
    response = desk.get(reverse("director:decisions"), {"q": "withdrawal 1"})
    assert len(response.context["page"].object_list) == 1
    today = dt.date.today()
    response = desk.get(reverse("director:decisions"),
                        {"since": (today + dt.timedelta(days=1)).isoformat()})
    assert len(response.context["page"].object_list) == 0


def test_an_invalid_filter_is_shown_and_ignored(desk, dirk):
    _decisions(1, by=dirk)
    response = desk.get(reverse("director:decisions"), {"since": "gisteren"})
    assert response.status_code == 200
    assert "Vul een geldige datum in." in text_of(response)
    assert len(response.context["page"].object_list) == 1


def test_the_list_issues_the_same_number_of_queries_for_3_and_30_rows(desk, dirk):
    _decisions(3, by=dirk)
    few = count_queries(desk, reverse("director:decisions"))
    _decisions(27, by=dirk)
    assert count_queries(desk, reverse("director:decisions")) == few
