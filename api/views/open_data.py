"""The public register as open data (issue #12, R-N2, R-A2): CSV and JSON downloads with the
same members, fields and statuses as the register page — its filters (``q``, ``scope``,
``ci``, ``sort``) applied the same way, an invalid value ignored — and the page that documents
their schema, linked from the register. Anonymous; public fields only, never a contact
person's data. Rate-limited per client address like the API; CORS open for GET; cached like
the API's lists (``API_CACHE_SECONDS``, per query, language and day)."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import dates
from core.rate_limit import Limit, client_address, rate_limit_take
from overview.filters import register_search
from overview.selectors import register_entries

from ..records import CSV_COLUMNS, FIELDS, SCHEMA_VERSION, csv_row, register_record, status_choices
from ..throttling import WINDOW
from .v1 import cached, cors, public_cache

#: The file name of the downloads, with the day they describe.
FILE_NAME = "nvvk-ledenregister-{day}.{ext}"


def _records(request):
    today = dates.today()
    _form, members = register_search(request.GET, today=today)
    return today, [register_record(entry, request=request)
                   for entry in register_entries(members, today=today)]


def _refused(request):
    refusal = rate_limit_take(
        scope="api", window=WINDOW,
        limits=[Limit(f"address:{client_address(request)}",
                      settings.API_RATE_LIMIT_PER_MINUTE)])
    if refusal is None:
        return None
    response = HttpResponse(_("Te veel verzoeken. Probeer het over een minuut opnieuw."),
                            status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(refusal.retry_after)
    return cors(response)


def _download(response, *, today, ext):
    response["Content-Disposition"] = (
        f'attachment; filename="{FILE_NAME.format(day=today.isoformat(), ext=ext)}"')
    return cors(response)


@require_GET
def open_data(request):
    """The open-data page: the downloads (with the register's current filters) and their
    schema."""
    query = request.GET.urlencode()
    return render(request, "api/open_data.html", {
        "fields": FIELDS, "statuses": status_choices(), "schema_version": SCHEMA_VERSION,
        "query": f"?{query}" if query else "",
    })


@require_GET
def register_csv(request):
    """The register as CSV: UTF-8 with a byte-order mark (so that Excel reads the accents),
    comma-separated, a header row with the field names of the schema."""
    refused = _refused(request)
    if refused:
        return refused

    def build():
        _today, records = _records(request)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_row(record) for record in records)
        return "\ufeff" + out.getvalue()

    response = HttpResponse(cached(request, "open-data-csv", build),
                            content_type="text/csv; charset=utf-8")
    return public_cache(_download(response, today=dates.today(), ext="csv"))


@require_GET
def register_json(request):
    """The register as JSON: the schema version, the day it describes and the records."""
    refused = _refused(request)
    if refused:
        return refused

    def build():
        today, records = _records(request)
        return {"schema_version": SCHEMA_VERSION, "date": today.isoformat(),
                "count": len(records), "records": records}

    response = JsonResponse(cached(request, "open-data-json", build),
                            json_dumps_params={"ensure_ascii": False})
    return public_cache(_download(response, today=dates.today(), ext="json"))
