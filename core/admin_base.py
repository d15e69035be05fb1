"""Shared admin building blocks: domain objects are viewable with their history in /admin/
but change only through services (which check the rules and write decision records)."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """Every field read-only (a protected FSMField in a form would break ``is_valid()``);
    no add, no delete: a service owns each change."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.get_fields()
                if (field.concrete or field.many_to_many) and not field.auto_created]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline that lists related rows without letting them be added or deleted."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields or [field.name for field in self.model._meta.concrete_fields]

    def has_add_permission(self, request, obj=None):
        return False
