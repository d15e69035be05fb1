from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import Role


@login_required
def home(request):
    """The home page per role. The portals (#4) replace the role cards with real work."""
    roles = [label for value, label in Role.choices if request.user.has_role(value)]
    return render(request, "core/home.html", {"roles": roles})
