"""Tamper-evident decision records (R-0.3, issue #13).

Each :class:`core.models.Decision` carries ``chain_hash``: the SHA-256 over its content (kind,
outcome, outcome message, rule, motivation, who decided and in which role, when, about which
subject and member, the SHA-256 of each document it rests on, the record it corrects) and over
``chain_previous``, the ``chain_hash`` of the record before it. The chain is global, in
insertion order (``id``). Editing, deleting, inserting or reordering a record breaks it from
that record on; :func:`verify_chain` (``manage.py verify_decisions``, the daily sweep) finds
the first break.

The hash is computed in :func:`core.decisions.decision_record` *before* the INSERT (the
append-only trigger refuses UPDATE), under a lock so two concurrent records chain correctly:
on PostgreSQL a transaction-scoped advisory lock, held until commit; SQLite serialises writes.

Records written before the chain existed (migration ``core.0010``) have an empty hash: they
are "before the chain" and are counted, not verified (the trigger forbids hashing them
afterwards, and switching it off in a migration would need the owner to lift the very guard
this protects). A record without a hash *after* the first hashed one is a break.

A chain can be recomputed by whoever can write the table; what anchors it is the chain head
sent outside the system every day (``notifications.decision_digest``, signed with HMAC).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import connection

#: Key of the PostgreSQL advisory lock that serialises appending to the chain.
CHAIN_LOCK_KEY = 0x4B4D_0003  # "KM", R-0.3

#: The hash the first record of the chain follows.
GENESIS = "0" * 64

#: Characters of the hash shown as a record's fingerprint.
FINGERPRINT_LENGTH = 12


def lock_chain() -> None:
    """Hold the chain until the surrounding transaction ends (PostgreSQL); SQLite serialises
    writers already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def chain_head() -> str:
    """The hash the next record follows: the last hashed record's, or :data:`GENESIS`."""
    from .models import Decision

    last = (Decision.objects.exclude(chain_hash="").order_by("-id")
            .values_list("chain_hash", flat=True).first())
    return last or GENESIS


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def content_hash(*, previous: str, kind: str, outcome: str, outcome_message, rule_id: str,
                 motivation: str, decided_by_id: int, role: str, decided_at: dt.datetime,
                 subject_type: str, subject_id: int, subject_label: str, member_id,
                 document_digests, corrects_id) -> str:
    """SHA-256 (hex) over a record's content and the previous record's hash. The content is
    canonical JSON: sorted keys, the moment in UTC, the documents' digests sorted."""
    content = {
        "previous": previous, "kind": kind, "outcome": outcome,
        "outcome_message": outcome_message, "rule_id": rule_id, "motivation": motivation,
        "decided_by": decided_by_id, "role": role, "decided_at": _utc(decided_at),
        "subject_type": subject_type, "subject_id": subject_id,
        "subject_label": subject_label, "member": member_id,
        "documents": sorted(document_digests), "corrects": corrects_id,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _subject_type_key(content_type) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def record_hash(decision, *, previous: str, document_digests=None) -> str:
    """The hash of ``decision`` following ``previous``; its documents' digests are read
    from the database unless given (before the documents are attached)."""
    if document_digests is None:
        document_digests = [document.sha256 for document in decision.documents.all()]
    return content_hash(
        previous=previous, kind=decision.kind, outcome=decision.outcome,
        outcome_message=decision.outcome_message, rule_id=decision.rule_id,
        motivation=decision.motivation, decided_by_id=decision.decided_by_id,
        role=decision.role, decided_at=decision.decided_at,
        subject_type=_subject_type_key(decision.subject_type),
        subject_id=decision.subject_id, subject_label=decision.subject_label,
        member_id=decision.member_id, document_digests=document_digests,
        corrects_id=decision.corrects_id,
    )


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found. ``broken_at`` is the id of the first record that does
    not chain (``None``: intact); ``reason`` says why."""

    checked: int
    before_chain: int
    head: str
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Recompute the chain in insertion order and report the first broken record."""
    from .models import Decision

    previous = GENESIS
    started = False
    checked = before = 0
    records = (Decision.objects.order_by("id").select_related("subject_type")
               .prefetch_related("documents"))
    for decision in records.iterator(chunk_size=500):
        if not decision.chain_hash:
            if started:
                return ChainReport(checked, before, previous, decision.pk,
                                   "record without a hash after the chain began")
            before += 1
            continue
        started = True
        if decision.chain_previous != previous:
            return ChainReport(checked, before, previous, decision.pk,
                               "does not follow the record before it "
                               "(a record was deleted, inserted or reordered)")
        if record_hash(decision, previous=previous) != decision.chain_hash:
            return ChainReport(checked, before, previous, decision.pk,
                               "content does not match its hash (the record was changed)")
        previous = decision.chain_hash
        checked += 1
    return ChainReport(checked, before, previous)


def decision_chain_sweep(*, today: dt.date) -> dict[str, int]:
    """Daily (core.sweep): verify the chain; on a break raise a flag for the directeur, once
    per broken record (R-0.3, issue #13)."""
    from .flags import flag_raise
    from .messages import stored
    from .models import FlagAudience

    report = verify_chain()
    if report.intact:
        return {"verified": report.checked, "broken": 0}
    _flag, created = flag_raise(
        key=f"R-0.3:decision-chain:{report.broken_at}", rule_id="R-0.3",
        audience=FlagAudience.DIRECTOR,
        message=stored("Het besluitenregister is gewijzigd buiten de applicatie om: de "
                       "keten breekt bij besluit %(record)s. Laat dit onderzoeken.",
                       record=str(report.broken_at)),
        today=today,
    )
    return {"verified": report.checked, "broken": 1, "flagged": int(created)}
