"""Forms of the register import (issue #12)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .imports import schema


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Bestand (.xlsx of .csv)"))
    sheet = forms.ChoiceField(
        label=_("Inhoud van een CSV-bestand"), required=False,
        choices=[("", _("Herkennen aan de kolomkoppen"))]
        + [(sheet.key, sheet.label) for sheet in schema.SHEETS],
        help_text=_("Een CSV-bestand bevat één tabblad; een Excel-bestand kan ze alle zes "
                    "bevatten."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan %(mb)s MB.") % {
                "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})
        if not upload.name.lower().endswith((".xlsx", ".xlsm", ".csv", ".txt")):
            raise forms.ValidationError(_("Alleen Excel-bestanden (.xlsx) en CSV-bestanden "
                                          "(.csv) kunnen worden geïmporteerd."))
        return upload


class ImportMappingForm(forms.Form):
    """Per sheet in the file, per column of the template: which header of the file holds it."""

    def __init__(self, *args, sources, mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources
        for source in sources:
            choices = [("", _("— niet in het bestand —"))] + [(h, h) for h in source.headers]
            for column in source.sheet.columns:
                name = f"{source.sheet.key}__{column.key}"
                self.fields[name] = forms.ChoiceField(
                    label=column.header, choices=choices, required=column.required,
                    initial=mapping.get(source.sheet.key, {}).get(column.key, ""))
                self.fields[name].sheet = source.sheet

    def groups(self):
        return [(source.sheet, [self[f"{source.sheet.key}__{c.key}"]
                                for c in source.sheet.columns]) for source in self.sources]

    def mapping(self) -> dict:
        result: dict = {}
        for name, value in self.cleaned_data.items():
            sheet_key, column_key = name.split("__", 1)
            result.setdefault(sheet_key, {})[column_key] = value
        return result
