"""The Bestuur's pages (``/bestuur/``): pending appeals with the three-month deadline (R-S4) and
the ruling, decided appeals, the publication choice for suspensions (R-S7), and — read-only —
the long postponements (R-Z4) and the new members (R-M1) the Bestuur is informed of.

The directeur may open these pages too (SPEC §1: he sees everything); only the Bestuur rules on
an appeal, and the service refuses anyone else with R-S4.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certificates.selectors import postponements_board_informed
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.forms import posted
from core.models import FlagAudience
from core.pagination import paginate
from core.portal import run_service
from core.selectors import flags_open_for
from members.selectors import new_members_for_board

from ..forms import RulingForm
from ..models import Appeal, AppealState
from ..selectors import (
    appealed_decision,
    appeals_decided,
    appeals_pending,
    suspensions_in_force,
)
from ..services import appeal_rule, appeal_ruling_blockers
from .director import publication_page


@require_GET
@portal_view("board")
def home(request):
    """R-S4: the pending appeals, nearest deadline first, with the days left; the Bestuur's
    open signals."""
    today = dates.today()
    appeals = []
    for appeal in appeals_pending():
        days_left = (appeal.board_deadline - today).days
        appeals.append({"appeal": appeal, "days_left": days_left, "days_late": -days_left})
    return render(request, "suspensions/board/home.html", {
        "appeals": appeals,
        "flags": flags_open_for(audience=FlagAudience.BOARD),
        "today": today,
    })


@require_http_methods(["GET", "POST"])
@portal_view("board")
def appeal_detail(request, pk):
    """R-S3/R-S4: the appeal with the suspension, the decision appealed, the member's
    motivation and the hearing record; the ruling form while it is pending."""
    appeal = get_for_user_or_404(
        Appeal.objects.select_related("suspension__member", "suspension__hearing", "filed_by"),
        request, pk=pk)
    form = RulingForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            uphold = form.cleaned_data["verdict"] == RulingForm.UPHOLD
            _result, violation = run_service(
                request, appeal_rule, appeal=appeal, uphold=uphold,
                ruling=form.cleaned_data["ruling"],
                success=(_("Het beroep is gegrond verklaard.") if uphold
                         else _("Het beroep is ongegrond verklaard.")))
            if violation is None:
                return redirect("board:home")
        else:
            status = 400
    today = dates.today()
    suspension = appeal.suspension
    return render(request, "suspensions/board/appeal.html", {
        "appeal": appeal,
        "suspension": suspension,
        "member": suspension.member,
        "hearing": suspension.hearing,
        "decision": appealed_decision(appeal=appeal),
        "days_left": (appeal.board_deadline - today).days,
        "pending": appeal.state == AppealState.PENDING,
        # what refuses the ruling now, from the check the service refuses with.
        "blockers": appeal_ruling_blockers(appeal, actor=request.user),
        "form": form,
        "today": today,
    }, status=status)


@require_GET
@portal_view("board")
def appeals_decided_list(request):
    """R-S4: the appeals the Bestuur ruled on."""
    return render(request, "suspensions/board/appeals_decided.html", {
        "page": paginate(request, appeals_decided()),
    })


@require_GET
@portal_view("board")
def suspension_list(request):
    """R-S7: suspensions in force with their publication choice."""
    return render(request, "suspensions/board/suspensions.html", {
        "page": paginate(request, suspensions_in_force()),
    })


@require_http_methods(["GET", "POST"])
@portal_view("board")
def suspension_publication(request, pk):
    """R-S7: the Bestuur's publication choice (the directeur may decide it as well)."""
    return publication_page(request, pk, portal="board")


@require_GET
@portal_view("board")
def postponements(request):
    """R-Z4: postponements of more than three months granted by the directeur, read-only."""
    return render(request, "suspensions/board/postponements.html", {
        "page": paginate(request, postponements_board_informed()),
    })


@require_GET
@portal_view("board")
def new_members(request):
    """R-M1 step 3: the new members the directeur admitted, read-only."""
    return render(request, "suspensions/board/new_members.html", {
        "page": paginate(request, new_members_for_board()),
    })
