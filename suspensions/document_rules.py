"""Who may open the documents of an appeal (issue #8, SPEC §1, R-S3, R-S4, R-A1),
registered with the one document policy (:func:`core.documents.documents_for`) from
``SuspensionsConfig.ready()``.

An appeal's documents are those attached to it (by the member, or the bureau registering a
written appeal), those of the Bestuur's ruling on it and those of the decision it
contests (the suspension, extension, expulsion or lifting the member appealed against,
:data:`suspensions.selectors.APPEAL_SUBJECT_DECISION_KINDS`). SPEC §1 gives the Bestuur
"everything related to appeals and decisions": it decides appeals, so it opens these and no
other document (not the audit reports or the plans of a member, not the documents of the
admissions and postponements it is only informed of). The member's contacts open them too
(the decisions about their own organisation, ``members.document_rules``)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.documents import document_kind
from core.models import Decision, Document, Role

from .models import Appeal, Suspension


def appeal_decisions():
    """R-S3/R-S4: the decision records of appeals: the Bestuur's rulings and the decisions
    an appeal contests (an appeal's subject is the kind of the decision it contests)."""
    contested = Appeal.objects.filter(suspension_id=OuterRef("subject_id"),
                                      subject=OuterRef("kind"))
    return Decision.objects.filter(
        Q(subject_type=ContentType.objects.get_for_model(Appeal))
        | Q(Exists(contested), subject_type=ContentType.objects.get_for_model(Suspension)))


def _appeal_document_ids():
    """The documents of the decisions around an appeal and those attached to the appeal."""
    decided = Decision.documents.through.objects.filter(
        decision__in=appeal_decisions().values("pk")).values("document_id")
    attached = Appeal.documents.through.objects.values("document_id")
    return Document.objects.filter(Q(pk__in=decided) | Q(pk__in=attached)).values("pk")


@document_kind("suspensions.appeal", rule_id="R-S4", label=_("Stuk bij een beroep"),
               documents=_appeal_document_ids)
def appeal_document_readable(user):
    """R-S4/R-A1: the Bestuur (SPEC §1: appeals and their decisions); the member's
    contacts."""
    if user.has_role(Role.BOARD):
        return Q()  # every document of this kind
    if user.has_role(Role.MEMBER_CONTACT):
        return Q(Exists(appeal_decisions().filter(documents=OuterRef("pk"),
                                                  member__contacts__user=user))) | Q(
            Exists(Appeal.objects.filter(documents=OuterRef("pk"),
                                         suspension__member__contacts__user=user)))
    return None
