"""State diagrams of the state machines, generated from the code (#10).

Every domain model with an ``FSMField`` gets ``docs/states/<app>.<Model>.dot``, written from
its ``@transition`` methods by ``make diagrams`` (``manage.py state_diagrams --svg``), which
also renders an ``.svg`` beside it with Graphviz. ``tests/test_state_diagrams.py`` regenerates
the text and compares, so a changed transition without ``make diagrams`` fails the suite.

The text is deterministic: states in the order of the field's choices, edges sorted by source,
target and method, labels in the source language (the msgids, whatever language is active).
django-fsm's own ``graph_transitions`` is not used: it builds its graph from sets, so the order
of the lines changes from one process to the next, and it never marks the initial state when
the field has choices.

Reading a diagram: the dot marks the initial state (the field's default); a double border is
a state without a way out; an edge is labelled with the method that performs the transition
and, in brackets, its conditions; a dashed edge is one of the states the method itself returns
(``RETURN_VALUE``/``GET_STATE``); a dotted edge is the ``on_error`` state.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django_fsm import ANY_OTHER_STATE, ANY_STATE, FSMFieldMixin, State
from simple_history.models import HistoricalChanges

DIAGRAM_DIR = Path(settings.BASE_DIR) / "docs" / "states"
FONT = "Helvetica,Arial,sans-serif"
SVG_SOURCE_MARK = re.compile(r"<!-- Rendered from (\S+) sha256 ([0-9a-f]{64}) -->")


def fsm_fields(model) -> list[FSMFieldMixin]:
    """The model's FSM fields, in declaration order."""
    return [f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)]


def fsm_models() -> list:
    """Every installed model with an FSM field, by label. django-simple-history's historical
    copies are left out: they carry the field, but no transitions."""
    return sorted(
        (m for m in apps.get_models()
         if not issubclass(m, HistoricalChanges) and fsm_fields(m)),
        key=lambda m: m._meta.label,
    )


def diagram_path(model, directory: Path = DIAGRAM_DIR) -> Path:
    return directory / f"{model._meta.label}.dot"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    method: str
    conditions: tuple[str, ...] = ()
    style: str = ""  # "" a fixed target, "dashed" returned by the method, "dotted" on_error


def _name(func) -> str:
    """A condition's name; never its repr, which may carry a memory address."""
    return getattr(func, "__name__", None) or type(func).__name__


def _edges(model, field: FSMFieldMixin, states: list[str]) -> set[Edge]:
    edges: set[Edge] = set()
    for t in field.get_all_transitions(model):
        if t.source == ANY_STATE:
            sources = states
        elif t.source == ANY_OTHER_STATE:
            sources = [s for s in states if s != str(t.target)]
        else:
            sources = [str(t.source)]
        if isinstance(t.target, State):
            if not t.target.allowed_states:
                raise ValueError(f"{model._meta.label}.{t.name}: a RETURN_VALUE/GET_STATE "
                                 "target needs its allowed states to be drawn")
            targets, style = [str(s) for s in t.target.allowed_states], "dashed"
        else:
            targets, style = [None if t.target is None else str(t.target)], ""
        conditions = tuple(_name(c) for c in t.conditions)
        for source in sources:
            for target in targets:
                # target=None leaves the state as it is.
                edges.add(Edge(source, source if target is None else target, t.name,
                               conditions, style))
            if t.on_error is not None:
                edges.add(Edge(source, str(t.on_error), t.name, (), "dotted"))
    return edges


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _attrs(**attrs: str) -> str:
    return " [" + ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items()) + "]"


def dot_source(model) -> str:
    """The Graphviz text of the model's state machine(s): one cluster per FSM field when it
    has more than one."""
    with translation.override(None):
        return _dot_source(model)


