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
