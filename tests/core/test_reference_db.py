"""The reference data as loaded into the database by the data migrations
(``audits/0004_reference_data``, ``members/0002_scope_items``): counts and every row equal to
``core/reference_data.py`` (R-U3, R-U4, R-M5, R-U2). ``test_reference_data.py`` checks that
module against the seed texts; together they tie the database to the seeds."""

import pytest

from audits.models import (
    DevelopmentLevel,
    DocumentRequirement,
    IntervieweeFunction,
    LevelDescription,
    Norm,
    PerformanceArea,
)
from core import reference_data as rd
from members.models import ScopeItem

pytestmark = pytest.mark.django_db


def test_r_u3_seven_performance_areas():
    """R-U3: the seven prestatiegebieden, numbered 1–7, with the guideline's names."""
    assert PerformanceArea.objects.count() == 7
    assert list(PerformanceArea.objects.values_list("number", "title")) == rd.PERFORMANCE_AREAS


def test_r_u3_fifty_norms_with_exact_titles_in_order():
    """R-U3: 50 norms 1.1–7.6, ordered by area and position, titles exactly as in 001."""
    assert Norm.objects.count() == 50
    norms = list(Norm.objects.select_related("area"))
    assert [(norm.code, norm.title) for norm in norms] == rd.NORMS
    for norm in norms:
        area, position = (int(part) for part in norm.code.split("."))
        assert (norm.area.number, norm.position) == (area, position), norm.code
    # Ordered numerically: 1.9 before 1.10.
    codes = [norm.code for norm in norms]
    assert codes == sorted(codes, key=lambda code: tuple(int(p) for p in code.split(".")))
    assert codes[0] == "1.1"
    assert codes[-1] == "7.6"


def test_r_u3_norms_per_area():
    """R-U3: each area's norms are those of ``reference_data`` with that area number."""
    for number, _title in rd.PERFORMANCE_AREAS:
        expected = [code for code, _ in rd.NORMS if code.split(".")[0] == str(number)]
        assert list(Norm.objects.filter(area__number=number).values_list("code", flat=True)) \
            == expected


def test_r_u4_four_development_levels():
    """R-U3/R-U4: levels A–D with their names."""
    assert DevelopmentLevel.objects.count() == 4
    assert list(DevelopmentLevel.objects.values_list("code", "name")) == rd.DEVELOPMENT_LEVELS


def test_r_u3_twenty_eight_level_texts():
    """R-U3: one description per area and level (7 × 4 = 28), text exactly as in 001."""
    assert LevelDescription.objects.count() == 28
    rows = list(LevelDescription.objects.values_list("area__number", "level__code", "text"))
    assert rows == rd.LEVEL_DESCRIPTIONS


def test_r_m5_twenty_two_scope_items():
    """R-M5: the 22 scope items of appendix 1, exact titles."""
    assert ScopeItem.objects.count() == 22
    assert list(ScopeItem.objects.values_list("number", "title")) == rd.SCOPE_ITEMS


def test_r_u2_twenty_seven_document_requirements():
    """R-U2: appendix 3, 27 documents in two groups (the group stored by its Dutch title)."""
    assert DocumentRequirement.objects.count() == 27
    groups = dict(rd.DOCUMENT_CHECKLIST_GROUPS)
    expected = [(number, groups[group], title) for number, group, title in rd.DOCUMENT_CHECKLIST]
    assert list(DocumentRequirement.objects.values_list("number", "group", "title")) == expected
    assert DocumentRequirement.objects.filter(group=groups["preparation"]).count() == 20
    assert DocumentRequirement.objects.filter(group=groups["on_site"]).count() == 7


def test_r_u2_thirteen_interviewee_functions():
    """R-U2: appendix 4, 13 functions, exact titles."""
    assert IntervieweeFunction.objects.count() == 13
    assert list(IntervieweeFunction.objects.values_list("number", "title")) \
        == rd.INTERVIEWEE_FUNCTIONS
