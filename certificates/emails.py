"""The e-mail of certificates (R-Z4, R-Z7): the issued certificate with its PDF (sent by
:mod:`certificates.documents`) and the decision on a postponement (queued by
:func:`certificates.services.postponement_decide` after the commit). Each queues under the key
``event:<what>:<pk>``, so a second call queues nothing new."""

from core.decisions import decision_motivation
from core.models import DecisionKind
from members.recipients import queue_to_member

from .models import Certificate, Postponement, PostponementState


def certificate_issued(certificate, *, document) -> int:
    """R-Z7: the ``certificate-issued`` e-mail to the member's contacts, with the certificate's
    PDF ``document`` attached (queued once per contact)."""
    return queue_to_member("certificate-issued", certificate.member,
                           key=f"event:certificate-issued:{certificate.pk}",
                           context={"certificate": certificate}, rule_id="R-Z7",
                           attachments=[document])


def postponement_decided(*, postponement_id: int) -> int:
    """R-Z4: the decision on a postponement; the certificate is not extended."""
    postponement = (Postponement.objects.select_related("certificate__member")
                    .filter(pk=postponement_id).first())
    if postponement is None:
        return 0
    certificate = postponement.certificate
    return queue_to_member(
        "postponement-decided", certificate.member,
        key=f"event:postponement-decided:{postponement.pk}",
        context={"postponement": postponement, "certificate": certificate,
                 "granted": postponement.state == PostponementState.GRANTED,
                 "motivation": decision_motivation(DecisionKind.POSTPONEMENT, postponement)},
        rule_id="R-Z4")


def swn_report_received(*, certificate_id: int) -> int:
    """R-Z2: the bureau received the SWN audit report of a four-year certificate."""
    certificate = (Certificate.objects.select_related("member")
                   .filter(pk=certificate_id).first())
    if certificate is None or certificate.swn_report_received_on is None:
        return 0
    return queue_to_member("swn-report-received", certificate.member,
                           key=f"event:swn-report-received:{certificate.pk}",
                           context={"certificate": certificate}, rule_id="R-Z2")
