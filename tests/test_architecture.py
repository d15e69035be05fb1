"""Issue #10: the apps import in one direction only (import-linter's ``layers`` contract in
``pyproject.toml``, function-level imports included)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_imports_run_down_the_floors_only():
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
         "lint_imports_command()", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_no_two_modules_import_each_other():
    """Inside an app too, imports run one way (issue #10): e.g. ``notifications.services``
    schedules through ``notifications.tasks``, which sends through ``notifications.sending``
    and never reaches back. Function-level imports count (grimp reads them)."""
    import itertools

    import grimp

    apps = ["core", "notifications", "members", "audits", "findings", "certificates",
            "suspensions", "complaints", "overview", "api", "demo", "config"]
    graph = grimp.build_graph(*apps)
    pairs = [
        (a, b) for a, b in itertools.combinations(sorted(graph.modules), 2)
        if graph.direct_import_exists(importer=a, imported=b)
        and graph.direct_import_exists(importer=b, imported=a)
    ]
    assert pairs == []


def test_the_ground_floor_loads_no_app_by_name():
    """Issue #10: core reaches the apps only through what they register (sweeps, timeline,
    clocks), never by importing them by name (``import_module``), which the contract above
    could not see."""
    for path in (ROOT / "core").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        assert "import_module(" not in path.read_text(), path


def test_the_apps_register_their_daily_sweeps_lowest_floor_first():
    from core.sweep import SWEEPS
    from core.timeline import CONTRIBUTORS

    assert [app for app, _ in SWEEPS] == [
        "core", "members", "audits", "findings", "certificates", "suspensions", "complaints",
        "overview", "notifications"]
    assert {app for app, _ in CONTRIBUTORS} == {
        "members", "audits", "findings", "certificates", "suspensions", "complaints",
        "notifications"}


def test_no_code_reads_the_private_fsm_attribute():
    """Issue #10: refusals read the guards through ``core.fsm`` (django-fsm's public API)."""
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", ".tools", "tests", "mutants"}:
            continue
        assert "._django_fsm" not in path.read_text(), path


APPS = ("core", "notifications", "members", "audits", "findings", "certificates",
        "suspensions", "complaints", "overview", "api", "demo")


def test_no_side_effect_hangs_on_a_signal_receiver():
    """Issue #10: a service sends its e-mail and renders its documents in its own body
    (``transaction.on_commit``), in plain sight; no app listens to ``post_transition`` or
    ``post_save``."""
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text()
            for signal in ("post_transition", "post_save", "pre_save", "post_delete"):
                assert signal not in text, f"{path.relative_to(ROOT)} uses {signal}"


def test_every_question_members_asks_a_higher_app_is_answered():
    """Issue #10: members asks audits and certificates through ``members.hooks``; each
    question has exactly one answer once the apps are ready, and an unknown one is refused."""
    import pytest

    from members import hooks

    assert set(hooks._answers) == set(hooks.QUESTIONS)
    with pytest.raises(ValueError, match="answered twice"):
        hooks.provide("cancel_open_audits", lambda *a, **k: 0)
    with pytest.raises(ValueError, match="no question"):
        hooks.provide("something_else", lambda: None)


def test_no_module_is_longer_than_a_person_can_hold():
    """Issue #10: no module over 600 lines, outside migrations and the reference data."""
    apps = APPS + ("config",)
    long = []
    for app in apps:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "reference_data.py":
                continue
            lines = len(path.read_text().splitlines())
            if lines > 600:
                long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert long == []


def test_one_form_kit():
    """Issue #10: the date input, the confirmation field and the posted-form helper exist once,
    in ``core.forms``."""
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path == ROOT / "core" / "forms.py":
                continue
            text = path.read_text()
            for twice in ("class DateInput", "def confirm_field", "def motivation_field",
                          'request.POST if request.method == "POST"'):
                assert twice not in text, f"{path.relative_to(ROOT)}: {twice}"


def test_a_required_text_is_checked_by_require_text():
    """Issue #10: "strip, then refuse when empty" is written once (``core.rules.require_text``);
    a service does not hand-write it beside a ``RuleViolation``."""
    import re

    hand_written = re.compile(r'if not \(?\w+(?: or "")?\)?\.strip\(\):\s*\n\s*raise RuleViolation')
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path == ROOT / "core" / "rules.py":
                continue
            assert not hand_written.search(path.read_text()), path.relative_to(ROOT)


def test_every_transition_condition_names_its_rule_and_refusal():
    """Issue #10: guards are the one place a rule is checked. Every condition of every FSM
    transition carries its rule id and what a refusal says (``core.fsm.refusal``), so a service
    asks the guard (``core.fsm.require_conditions``) instead of checking the condition again."""
    from django.apps import apps
    from django_fsm import FSMFieldMixin

    bare = []
    for model in apps.get_models():
        for field in model._meta.fields:
            if not isinstance(field, FSMFieldMixin):
                continue
            for transition in field.get_all_transitions(model):
                for condition in transition.conditions:
                    if not (getattr(condition, "rule_id", "").startswith("R-")
                            and getattr(condition, "refusal", None)):
                        bare.append(f"{model._meta.label}.{transition.name}: "
                                    f"{condition.__name__}")
    assert bare == []


def _views_modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "views" in path.parts or path.name == "views.py":
                yield path


def test_no_form_or_filter_set_is_defined_in_a_view():
    """Issue #10: the forms live in ``<app>/forms.py`` (generic ones in ``core.forms``), the
    list filters in ``<app>/filters.py``; the views import them."""
    import ast

    found = []
    for path in _views_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = [ast.unparse(base) for base in node.bases]
            if any(base.endswith(("Form", "FilterSet", "Field")) for base in bases):
                found.append(f"{path.relative_to(ROOT)}: {node.name}({', '.join(bases)})")
    assert found == []


REMOVED_PARTIALS = ("members/member/_field.html", "members/member/_form.html",
                    "members/public/_field.html", "members/bureau/_field.html",
                    "audits/auditor/_form.html", "members/bureau/_filters.html")


def test_every_form_renders_through_the_one_form_template():
    """Issue #10: ``FORM_RENDERER`` gives every ``{{ form }}`` and ``{{ field.as_field_group }}``
    one form and one field template; the five partials (and the bureau's filter partial) they
    replace are gone and no template includes them."""
    from django import forms
    from django.conf import settings
    from django.forms.renderers import get_default_renderer

    from core.forms import ConfirmForm, FormRenderer

    assert settings.FORM_RENDERER == "core.forms.FormRenderer"
    renderer = get_default_renderer()
    assert isinstance(renderer, FormRenderer)
    assert renderer.form_template_name == "forms/form.html"
    assert renderer.field_template_name == "forms/field.html"
    assert forms.Form.default_renderer is None  # nothing overrides it per form

    for partial in REMOVED_PARTIALS:
        assert not (ROOT / "templates" / partial).exists(), partial
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for partial in REMOVED_PARTIALS:
            assert partial not in text, f"{path.relative_to(ROOT)} includes {partial}"

    html = str(ConfirmForm({}))
    assert 'class="field has-error field-checkbox"' in html
    assert 'aria-describedby="id_confirm_error"' in html and 'id="id_confirm_error"' in html
