"""Admin for core: users (e-mail login) with their roles, stored documents, the decision
record (R-0.3, read-only) and flags. Changes made here are recorded with the staff user by
``simple_history``'s request middleware (R-0.4)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_base import ReadOnlyAdminMixin
from .models import Decision, Document, Flag, FlagComment, LoginThrottle, User, UserRole

# --------------------------------------------------------------------------- users


class UserCreationForm(AdminUserCreationForm):
    """Create a user by e-mail address; addresses are unique whatever their case."""

    class Meta:
        model = User
        fields = ("email", "full_name", "language")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Er bestaat al een gebruiker met dit e-mailadres."))
        return email


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("Er bestaat al een gebruiker met dit e-mailadres."))
        return email


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0
    verbose_name = _("rol")
    verbose_name_plural = _("rollen (een gebruiker kan er meerdere hebben)")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Django's user admin adapted to e-mail login; roles edited inline; the account's history
    (invitations, deactivation, a reset second factor: issue #8, R-0.4) under *Geschiedenis*."""

    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoonlijk"), {"fields": ("full_name", "language")}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                   "user_permissions")}),
        (_("Datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {
            "classes": ("wide",),
            "fields": ("email", "full_name", "language", "usable_password", "password1",
                       "password2"),
        }),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "full_name", "roles_display", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "roles__role")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    inlines = [UserRoleInline]

    def get_inlines(self, request, obj):
        # Roles are added once the account exists (the add form stays Django's own).
        return self.inlines if obj else []

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description=_("rollen"))
    def roles_display(self, obj):
        return ", ".join(sorted(role.get_role_display() for role in obj.roles.all()))


@admin.register(UserRole)
class UserRoleAdmin(SimpleHistoryAdmin):
    """Who was given which role, and by whom (R-0.4). Roles are edited on the user."""

    list_display = ("user", "role")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --------------------------------------------------------------------------- documents


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    """Stored files. The file and its fingerprint are read-only: a document is evidence for
    decisions (R-0.3). The file itself is never linked here: files live outside every public
    URL and are served only through access-checked views. Documents come in through
    ``core.documents.document_store``, so there is no add; no delete either."""

    list_display = ("__str__", "original_name", "member", "mime_type", "size", "created_at")
    list_filter = ("mime_type",)
    search_fields = ("title", "original_name", "member__name", "sha256")
    list_select_related = ("member",)
    date_hierarchy = "created_at"
    fields = ("title", "member", "stored_name", "original_name", "mime_type", "size",
              "sha256", "uploaded_by", "created_at", "updated_at")
    readonly_fields = ("stored_name", "original_name", "mime_type", "size", "sha256",
                       "uploaded_by", "created_at", "updated_at")
    raw_id_fields = ("member",)

    @admin.display(description=_("opgeslagen als"))
    def stored_name(self, obj):
        return obj.file.name

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --------------------------------------------------------------------------- decisions


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The decision record (R-0.3): viewable, never added, changed or deleted here. A
    correction is a new decision taken through the domain service."""

    list_display = ("decided_at", "kind", "outcome_display", "rule_id", "decided_by", "role",
                    "subject_label", "member")
    list_filter = ("kind", "rule_id", "role")
    search_fields = ("outcome", "subject_label", "motivation", "member__name",
                     "decided_by__email", "decided_by__full_name")
    list_select_related = ("decided_by", "member")
    date_hierarchy = "decided_at"
    fields = ("kind", "outcome_display", "rule_id", "motivation", "decided_by", "role",
              "decided_at", "subject_type", "subject_id", "subject_label", "member", "documents",
              "corrects")
    readonly_fields = fields

    @admin.display(description=_("uitkomst"), ordering="outcome")
    def outcome_display(self, obj):
        """The outcome in the reader's language (issue #9)."""
        return obj.outcome_text

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --------------------------------------------------------------------------- flags


@admin.register(Flag)
class FlagAdmin(SimpleHistoryAdmin):
    """Flags are raised by the daily sweep; staff may only mark one resolved here (with
    history). What a flag says is the sweep's, so read-only."""

    list_display = ("rule_id", "audience", "message_display", "member", "due_on", "raised_on",
                    "resolved_on")
    list_filter = ("audience", "rule_id", ("resolved_on", admin.EmptyFieldListFilter))
    search_fields = ("key", "message", "member__name")
    list_select_related = ("member",)
    fields = ("key", "rule_id", "audience", "message_display", "member", "subject_type",
              "subject_id", "due_on", "raised_on", "resolved_on")
    readonly_fields = ("key", "rule_id", "audience", "message_display", "member",
                       "subject_type", "subject_id", "due_on", "raised_on")

    @admin.display(description=_("melding"), ordering="message")
    def message_display(self, obj):
        """The message in the reader's language (issue #9)."""
        return obj.message_text

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FlagComment)
class FlagCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Staff comments on flags (issue #11): written in the work inbox, read-only here."""

    list_display = ("flag", "author", "created_at")
    search_fields = ("text", "flag__key")
    list_select_related = ("flag", "author")


# --------------------------------------------------------------------------- failed logins


@admin.register(LoginThrottle)
class LoginThrottleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Failed logins per account and per address (issue #17); the bureau can lift a cool-off."""

    list_display = ("kind", "key", "failures", "last_failure_at", "lockouts", "locked_until")
    list_filter = ("kind",)
    search_fields = ("key",)
    ordering = ("-last_failure_at",)
    actions = ["lift"]

    @admin.action(description=_("Blokkade opheffen"))
    def lift(self, request, queryset):
        count = queryset.update(failures=0, last_failure_at=None, locked_until=None, lockouts=0)
        self.message_user(request, _("%(count)d blokkade(s) opgeheven.") % {"count": count})
