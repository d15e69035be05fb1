"""Member organisations and their admission (R-M1 … R-M6).

``Member.state`` (R-M2)::

    applicant ──start_review──▶ under_review ──start_admission_audit──▶ admission_audit
        │                           │                                      │ admit (directeur)
        └────────reject─────────────┴──────────────reject──────────────────┤
                                                                           ▼
    paused ◀──pause── member ──suspend──▶ suspended ──lift──▶ member
       └──resume──▶ member           │           └──expel──▶ expelled
    member/paused ──resign──▶ resigned     paused ──suspend──▶ suspended
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.fsm import refusal
from core.models import DomainModel


class ScopeItem(DomainModel):
    """One of the 22 forms of financial assistance of the guideline's appendix 1 (R-M5)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)

    class Meta:
        verbose_name = _("scope-onderdeel")
        verbose_name_plural = _("scope-onderdelen")
        ordering = ["number"]

    def __str__(self):
        return self.title


class MemberState(models.TextChoices):
    APPLICANT = "applicant", _("Aangemeld")
    UNDER_REVIEW = "under_review", _("In behandeling")
    ADMISSION_AUDIT = "admission_audit", _("In toelatingsaudit")
    MEMBER = "member", _("Lid")
    PAUSED = "paused", _("Gepauzeerd")
    SUSPENDED = "suspended", _("Geschorst")
    EXPELLED = "expelled", _("Ontzet")
    RESIGNED = "resigned", _("Opgezegd")
    REJECTED = "rejected", _("Afgewezen")


APPLICATION_STATES = [
    MemberState.APPLICANT, MemberState.UNDER_REVIEW, MemberState.ADMISSION_AUDIT,
]
MEMBERSHIP_STATES = [MemberState.MEMBER, MemberState.PAUSED, MemberState.SUSPENDED]


def application_missing(member) -> list[str]:
    """What step 1 of R-M1 still lacks before the admission audit (empty when complete)."""
    admission = getattr(member, "admission", None)
    if admission is None:
        return [gettext("het aanmeldformulier")]
    missing = []
    if not admission.conditions_accepted_on:
        missing.append(gettext("aanvaarding van de lidmaatschapsvoorwaarden"))
    if not admission.checked_on:
        missing.append(gettext("de controle door het Verenigingsbureau"))
    elif not admission.meets_conditions:
        missing.append(gettext("een controle waaruit blijkt dat aan wet- en regelgeving wordt "
                               "voldaan"))
    if not member.scope.exists():
        missing.append(gettext("de vastgestelde scope"))
    if not admission.contacted_on:
        missing.append(gettext("contact met de organisatie"))
    return missing


@refusal("R-M1", lambda member: gettext(
    "De aanmelding is nog niet compleet; nodig is nog: %(missing)s.")
    % {"missing": "; ".join(application_missing(member))})
def application_complete(member) -> bool:
    """R-M1 step 1→2: the application form is in, the membership conditions are accepted,
    the bureau checked it (and it meets the conditions), determined the scope and contacted
    the organisation."""
    return not application_missing(member)


@refusal("R-M1", _("Het advies van het kernteam Kwaliteit ontbreekt nog (stap 3)."))
def quality_team_advised(member) -> bool:
    """R-M1 step 3: the kernteam Kwaliteit gave its advice before the directeur decides."""
    admission = getattr(member, "admission", None)
    return bool(admission and admission.quality_team_advice)


