from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .models import Role


@login_required
def home(request):
    """The home page per role. The portals (#4) replace the role cards with real work."""
    roles = [label for value, label in Role.choices if request.user.has_role(value)]
    return render(request, "core/home.html", {"roles": roles})


@never_cache
def healthz(request):
    """Liveness and database check for the container health check."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "database unavailable"}, status=503)
    return HttpResponse("ok", content_type="text/plain")