def _dot_source(model) -> str:
    opts = model._meta
    fields = fsm_fields(model)
    clustered = len(fields) > 1
    title = f"{capfirst(str(opts.verbose_name))} ({opts.label}"
    title += ")" if clustered else f".{fields[0].name})"
    lines = [
        f"// {opts.label}: generated from {model.__module__} by `make diagrams`; do not edit.",
        f"digraph {_quote(opts.label)} {{",
        f"  graph{_attrs(label=title, labelloc='t', fontname=FONT, fontsize='14')};",
        f"  node{_attrs(shape='box', style='rounded', fontname=FONT, fontsize='11')};",
        f"  edge{_attrs(fontname=FONT, fontsize='9')};",
    ]
    for field in fields:
        indent = "    " if clustered else "  "
        if clustered:
            lines += ["", f"  subgraph {_quote('cluster_' + field.name)} {{",
                      f"    graph{_attrs(label=field.name)};"]
        lines += [indent + line if line else "" for line in _field_lines(model, field)]
        if clustered:
            lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _field_lines(model, field: FSMFieldMixin) -> list[str]:
    labels = {str(value): str(label) for value, label in field.flatchoices}
    states = list(labels)
    edges = _edges(model, field, states)
    seen = {s for e in edges for s in (e.source, e.target)}
    states += sorted(seen - set(labels))  # a state missing from the choices (or no choices)
    order = {s: i for i, s in enumerate(states)}
    exits = {e.source for e in edges if e.target != e.source}

    def node(state: str) -> str:
        return _quote(f"{field.name}.{state}")

    lines = [""]
    if field.has_default():
        initial = _quote(f"{field.name}.__initial__")
        lines.append(f"{initial}{_attrs(shape='point', label='', width='0.15')};")
    for state in states:
        label = f"{labels[state]}\n{state}" if labels.get(state) not in (None, state) else state
        attrs = {"label": label}
        if state not in exits:
            attrs["peripheries"] = "2"
        lines.append(f"{node(state)}{_attrs(**attrs)};")
    lines.append("")
    if field.has_default():
        lines.append(f"{initial} -> {node(str(field.get_default()))};")
    for e in sorted(edges, key=lambda e: (order[e.source], order[e.target], e.method, e.style)):
        attrs = {"label": e.method + (f"\n[{', '.join(e.conditions)}]" if e.conditions else "")}
        if e.style:
            attrs["style"] = e.style
        lines.append(f"{node(e.source)} -> {node(e.target)}{_attrs(**attrs)};")
    return lines


def source_mark(dot_name: str, dot_text: str) -> str:
    """The comment put in a rendered SVG, naming the exact .dot text it was drawn from: the
    test checks it without needing Graphviz."""
    digest = hashlib.sha256(dot_text.encode()).hexdigest()
    return f"<!-- Rendered from {dot_name} sha256 {digest} -->"


def render_svg(dot_file: Path) -> Path:
    """Render ``x.dot`` to ``x.svg`` with Graphviz's ``dot`` and mark it with its source."""
    dot = shutil.which("dot")
    if dot is None:
        raise FileNotFoundError("Graphviz's `dot` is not installed (apt-get install graphviz)")
    svg = subprocess.run([dot, "-Tsvg", str(dot_file)], check=True, capture_output=True,
                         text=True).stdout
    mark = source_mark(dot_file.name, dot_file.read_text())
    svg = svg.replace("<svg", f"{mark}\n<svg", 1)
    svg_file = dot_file.with_suffix(".svg")
    svg_file.write_text(svg)
    return svg_file


def write_diagrams(directory: Path = DIAGRAM_DIR, *, svg: bool = False) -> dict[str, list]:
    """Write every model's .dot (and .svg); remove diagrams of models that are gone."""
    directory.mkdir(parents=True, exist_ok=True)
    report: dict[str, list] = {"written": [], "unchanged": [], "removed": []}
    wanted = set()
    for model in fsm_models():
        path = diagram_path(model, directory)
        wanted |= {path.name, path.with_suffix(".svg").name}
        text = dot_source(model)
        if path.exists() and path.read_text() == text:
            report["unchanged"].append(path)
        else:
            path.write_text(text)
            report["written"].append(path)
        if svg:
            render_svg(path)
    for stale in sorted([*directory.glob("*.dot"), *directory.glob("*.svg")]):
        if stale.name not in wanted:
            stale.unlink()
            report["removed"].append(stale)
    return report
