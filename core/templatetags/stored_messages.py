"""``{{ value|stored_text }}``: a stored message (a history row's change reason, a flag's or a
decision's message) in the reader's language, or the stored text itself (issue #9)."""

from django import template

from core.messages import render_stored

register = template.Library()


@register.filter
def stored_text(value, fallback=""):
    """``value`` (JSON data, a ``§``-prefixed change reason or plain text) rendered in the
    active language; ``fallback`` when it holds no message."""
    return render_stored(value, fallback or (value if isinstance(value, str) else ""))
