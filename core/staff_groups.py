"""The staff groups of ``/admin/`` and how a role brings their permissions (issue #8).

README: ``/admin/`` is for the bureau and the director: they manage the reference data there
(performance areas, norms, development levels and their texts, scope items, the document
checklist, the interviewee functions) and view every domain object, which only services change.
The bureau also lifts login cool-offs (*Inlogblokkades*). Accounts and roles stay with the
superuser.

Two groups hold those permissions, created by the migration ``core.0005_staff_groups`` (and by
the test database set-up, which runs no migrations); the superuser may widen or narrow them in
``/admin/``. A user is not put into a group by hand: :class:`RoleGroupBackend` gives every user
the permissions of the group of each role they hold, at the moment of asking. So a role given
or taken away anywhere (a service, the user admin's role inline, the demo) changes what the user
may do in ``/admin/`` at once, without a second place to keep in step. Entering ``/admin/``
needs ``is_staff`` (*toegang tot beheer*, set by the superuser) or the role of bureau or
directeur (``User.may_enter_admin``: SPEC §1 and R-0.4, the change history per object is
viewable by the staff who see everything, issue #19).
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from .models import Role

#: The group whose permissions each role brings.
ROLE_GROUPS = {
    Role.BUREAU: "Verenigingsbureau",
    Role.DIRECTOR: "Directeur",
}

#: Reference data: viewed, added and changed in /admin/ (with history). Not deleted: audits,
#: findings and members refer to it.
REFERENCE_DATA = (
    "audits.performancearea", "audits.norm", "audits.developmentlevel",
    "audits.leveldescription", "audits.documentrequirement", "audits.intervieweefunction",
    "members.scopeitem",
)
#: The apps whose models the groups may view (domain objects, read-only in /admin/).
DOMAIN_APPS = ("core", "notifications", "members", "audits", "findings", "certificates",
               "suspensions", "complaints")
#: Models of those apps that the groups do not see: accounts and roles are the superuser's.
NOT_VIEWED = ("core.user", "core.userrole", "core.historicaluser")

#: Beyond the above, per group.
EXTRA = {
    # README: the bureau sees and lifts cool-offs in /admin/ (the lift action changes a row).
    "Verenigingsbureau": ("core.change_loginthrottle",),
    "Directeur": (),
}


def group_permissions(apps, group: str) -> set[tuple[str, str]]:
    """The ``(app_label, codename)`` pairs ``group`` holds, from the models of ``apps`` (the
    historical registry in a migration)."""
    wanted = set()
    for app_label in DOMAIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            label = model._meta.label_lower
            name = model._meta.model_name
            if label in NOT_VIEWED or name.startswith("historical"):
                continue
            wanted.add((app_label, f"view_{name}"))
            if label in REFERENCE_DATA:
                wanted.update({(app_label, f"add_{name}"), (app_label, f"change_{name}")})
    for perm in EXTRA[group]:
        app_label, codename = perm.split(".")
        wanted.add((app_label, codename))
    return wanted


def load_staff_groups(apps) -> None:
    """Create the groups of :data:`ROLE_GROUPS` and add their permissions. Additive and
    idempotent: what the superuser added to a group stays; run again (from a new migration)
    when a model is added. The permissions must exist (a migration creates them first: see
    ``core.0005_staff_groups``)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name in ROLE_GROUPS.values():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = group_permissions(apps, group_name)
        perms = [perm for perm in Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted}).select_related(
            "content_type") if (perm.content_type.app_label, perm.codename) in wanted]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in perms}
        if missing:
            raise LookupError(f"permissions missing for {group_name}: {sorted(missing)}")
        group.permissions.add(*perms)


class RoleGroupBackend(BaseBackend):
    """Authenticates nobody; gives an active user the permissions of the group of each role
    they hold (:data:`ROLE_GROUPS`), on top of what ``ModelBackend`` gives (their own groups
    and permissions)."""

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_group_perm_cache"):
            from django.contrib.auth.models import Permission

            groups = [ROLE_GROUPS[role] for role in user_obj.role_set if role in ROLE_GROUPS]
            perms = Permission.objects.filter(group__name__in=groups).values_list(
                "content_type__app_label", "codename") if groups else []
            user_obj._role_group_perm_cache = {f"{app}.{codename}" for app, codename in perms}
        return user_obj._role_group_perm_cache

    def has_module_perms(self, user_obj, app_label):
        return any(perm.split(".", 1)[0] == app_label
                   for perm in self.get_all_permissions(user_obj))
