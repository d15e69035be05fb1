"""Reference data: the quality framework (7 areas, 50 norms, levels A–D with 28 descriptions,
R-U3) and the guideline's appendices 3 (documents) and 4 (interviewees) (R-U2)."""

from django.db import migrations

from core.reference_data import (
    DEVELOPMENT_LEVELS,
    DOCUMENT_CHECKLIST,
    DOCUMENT_CHECKLIST_GROUPS,
    INTERVIEWEE_FUNCTIONS,
    LEVEL_DESCRIPTIONS,
    NORMS,
    PERFORMANCE_AREAS,
)


def load(apps, schema_editor):
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


class Migration(migrations.Migration):
    dependencies = [("audits", "0003_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
