"""The one public record of a register line (issue #12, R-N2, R-A2): the fields of the open-data
files and of the API's members, named as registry users know them from IAF CertSearch
(``certification_number``, ``certification_status``, ``certification_scope``,
``certified_entity_name`` …). Public fields only — never a contact person's name, e-mail or
phone. The schema is versioned (:data:`SCHEMA_VERSION`): a field is added, never renamed or
removed, within a version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy

SCHEMA_VERSION = 1

#: The register statuses (``certification_status``), as on the register page.
STATUSES = (
    ("valid", gettext_lazy("Geldig certificaat")),
    ("postponed", gettext_lazy("Geen geldig certificaat; de audit is uitgesteld")),
    ("expired", gettext_lazy("Certificaat verlopen")),
    ("withdrawn", gettext_lazy("Certificaat ingetrokken")),
    ("none", gettext_lazy("Nog geen certificaat")),
    ("suspended", gettext_lazy("Lidmaatschap geschorst (gepubliceerde schorsing)")),
)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str


#: The schema of one record, in the order of the CSV columns.
FIELDS = (
    Field("register_id", "integer",
          gettext_lazy("Vast nummer van het lid in het register (ook in de adressen van de "
                       "registerpagina en de API).")),
    Field("certified_entity_name", "string", gettext_lazy("Naam van de organisatie.")),
    Field("certified_entity_city", "string", gettext_lazy("Plaats van vestiging.")),
    Field("certified_entity_website", "string", gettext_lazy("Website; leeg als onbekend.")),
    Field("certification_scope", "list",
          gettext_lazy("De vormen van dienstverlening (scope, bijlage 1 van de richtlijn). "
                       "JSON: een lijst van {number, title}; CSV: \"nummer. titel\" "
                       "gescheiden door \" | \".")),
    Field("certification_scope_numbers", "string",
          gettext_lazy("De nummers van de scope-onderdelen, gescheiden door \";\" (alleen "
                       "CSV).")),
    Field("certification_number", "string",
          gettext_lazy("Nummer van het certificaat dat het register toont (het geldige, "
                       "anders het laatst ingegane); leeg zonder certificaat.")),
    Field("certification_valid_from", "date",
          gettext_lazy("Begin van de geldigheid (JJJJ-MM-DD).")),
    Field("certification_valid_until", "date",
          gettext_lazy("Einde van de geldigheid, inclusief (JJJJ-MM-DD).")),
    Field("certification_body_id", "integer", gettext_lazy("Nummer van de certificerende "
                                                           "instelling in de API.")),
    Field("certification_body_name", "string",
          gettext_lazy("Naam van de certificerende instelling van dat certificaat.")),
    Field("certification_status", "enum",
          gettext_lazy("De status in het register: valid, postponed, expired, withdrawn, "
                       "none of suspended (zie hieronder).")),
    Field("certification_status_label", "string",
          gettext_lazy("De status van het certificaat in woorden, zoals op de registerpagina "
                       "(in de taal van het verzoek).")),
    Field("certification_status_date", "date",
          gettext_lazy("De datum bij de status: geldig tot, uitgesteld tot, ingetrokken op of "
                       "verlopen op (JJJJ-MM-DD); leeg zonder certificaat.")),
    Field("membership_suspended", "boolean",
          gettext_lazy("Waar als een gepubliceerde schorsing van het lidmaatschap van kracht "
                       "is.")),
    Field("register_url", "string", gettext_lazy("Adres van het lid in het online register.")),
)

CSV_COLUMNS = tuple(f.name for f in FIELDS)
JSON_FIELDS = tuple(f.name for f in FIELDS if f.name != "certification_scope_numbers")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def register_record(entry, *, request) -> dict:
    """The public record of one :class:`members.register.RegisterEntry` (JSON shape: dates as
    ISO strings, the scope as a list)."""
    member = entry.member
    certificate = entry.certificate
    body = entry.body
    return {
        "register_id": member.pk,
        "certified_entity_name": member.name,
        "certified_entity_city": member.city,
        "certified_entity_website": member.website or "",
        "certification_scope": [{"number": item.number, "title": item.title}
                                for item in entry.scope],
        "certification_number": certificate.number if certificate else None,
        "certification_valid_from": _iso(certificate.valid_from) if certificate else None,
        "certification_valid_until": _iso(certificate.valid_until) if certificate else None,
        "certification_body_id": body.pk if body else None,
        "certification_body_name": body.name if body else None,
        "certification_status": entry.status_code,
        "certification_status_label": entry.status.label,
        "certification_status_date": _iso(entry.status.until),
        "membership_suspended": entry.suspended,
        "register_url": request.build_absolute_uri(
            reverse("public:member_detail", kwargs={"pk": member.pk})),
    }


def csv_row(record: dict) -> list:
    """A record as a CSV row in :data:`CSV_COLUMNS` order (empty cells for nothing)."""
    row = dict(record)
    scope = record["certification_scope"]
    row["certification_scope"] = " | ".join(f"{i['number']}. {i['title']}" for i in scope)
    row["certification_scope_numbers"] = ";".join(str(i["number"]) for i in scope)
    row["membership_suspended"] = "true" if record["membership_suspended"] else "false"
    return ["" if row[name] is None else row[name] for name in CSV_COLUMNS]


def status_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in STATUSES]
