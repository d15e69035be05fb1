"""Loading the reference data of ``core/reference_data.py`` (R-U3, R-M5, R-U2).

Used by the data migrations (``members.0002``, ``audits.0004``) with the historical app
registry, and by the test database set-up, which builds tables without running migrations
(``tests/conftest.py``) for speed. Idempotent: rows are matched on their numbers."""

from .reference_data import (
    DEVELOPMENT_LEVELS,
    DOCUMENT_CHECKLIST,
    DOCUMENT_CHECKLIST_GROUPS,
    INTERVIEWEE_FUNCTIONS,
    LEVEL_DESCRIPTIONS,
    NORMS,
    PERFORMANCE_AREAS,
    SCOPE_ITEMS,
)


def load_scope_items(apps):
    ScopeItem = apps.get_model("members", "ScopeItem")
    for number, title in SCOPE_ITEMS:
        ScopeItem.objects.update_or_create(number=number, defaults={"title": title})


def load_quality_framework(apps):
    PerformanceArea = apps.get_model("audits", "PerformanceArea")
    Norm = apps.get_model("audits", "Norm")
    DevelopmentLevel = apps.get_model("audits", "DevelopmentLevel")
    LevelDescription = apps.get_model("audits", "LevelDescription")
    DocumentRequirement = apps.get_model("audits", "DocumentRequirement")
    IntervieweeFunction = apps.get_model("audits", "IntervieweeFunction")

    areas = {}
    for number, title in PERFORMANCE_AREAS:
        areas[number], _ = PerformanceArea.objects.update_or_create(
            number=number, defaults={"title": title})
    for code, title in NORMS:
        area_number, position = (int(part) for part in code.split("."))
        Norm.objects.update_or_create(
            code=code, defaults={"area": areas[area_number], "position": position,
                                 "title": title})
    levels = {}
    for code, name in DEVELOPMENT_LEVELS:
        levels[code], _ = DevelopmentLevel.objects.update_or_create(
            code=code, defaults={"name": name})
    for area_number, level_code, text in LEVEL_DESCRIPTIONS:
        LevelDescription.objects.update_or_create(
            area=areas[area_number], level=levels[level_code], defaults={"text": text})
    group_titles = dict(DOCUMENT_CHECKLIST_GROUPS)
    for number, group, title in DOCUMENT_CHECKLIST:
        DocumentRequirement.objects.update_or_create(
            number=number, defaults={"group": group_titles.get(group, group), "title": title})
    for number, title in INTERVIEWEE_FUNCTIONS:
        IntervieweeFunction.objects.update_or_create(number=number, defaults={"title": title})


def load_reference_data(apps):
    load_scope_items(apps)
    load_quality_framework(apps)
