"""Every rule test names its rule id with the hyphen, where ``grep`` finds it (SPEC.md, #10).

A test whose name carries a rule token (``r_z4``, ``R_F7``, ``r0_3``, ``r_0_3``, several in one
name) names each of those rules as ``R-Z4`` / ``R-0.3`` in its docstring, or in a
``@pytest.mark.rule("R-Z4")`` marker (docstrings preferred), so ``grep -rn R-Z4 .`` lists the
guard, the service and the tests in one hop. With the catalogue at hand, every rule of SPEC.md
is named by at least one test, and no test names a rule that SPEC.md does not define.

Plain ``ast`` over the test modules: nothing is imported, no database.
"""

import ast
import os
import re
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent

# The catalogue lives beside the checkout (../shared/SPEC.md), next to the seeds that
# tests/core/test_reference_data.py reads; KEURMERK_SEEDS_DIR points into the same folder.
SPEC_CANDIDATES = [
    Path(os.environ["KEURMERK_SEEDS_DIR"]).parent / "SPEC.md"
    if os.environ.get("KEURMERK_SEEDS_DIR") else None,
    TESTS_DIR.parents[1] / "shared" / "SPEC.md",
    Path("/work/shared/SPEC.md"),
]
SPEC_FILE = next((c for c in SPEC_CANDIDATES if c is not None and c.is_file()), None)
needs_spec = pytest.mark.skipif(
    SPEC_FILE is None,
    reason="SPEC.md (the rule catalogue) is not beside this checkout (../shared/SPEC.md) nor at "
    "/work/shared/SPEC.md; only the checks against the catalogue are skipped",
)

# A rule token in a test name: r_z4, rz4, R_F7, r0_3, r_0_3 (an underscore or the name's
# end on both sides; "r_k2_24_hours" is R-K2, "re_audit" and "one_a4_page" are no tokens).
TOKEN = re.compile(
    r"(?:^|_)r_?(?:0_?(?P<zero>\d+)|(?P<letter>[a-z])_?(?P<number>\d+))(?=_|$)", re.IGNORECASE)
# A rule id as written in prose: R-Z4, R-0.3 (not the section wildcards R-K*, R-S*).
RULE_ID = re.compile(r"\bR-(?:0\.\d+|[A-Z]\d+)(?!\d)")
# The catalogue defines each rule in bold: "**R-0.1 Dates.**", "**R-A1**".
SPEC_DEFINITION = re.compile(r"\*\*(R-(?:0\.\d+|[A-Z]\d+))\b")


def rule_ids_in_name(name: str) -> list[str]:
    """The hyphenated rule ids a test name carries, in order, each once."""
    ids = []
    for token in TOKEN.finditer(name):
        if token["zero"] is not None:
            rule_id = f"R-0.{token['zero']}"
        else:
            rule_id = f"R-{token['letter'].upper()}{token['number']}"
        if rule_id not in ids:
            ids.append(rule_id)
    return ids


def marker_rule_ids(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> set[str]:
    """Rule ids given to ``@pytest.mark.rule(...)`` on a function or class."""
    ids = set()
    for decorator in node.decorator_list:
        if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "rule"
                and isinstance(decorator.func.value, ast.Attribute)
                and decorator.func.value.attr == "mark"):
            for arg in decorator.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    ids.update(RULE_ID.findall(arg.value))
    return ids


def collected_tests():
    """(where, name, ids named in docstring or marker) for every test function and method."""
    for path in sorted(TESTS_DIR.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(TESTS_DIR.parent)
        yield from _tests_in(tree.body, where, set())


def _tests_in(body, where, inherited):
    for node in body:
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            yield from _tests_in(node.body, where, inherited | marker_rule_ids(node))
        elif (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
              and node.name.startswith("test")):
            named = set(RULE_ID.findall(ast.get_docstring(node) or ""))
            yield f"{where}:{node.lineno}", node.name, named | inherited | marker_rule_ids(node)


@pytest.mark.parametrize(("name", "ids"), [
    ("test_postponement_never_more_than_six_months_r_z4", ["R-Z4"]),
    ("test_r0_4_every_project_model_has_history", ["R-0.4"]),
    ("test_r_0_3_a_postponement_decision_needs_a_motivation", ["R-0.3"]),
    ("test_the_advice_rests_on_the_definitive_report_R_0_3", ["R-0.3"]),
    ("test_a_resolved_finding_is_closed_at_the_next_audit_R_F2_R_F3_R_F5",
     ["R-F2", "R-F3", "R-F5"]),
    ("test_r_s1_r_s2_suspending_after_the_hearing", ["R-S1", "R-S2"]),
    ("test_r_k2_24_hours_are_24_hours_across_the_dst_change", ["R-K2"]),
    ("test_scope_extension_is_saved_and_raises_an_r_t2_signal_r_m5", ["R-T2", "R-M5"]),
    ("test_r_s6_lifting_needs_a_positive_re_audit", ["R-S6"]),
    ("test_r_z7_pdf_is_one_a4_page", ["R-Z7"]),
    ("test_every_url_for_every_role", []),
])
def test_rule_tokens_in_test_names_map_to_hyphenated_ids(name, ids):
    assert rule_ids_in_name(name) == ids


def test_every_test_named_after_a_rule_names_it_with_the_hyphen():
    """A test called ``..._r_z4`` says ``R-Z4`` in its docstring (or ``@pytest.mark.rule``)."""
    missing = [
        f"{where} {name}: {', '.join(absent)}"
        for where, name, named in collected_tests()
        if (absent := [rule_id for rule_id in rule_ids_in_name(name) if rule_id not in named])
    ]
    assert not missing, (
        "These tests carry a rule in their name but not its hyphenated id in their docstring "
        '(start it with e.g. """R-Z4: ...""") so grep cannot find them:\n' + "\n".join(missing))


def spec_rule_ids() -> set[str]:
    ids = set(SPEC_DEFINITION.findall(SPEC_FILE.read_text(encoding="utf-8")))
    assert ids, f"no rule definitions (**R-…**) found in {SPEC_FILE}"
    return ids


@needs_spec
def test_every_rule_of_the_catalogue_is_named_by_a_test():
    named = set().union(*(ids for _where, _name, ids in collected_tests()))
    unnamed = sorted(spec_rule_ids() - named)
    assert not unnamed, (
        f"No test docstring names these rules of {SPEC_FILE} (with the hyphen): "
        + ", ".join(unnamed))


@needs_spec
def test_tests_name_only_rules_the_catalogue_defines():
    known = spec_rule_ids()
    unknown = [
        f"{where} {name}: {', '.join(sorted(strays))}"
        for where, name, ids in collected_tests()
        if (strays := (ids | set(rule_ids_in_name(name))) - known)
    ]
    assert not unknown, f"These tests name rules that {SPEC_FILE} does not define:\n" + "\n".join(
        unknown)
