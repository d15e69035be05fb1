"""Small checks every service makes, in one place (R-0.5: a refusal names its rule and says
what is missing)."""

import datetime as dt

from django.utils.translation import gettext as _

from . import dates
from .exceptions import RuleViolation
from .models import Role


def today_or(today: dt.date | None) -> dt.date:
    """``today`` when a caller pins the date (tests, imports), else the Amsterdam date."""
    return today or dates.today()


def role_names(*roles: str) -> str:
    return _(" of ").join(str(Role(r).label) for r in roles)


def require_role(actor, *roles: str, rule_id: str, what: str = "", message: str = "") -> None:
    """Refuse unless ``actor`` holds one of ``roles``; the refusal names the rule that says who
    decides, with ``message`` or "Alleen iemand met de rol … mag <what>."."""
    if actor is None or not actor.has_role(*roles):
        raise RuleViolation(rule_id, message or (
            _("Alleen iemand met de rol %(roles)s mag %(what)s.")
            % {"roles": role_names(*roles), "what": what}))


def require_text(value: str, *, rule_id: str, message: str) -> str:
    """Refuse an empty motivation, reason or text; return it stripped."""
    if not (value or "").strip():
        raise RuleViolation(rule_id, message)
    return value.strip()
