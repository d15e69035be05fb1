"""The sheets and columns of an import file: the Dutch headers of the downloadable template,
the sheet order in which rows are checked and written (what a row refers to comes first)."""

import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Dutch header of the template (also the sheet's column label in errors)
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str  # the Dutch sheet name of the template
    label: object  # translatable label for pages
    columns: tuple[Column, ...] = field(default_factory=tuple)
    aliases: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


BODIES = Sheet("bodies", "Certificerende instellingen", _("Certificerende instellingen"), (
    Column("name", "Naam", True, ("naam ci", "instelling", "name"), "Keurcert B.V."),
    Column("city", "Plaats", False, ("city",), "Utrecht"),
    Column("website", "Website", False, ("url", "site"), "https://keurcert.example"),
    Column("recognised", "Erkend", False, ("erkend door nvvk", "recognised"), "ja"),
    Column("accredited", "Geaccrediteerd", False, ("geaccrediteerd door de rva", "accredited"),
           "ja"),
    Column("accreditation_reference", "Accreditatienummer", False, ("rva-nummer",), "C 123"),
), ("ci", "instellingen", "bodies"))

AUDITORS = Sheet("auditors", "Auditoren", _("Auditoren"), (
    Column("body", "Certificerende instelling", True, ("ci", "instelling", "body"),
           "Keurcert B.V."),
    Column("name", "Naam", True, ("naam auditor", "name"), "Anna Auditor"),
    Column("email", "E-mail", True, ("e-mailadres", "email", "mail"), "anna@keurcert.example"),
    Column("confidentiality_signed_on", "Geheimhouding getekend op", False,
           ("geheimhoudingsverklaring", "geheimhoudingsverklaring getekend op"), "01-02-2026"),
    Column("active", "Actief", False, ("active",), "ja"),
), ("auditors",))

MEMBERS = Sheet("members", "Leden", _("Leden"), (
    Column("member_number", "Lidnummer", True, ("lid nr", "lidnr", "nummer", "member number"),
           "L00001"),
    Column("name", "Naam", True, ("naam organisatie", "organisatie", "name"),
           "Schuldhulp Voorbeeldstad"),
    Column("city", "Plaats", True, ("vestigingsplaats", "city"), "Voorbeeldstad"),
    Column("website", "Website", False, ("url", "site"), "https://voorbeeldstad.example"),
    Column("scope", "Scope (bijlage 1)", False, ("scope", "scope-onderdelen", "bijlage 1"),
           "1, 2, 5"),
    Column("state", "Status", False, ("state",), "Lid"),
    Column("member_since", "Lid sinds", False, ("lid vanaf", "member since"), "01-01-2020"),
), ("leden", "members"))

CONTACTS = Sheet("contacts", "Contactpersonen", _("Contactpersonen"), (
    Column("member_number", "Lidnummer", True, ("lid nr", "lidnr", "member number"), "L00001"),
    Column("name", "Naam", True, ("naam contactpersoon", "name"), "Carla Contact"),
    Column("email", "E-mail", True, ("e-mailadres", "email", "mail"),
           "carla@voorbeeldstad.example"),
    Column("phone", "Telefoon", False, ("telefoonnummer", "phone"), "030 123 4567"),
    Column("function", "Functie", False, ("function", "rol"), "Teamleider"),
    Column("is_primary", "Eerste contactpersoon", False, ("primair", "primary"), "ja"),
), ("contacten", "contacts"))

AUDITS = Sheet("audits", "Audits", _("Audits"), (
    Column("member_number", "Lidnummer", True, ("lid nr", "lidnr", "member number"), "L00001"),
    Column("kind", "Soort", True, ("soort audit", "kind"), "Hercertificeringsaudit"),
    Column("body", "Certificerende instelling", True, ("ci", "instelling", "body"),
           "Keurcert B.V."),
    Column("audit_date", "Auditdatum", True, ("datum", "audit op locatie van", "date"),
           "15-10-2025"),
    Column("definitive_on", "Rapport definitief op", False, ("definitief op",), "20-11-2025"),
), ("past audits",))

CERTIFICATES = Sheet("certificates", "Certificaten", _("Certificaten"), (
    Column("number", "Certificaatnummer", True, ("nummer", "certificaat", "number"),
           "NVVK-2025-0001"),
    Column("member_number", "Lidnummer", True, ("lid nr", "lidnr", "member number"), "L00001"),
    Column("valid_from", "Geldig vanaf", True, ("van", "vanaf", "from"), "01-01-2026"),
    Column("valid_until", "Geldig tot en met", True, ("tot en met", "geldig tot", "until"),
           "31-12-2028"),
    Column("body", "Certificerende instelling", True, ("ci", "instelling", "body"),
           "Keurcert B.V."),
    Column("decided_on", "Besluit op", False, ("besluitdatum",), "15-12-2025"),
    Column("audit_date", "Auditdatum", False, ("datum audit",), "15-10-2025"),
    Column("four_years_swn", "Vier jaar (SWN)", False, ("swn", "vier jaar"), "nee"),
), ("certificates",))

#: The order in which sheets are checked and written: what a row refers to comes first.
SHEETS: tuple[Sheet, ...] = (BODIES, AUDITORS, MEMBERS, CONTACTS, AUDITS, CERTIFICATES)
SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}


def normalise(text) -> str:
    """A header or sheet name as compared: lower case, without punctuation or spaces."""
    return re.sub(r"[^0-9a-zà-ÿ]+", "", str(text or "").strip().lower())


def sheet_for_title(title: str) -> Sheet | None:
    wanted = normalise(title)
    for sheet in SHEETS:
        if wanted in {normalise(sheet.title), normalise(sheet.key),
                      *(normalise(a) for a in sheet.aliases)}:
            return sheet
    return None


def auto_mapping(sheet: Sheet, headers: list[str]) -> dict[str, str]:
    """``{column key: file header}`` for the columns whose header (or a known alias) the file
    uses; the mapping step asks for the rest."""
    by_name = {normalise(h): h for h in headers if h}
    mapping = {}
    for column in sheet.columns:
        for name in (column.header, column.key, *column.aliases):
            header = by_name.get(normalise(name))
            if header is not None:
                mapping[column.key] = header
                break
    return mapping


def sheet_for_headers(headers: list[str]) -> Sheet:
    """The sheet a CSV file (one sheet only) holds: the one most of whose columns it has."""
    return max(SHEETS, key=lambda sheet: (
        len(auto_mapping(sheet, headers))
        + all(c.key in auto_mapping(sheet, headers) for c in sheet.columns if c.required)))


def template_workbook() -> bytes:
    """The downloadable template: one sheet per kind, Dutch headers, one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.title)
        ws.append([c.header + (" *" if c.required else "") for c in sheet.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.append([c.example for c in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[ws.cell(1, index).column_letter].width = max(
                14, len(column.header) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
