"""Users and roles, stored documents, the append-only decision record (R-0.3) and the
abstract base every domain model inherits to get its change history (R-0.4)."""

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMModelMixin
from simple_history.models import HistoricalRecords

from .messages import render_stored


class DomainModel(FSMModelMixin, models.Model):
    """Base of every domain model: timestamps and a full change history (R-0.4).
    ``FSMModelMixin`` lets ``refresh_from_db()`` reload protected state fields."""

    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    BUREAU = "bureau", _("Verenigingsbureau")
    DIRECTOR = "director", _("Directeur")
    BOARD = "board", _("Bestuur")
    QUALITY_TEAM = "quality_team", _("Kernteam Kwaliteit")
    AUDITOR = "auditor", _("Auditor")
    MEMBER_CONTACT = "member_contact", _("Contactpersoon lid")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. Roles come from :class:`UserRole`;
    an auditor belongs to one certification body (``audits.Auditor``), a member contact to one
    member (``members.Contact``)."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200, blank=True)
    language = models.CharField(
        _("taal"), max_length=5, choices=settings.LANGUAGES, default="nl"
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The last invitation (core.accounts): a new one makes every earlier link invalid.
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    #: Issue #11: staff receive one e-mail a day with their work inbox (opt-out).
    daily_digest = models.BooleanField(_("dagelijks overzicht per e-mail"), default=True)
    # Who changed the account and why: invitations, (de)activation, a reset second
    # factor. The password hash and the login time are no history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.get_full_name()

    @property
    def role_set(self) -> frozenset[str]:
        """The user's roles, read once per instance."""
        if not hasattr(self, "_role_cache"):
            self._role_cache = frozenset(self.roles.values_list("role", flat=True))
        return self._role_cache

    def has_role(self, *roles: str) -> bool:
        return bool(self.is_active and self.role_set.intersection(roles))

    @property
    def may_enter_admin(self) -> bool:
        """R-0.4/SPEC §1: ``/admin/`` (every domain object read-only with its change history)
        opens for an active user with *toegang tot beheer* (``is_staff``) and for the staff who
        may see everything: the bureau and the directeur, by their role alone, so a colleague
        invited on the people page sees the history without the superuser's extra step. What
        each sees there is still the permissions of their role's group
        (:mod:`core.staff_groups`)."""
        return bool(self.is_active and (self.is_staff or self.has_role(Role.BUREAU,
                                                                       Role.DIRECTOR)))


class UserRole(models.Model):
    """One role of a user; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_user_role"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


def document_upload_to(instance, filename):
    # The stored name never derives from the uploaded name (R-A2, path traversal).
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Document(DomainModel):
    """A stored file: a report, a plan of approach, evidence for a decision. Files live
    outside every public URL and are served only through access-checked views."""

    file = models.FileField(_("bestand"), upload_to=document_upload_to)
    original_name = models.CharField(_("oorspronkelijke naam"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte"))
    sha256 = models.CharField(max_length=64)
    title = models.CharField(_("titel"), max_length=255, blank=True)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True,
        related_name="documents", verbose_name=_("lid"),
    )
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title or self.original_name

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()


class DecisionKind(models.TextChoices):
    ADMISSION = "admission", _("Toelating")
    QUALITY_TEAM_ADVICE = "quality_team_advice", _("Advies kernteam")
    AUDIT_ADVICE = "audit_advice", _("Advies CI")
    LIMITS_FOLLOW_UP = "limits_follow_up", _("Besluit CI over overschrijding")
    CERTIFICATION = "certification", _("(Her)certificering")
    POSTPONEMENT = "postponement", _("Uitstel")
    WITHDRAWAL = "withdrawal", _("Intrekking")
    PAUSE = "pause", _("Pauzering")
    SUSPENSION = "suspension", _("Schorsing")
    EXTENSION = "extension", _("Verlenging schorsing")
    EXPULSION = "expulsion", _("Ontzetting")
    LIFTING = "lifting", _("Opheffing schorsing")
    APPEAL_RULING = "appeal_ruling", _("Uitspraak beroep")
    PUBLICATION = "publication", _("Publicatiekeuze")
    INTERIM_AUDIT = "interim_audit", _("Opleggen tussentijdse audit")
    ESCALATION = "escalation", _("Escalatie bevinding")
    #: issue #12: a certificate taken over from the association's existing register
    IMPORT = "import", _("Import uit bestaand register")
    OTHER = "other", _("Overig")


class DecisionQuerySet(models.QuerySet):
    """Decision records are append-only (R-0.3): bulk update and delete are refused."""

    def update(self, **kwargs):
        raise PermissionError("R-0.3: decision records cannot be changed")

    def delete(self):
        raise PermissionError("R-0.3: decision records cannot be deleted")


class Decision(models.Model):
    """R-0.3: who decided (user and role), when, on which rule, with what motivation, about
    which object, resting on which documents. Never edited, never deleted: a correction is a
    new record whose ``corrects`` points at the old one. On PostgreSQL a trigger refuses
    UPDATE and DELETE as well (migration ``core.0003``), also on the documents link table."""

    kind = models.CharField(_("soort"), max_length=30, choices=DecisionKind.choices)
    outcome = models.CharField(_("uitkomst"), max_length=200)
    #: The outcome as a stored message (core.messages), rendered in the reader's language;
    #: ``outcome`` keeps its Dutch text for the record and search. Empty on older records,
    #: which show ``outcome`` (issue #9).
    outcome_message = models.JSONField(_("uitkomst (bericht)"), null=True, blank=True,
                                       editable=False)
    rule_id = models.CharField(_("grondslag (regel)"), max_length=12)
    motivation = models.TextField(_("motivering"), blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="decisions")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    decided_at = models.DateTimeField(_("besloten op"), default=timezone.now)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("onderwerp"), max_length=255)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True,
        related_name="decisions", verbose_name=_("lid"),
    )
    documents = models.ManyToManyField(Document, blank=True, related_name="decisions")
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    #: Issue #13, the hash chain (core.decision_chain): the previous record's hash and this
    #: record's hash over its content and that previous hash. Empty on records written
    #: before the chain began.
    chain_previous = models.CharField(max_length=64, blank=True, default="", editable=False)
    chain_hash = models.CharField(_("vingerafdruk"), max_length=64, blank=True, default="",
                                  editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.outcome_text} ({self.rule_id})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("R-0.3: decision records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("R-0.3: decision records cannot be deleted")

    @property
    def outcome_text(self) -> str:
        """The outcome in the reader's language (issue #9)."""
        return render_stored(self.outcome_message, self.outcome)

    @property
    def fingerprint(self) -> str:
        """The start of the chain hash (issue #13); empty before the chain began."""
        return self.chain_hash[:12]


class FlagAudience(models.TextChoices):
    BUREAU = "bureau", _("Verenigingsbureau")
    DIRECTOR = "director", _("Directeur")
    BOARD = "board", _("Bestuur")


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_on__isnull=True)

    def awake(self, today):
        """Open flags not put aside (snoozed) past ``today`` (issue #11)."""
        return self.open().filter(models.Q(snoozed_until__isnull=True)
                                  | models.Q(snoozed_until__lte=today))


