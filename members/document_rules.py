"""Who may open the documents a decision rests on (issue #8, SPEC §1, R-0.3, R-A1),
registered with the one document policy (:func:`core.documents.documents_for`) from
``MembersConfig.ready()``: the contacts of the member the decision is about. The bureau and
the directeur see every decision (``core.documents``); the Bestuur the documents of appeals
and of the decisions appealed against (``suspensions.document_rules``); an auditor or the
kernteam opens such a document only where the kind it is of allows them (a report)."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.documents import document_kind
from core.models import Decision, Role


def _decision_document_ids():
    return Decision.documents.through.objects.values("document_id")


@document_kind("members.decision", rule_id="R-0.3", label=_("Stuk bij een besluit"),
               documents=_decision_document_ids)
def decision_document_readable(user):
    """R-0.3/R-A1: the contacts of the member a decision is about."""
    if not user.has_role(Role.MEMBER_CONTACT):
        return None
    return Q(Exists(Decision.objects.filter(documents=OuterRef("pk"),
                                            member__contacts__user=user)))
