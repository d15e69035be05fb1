"""Writing decision records (R-0.3). Services call :func:`decision_record` inside their
transaction; the record is append-only."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

from .decision_chain import chain_head, lock_chain, record_hash
from .exceptions import RuleViolation
from .messages import as_message, source_text
from .models import Decision


def decision_record(
    *, kind, outcome, rule_id, actor, role, subject, motivation="", member=None,
    documents=(), corrects=None, decided_at=None,
) -> Decision:
    """Append a decision record. ``role`` is the role in which ``actor`` decided; the actor
    must hold it (R-0.3: who decided, in which role).

    ``outcome`` is a :class:`core.messages.StoredMessage` (issue #9): it is kept as the
    message, read in the reader's language (``Decision.outcome_text``), and as its Dutch text
    in ``outcome`` for the record and search. A plain text is kept as given."""
    if not actor.has_role(role):
        raise RuleViolation("R-0.3", f"{actor} heeft niet de rol {role} om dit besluit te nemen.")
    message = as_message(outcome)
    documents = list(documents)
    decision = Decision(
        kind=kind,
        outcome=source_text(outcome)[:200],
        outcome_message=message.as_data() if message is not None else None,
        rule_id=rule_id,
        motivation=motivation or "",
        decided_by=actor,
        role=role,
        decided_at=decided_at or timezone.now(),
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        subject_label=str(subject)[:255],
        member=member,
        corrects=corrects,
    )
    # Issue #13: the record joins the hash chain at its INSERT (the trigger refuses UPDATE);
    # the documents' digests are hashed before they are attached.
    with transaction.atomic():
        lock_chain()
        decision.chain_previous = chain_head()
        decision.chain_hash = record_hash(decision, previous=decision.chain_previous,
                                          document_digests=[d.sha256 for d in documents])
        decision.save()
        if documents:
            decision._attaching_documents = True
            decision.documents.add(*documents)
            del decision._attaching_documents
    return decision


def decision_motivation(kind: str, subject) -> str:
    """The motivation of the latest decision record ``kind`` about ``subject`` (R-0.3), e.g.
    for the e-mail that announces the decision."""
    decision = (Decision.objects
                .filter(kind=kind, subject_type=ContentType.objects.get_for_model(subject),
                        subject_id=subject.pk)
                .order_by("-decided_at", "-id").first())
    return decision.motivation if decision else ""


@receiver(m2m_changed, sender=Decision.documents.through)
def _decision_documents_append_only(sender, instance, action, reverse, **kwargs):
    """R-0.3: the documents a decision rests on are fixed when it is recorded."""
    if not action.startswith("pre_"):
        return
    if reverse or action != "pre_add" or not getattr(instance, "_attaching_documents", False):
        raise PermissionError("R-0.3: the documents of a decision record cannot be changed")
