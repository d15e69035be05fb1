"""Hearings, suspensions, appeals and publication (R-S1 … R-S7).

``Suspension.state``::

    active ──extend (once, R-S2)──▶ extended
    active/extended ──lift──▶ lifted         (R-S5 c)
    active/extended ──expel──▶ expelled      (R-S5 b)

``Appeal.state``: pending ──uphold──▶ upheld | ──dismiss──▶ dismissed (R-S4).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.models import DomainModel


class SummonsMethod(models.TextChoices):
    LETTER = "letter", _("Aangetekende brief")
    EMAIL = "email", _("E-mail")
    BAILIFF = "bailiff", _("Deurwaarder")
    OTHER = "other", _("Anders")


class Hearing(DomainModel):
    """R-S1: the member is summoned and given the opportunity to be heard before the
    directeur decides on a suspension."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT,
                               related_name="hearings")
    summoned_on = models.DateField(_("opgeroepen op"))
    method = models.CharField(_("wijze van oproepen"), max_length=10,
                              choices=SummonsMethod.choices)
    hearing_on = models.DateField(_("datum hoorzitting"))
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    member_statement = models.TextField(_("wat het lid naar voren bracht"), blank=True)
    member_did_not_appear = models.BooleanField(_("lid niet verschenen"), default=False)
    summoned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("hoorzitting")
        verbose_name_plural = _("hoorzittingen")
        ordering = ["-hearing_on"]

    def __str__(self):
        return f"Hoorzitting {self.member} {self.hearing_on}"

    @property
    def is_held(self) -> bool:
        return bool(self.held_on)


class SuspensionState(models.TextChoices):
    ACTIVE = "active", _("Geschorst")
    EXTENDED = "extended", _("Verlengd")
    LIFTED = "lifted", _("Opgeheven")
    EXPELLED = "expelled", _("Omgezet in ontzetting")


OPEN_SUSPENSION_STATES = [SuspensionState.ACTIVE, SuspensionState.EXTENDED]


class Publication(models.TextChoices):
    NONE = "none", _("Niet extern publiceren")
    REGISTER = "register", _("Vermelden in het openbare ledenregister")
    REGISTER_AND_PRESS = "register_and_press", _("Ledenregister en persbericht")


class Suspension(DomainModel):
    """A suspension of membership: at most three months, extendable once by the same period
    (R-S2). ``notified_on`` starts the appeal window (R-S3)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT,
                               related_name="suspensions")
    hearing = models.OneToOneField(Hearing, on_delete=models.PROTECT,
                                   related_name="suspension")
    state = FSMField(_("status"), default=SuspensionState.ACTIVE,
                     choices=SuspensionState.choices, protected=True)
    starts_on = models.DateField(_("ingangsdatum"))
    months = models.PositiveSmallIntegerField(_("duur (maanden)"))
    ends_on = models.DateField(_("einddatum"))
    notified_on = models.DateField(_("bekendgemaakt aan lid op"))
    extended_on = models.DateField(_("verlengd op"), null=True, blank=True)
    extension_notified_on = models.DateField(_("verlenging bekendgemaakt op"), null=True,
                                             blank=True)
    outcome_on = models.DateField(_("uitkomst op"), null=True, blank=True)
    outcome_notified_on = models.DateField(_("uitkomst bekendgemaakt op"), null=True,
                                           blank=True)
    publication = models.CharField(_("externe publicatie"), max_length=20,
                                   choices=Publication.choices, default=Publication.NONE)
    end_reached_flagged_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("schorsing")
        verbose_name_plural = _("schorsingen")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(months__gte=1, months__lte=3),
                                   name="suspension_at_most_three_months"),
        ]

    def __str__(self):
        return f"Schorsing {self.member} vanaf {self.starts_on}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_SUSPENSION_STATES

    @transition(field=state, source=SuspensionState.ACTIVE, target=SuspensionState.EXTENDED)
    def extend(self, on, new_end):
        """R-S2/R-S5 (a): extended once, by the same period."""
        self.extended_on = on
        self.ends_on = new_end

    @transition(field=state, source=OPEN_SUSPENSION_STATES, target=SuspensionState.LIFTED)
    def lift(self, on):
        """R-S5 (c): the suspension is lifted."""
        self.outcome_on = on

    @transition(field=state, source=OPEN_SUSPENSION_STATES, target=SuspensionState.EXPELLED)
    def convert_to_expulsion(self, on):
        """R-S5 (b): converted into expulsion."""
        self.outcome_on = on


class NoticeAudience(models.TextChoices):
    MEMBERS = "members", _("NVVK-leden")
    CONVENANT_PARTNERS = "convenant_partners", _("Convenantpartners")


class SuspensionNotice(DomainModel):
    """R-S7: the suspension is made known to members and convenant partners."""

    suspension = models.ForeignKey(Suspension, on_delete=models.CASCADE,
                                   related_name="notices")
    audience = models.CharField(_("aan"), max_length=20, choices=NoticeAudience.choices)
    sent_on = models.DateField(_("verzonden op"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    text = models.TextField(_("tekst"))
    recipients = models.PositiveIntegerField(_("aantal ontvangers"), default=0)

    class Meta:
        verbose_name = _("mededeling schorsing")
        verbose_name_plural = _("mededelingen schorsing")
        constraints = [models.UniqueConstraint(fields=["suspension", "audience"],
                                               name="one_notice_per_audience")]

    def __str__(self):
        return f"{self.get_audience_display()}: {self.suspension}"


class AppealSubject(models.TextChoices):
    SUSPENSION = "suspension", _("Schorsing")
    EXTENSION = "extension", _("Verlenging")
    EXPULSION = "expulsion", _("Ontzetting")
    LIFTING = "lifting", _("Opheffing")


class AppealState(models.TextChoices):
    PENDING = "pending", _("In behandeling bij het bestuur")
    UPHELD = "upheld", _("Gegrond")
    DISMISSED = "dismissed", _("Ongegrond")


class Appeal(DomainModel):
    """Beroep to the Bestuur against a suspension decision (R-S3, R-S4, R-S5)."""

    suspension = models.ForeignKey(Suspension, on_delete=models.PROTECT,
                                   related_name="appeals")
    subject = models.CharField(_("tegen"), max_length=12, choices=AppealSubject.choices)
    state = FSMField(_("status"), default=AppealState.PENDING, choices=AppealState.choices,
                     protected=True)
    announced_on = models.DateField(_("aangekondigd op"))
    motivation = models.TextField(_("motivering"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    board_deadline = models.DateField(_("bestuur beslist uiterlijk"))
    ruled_on = models.DateField(_("uitspraak op"), null=True, blank=True)
    ruling = models.TextField(_("uitspraak"), blank=True)
    deadline_warned_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("beroep")
        verbose_name_plural = _("beroepen")
        ordering = ["board_deadline"]
        constraints = [
            models.UniqueConstraint(fields=["suspension", "subject"],
                                    condition=models.Q(state="pending"),
                                    name="one_pending_appeal_per_decision"),
        ]

    def __str__(self):
        return f"Beroep {self.suspension.member} ({self.get_subject_display()})"

    @transition(field=state, source=AppealState.PENDING, target=AppealState.UPHELD)
    def uphold(self, on):
        """R-S4: the Bestuur finds the appeal well-founded."""
        self.ruled_on = on

    @transition(field=state, source=AppealState.PENDING, target=AppealState.DISMISSED)
    def dismiss(self, on):
        """R-S4: the Bestuur dismisses the appeal."""
        self.ruled_on = on
