"""Account pages of Keurmerk (issue #8) beside django-allauth's own (``/account/…``): the
invitation link where an invited person sets a password, the enrolment of the second factor,
and the bureau's people page (status per person; re-invite, deactivate, reactivate, reset the
second factor; invite staff)."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.views import email as allauth_email
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import activate_totp as allauth_activate_totp
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import accounts
from .access import portal_view
from .forms import posted
from .login_throttle import login_throttle_clear
from .mfa import record_second_factor, second_factor_required
from .models import Role, UserRole
from .pagination import paginate
from .portal import run_service

INVITATION_SESSION_KEY = "_invitation_token"
# The token leaves the address bar (and so the Referer) once checked, as Django's own password
# reset does: it is kept in the session and the URL shows this word instead.
INVITATION_URL_TOKEN = "wachtwoord-instellen"


def _invited_user(uidb64, role):
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = get_user_model().objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
        return None
    if user.invited_at is None or not user.is_active:
        return None
    if role is not None and not user.has_role(role):
        return None
    return user


def invitation_accept(request, uidb64, token, *, url_name="invitation", role=None,
                      done="home", template="core/accounts/invitation.html"):
    """The invitation link: the invited person sets a password and is logged in. The link works
    once (the token is bound to the password), only the latest one works (bound to
    ``invited_at``) and it expires after ``PASSWORD_RESET_TIMEOUT``. An expired, used or forged
    link shows a page that says so and changes nothing. With ``role`` only people holding it
    are invited here (the member portal's link is no password reset for staff)."""
    user = _invited_user(uidb64, role)
    invalid = render(request, template, {"valid": False})
    if token != INVITATION_URL_TOKEN:
        if user is not None and accounts.invitation_token.check_token(user, token):
            request.session[INVITATION_SESSION_KEY] = token
            return redirect(reverse(url_name, kwargs={"uidb64": uidb64,
                                                      "token": INVITATION_URL_TOKEN}))
        return invalid
    token = request.session.get(INVITATION_SESSION_KEY, "")
    if user is None or not accounts.invitation_token.check_token(user, token):
        return invalid
    form = SetPasswordForm(user, posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            request.session.pop(INVITATION_SESSION_KEY, None)
            # The link came by e-mail: the address is confirmed (allauth's e-mail page).
            EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True})
            login_throttle_clear(email=user.email)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            record_authentication(request, user, method="password", reason="invitation")
            messages.success(request, _("Uw wachtwoord is ingesteld. Welkom bij Keurmerk."))
            if second_factor_required(user):
                messages.info(request, _("Stel nu uw tweede factor in: een authenticator-app "
                                         "op uw telefoon."))
            return redirect(done)
        status = 400
    return render(request, template, {"valid": True, "form": form, "invited": user},
                  status=status)


def invitation(request, uidb64, token):
    return invitation_accept(request, uidb64, token)


def totp_activate(request):
    """allauth's TOTP enrolment; a valid code from the new app also confirms this session's
    second factor (core.mfa), and the person then goes on to the recovery codes and back to
    the page that asked for enrolment."""
    response = allauth_activate_totp(request)
    if (request.method == "POST" and request.user.is_authenticated
            and response.status_code == 302):
        authenticator = Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP).first()
        if authenticator is not None:
            record_second_factor(request, authenticator)
    return response


def email(request):
    """allauth's e-mail page. The account's current address is its primary, confirmed one
    (it came with the invitation or from the bureau): written down before allauth reads it, so
    a new address replaces it only once that one is confirmed (``ACCOUNT_CHANGE_EMAIL``)."""
    user = request.user
    if user.is_authenticated and not EmailAddress.objects.filter(user=user).exists():
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return allauth_email(request)


@login_required
def second_factor_done(request):
    """After the recovery codes: back to the page that asked for enrolment, or home."""
    next_url = request.session.pop("core_mfa_next", "") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("home")
    return redirect(next_url)


# --- the bureau's people page ----------------------------------------------------------------


class StaffInviteForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mailadres"),
                             error_messages={"invalid": gettext_lazy("Vul een geldig "
                                                                     "e-mailadres in.")})
    role = forms.ChoiceField(label=gettext_lazy("Rol"), choices=[
        (role.value, role.label) for role in accounts.STAFF_ROLES])


def _people(request):
    users = get_user_model().objects.prefetch_related(
        Prefetch("roles", queryset=UserRole.objects.order_by("role")))
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(email__icontains=query) | users.filter(full_name__icontains=query)
    role = request.GET.get("rol", "")
    if role in Role.values:
        users = users.filter(roles__role=role)
    factor_users = set(Authenticator.objects.exclude(
        type=Authenticator.Type.RECOVERY_CODES).values_list("user_id", flat=True))
    return users.distinct().order_by("full_name", "email"), factor_users, query, role


@portal_view("bureau")
def people(request):
    """Everyone with a login: roles, status (invited / active / never logged in /
    deactivated), second factor; and the form to invite bureau staff, the director, board and
    quality-team members."""
    form = StaffInviteForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            _result, violation = run_service(
                request, accounts.staff_invite, email=data["email"],
                full_name=data["full_name"], role=data["role"],
                success=_("De uitnodiging is verstuurd naar %(email)s.") % {
                    "email": data["email"]})
            if violation is None:
                return redirect("bureau:people")
        status = 400
    users, factor_users, query, role = _people(request)
    page = paginate(request, users)
    rows = [{"user": user, "status": accounts.person_status(user),
             "roles": [r.get_role_display() for r in user.roles.all()],
             "second_factor": user.pk in factor_users,
             "needs_second_factor": second_factor_required(user)} for user in page]
    return render(request, "core/accounts/people.html", {
        "form": form, "rows": rows, "page": page, "query": query, "role": role,
        "roles": Role.choices, "statuses": accounts.PersonStatus}, status=status)


PERSON_ACTIONS = {
    "reinvite": (accounts.user_reinvite, gettext_lazy("De nieuwe uitnodiging is verstuurd; de "
                                                      "vorige link werkt niet meer.")),
    "deactivate": (accounts.user_deactivate, gettext_lazy("Het account is gedeactiveerd; de "
                                                          "sessies en de agendalink zijn "
                                                          "beëindigd.")),
    "reactivate": (accounts.user_reactivate, gettext_lazy("Het account is weer actief.")),
    "reset_second_factor": (accounts.user_second_factor_reset,
                            gettext_lazy("De tweede factor is hersteld; bij de volgende login "
                                         "stelt de persoon een nieuwe in.")),
}


@require_POST
@portal_view("bureau")
def person_action(request, pk, action):
    """One of :data:`PERSON_ACTIONS` on one person (POST only)."""
    if action not in PERSON_ACTIONS:
        raise Http404
    user = get_object_or_404(get_user_model(), pk=pk)
    service, success = PERSON_ACTIONS[action]
    run_service(request, service, user=user, success=str(success))
    return redirect(request.POST.get("back") if url_has_allowed_host_and_scheme(
        request.POST.get("back", ""), allowed_hosts={request.get_host()})
        else reverse("bureau:people"))
