"""Issue #13, R-0.3: the decision records form a hash chain; editing, deleting, inserting or
reordering a record is found by ``verify_decisions``, the daily sweep flags it for the
directeur, the decision page shows each record's fingerprint and a signed digest of the
chain head is e-mailed daily. Tampering is simulated with plain SQL; on PostgreSQL the test
lifts the append-only trigger as the superuser first (the application role cannot, see
tests/core/test_db_roles.py)."""

import datetime as dt
import hashlib
import hmac
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from core.decision_chain import GENESIS, record_hash, verify_chain
from core.decisions import decision_record
from core.documents import document_store
from core.models import Decision, DecisionKind, Flag, FlagAudience, Role
from core.sweep import sweep_deadlines
from notifications.models import Notification
from tests.factories import MemberFactory

TODAY = dt.date(2026, 3, 16)


@contextmanager
def tampering():
    """Plain SQL around the guards: on PostgreSQL the superuser lifts the trigger."""
    postgresql = connection.vendor == "postgresql"

    def alter(action):
        # ALTER TABLE refuses while deferred foreign-key checks are pending: run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE core_decision {action} TRIGGER USER")
        cursor.execute(f"ALTER TABLE core_decision_documents {action} TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    with connection.cursor() as cursor:
        if postgresql:
            alter("DISABLE")
        try:
            yield cursor
        finally:
            if postgresql:
                alter("ENABLE")


def skip_ids(count: int) -> None:
    """Leave a gap of ``count`` ids before the next record (room for a forged one)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('core_decision', 'id'), "
                           "(SELECT max(id) FROM core_decision) + %s)", [count])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = seq + %s "
                           "WHERE name = 'core_decision'", [count])


def _record(actor, *, outcome="besloten", documents=()):
    member = MemberFactory()
    return decision_record(kind=DecisionKind.PAUSE, outcome=outcome, rule_id="R-M4",
                           actor=actor, role=Role.DIRECTOR, subject=member, member=member,
                           motivation=f"Motivering {outcome}", documents=documents)


@pytest.fixture
def three(dirk):
    report = document_store(content=b"%PDF-1.4 verslag", name="verslag.pdf",
                            mime_type="application/pdf", actor=dirk)
    first = _record(dirk, outcome="een")
    second = _record(dirk, outcome="twee", documents=[report])
    third = _record(dirk, outcome="drie")
    return first, second, third


def test_r0_3_each_record_chains_to_the_one_before(three):
    """R-0.3 (issue #13): the first record follows the genesis hash, each next one the hash
    of the record before it; the chain verifies intact."""
    first, second, third = (Decision.objects.get(pk=d.pk) for d in three)
    assert first.chain_previous == GENESIS
    assert second.chain_previous == first.chain_hash
    assert third.chain_previous == second.chain_hash
    assert len({first.chain_hash, second.chain_hash, third.chain_hash}) == 3
    # the documents' digests hashed before they were attached match those read back
    assert record_hash(second, previous=first.chain_hash) == second.chain_hash
    report = verify_chain()
    assert report.intact and report.checked == 3 and report.head == third.chain_hash


def test_r0_3_an_edited_record_breaks_the_chain(three):
    """R-0.3: a record whose outcome was changed in SQL is the first broken one."""
    _first, second, _third = three
    with tampering() as cursor:
        cursor.execute("UPDATE core_decision SET outcome = %s WHERE id = %s",
                       ["afgewezen", second.pk])
    report = verify_chain()
    assert report.broken_at == second.pk
    assert "changed" in report.reason


def test_r0_3_a_changed_document_digest_breaks_the_chain(three):
    """R-0.3: the hash covers the SHA-256 of each document the decision rests on."""
    _first, second, _third = three
    second.documents.model.objects.update(sha256="0" * 64)
    assert verify_chain().broken_at == second.pk


def test_r0_3_a_deleted_record_breaks_the_chain(three):
    """R-0.3: after a deleted record, the next one no longer follows its predecessor."""
    _first, second, third = three
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_decision_documents WHERE decision_id = %s",
                       [second.pk])
        cursor.execute("DELETE FROM core_decision WHERE id = %s", [second.pk])
    report = verify_chain()
    assert report.broken_at == third.pk
    assert "deleted, inserted or reordered" in report.reason


def test_r0_3_an_inserted_record_breaks_the_chain(dirk):
    """R-0.3: a forged record slipped in between, even with a correctly computed hash,
    breaks the chain at the record after it."""
    first = _record(dirk, outcome="een")
    skip_ids(10)
    second = _record(dirk, outcome="twee")
    member = MemberFactory()
    forged = Decision(pk=first.pk + 5, kind=DecisionKind.ADMISSION, outcome="toegelaten",
                      rule_id="R-M2", decided_by=dirk, role=Role.DIRECTOR,
                      decided_at=first.decided_at, subject=member, subject_label=str(member),
                      member=member, chain_previous=first.chain_hash)
    forged.chain_hash = record_hash(forged, previous=first.chain_hash, document_digests=[])
    forged.save(force_insert=True)
    assert first.pk < forged.pk < second.pk
    assert verify_chain().broken_at == second.pk


def test_r0_3_reordered_records_break_the_chain(three):
    """R-0.3: two records that swapped places (ids) break the chain at the first of them."""
    _first, second, third = three
    with tampering() as cursor:
        cursor.execute("UPDATE core_decision SET id = %s WHERE id = %s", [-1, second.pk])
        cursor.execute("UPDATE core_decision SET id = %s WHERE id = %s", [second.pk, third.pk])
        cursor.execute("UPDATE core_decision SET id = %s WHERE id = %s", [third.pk, -1])
    assert verify_chain().broken_at == second.pk


def test_r0_3_a_record_without_hash_after_the_chain_began_is_a_break(three):
    """R-0.3: blanking a hash does not move a record 'before the chain'."""
    _first, second, _third = three
    with tampering() as cursor:
        cursor.execute("UPDATE core_decision SET chain_hash = '' WHERE id = %s", [second.pk])
    report = verify_chain()
    assert report.broken_at == second.pk and "without a hash" in report.reason


def test_r0_3_records_from_before_the_chain_are_counted_not_verified(dirk):
    """R-0.3 (migration core.0010): older records have no hash; the chain begins after them."""
    member = MemberFactory()
    Decision(kind=DecisionKind.PAUSE, outcome="oud", rule_id="R-M4", decided_by=dirk,
             role=Role.DIRECTOR, subject=member, subject_label=str(member)).save()
    _record(dirk)
    report = verify_chain()
    assert report.intact and report.before_chain == 1 and report.checked == 1


# ---------------------------------------------------------------- manage.py verify_decisions

def test_r0_3_verify_decisions_exits_zero_on_an_intact_chain(three, capsys):
    """R-0.3: an intact chain exits 0 and says how many records it verified."""
    call_command("verify_decisions")
    assert "intact: 3 records verified" in capsys.readouterr().out


def test_r0_3_verify_decisions_exits_one_naming_the_first_broken_record(three):
    """R-0.3: a broken chain exits 1 naming the first broken record."""
    _first, second, _third = three
    with tampering() as cursor:
        cursor.execute("UPDATE core_decision SET motivation = 'anders' WHERE id = %s",
                       [second.pk])
    with pytest.raises(CommandError) as failed:
        call_command("verify_decisions")
    assert failed.value.returncode == 1
    assert f"broken at record {second.pk}" in str(failed.value)


# ---------------------------------------------------------------- the daily sweep

def test_r0_3_the_sweep_flags_a_broken_chain_for_the_director_once(three):
    """R-0.3 (issue #13): the daily sweep verifies the chain and raises one director flag."""
    assert sweep_deadlines(TODAY)["core"] == {"verified": 3, "broken": 0}
    assert not Flag.objects.filter(rule_id="R-0.3").exists()
    _first, second, _third = three
    with tampering() as cursor:
        cursor.execute("UPDATE core_decision SET rule_id = 'R-M2' WHERE id = %s", [second.pk])
    sweep_deadlines(TODAY)
    sweep_deadlines(TODAY)
    flag = Flag.objects.get(rule_id="R-0.3")
    assert flag.audience == FlagAudience.DIRECTOR
    assert f"besluit {second.pk}" in flag.message_text


# ---------------------------------------------------------------- the decision page

def test_r0_3_the_director_sees_each_records_fingerprint(client, dirk, three):
    """R-0.3 (issue #13): the decision page shows the start of each record's hash."""
    client.force_login(dirk)
    page = client.get(reverse("director:decisions")).content.decode()
    for decision in three:
        assert decision.chain_hash[:12] in page


# ---------------------------------------------------------------- the signed digest

def test_r0_3_a_signed_digest_of_the_chain_head_is_mailed_once_a_day(settings, three):
    """R-0.3 (issue #13): the chain head goes to DECISION_DIGEST_EMAIL, signed with HMAC-SHA256."""
    settings.DECISION_DIGEST_EMAIL = "archief@nvvk.example"
    settings.DECISION_DIGEST_KEY = "digest-sleutel"
    sweep_deadlines(TODAY)
    sweep_deadlines(TODAY)
    digest = Notification.objects.get(recipient_email="archief@nvvk.example")
    head = three[-1].chain_hash
    payload = f"keurmerk-decisions 2026-03-16 records=3 head={head} intact"
    signature = hmac.new(b"digest-sleutel", payload.encode(), hashlib.sha256).hexdigest()
    assert payload in digest.body_text and signature in digest.body_text
    assert "16 maart 2026" in digest.subject


def test_r0_3_no_digest_without_an_address(settings, three):
    """R-0.3: the digest is off while DECISION_DIGEST_EMAIL is empty."""
    settings.DECISION_DIGEST_EMAIL = ""
    assert sweep_deadlines(TODAY)["notifications"] == {"queued": 0}
    assert not Notification.objects.filter(template="decision-digest").exists()


# ---------------------------------------------------------------- concurrency (PostgreSQL)

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r0_3_simultaneous_decisions_chain_one_after_the_other(postgres, dirk):
    """R-0.3 (issue #13): decisions recorded at the same moment each follow a different
    predecessor (the advisory lock), so the chain stays intact."""
    from django.db import transaction

    from tests.concurrency import run_together

    members = [MemberFactory() for _ in range(6)]

    def decide(member):
        def call():
            with transaction.atomic():
                return decision_record(kind=DecisionKind.PAUSE, outcome="gepauzeerd",
                                       rule_id="R-M4", actor=dirk, role=Role.DIRECTOR,
                                       subject=member, member=member)
        return call

    results = run_together(*(decide(member) for member in members))
    assert all(isinstance(result, Decision) for result in results), results
    previous = [d.chain_previous for d in Decision.objects.order_by("id")]
    assert len(set(previous)) == 6
    report = verify_chain()
    assert report.intact and report.checked == 6
