"""/admin/ shows every domain model (issue #3), read-only where a service owns the change."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import CertificateFactory, FindingFactory, UserFactory

PROJECT_APPS = {"core", "members", "audits", "findings", "certificates", "suspensions",
                "complaints", "notifications"}
# Concrete models without an admin page of their own, and why.
NOT_IN_ADMIN = {
    "core.userrole": "edited inline on the user",
}


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@nvvk.example", is_staff=True, is_superuser=True)


def _project_models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical"):
            yield label, model


def test_every_project_model_is_registered_in_admin():
    missing = [label for label, model in _project_models()
               if model not in admin.site._registry and label not in NOT_IN_ADMIN]
    assert not missing, f"not in /admin/: {missing}"


def test_every_changelist_and_change_page_renders(client, superuser):
    FindingFactory()
    CertificateFactory()
    client.force_login(superuser)
    for model in admin.site._registry:
        if model._meta.app_label not in PROJECT_APPS:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, info
        obj = model._default_manager.first()
        if obj is not None:
            response = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            assert response.status_code == 200, info


def test_state_fields_are_read_only_in_admin(rf, superuser):
    """A protected FSM field in an admin form would break it: services own state changes."""
    from django_fsm import FSMField

    request = rf.get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        fsm_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, FSMField)]
        if not fsm_fields or not model_admin.has_change_permission(request):
            continue  # a read-only admin renders no form at all
        readonly = set(model_admin.get_readonly_fields(request, model()))
        form_fields = set(model_admin.get_fields(request, model())) - readonly
        assert not set(fsm_fields) & form_fields, model
