"""R-0.3: every decision is a record (who, role, when, rule, motivation, subject, documents);
records are append-only: the ORM refuses change and delete, and on PostgreSQL a trigger
(migration ``core/0003``) refuses ``UPDATE`` and ``DELETE`` from plain SQL too."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction

from core.decisions import decision_record
from core.documents import document_store
from core.exceptions import RuleViolation
from core.models import Decision, DecisionKind, Role
from tests.factories import UserFactory

AMSTERDAM_NOON = dt.datetime(2026, 3, 16, 11, 0, tzinfo=dt.UTC)  # 12:00 in Amsterdam


@pytest.fixture
def report(member_x, bea):
    return document_store(content=b"%PDF-1.4 verslag", name="verslag.pdf",
                          mime_type="application/pdf", actor=bea, member=member_x,
                          title="Auditverslag 2026")


@pytest.fixture
def admission(member_x, dirk, report):
    """The director admits member X on 16 March 2026 (R-M2), resting on the report."""
    with time_machine.travel(AMSTERDAM_NOON, tick=False):
        return decision_record(
            kind=DecisionKind.ADMISSION, outcome="toegelaten", rule_id="R-M2", actor=dirk,
            role=Role.DIRECTOR, subject=member_x, member=member_x,
            motivation="Voldoet aan de toelatingseisen.", documents=[report],
        )


def test_r0_3_decision_record_stores_who_role_when_rule_motivation_subject_documents(
        admission, member_x, dirk, report):
    """R-0.3: the record holds every element the rule names."""
    decision = Decision.objects.get(pk=admission.pk)
    assert decision.kind == DecisionKind.ADMISSION
    assert decision.outcome == "toegelaten"
    assert decision.decided_by == dirk
    assert decision.role == Role.DIRECTOR
    assert decision.decided_at == AMSTERDAM_NOON
    assert decision.rule_id == "R-M2"
    assert decision.motivation == "Voldoet aan de toelatingseisen."
    assert decision.subject == member_x
    assert decision.subject_type == ContentType.objects.get_for_model(member_x)
    assert decision.subject_label == str(member_x)
    assert decision.member == member_x
    assert list(decision.documents.all()) == [report]
    assert decision.corrects is None
    assert str(decision) == "Toelating: toegelaten (R-M2)"


def test_r0_3_decided_at_can_be_given(member_x, dirk):
    """R-0.3: a service may record when the decision was actually taken."""
    moment = dt.datetime(2026, 2, 2, 9, 30, tzinfo=dt.UTC)
    decision = decision_record(kind=DecisionKind.POSTPONEMENT, outcome="uitstel verleend",
                               rule_id="R-Z4", actor=dirk, role=Role.DIRECTOR,
                               subject=member_x, decided_at=moment)
    decision.refresh_from_db()
    assert decision.decided_at == moment
    assert decision.documents.count() == 0


def test_r0_3_refused_when_the_actor_lacks_the_role(member_x, bea):
    """R-0.3: the record says in which role someone decided; a role one lacks is refused."""
    with pytest.raises(RuleViolation) as refused:
        decision_record(kind=DecisionKind.ADMISSION, outcome="toegelaten", rule_id="R-M2",
                        actor=bea, role=Role.DIRECTOR, subject=member_x)
    assert refused.value.rule_id == "R-0.3"
    assert "R-0.3" in str(refused.value)
    assert Decision.objects.count() == 0


def test_r0_3_refused_for_an_inactive_user(member_x):
    """R-0.3: a deactivated director no longer decides."""
    former = UserFactory(email="oud-directeur@nvvk.example", roles=[Role.DIRECTOR],
                         is_active=False)
    with pytest.raises(RuleViolation):
        decision_record(kind=DecisionKind.ADMISSION, outcome="toegelaten", rule_id="R-M2",
                        actor=former, role=Role.DIRECTOR, subject=member_x)
    assert Decision.objects.count() == 0


def test_r0_3_save_of_an_existing_record_is_refused(admission):
    """R-0.3: never edited through the ORM."""
    admission.outcome = "afgewezen"
    with pytest.raises(PermissionError, match="R-0.3"):
        admission.save()
    assert Decision.objects.get(pk=admission.pk).outcome == "toegelaten"


def test_r0_3_delete_of_a_record_is_refused(admission):
    """R-0.3: never deleted through the ORM."""
    with pytest.raises(PermissionError, match="R-0.3"):
        admission.delete()
    assert Decision.objects.filter(pk=admission.pk).exists()


def test_r0_3_queryset_update_and_delete_are_refused(admission):
    """R-0.3: bulk ``update()``/``delete()`` (and ``bulk_update``) are refused too."""
    with pytest.raises(PermissionError, match="R-0.3"):
        Decision.objects.update(outcome="afgewezen")
    with pytest.raises(PermissionError, match="R-0.3"):
        Decision.objects.filter(pk=admission.pk).update(outcome="afgewezen")
    with pytest.raises(PermissionError, match="R-0.3"):
        Decision.objects.all().delete()
    with pytest.raises(PermissionError, match="R-0.3"):
        Decision.objects.filter(pk=admission.pk).delete()
    admission.outcome = "afgewezen"
    # bulk_update runs in an atomic block without savepoint: give it its own.
    with pytest.raises(PermissionError, match="R-0.3"), transaction.atomic():
        Decision.objects.bulk_update([admission], ["outcome"])
    assert Decision.objects.get(pk=admission.pk).outcome == "toegelaten"


def test_r0_3_a_correction_is_a_new_record_referring_to_the_old(admission, member_x, dirk):
    """R-0.3: a correction is a new record whose ``corrects`` points at the old one; the old
    record stays as it was."""
    correction = decision_record(
        kind=DecisionKind.ADMISSION, outcome="toegelaten per 1 april 2026", rule_id="R-M2",
        actor=dirk, role=Role.DIRECTOR, subject=member_x, member=member_x,
        motivation="Correctie: ingangsdatum stond verkeerd.", corrects=admission,
    )
    assert correction.pk != admission.pk
    assert correction.corrects == admission
    assert list(admission.corrections.all()) == [correction]
    assert Decision.objects.get(pk=admission.pk).outcome == "toegelaten"
    assert Decision.objects.filter(subject_id=member_x.pk).count() == 2


def test_r0_3_the_decider_cannot_be_deleted(admission, dirk):
    """R-0.3: deleting the decider would orphan the record; the foreign key protects it."""
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        dirk.delete()


# --------------------------------------------------------------------------- PostgreSQL

@pytest.mark.postgres
def test_r0_3_sql_update_is_refused_by_the_trigger(postgres, admission):
    """R-0.3: on PostgreSQL the trigger refuses ``UPDATE core_decision`` from plain SQL."""
    with pytest.raises(DatabaseError, match="R-0.3"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE core_decision SET outcome = %s WHERE id = %s",
                       ["afgewezen", admission.pk])
    assert Decision.objects.get(pk=admission.pk).outcome == "toegelaten"


@pytest.mark.postgres
def test_r0_3_sql_delete_is_refused_by_the_trigger(postgres, admission):
    """R-0.3: on PostgreSQL the trigger refuses ``DELETE FROM core_decision`` from plain SQL."""
    with pytest.raises(DatabaseError, match="R-0.3"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_decision WHERE id = %s", [admission.pk])
    assert Decision.objects.filter(pk=admission.pk).exists()


@pytest.mark.postgres
def test_r0_3_trigger_is_installed(postgres):
    """R-0.3: the trigger of migration core/0003 exists on the table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_decision'::regclass "
            "AND NOT tgisinternal"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert "core_decision_append_only" in names


