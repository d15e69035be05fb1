"""Reading the state machines through django-fsm's public API (issue #10), never its private
``_django_fsm`` attribute: a refusal names the states a step can be taken from, read from the
same guard that refuses it."""

from django_fsm import FSMFieldMixin


def transition_sources(transition) -> list[str]:
    """The states the bound transition method ``transition`` (e.g. ``member.admit``) can be
    taken from, in the order its ``@transition`` declares them."""
    instance, name = transition.__self__, transition.__name__
    model = type(instance)
    sources: list[str] = []
    for field in model._meta.fields:
        if not isinstance(field, FSMFieldMixin):
            continue
        for item in field.get_all_transitions(model):
            if item.name == name and item.source not in sources:
                sources.append(item.source)
    return sources


def refusal(rule_id: str, message):
    """Attach to a transition condition the rule it enforces and what a refusal says
    (``message`` may be a function of the instance, for a message that names its data)."""

    def attach(condition):
        condition.rule_id = rule_id
        condition.refusal = message
        return condition

    return attach


def unmet_conditions(transition) -> list[tuple[str, str]]:
    """Every condition of the bound ``transition`` that does not hold, as ``(rule_id, message)``
    in that condition's own words (:func:`refusal`), in declaration order: what a page shows
    before the click and what :func:`require_conditions` refuses with."""
    instance, name = transition.__self__, transition.__name__
    model = type(instance)
    conditions = []
    for field in model._meta.fields:
        if not isinstance(field, FSMFieldMixin):
            continue
        for item in field.get_all_transitions(model):
            if item.name == name:
                conditions += [c for c in item.conditions if c not in conditions]
    unmet = []
    for condition in conditions:
        if not condition(instance):
            message = getattr(condition, "refusal", "")
            unmet.append((getattr(condition, "rule_id", "R-0.5"),
                          str(message(instance) if callable(message) else message)))
    return unmet


def require_conditions(transition) -> None:
    """Refuse with the first condition of the bound ``transition`` that does not hold, in that
    condition's own words and rule (:func:`refusal`): the guard is the one place the rule is
    checked, and the service asks it instead of checking again."""
    from .exceptions import RuleViolation

    unmet = unmet_conditions(transition)
    if unmet:
        raise RuleViolation(*unmet[0])
