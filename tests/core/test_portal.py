"""A refusal shows its rule id as markup and the service's message as escaped text (R-0.5)."""

from django.utils.safestring import SafeString

from core.exceptions import RuleViolation
from core.portal import rule_message


def test_r_0_5_the_refusal_message_stays_safe_markup_with_the_text_escaped():
    """R-0.5: the refusal message stays safe markup with the text escaped."""
    message = rule_message(RuleViolation("R-S3", "Te laat: <b>beroep</b> na de termijn."))
    assert isinstance(message, SafeString)
    assert message.startswith('<span class="rule">R-S3</span>')
    assert "&lt;b&gt;beroep&lt;/b&gt;" in message
