from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import PORTAL_ROLES
from .models import Role

#: Portal home pages in the order a user holding several roles sees them.
PORTALS = [
    ("director", "director:home", _("Directeur")),
    ("bureau", "bureau:home", _("Verenigingsbureau")),
    ("board", "board:home", _("Bestuur")),
    ("quality_team", "quality_team:home", _("Kernteam Kwaliteit")),
    ("auditor", "auditor:home", _("Auditor")),
    ("member", "member:home", _("Mijn organisatie")),
]


def portals_for(user):
    """The portals ``user`` may enter, with their home URLs."""
    return [(key, reverse(url), label) for key, url, label in PORTALS
            if user.has_role(*PORTAL_ROLES[key])]


def own_portals(user):
    """The portals whose first role the user holds (the director may look into the bureau's
    and the board's portals, but the director's own is the desk)."""
    return [(key, reverse(url), label) for key, url, label in PORTALS
            if user.has_role(PORTAL_ROLES[key][0])]


@login_required
def home(request):
    """Send a user with one role straight to its portal; show a choice when there are
    several."""
    portals = portals_for(request.user)
    own = own_portals(request.user)
    if len(own) == 1:
        return redirect(own[0][1])
    roles = [label for value, label in Role.choices if request.user.has_role(value)]
    return render(request, "core/home.html", {"roles": roles, "portals": portals})
