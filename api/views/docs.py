"""The public API's documentation page (issue #12): the endpoints, their filters and an
example, in the site's own layout; the OpenAPI 3 schema (drf-spectacular) for machines and
Django REST framework's browsable pages for trying each endpoint in a browser."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..records import FIELDS, status_choices


@require_GET
def api_docs(request):
    return render(request, "api/docs.html", {"fields": FIELDS, "statuses": status_choices()})