class Flag(DomainModel):
    """Something a person must act on, raised by the daily sweep (R-M3, R-F4, R-F5, R-S4,
    R-S5, R-K2). ``key`` makes raising idempotent: a flag is raised once per situation."""

    key = models.CharField(max_length=120, unique=True)
    rule_id = models.CharField(_("regel"), max_length=12)
    audience = models.CharField(_("voor"), max_length=10, choices=FlagAudience.choices)
    message = models.CharField(_("melding"), max_length=300)
    #: ``message`` and ``resolution`` as stored messages (core.messages), rendered in the
    #: reader's language; the text fields keep the Dutch (issue #9).
    message_data = models.JSONField(null=True, blank=True, editable=False)
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="flags")
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True,
                                     blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    raised_on = models.DateField(_("gesignaleerd op"))
    resolved_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    #: Why the flag was resolved: the condition that no longer holds, the decision that
    #: answered it, or the reason staff gave when resolving it by hand (issue #9).
    resolution = models.CharField(_("reden van afhandeling"), max_length=300, blank=True)
    resolution_data = models.JSONField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("afgehandeld door"))
    #: The work inbox (issue #11): who works on the flag, and until when it is put aside.
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="assigned_flags",
                                 verbose_name=_("toegewezen aan"))
    snoozed_until = models.DateField(_("uitgesteld tot"), null=True, blank=True)
    snooze_reason = models.CharField(_("reden van uitstel"), max_length=300, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["due_on", "raised_on"]

    def __str__(self):
        return f"{self.rule_id}: {self.message_text}"

    @property
    def message_text(self) -> str:
        """The message in the reader's language (issue #9)."""
        return render_stored(self.message_data, self.message)

    @property
    def resolution_text(self) -> str:
        """Why the flag was resolved, in the reader's language (issue #9)."""
        return render_stored(self.resolution_data, self.resolution)


class FlagComment(DomainModel):
    """A staff note on a flag in the work inbox (issue #11). Staff only: never shown to
    members or the public."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="comments",
                             verbose_name=_("signaal"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("auteur"))
    text = models.TextField(_("opmerking"), max_length=2000)

    class Meta:
        verbose_name = _("opmerking bij signaal")
        verbose_name_plural = _("opmerkingen bij signalen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class LoginThrottle(models.Model):
    """Failed logins counted per account and per client address (issue #17).

    One row per key. ``failures`` counts the failures since the last one that is older than
    the failure window; reaching the limit starts a cool-off until ``locked_until`` that
    grows with ``lockouts`` (the lockouts in a row, forgotten a day after the last one ended)
    and is capped, so nobody is ever shut out for long. A successful login clears only its own
    account's failures, never those of another account or of the address. Policy and counting
    live in :mod:`core.login_throttle`."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("adres")

    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("e-mailadres of IP-adres"), max_length=254)
    failures = models.PositiveIntegerField(_("mislukte pogingen"), default=0)
    last_failure_at = models.DateTimeField(_("laatste mislukte poging"), null=True, blank=True)
    lockouts = models.PositiveIntegerField(_("blokkades op rij"), default=0)
    locked_until = models.DateTimeField(_("geblokkeerd tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("inlogblokkade")
        verbose_name_plural = _("inlogblokkades")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="login_throttle_unique_key"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"
