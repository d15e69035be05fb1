"""The member portal (``/portaal/``): the member contact's own organisation only (SPEC §1,
R-A1). Core data (R-M6) and scope (R-M5); and, without an account, the application (R-M1
step 1) with the contact's invitation to set a password. The home page and the documents
against the appendix-3 checklist read other apps too and live in ``overview.views.member``.

The other parts of the portal live with the app that owns them: audits (zelfscan R-U3,
evaluation R-N3), findings (plans of approach R-F3), certificates (postponement R-Z4),
suspensions (appeals R-S3) and complaints (R-C2)."""

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.account_views import invitation_accept
from core.exceptions import RuleViolation
from core.forms import posted
from core.models import Role
from core.portal import rule_message, run_service

from ..models import Contact, CoreData, ScopeItem
from ..portal import member_object_or_404, member_portal_view
from ..services import contact_add, contact_invite, core_data_update, member_apply_with_account

# --- core data and scope ----------------------------------------------------------------------


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class CoreDataForm(forms.Form):
    """R-M6: the kerngegevens of appendix 2."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(CoreData, fields=CoreData.SNAPSHOT_FIELDS,
                                                  formfield_callback=_formfield))
        for name, field in self.fields.items():
            if name != "name":
                field.required = False
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


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


class ContactInviteForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mailadres"))
    function = forms.CharField(label=gettext_lazy("Functie"), max_length=100, required=False)


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


# --- applying without an account (R-M1 step 1) ------------------------------------------------


class ApplicationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam organisatie"), max_length=200)
    city = forms.CharField(label=gettext_lazy("Plaats"), max_length=100)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=gettext_lazy("Naam contactpersoon"), max_length=200)
    contact_email = forms.EmailField(
        label=gettext_lazy("E-mailadres contactpersoon"),
        help_text=gettext_lazy("Hierheen sturen wij de bevestiging en de link om een "
                               "wachtwoord in te stellen."))
    contact_phone = forms.CharField(label=gettext_lazy("Telefoon contactpersoon"),
                                    max_length=40, required=False)
    motivation = forms.CharField(label=gettext_lazy("Toelichting"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}),
                                 help_text=gettext_lazy("Waarom wilt u lid worden van de NVVK?"))
    scope = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Vormen van financiële dienstverlening (bijlage 1)"),
        queryset=ScopeItem.objects.order_by("number"), to_field_name="number",
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Kies de vormen die u aanbiedt; het verenigingsbureau stelt de "
                               "scope vast."),
        error_messages={"required": gettext_lazy("Kies ten minste één vorm van "
                                                 "dienstverlening.")})
    conditions = forms.BooleanField(
        label=gettext_lazy("Wij aanvaarden de lidmaatschapsvoorwaarden van de NVVK"),
        error_messages={"required": gettext_lazy("De aanmelding kan alleen als u de "
                                                 "lidmaatschapsvoorwaarden aanvaardt.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].label_from_instance = lambda item: f"{item.number}. {item.title}"


def apply(request):
    """R-M1 step 1: an organisation applies without an account. The application creates the
    contact's login, which the contact activates through the e-mailed invitation link."""
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
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
                messages.error(request, rule_message(violation))
            else:
                return redirect("member:apply_done")
        status = 400
    return render(request, "members/member/apply.html", {"form": form}, status=status)


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