# --------------------------------------------------------------------------- admin

@pytest.fixture
def admin_client_(client, db):
    from core.models import User

    client.force_login(User.objects.create_superuser("beheer@nvvk.example", "wachtwoord-9"))
    return client


def test_r0_3_decision_admin_is_read_only(admin_client_, admission):
    """R-0.3: even a superuser cannot add, change or delete a decision in the admin."""
    from django.urls import reverse

    assert admin_client_.get(reverse("admin:core_decision_changelist")).status_code == 200
    assert admin_client_.get(
        reverse("admin:core_decision_changelist") + "?kind=admission&rule_id=R-M2"
    ).status_code == 200
    change_url = reverse("admin:core_decision_change", args=[admission.pk])
    page = admin_client_.get(change_url)
    assert page.status_code == 200
    assert "Voldoet aan de toelatingseisen." in page.content.decode()
    assert admin_client_.post(change_url, {"outcome": "afgewezen"}).status_code == 403
    assert admin_client_.get(reverse("admin:core_decision_add")).status_code == 403
    assert admin_client_.post(
        reverse("admin:core_decision_delete", args=[admission.pk]), {"post": "yes"}
    ).status_code == 403
    assert Decision.objects.get(pk=admission.pk).outcome == "toegelaten"


def test_document_admin_shows_but_never_links_the_file(admin_client_, report):
    """Documents a decision rests on: read-only file fields, no add, no delete; the stored
    file is named, never linked (files are served only through access-checked views)."""
    from django.urls import reverse

    page = admin_client_.get(reverse("admin:core_document_change", args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert report.file.name in html
    assert not re.search(r'href="[^"]*' + re.escape(report.file.name), html)
    assert report.sha256 in html
    assert admin_client_.get(reverse("admin:core_document_add")).status_code == 403
    assert admin_client_.get(
        reverse("admin:core_document_delete", args=[report.pk])).status_code == 403
    assert admin_client_.get(
        reverse("admin:core_document_history", args=[report.pk])).status_code == 200


@pytest.mark.django_db
def test_r_0_3_documents_of_a_decision_cannot_be_changed_afterwards(dirk):
    """R-0.3: the documents a decision rests on are fixed once it is recorded."""
    from core.decisions import decision_record
    from core.documents import document_store
    from core.models import DecisionKind, Role
    from tests.factories import MemberFactory

    member = MemberFactory()
    evidence = document_store(content=b"%PDF-1.4 a", name="a.pdf", mime_type="application/pdf",
                              actor=dirk)
    other = document_store(content=b"%PDF-1.4 b", name="b.pdf", mime_type="application/pdf",
                           actor=dirk)
    decision = decision_record(kind=DecisionKind.PAUSE, outcome="gepauzeerd", rule_id="R-M4",
                               actor=dirk, role=Role.DIRECTOR, subject=member,
                               documents=[evidence])
    assert list(decision.documents.all()) == [evidence]
    for change in (lambda: decision.documents.add(other),
                   lambda: decision.documents.remove(evidence),
                   lambda: decision.documents.clear(),
                   lambda: evidence.decisions.clear()):
        with pytest.raises(PermissionError, match="R-0.3"), transaction.atomic():
            change()
    assert list(decision.documents.all()) == [evidence]
