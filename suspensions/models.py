"""Hearings, suspensions, appeals and publication (R-S1 … R-S7).

``Suspension.state``::

    active ──extend (once, R-S2)──▶ extended
    active/extended ──lift──▶ lifted         (R-S5 c)
    active/extended ──expel──▶ expelled      (R-S5 b)
    extended ──annul_extension──▶ active     (R-S4: the Bestuur upheld an appeal against it)
    expelled ──annul_expulsion──▶ active/extended   (R-S4: idem, against the expulsion)

``Appeal.state``: pending ──uphold──▶ upheld | ──dismiss──▶ dismissed (R-S4).

Dates. ``ends_on`` is the *last day* of the suspension: "at most three months" is read with
R-0.1 ("within N months" is inclusive), so ``ends_on = add_months(starts_on, months)`` and an
extension ends on ``add_months(starts_on, 2 * months)``, both from the start date (R-S2).

Expulsion. The directeur's decision to convert the suspension into an expulsion (state
``expelled``) takes effect once it is final: when the appeal window (R-S3) has passed without
an appeal, or when the Bestuur dismisses the appeal. Until then the member stays suspended —
this is art. 2:35 lid 4 BW ("gedurende de beroepstermijn en hangende het beroep is het lid
geschorst"), and it lets an upheld appeal restore the suspension. ``expulsion_effective_on``
records the day the membership ended (``Member.expel()``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from core.dates import date_label
from core.fsm import refusal
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


@refusal("R-S2", lambda suspension: gettext(
    "Deze schorsing is al eenmaal verlengd (op %(on)s); een tweede verlenging is niet "
    "mogelijk.") % {"on": date_label(suspension.extended_on)})
def never_extended(suspension) -> bool:
    """R-S2: a suspension is extended at most once (an extension later annulled by the
    Bestuur still counts)."""
    return suspension.extended_on is None


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
    extension_annulled_on = models.DateField(_("verlenging vernietigd op"), null=True,
                                             blank=True)
    expulsion_effective_on = models.DateField(_("ontzetting onherroepelijk op"), null=True,
                                              blank=True)
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

    @property
    def original_ends_on(self):
        """R-S2: the last day of the original period (``ends_on`` before any extension)."""
        from .deadlines import suspension_end

        return suspension_end(self.starts_on, self.months)

    @transition(field=state, source=SuspensionState.ACTIVE, target=SuspensionState.EXTENDED,
                conditions=[never_extended])
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

    @transition(field=state, source=SuspensionState.EXTENDED, target=SuspensionState.ACTIVE)
    def annul_extension(self, on):
        """R-S4: the Bestuur upheld the appeal against the extension; the suspension runs
        to its original end again. The extension still counts as the one extension of R-S2:
        the directeur cannot extend again against the Bestuur's ruling."""
        self.extension_annulled_on = on
        self.ends_on = self.original_ends_on
        self.end_reached_flagged_on = None

    @transition(field=state, source=SuspensionState.EXPELLED,
                target=RETURN_VALUE(SuspensionState.ACTIVE, SuspensionState.EXTENDED))
    def annul_expulsion(self, on):
        """R-S4: the Bestuur upheld the appeal against the expulsion; the suspension is
        restored (the member never stopped being suspended, art. 2:35 lid 4 BW) and the
        directeur decides again (R-S5)."""
        self.outcome_on = None
        self.outcome_notified_on = None
        self.end_reached_flagged_on = None
        if self.extended_on and not self.extension_annulled_on:
            return SuspensionState.EXTENDED
        return SuspensionState.ACTIVE


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
    # R-S3: the notification of the appealed decision, from which the one-month window ran.
    decision_notified_on = models.DateField(_("besluit bekendgemaakt op"))
    motivation = models.TextField(_("motivering"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    board_deadline = models.DateField(_("bestuur beslist uiterlijk"))
    ruled_on = models.DateField(_("uitspraak op"), null=True, blank=True)
    ruling = models.TextField(_("uitspraak"), blank=True)
    deadline_warned_on = models.DateField(null=True, blank=True, editable=False)
    # R-S3/R-S4: the documents the member (or the bureau) attached to the appeal; the Bestuur
    # and the member's contacts open them (``suspensions.document_rules``).
    documents = models.ManyToManyField("core.Document", blank=True, related_name="appeals",
                                       verbose_name=_("stukken"))

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