class Member(DomainModel):
    """A member organisation, from its application on. See the module docstring for states."""

    name = models.CharField(_("naam"), max_length=200)
    member_number = models.CharField(_("lidnummer"), max_length=20, unique=True, null=True,
                                     blank=True)
    city = models.CharField(_("plaats"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    state = FSMField(_("status"), default=MemberState.APPLICANT, choices=MemberState.choices,
                     protected=True)
    scope = models.ManyToManyField(ScopeItem, blank=True, related_name="members",
                                   verbose_name=_("scope"))
    member_since = models.DateField(_("lid sinds"), null=True, blank=True)
    # R-M3: the day the member was found without a valid certificate (None when it has one).
    without_certificate_since = models.DateField(
        _("zonder geldig certificaat sinds"), null=True, blank=True
    )
    state_changed_on = models.DateField(_("status gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid")
        verbose_name_plural = _("leden")
        ordering = ["name"]
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        return self.name

    @property
    def is_member(self) -> bool:
        return self.state in MEMBERSHIP_STATES

    # --- R-M1 admission -------------------------------------------------------------
    @transition(field=state, source=MemberState.APPLICANT, target=MemberState.UNDER_REVIEW)
    def start_review(self):
        """R-M1 step 1: the bureau starts checking the application."""

    @transition(field=state, source=MemberState.UNDER_REVIEW,
                target=MemberState.ADMISSION_AUDIT, conditions=[application_complete])
    def start_admission_audit(self):
        """R-M1 step 2: complete and meeting the conditions, the applicant is audited."""

    @transition(field=state, source=MemberState.ADMISSION_AUDIT, target=MemberState.MEMBER,
                conditions=[quality_team_advised])
    def admit(self, on):
        """R-M1 step 3: the directeur admits after the kernteam's advice."""
        self.member_since = on

    @transition(field=state, source=APPLICATION_STATES, target=MemberState.REJECTED)
    def reject(self):
        """R-M2: an applicant can be rejected at any step of admission."""

    # --- R-M4 pause -------------------------------------------------------------------
    @transition(field=state, source=MemberState.MEMBER, target=MemberState.PAUSED)
    def pause(self):
        """R-M4: the directeur pauses a membership so the member can still get certified."""

    @transition(field=state, source=MemberState.PAUSED, target=MemberState.MEMBER)
    def resume(self):
        """R-M4: the pause ends (the service requires a valid certificate, R-M3)."""

    # --- R-S* suspension --------------------------------------------------------------
    @transition(field=state, source=[MemberState.MEMBER, MemberState.PAUSED],
                target=MemberState.SUSPENDED)
    def suspend(self):
        """R-S1/R-S2: the directeur suspends (after a hearing)."""

    @transition(field=state, source=MemberState.SUSPENDED, target=MemberState.MEMBER)
    def lift_suspension(self):
        """R-S5 (c): the suspension is lifted."""

    @transition(field=state, source=MemberState.SUSPENDED, target=MemberState.EXPELLED)
    def expel(self):
        """R-S5 (b): the suspension is converted into expulsion; membership ends."""

    @transition(field=state, source=[MemberState.MEMBER, MemberState.PAUSED],
                target=MemberState.RESIGNED)
    def resign(self):
        """R-M2: the member ends its membership."""


class AdmissionAdvice(models.TextChoices):
    POSITIVE = "positive", _("Positief")
    NEGATIVE = "negative", _("Negatief")


class Admission(DomainModel):
    """The four steps of R-M1 for one applicant."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="admission")
    # Step 1 aanmelding
    submitted_on = models.DateField(_("aangemeld op"))
    conditions_accepted_on = models.DateField(_("lidmaatschapsvoorwaarden aanvaard op"),
                                              null=True, blank=True)
    motivation = models.TextField(_("toelichting aanvrager"), blank=True)
    checked_on = models.DateField(_("gecontroleerd op"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    meets_conditions = models.BooleanField(_("voldoet aan wet- en regelgeving"), default=False)
    check_notes = models.TextField(_("bevindingen controle"), blank=True)
    contacted_on = models.DateField(_("contact opgenomen op"), null=True, blank=True)
    # Step 3 akkoord
    quality_team_advice = models.CharField(_("advies kernteam"), max_length=10,
                                           choices=AdmissionAdvice.choices, blank=True)
    quality_team_advice_text = models.TextField(_("toelichting advies kernteam"), blank=True)
    quality_team_advised_on = models.DateField(_("advies kernteam op"), null=True, blank=True)
    decided_on = models.DateField(_("besluit directeur op"), null=True, blank=True)
    board_informed_on = models.DateField(_("bestuur geïnformeerd op"), null=True, blank=True)
    # Step 4 afronding
    introduction_meeting_on = models.DateField(_("introductiegesprek op"), null=True,
                                               blank=True)
    certificate_handed_over_on = models.DateField(_("certificaat uitgereikt op"), null=True,
                                                  blank=True)
    published_on = models.DateField(_("op website geïntroduceerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toelating")
        verbose_name_plural = _("toelatingen")

    def __str__(self):
        return f"Toelating {self.member}"


class Contact(DomainModel):
    """A contact person of a member. Personal data: never public (R-A2). With a ``user`` the
    person can log in to the member portal and sees only this member (R-A1)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="member_contacts")
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    function = models.CharField(_("functie"), max_length=100, blank=True)
    is_primary = models.BooleanField(_("eerste contactpersoon"), default=False)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(user__isnull=False),
                                    name="contact_user_one_member"),
        ]

    def __str__(self):
        return f"{self.name} ({self.member})"


