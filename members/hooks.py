"""What the members app asks of the apps above it (issue #10), in plain sight.

Admission (R-M1), rejection and resignation (R-M2) and pausing (R-M4) depend on audits and
certificates, which stand on higher floors and may not be imported from here. Those apps
answer instead: each registers its answer from its ``AppConfig.ready()`` with :func:`provide`,
and the members services :func:`ask`. The questions, and who answers them:

=================================  ==============  ===========================================
question                           answered by     meaning
=================================  ==============  ===========================================
``admission_audit_reported``       audits          R-M1 step 2: the body's definitive report
                                                   on the admission audit is in
``admission_audit_with_positive``  audits          the admission audit whose advice (R-F7) is
                                                   positive or conditional, or ``None``
``cancel_open_audits``             audits          R-M2: cancel a member's open audits (after
                                                   a rejection or resignation); returns how many
``has_valid_certificate``          certificates    R-M3/R-M4: the member holds a certificate
                                                   valid on the given day
=================================  ==============  ===========================================
"""

from collections.abc import Callable

QUESTIONS = ("admission_audit_reported", "admission_audit_with_positive", "cancel_open_audits",
             "has_valid_certificate")

_answers: dict[str, Callable] = {}


def provide(question: str, answer: Callable) -> None:
    """Register the one answer to ``question`` (from a higher app's ``ready()``)."""
    if question not in QUESTIONS:
        raise ValueError(f"members asks no question {question!r}")
    if question in _answers and _answers[question] is not answer:
        raise ValueError(f"{question} is answered twice")
    _answers[question] = answer


def ask(question: str, *args, **kwargs):
    try:
        answer = _answers[question]
    except KeyError:
        raise LookupError(f"no installed app answers {question!r}") from None
    return answer(*args, **kwargs)
