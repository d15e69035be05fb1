"""Streaming the rows of an import file: XLSX through openpyxl in read-only mode, CSV through
the csv module (UTF-8 with or without BOM, else Windows-1252). Rows are yielded one at a time,
so a file of any length is read in constant memory."""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import schema

ENCODINGS = ("utf-8-sig", "cp1252")
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}


class FileError(Exception):
    """The file as a whole cannot be read (not a workbook, no known encoding, no header)."""


@dataclass
class SheetSource:
    sheet: schema.Sheet
    title: str  # the sheet's name in the file
    headers: list[str]


def file_kind(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".txt"):
        return "csv"
    raise FileError(_("Alleen Excel-bestanden (.xlsx) en CSV-bestanden (.csv) kunnen worden "
                      "geïmporteerd."))


def detect_encoding(path: Path) -> str:
    """The first of UTF-8 and Windows-1252 that decodes the whole file (read in blocks)."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                while block := handle.read(1 << 16):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileError(_("De tekens van het CSV-bestand zijn niet te lezen: sla het op als "
                      "CSV UTF-8 (of Windows-1252)."))


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class ImportFile:
    """One uploaded file. ``sources()`` names the sheets it holds with their headers;
    ``rows(source)`` yields ``(row number, {header: value})`` for the rows below the header
    that are not empty."""

    def __init__(self, path, name: str | None = None, csv_sheet: str | None = None):
        self.path = Path(path)
        self.name = name or self.path.name
        self.kind = file_kind(self.name)
        self.csv_sheet = csv_sheet
        self.encoding = None
        if self.kind == "csv":
            self.encoding = detect_encoding(self.path)

    # -- XLSX ---------------------------------------------------------------------------
    def _workbook(self):
        from openpyxl import load_workbook

        try:
            return load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise FileError(_("Het bestand is geen geldig Excel-bestand (.xlsx).")) from error

    def sources(self) -> list[SheetSource]:
        if self.kind == "csv":
            headers = self._csv_headers()
            sheet = (schema.SHEETS_BY_KEY.get(self.csv_sheet) if self.csv_sheet
                     else schema.sheet_for_headers(headers))
            return [SheetSource(sheet, sheet.title, headers)]
        workbook = self._workbook()
        try:
            found = []
            for ws in workbook.worksheets:
                sheet = schema.sheet_for_title(ws.title)
                if sheet is None:
                    continue
                ws.reset_dimensions()
                first = next(ws.iter_rows(max_row=1, values_only=True), ())
                headers = [str(h).strip() for h in first if h is not None and str(h).strip()]
                found.append(SheetSource(sheet, ws.title, headers))
        finally:
            workbook.close()
        if not found:
            raise FileError(_("Het bestand bevat geen tabblad met een bekende naam (Leden, "
                              "Contactpersonen, Certificerende instellingen, Auditoren, "
                              "Certificaten, Audits)."))
        order = {sheet.key: i for i, sheet in enumerate(schema.SHEETS)}
        return sorted(found, key=lambda s: order[s.sheet.key])

    def rows(self, source: SheetSource) -> Iterator[tuple[int, dict]]:
        if self.kind == "csv":
            yield from self._csv_rows()
            return
        workbook = self._workbook()
        try:
            ws = workbook[source.title]
            # Read to the last row without first scanning the sheet for its size (a sheet
            # whose dimension is missing or wrong would be scanned again and again).
            ws.reset_dimensions()
            rows = ws.iter_rows(values_only=True)
            header_row = next(rows, ())
            headers = [str(h).strip() if h is not None else "" for h in header_row]
            for number, values in enumerate(rows, start=2):
                record = {h: _cell(v) for h, v in zip(headers, values, strict=False) if h}
                if any(v is not None for v in record.values()):
                    yield number, record
        finally:
            workbook.close()

    # -- CSV ----------------------------------------------------------------------------
    def _open_csv(self):
        handle = open(self.path, encoding=self.encoding, newline="")  # noqa: SIM115
        sample = handle.read(8192)
        handle.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        return handle, csv.reader(handle, dialect)

    def _csv_headers(self) -> list[str]:
        handle, reader = self._open_csv()
        with handle:
            try:
                first = next(reader, [])
            except csv.Error as error:
                raise FileError(_("Het CSV-bestand is onleesbaar.")) from error
        headers = [h.strip() for h in first if h.strip()]
        if not headers:
            raise FileError(_("Het CSV-bestand heeft geen kopregel."))
        return headers

    def _csv_rows(self):
        handle, reader = self._open_csv()
        with handle:
            try:
                headers = [h.strip() for h in next(reader, [])]
                for values in reader:
                    record = {h: _cell(v) for h, v in zip(headers, values, strict=False) if h}
                    if any(v is not None for v in record.values()):
                        yield reader.line_num, record
            except csv.Error as error:
                raise FileError(_("Het CSV-bestand is onleesbaar (regel %(line)s).")
                                % {"line": reader.line_num}) from error
