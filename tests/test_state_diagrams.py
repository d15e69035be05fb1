"""docs/states holds the state diagram of every state machine, generated from the code (#10):
a transition changed without ``make diagrams`` fails here. Needs no Graphviz."""

import pytest
from django.apps import apps
from django_fsm import FSMFieldMixin
from simple_history.models import HistoricalChanges

from core.state_diagrams import (
    DIAGRAM_DIR,
    SVG_SOURCE_MARK,
    diagram_path,
    dot_source,
    fsm_models,
    source_mark,
)

FSM_MODELS = fsm_models()
REGENERATE = "docs/states is out of date with the transitions: run `make diagrams` and commit"


def _label(model):
    return model._meta.label


def test_every_model_with_an_fsm_field_has_a_diagram_and_no_other_diagram_exists():
    with_fsm = {
        model._meta.label for model in apps.get_models()
        if not issubclass(model, HistoricalChanges)
        and any(isinstance(f, FSMFieldMixin) for f in model._meta.get_fields())
    }
    # The machines of issue #10; a new one joins by itself, a lost one is noticed.
    assert with_fsm >= {
        "members.Member", "audits.Audit", "audits.NormChangeProposal", "findings.Finding",
        "findings.PlanOfApproach", "findings.AdditionalInvestigation",
        "certificates.Certificate", "certificates.Postponement", "suspensions.Suspension",
        "suspensions.Appeal", "complaints.Complaint",
    }
    assert {_label(m) for m in FSM_MODELS} == with_fsm
    assert {p.name.removesuffix(".dot") for p in DIAGRAM_DIR.glob("*.dot")} == with_fsm, REGENERATE


@pytest.mark.parametrize("model", FSM_MODELS, ids=_label)
def test_committed_diagram_matches_the_transitions(model):
    path = diagram_path(model)
    assert path.exists(), REGENERATE
    assert path.read_text() == dot_source(model), REGENERATE


@pytest.mark.parametrize("model", FSM_MODELS, ids=_label)
def test_rendered_svg_was_drawn_from_the_committed_diagram(model):
    dot = diagram_path(model)
    svg = dot.with_suffix(".svg")
    assert svg.exists(), REGENERATE
    assert SVG_SOURCE_MARK.search(svg.read_text()).group(0) == source_mark(
        dot.name, dot.read_text()), REGENERATE


@pytest.mark.parametrize("model", FSM_MODELS, ids=_label)
def test_every_transition_method_is_on_the_diagram(model):
    """The generator itself: each @transition method labels at least one edge."""
    text = dot_source(model)
    for field in model._meta.concrete_fields:
        if isinstance(field, FSMFieldMixin):
            for transition in field.get_all_transitions(model):
                assert f'[label="{transition.name}' in text, transition.name


def test_the_diagrams_do_not_depend_on_the_active_language():
    from django.utils import translation

    model = apps.get_model("members", "Member")
    with translation.override("en"):
        english = dot_source(model)
    with translation.override("nl"):
        dutch = dot_source(model)
    assert english == dutch
    assert "Aangemeld\\napplicant" in dutch


def test_the_readme_lists_every_diagram():
    readme = (DIAGRAM_DIR / "README.md").read_text()
    for model in FSM_MODELS:
        assert f"[`{_label(model)}`]({_label(model)}.svg)" in readme, _label(model)
