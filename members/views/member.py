"""The member portal (``/portaal/``): the member contact's own organisation only (SPEC §1,
R-A1). Core data (R-M6) and scope (R-M5); and, without an account, the application (R-M1
step 1) with the contact's invitation to set a password. The home page and the documents
against the appendix-3 checklist read other apps too and live in ``overview.views.member``.

The other parts of the portal live with the app that owns them: audits (zelfscan R-U3,
evaluation R-N3), findings (plans of approach R-F3), certificates (postponement R-Z4),
suspensions (appeals R-S3) and complaints (R-C2)."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.account_views import invitation_accept
from core.exceptions import RuleViolation
from core.forms import posted
from core.models import Role
from core.portal import rule_message, run_service
from core.rate_limit import Limit, client_address, rate_limit_take

from ..forms import ApplicationForm, ContactInviteForm, CoreDataForm, ResignationForm
from ..models import Contact, CoreData, ScopeItem
from ..portal import member_object_or_404, member_portal_view
from ..services import (
    contact_add,
    contact_invite,
    core_data_update,
    member_apply_with_account,
    member_resign,
    resignation_blockers,
)

# --- core data and scope ----------------------------------------------------------------------


@member_portal_view
def core_data(request):
    """R-M6: the member keeps its kerngegevens up to date; each audit takes a copy of them."""
    member = request.member
    current = CoreData.objects.filter(member=member, audit__isnull=True).first()
    initial = ({field: getattr(current, field) for field in CoreData.SNAPSHOT_FIELDS}
               if current else {"name": member.name, "website": member.website})
    form = CoreDataForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, core_data_update, member=member, data=form.cleaned_data,
                success=_("De kerngegevens zijn opgeslagen."))
            if violation is None:
                return redirect("member:core_data")
        status = 400
    return render(request, "members/member/core_data.html", {
        "member": member, "form": form, "current": current, "section": "core_data",
    }, status=status)


@member_portal_view
def scope(request):
    """R-M5: the member's scope — the forms of financial assistance of appendix 1 its
    certificate covers. The bureau determines it; an extension may lead to an interim audit
    (R-T2)."""
    member = request.member
    chosen = set(member.scope.values_list("pk", flat=True))
    items = [(item, item.pk in chosen) for item in ScopeItem.objects.order_by("number")]
    return render(request, "members/member/scope.html", {
        "member": member, "items": items, "count": len(chosen), "section": "scope",
    })


# --- contact persons and their invitations (issue #8) ----------------------------------------


@member_portal_view
def contacts(request):
    """The organisation's contact persons and whether they can log in. The main contact adds a
    contact and invites it (a link to set a password), or invites an existing one again."""
    member = request.member
    is_main = member.contacts.filter(user=request.user, is_primary=True).exists()
    form = ContactInviteForm(posted(request))
    status = 200
    if request.method == "POST" and is_main:
        contact_pk = request.POST.get("contact")
        if contact_pk:
            contact = member_object_or_404(Contact.objects.all(), request, pk=contact_pk)
            run_service(request, contact_invite, contact=contact,
                        success=_("De uitnodiging voor %(name)s is verwerkt.")
                        % {"name": contact.name})
            return redirect("member:contacts")
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    contact = contact_add(member=member, name=data["name"],
                                          email=data["email"], function=data["function"],
                                          actor=request.user)
                    contact_invite(contact=contact, actor=request.user)
            except RuleViolation as violation:
                messages.error(request, rule_message(violation))
            else:
                messages.success(request, _("%(name)s is toegevoegd en uitgenodigd.")
                                 % {"name": contact.name})
                return redirect("member:contacts")
        status = 400
    elif request.method == "POST":
        messages.error(request, _("Alleen de eerste contactpersoon nodigt contactpersonen uit."))
        status = 403
    return render(request, "members/member/contacts.html", {
        "member": member, "contacts": member.contacts.select_related("user"),
        "is_main": is_main, "form": form, "section": "contacts",
    }, status=status)


# --- R-M2 resignation ---------------------------------------------------------------------------



@member_portal_view
def resign(request):
    """R-M2: the member's contact ends the membership, with its reason and a confirmation.
    Open audits are cancelled; the contacts get a confirmation by e-mail. A suspended member
    (R-S6: it keeps its obligations) or a former member is told why it cannot."""
    member = request.member
    form = ResignationForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, member_resign, member=member, reason=form.cleaned_data["reason"],
                success=_("Het lidmaatschap van %(member)s is opgezegd. U ontvangt een "
                          "bevestiging per e-mail.") % {"member": member})
            if violation is None:
                return redirect("member:home")
        status = 400
    return render(request, "members/member/resign.html", {
        "member": member, "form": form, "section": "resign",
        # what refuses the resignation now, from the check the service refuses with.
        "blockers": resignation_blockers(member),
    }, status=status)


# --- applying without an account (R-M1 step 1) ------------------------------------------------


def apply(request):
    """R-M1 step 1: an organisation applies without an account. The application creates the
    contact's login, which the contact activates through the e-mailed invitation link."""
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            refusal = _application_rate_limit(request)
            if refusal is not None:
                response = render(request, "members/member/apply.html",
                                  {"form": form, "rate_limited": True,
                                   "retry_minutes": -(-refusal.retry_after // 60)},
                                  status=429)
                response["Retry-After"] = str(refusal.retry_after)
                return response
            data = form.cleaned_data
            try:
                member_apply_with_account(
                    name=data["name"], city=data["city"], website=data["website"],
                    contact_name=data["contact_name"], contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"], motivation=data["motivation"],
                    scope_numbers=[item.number for item in data["scope"]],
                    conditions_accepted=data["conditions"],
                )
            except RuleViolation as violation:
                messages.error(request, rule_message(violation, request=request))
            else:
                return redirect("member:apply_done")
        status = 400
    return render(request, "members/member/apply.html", {"form": form}, status=status)


def _application_rate_limit(request):
    """Issue #8: a few applications per client address and a few more in all per window, so
    that a script cannot create members, logins and e-mails to any address it types. A refusal
    stores nothing (HTTP 429); an invalid form does not count."""
    return rate_limit_take(
        scope="apply",
        limits=[Limit(f"address:{client_address(request)}", settings.APPLY_RATE_LIMIT_PER_ADDRESS),
                Limit("all", settings.APPLY_RATE_LIMIT_GLOBAL)],
        window=settings.APPLY_RATE_LIMIT_WINDOW_MINUTES * 60,
    )


def apply_done(request):
    """R-M1 step 1: the application is in; what happens next."""
    return render(request, "members/member/apply_done.html")


# --- the invitation: the contact sets a password -----------------------------------------------


def invitation(request, uidb64, token):
    """The link from the application e-mail or a later invitation: the new contact sets a
    password and is logged in to the member portal. The link works once, only the latest one
    works, and it expires after ``PASSWORD_RESET_TIMEOUT`` (``core.accounts``). Only member
    contacts are invited here: the link is no password reset for staff."""
    return invitation_accept(request, uidb64, token, url_name="member:invitation",
                             role=Role.MEMBER_CONTACT, done="member:home",
                             template="members/member/invitation.html")
