"""Lists as files (issue #11): every bureau and director list downloads as CSV or XLSX with the
page's current filters, all rows rather than one page, Dutch headers, in constant memory.

CSV is streamed row by row (``StreamingHttpResponse``), UTF-8 with a byte-order mark and ``;``
between fields, as Excel in a Dutch locale opens it; XLSX is written by openpyxl's write-only
workbook to a temporary file, so neither holds the list in memory. Dates are real dates (ISO
in CSV, date cells in XLSX). A text that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or CR) is prefixed with ``'`` (CSV/formula injection).

A list view offers the download with ``{% include "forms/export_links.html" %}`` and answers
it with :func:`export_or_none` before rendering the page."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse

from .dates import local_date
from .dates import today as amsterdam_today

#: ``?export=csv`` or ``?export=xlsx`` on a list page.
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 1000


@dataclass(frozen=True)
class Column:
    """One column of an export: its (Dutch, translatable) header and how to read a row."""

    header: str
    value: Callable


def cell(value):
    """A value as a spreadsheet cell: dates stay dates, numbers numbers, choices their label,
    text safe from being run as a formula."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return local_date(value) if value.tzinfo else value.date()
    if isinstance(value, (dt.date, int, float, Decimal, bool)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _rows(rows: Iterable) -> Iterator:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK)
    return iter(rows)


class _Echo:
    """A file-like object whose ``write`` returns what it is given (for streaming CSV)."""

    def write(self, value):
        return value


def _csv_lines(rows, columns) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([str(column.header) for column in columns])
    for row in _rows(rows):
        values = []
        for column in columns:
            value = cell(column.value(row))
            values.append(value.isoformat() if isinstance(value, dt.date) else value)
        yield writer.writerow(values)


def _xlsx_file(rows, columns, title: str):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Keurmerk")
    bold = Font(bold=True)
    header = []
    for column in columns:
        item = WriteOnlyCell(sheet, value=str(column.header))
        item.font = bold
        header.append(item)
    sheet.append(header)
    for row in _rows(rows):
        values = []
        for column in columns:
            value = cell(column.value(row))
            if isinstance(value, dt.date):
                item = WriteOnlyCell(sheet, value=value)
                item.number_format = "d-m-yyyy"
                value = item
            values.append(value)
        sheet.append(values)
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return spool


def export_response(*, rows: Iterable, columns: list[Column], name: str, fmt: str):
    """``rows`` as ``name-<today>.csv`` or ``.xlsx`` (``fmt``) with ``columns``."""
    filename = f"{name}-{amsterdam_today().isoformat()}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(_xlsx_file(rows, columns, name), as_attachment=True,
                            filename=filename, content_type=XLSX_TYPE)
    response = StreamingHttpResponse(_csv_lines(rows, columns),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_or_none(request, *, rows, columns: list[Column], name: str):
    """The download the list page ``request`` asks for (``?export=csv|xlsx``), else ``None``
    (render the page)."""
    fmt = request.GET.get("export", "")
    if fmt not in FORMATS:
        return None
    return export_response(rows=rows, columns=columns, name=name, fmt=fmt)