#: R-M6: the core data's fte fields; none of them can be negative (model and database).
FTE_FIELDS = ("formation_fte", "executive_permanent_fte", "executive_temporary_fte",
              "supporting_staff_fte", "management_fte", "interns_volunteers_fte")
NON_NEGATIVE = MinValueValidator(0, message=_("Een aantal fte kan niet negatief zijn."))


class CoreData(DomainModel):
    """Kerngegevens (R-M6, appendix 2). One current row per member (``audit`` empty); a
    frozen copy is taken per audit (``audit`` set), the basis of its size (R-U6)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="core_data")
    audit = models.OneToOneField("audits.Audit", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="core_data_snapshot")
    name = models.CharField(_("naam organisatie"), max_length=200)
    address = models.CharField(_("adres"), max_length=255, blank=True)
    contact_person = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    website = models.URLField(_("website"), blank=True)
    formation_fte = models.DecimalField(_("formatie (fte)"), max_digits=7, decimal_places=2,
                                        null=True, blank=True,
        validators=[NON_NEGATIVE])
    executive_permanent_fte = models.DecimalField(
        _("uitvoerend personeel vast (fte)"), max_digits=7, decimal_places=2, null=True,
        blank=True,
        validators=[NON_NEGATIVE])
    executive_permanent_count = models.PositiveIntegerField(
        _("uitvoerend personeel vast (aantal)"), null=True, blank=True)
    executive_temporary_fte = models.DecimalField(
        _("uitvoerend personeel tijdelijk (fte)"), max_digits=7, decimal_places=2, null=True,
        blank=True,
        validators=[NON_NEGATIVE])
    executive_temporary_count = models.PositiveIntegerField(
        _("uitvoerend personeel tijdelijk (aantal)"), null=True, blank=True)
    supporting_staff_fte = models.DecimalField(
        _("ondersteunend personeel (fte)"), max_digits=7, decimal_places=2, null=True,
        blank=True,
        validators=[NON_NEGATIVE])
    management_fte = models.DecimalField(_("leiding en control (fte)"), max_digits=7,
                                         decimal_places=2, null=True, blank=True,
        validators=[NON_NEGATIVE])
    locations = models.PositiveIntegerField(_("aantal (neven)vestigingen"), null=True,
                                            blank=True)
    interns_volunteers_fte = models.DecimalField(
        _("stagiairs en vrijwilligers (gem. fte)"), max_digits=7, decimal_places=2, null=True,
        blank=True,
        validators=[NON_NEGATIVE])
    service_area = models.CharField(_("grootte van het werkgebied"), max_length=200,
                                    blank=True)
    outsourced_parts = models.TextField(_("uitbestede onderdelen"), blank=True)
    hired_third_parties = models.TextField(_("ingehuurde derden"), blank=True)

    SNAPSHOT_FIELDS = [
        "name", "address", "contact_person", "phone", "email", "website", "formation_fte",
        "executive_permanent_fte", "executive_permanent_count", "executive_temporary_fte",
        "executive_temporary_count", "supporting_staff_fte", "management_fte", "locations",
        "interns_volunteers_fte", "service_area", "outsourced_parts", "hired_third_parties",
    ]

    class Meta:
        verbose_name = _("kerngegevens")
        verbose_name_plural = _("kerngegevens")
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=models.Q(audit__isnull=True),
                                    name="one_current_core_data_per_member"),
            # R-M6: a formation is never negative (issue #9: the form refuses it, the
            # database too).
            *(models.CheckConstraint(
                condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0}),
                name=f"core_data_{field}_not_negative") for field in FTE_FIELDS),
        ]

    def __str__(self):
        return f"Kerngegevens {self.name}" + (f" (audit {self.audit_id})" if self.audit_id else "")


class MemberNumberCounter(models.Model):
    """The last member number handed out (``L00042``; R-M2), one row. An admission locks it
    (``select_for_update``) until its transaction ends, so simultaneous admissions draw
    distinct numbers one after the other (issue #13; like certificate numbers). Technical
    bookkeeping, not a domain fact: no history."""

    last_number = models.PositiveIntegerField(_("laatst uitgegeven lidnummer"), default=0)

    class Meta:
        verbose_name = _("nummerreeks lidnummers")
        verbose_name_plural = _("nummerreeksen lidnummers")

    def __str__(self):
        return str(self.last_number)
