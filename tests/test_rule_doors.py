"""Issue #19: the rule × route inventory (``config/rule_doors.py``). Every guard and route it
lists exists, names its rule (so ``grep -rn R-C1`` finds them), every route reaches its guard
through the code it calls, and ``docs/rules.md`` shows the registry as it is."""

import ast
import importlib
import inspect
import textwrap
from pathlib import Path

import pytest

from config.rule_doors import DOORS, render_markdown

ROOT = Path(__file__).resolve().parent.parent


def _resolve(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _called(function) -> set:
    """The functions ``function`` calls by name, resolved in its module or in the imports
    inside its body."""
    function = inspect.unwrap(function)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    module = inspect.getmodule(function)
    local = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            source = importlib.import_module("." * node.level + node.module,
                                             package=module.__package__)
            for alias in node.names:
                local[alias.asname or alias.name] = getattr(source, alias.name, None)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            target = local.get(node.func.id) or module.__dict__.get(node.func.id)
            if inspect.isfunction(target):
                found.add(inspect.unwrap(target))
    return found


def _reaches(route, guard, depth=5) -> bool:
    seen, frontier = set(), {inspect.unwrap(route)}
    for _ in range(depth):
        if guard in frontier:
            return True
        seen |= frontier
        frontier = {f for fn in frontier for f in _called(fn)} - seen
    return guard in frontier


@pytest.mark.parametrize("door", DOORS, ids=lambda d: f"{d.rule_id}-{d.guard.rsplit('.', 1)[1]}")
def test_every_guard_and_route_exists_and_names_its_rule(door):
    """Issue #19: the guard's docstring names the rule; every route names it in its code."""
    guard = _resolve(door.guard)
    assert door.rule_id in (guard.__doc__ or ""), door.guard
    for dotted in door.routes:
        route = _resolve(dotted)
        assert door.rule_id in inspect.getsource(inspect.unwrap(route)), dotted


@pytest.mark.parametrize("door", DOORS, ids=lambda d: f"{d.rule_id}-{d.guard.rsplit('.', 1)[1]}")
def test_every_route_reaches_its_guard(door):
    """Issue #19: each listed route calls the rule's guard (directly or through the helpers it
    calls), so no route skips the rule."""
    guard = inspect.unwrap(_resolve(door.guard))
    for dotted in door.routes:
        assert _reaches(_resolve(dotted), guard), f"{dotted} does not reach {door.guard}"


def test_docs_rules_md_shows_the_inventory():
    """Issue #19: docs/rules.md renders the registry as it is."""
    text = (ROOT / "docs" / "rules.md").read_text()
    start, end = "<!-- rule-doors:start -->\n", "\n<!-- rule-doors:end -->"
    shown = text[text.index(start) + len(start):text.index(end)]
    assert shown == render_markdown()
