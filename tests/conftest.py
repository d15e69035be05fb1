"""Shared fixtures: the named test people of STYLE.md, the same everywhere.

bea (bureau), dirk (director), bram (board), kim (quality team), anna (auditor of CI A),
arie (second auditor of CI A), bob (auditor of CI B), xena (contact of member X),
yuri (contact of member Y), and the anonymous visitor (``client``)."""

import os

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from core.models import Role
from tests.factories import (
    AuditorFactory,
    CertificationBodyFactory,
    ContactFactory,
    MemberFactory,
    UserFactory,
)

# Timing belongs in bench/, never in a test: Hypothesis' per-example deadline fails a property
# test when a loaded machine is slow, which says nothing about the rule it checks.
hypothesis_settings.register_profile("keurmerk", deadline=None)
hypothesis_settings.load_profile("keurmerk")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is built from the models (``--no-migrations``: seconds instead of a
    minute of migration-state rendering); the reference data, the staff groups and the R-0.3
    triggers that the migrations install are added here by the same code. ``tests/config/test_migrations.py``
    runs the real migrations on a fresh database."""
    from django.apps import apps
    from django.db import connection

    from core.db import install_decision_triggers
    from core.reference import load_reference_data
    from core.staff_groups import load_staff_groups

    with django_db_blocker.unblock():
        load_reference_data(apps)
        load_staff_groups(apps)
        install_decision_triggers(connection)


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests empty every table afterwards (flush), reference data and staff
    groups included: reload them (idempotently) before each of them."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (
            marker and marker.kwargs.get("transaction")):
        from django.apps import apps

        from core.reference import load_reference_data
        from core.staff_groups import load_staff_groups

        request.getfixturevalue("transactional_db")
        load_reference_data(apps)
        load_staff_groups(apps)


@pytest.fixture(autouse=True)
def _keep_the_active_language():
    """A page requested with the English language cookie leaves English active in the test
    thread (LocaleMiddleware activates it and nothing resets it): restore the language after
    each test, so a later test does not read English by the order the tests ran in."""
    from django.utils import translation

    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def record_second_factor_in_session(client, user) -> None:
    """Note in ``client``'s session that ``user`` showed a second factor (core.mfa), as
    allauth's login stage does after a valid TOTP code."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


_plain_force_login = Client.force_login


def force_login_password_only(client, user, backend=None) -> None:
    """Log ``user`` in without a second factor: for the tests of the rule that staff and
    auditors reach their portal only with one (core.mfa)."""
    _plain_force_login(client, user, backend)


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch):
    """Issue #8: bureau, director, board, quality team and auditors reach their portal only in a
    session confirmed with a second factor (core.mfa). A test that logs somebody in with
    ``client.force_login`` is about the portal, not the login: the session is marked as
    confirmed, as allauth's login does after a valid code. ``force_login_password_only`` logs in
    without it; tests/core/test_mfa.py proves the rule that way and through the real login."""

    def force_login(self, user, backend=None):
        _plain_force_login(self, user, backend)
        record_second_factor_in_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def bea(db):
    return UserFactory(email="bea@nvvk.example", full_name="Bea Bureau", roles=[Role.BUREAU])


@pytest.fixture
def dirk(db):
    return UserFactory(email="dirk@nvvk.example", full_name="Dirk Directeur",
                       roles=[Role.DIRECTOR])


@pytest.fixture
def bram(db):
    return UserFactory(email="bram@nvvk.example", full_name="Bram Bestuur", roles=[Role.BOARD])


@pytest.fixture
def kim(db):
    return UserFactory(email="kim@nvvk.example", full_name="Kim Kernteam",
                       roles=[Role.QUALITY_TEAM])


@pytest.fixture
def body_a(db):
    return CertificationBodyFactory(name="CI Alfa B.V.")


@pytest.fixture
def body_b(db):
    return CertificationBodyFactory(name="CI Beta B.V.")


@pytest.fixture
def anna(body_a):
    """Auditor of CI A (an Auditor; the login is ``anna.user``)."""
    return AuditorFactory(body=body_a, name="Anna Auditor", email="anna@alfa.example")


@pytest.fixture
def arie(body_a):
    """Second auditor of CI A."""
    return AuditorFactory(body=body_a, name="Arie Tweede", email="arie@alfa.example")


@pytest.fixture
def bob(body_b):
    """Auditor of CI B."""
    return AuditorFactory(body=body_b, name="Bob Beta", email="bob@beta.example")


@pytest.fixture
def member_x(db):
    return MemberFactory(name="Schuldhulp X", city="Zwolle")


@pytest.fixture
def member_y(db):
    return MemberFactory(name="Budgetbeheer Y", city="Breda")


@pytest.fixture
def xena(member_x):
    """Contact of member X (a Contact; the login is ``xena.user``)."""
    return ContactFactory(member=member_x, name="Xena Contact", email="xena@x.example")


@pytest.fixture
def yuri(member_y):
    """Contact of member Y."""
    return ContactFactory(member=member_y, name="Yuri Contact", email="yuri@y.example")


def requires_service(name: str, available: bool, reason: str):
    """Skip (locally) or fail (CI=true) when a test's service is missing."""
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{name} is required in CI: {reason}")
    pytest.skip(f"{name} not available: {reason}")


@pytest.fixture
def postgres(db):
    """Require the real PostgreSQL (DATABASE_URL)."""
    from django.db import connection

    requires_service("PostgreSQL", connection.vendor == "postgresql",
                     "set DATABASE_URL=postgres://… to run this test")
    return connection


@pytest.fixture
def redis_url():
    """Require the real Redis (REDIS_URL); returns its URL."""
    url = os.environ.get("REDIS_URL", "")
    available = False
    if url:
        import redis

        try:
            available = bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
        except redis.RedisError:
            available = False
    requires_service("Redis", available, "set REDIS_URL=redis://… to a running Redis")
    return url


@pytest.fixture
def chromium_path():
    """Require the system Chromium (never a downloaded browser)."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    requires_service("Chromium", os.path.exists(path),
                     f"{path} not found; apt-get install chromium")
    return path
