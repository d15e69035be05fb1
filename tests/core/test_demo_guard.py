"""The demo can never reach production (issue #17): ``seed_demo`` refuses outside local and
test settings and writes nothing; ``check --deploy`` fails while a demo account exists; the
production image never seeds; nobody can pick the demo password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from core.demo_guard import DEMO_PASSWORD, NotTheDemoPasswordValidator, check_no_demo_accounts
from core.models import Role, User
from members.models import Member
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@override_settings(DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_without_demo_settings_and_writes_nothing():
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        call_command("seed_demo")
    assert User.objects.count() == 0
    assert Member.objects.count() == 0


def test_seed_demo_under_production_settings_exits_non_zero_and_creates_no_database(tmp_path):
    database = tmp_path / "prod.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_SECRET_KEY="s" * 50,
               DJANGO_ALLOWED_HOSTS="keurmerk.example", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DEMO_DATA_ALLOWED" in result.stderr
    assert "config.settings.production" in result.stderr
    assert not database.exists() or database.stat().st_size == 0


def test_the_production_image_and_compose_never_seed_the_demo():
    assert "seed_demo" not in (ROOT / "Dockerfile").read_text()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for service in compose["services"].values():
        assert "seed_demo" not in str(service.get("command", ""))
        assert "seed_demo" not in str(service.get("entrypoint", ""))


def test_demo_check_is_a_deploy_check():
    assert check_no_demo_accounts in checks.registry.registry.get_checks(
        include_deployment_checks=True)
    assert check_no_demo_accounts not in checks.registry.registry.get_checks(
        include_deployment_checks=False)


@pytest.mark.django_db
def test_deploy_check_passes_without_demo_accounts():
    UserFactory(email="medewerker@nvvk.nl", is_staff=True, roles=[Role.BUREAU])
    UserFactory(email="contact@lid.nl", roles=[Role.MEMBER_CONTACT])
    assert check_no_demo_accounts() == []


@pytest.mark.django_db
def test_deploy_check_fails_on_an_account_in_the_demo_domain():
    UserFactory(email="bureau@nvvk.example", roles=[Role.BUREAU])
    errors = check_no_demo_accounts()
    assert [error.id for error in errors] == ["keurmerk.E001"]
    assert "bureau@nvvk.example" in errors[0].msg


@pytest.mark.django_db
def test_deploy_check_ignores_a_deactivated_demo_account():
    UserFactory(email="bureau@nvvk.example", is_active=False, roles=[Role.BUREAU])
    assert check_no_demo_accounts() == []


@pytest.mark.django_db
def test_deploy_check_fails_on_a_staff_account_with_the_demo_password():
    UserFactory(email="directeur@nvvk.nl", password=DEMO_PASSWORD, roles=[Role.DIRECTOR])
    errors = check_no_demo_accounts()
    assert [error.id for error in errors] == ["keurmerk.E001"]
    assert "directeur@nvvk.nl" in errors[0].msg


@pytest.mark.django_db
def test_deploy_command_fails_on_a_demo_account():
    """Through ``manage.py check --deploy`` itself, as ``.ci/run`` runs it."""
    UserFactory(email="beheer@nvvk.example", is_staff=True, is_superuser=True)
    with pytest.raises(SystemCheckError, match="keurmerk.E001"):
        call_command("check", "--deploy", "--tag", "keurmerk")
    User.objects.all().delete()
    call_command("check", "--deploy", "--tag", "keurmerk")


def test_nobody_can_choose_the_demo_password():
    validator = NotTheDemoPasswordValidator()
    with pytest.raises(ValidationError):
        validator.validate(DEMO_PASSWORD)
    with pytest.raises(ValidationError):
        validator.validate(" Keurmerk-Demo ")
    validator.validate("een-heel-ander-wachtwoord")
