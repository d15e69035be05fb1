"""Every URL, every role (SPEC §1, R-A1, R-A2). The URL patterns are enumerated from the
resolver; a named URL without an entry in ``tests/access/entries_*.py`` fails."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import access
from tests.access.matrix import PERSONAS

SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language", "login", "logout", "healthz", "readyz"}
# django-allauth's own pages (issue #8: /account/…) act on the logged-in person's own account
# only, never on an object of an organisation; tests/core/test_accounts.py and test_mfa.py
# cover them.
SKIPPED_PREFIXES = ("account_", "mfa_")


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{ns}:" if ns else namespace
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}{pattern.name}"
            if (pattern.name not in SKIPPED_NAMES
                    and not pattern.name.startswith(SKIPPED_PREFIXES)):
                yield name


def _entries():
    entries = {}
    for module in pkgutil.iter_modules(access.__path__):
        if module.name.startswith("entries_"):
            entries.update(importlib.import_module(f"tests.access.{module.name}").ENTRIES)
    return entries


ENTRIES = _entries()
URL_NAMES = sorted(set(_named_patterns()))


def test_every_url_has_an_entry_in_the_access_matrix_r_a1():
    """R-A1: a new URL without an entry fails here."""
    missing = [name for name in URL_NAMES if name not in ENTRIES]
    assert not missing, f"URLs without an access-matrix entry: {missing}"


def test_no_entry_names_a_url_that_does_not_exist():
    assert not sorted(set(ENTRIES) - set(URL_NAMES))


def _request(client, world, persona, name, entry, kwargs):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = reverse(name, kwargs=kwargs) + (f"?{entry.query}" if entry.query else "")
    return client.get(url)


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_access_per_url_and_role_r_a1(client, world, persona, name):
    """R-A1: 200 for the roles a URL is for; a login redirect for anonymous; 403 for other
    roles; 404 for another organisation's object."""
    entry = ENTRIES.get(name)
    if entry is None:
        pytest.fail(f"{name} has no access-matrix entry")
    response = _request(client, world, persona, name, entry, entry.kwargs(world))
    if entry.method == "post":
        expected = (405,) if persona in entry.allowed or persona == "anonymous" else (403, 405)
        if persona == "anonymous" and "anonymous" not in entry.allowed:
            expected = (302, 405)
        assert response.status_code in expected, (persona, name, response.status_code)
        return
    if persona in entry.allowed:
        assert response.status_code in entry.status_ok, (persona, name, response.status_code)
    elif persona == "anonymous":
        assert response.status_code == 302 and "/inloggen/" in response["Location"], (
            name, response.status_code)
    else:
        assert response.status_code in (403, 404), (persona, name, response.status_code)

    foreign = entry.foreign.get(persona)
    if foreign is not None:
        client.logout()
        response = _request(client, world, persona, name, entry, foreign(world))
        assert response.status_code == 404, (persona, name, "foreign", response.status_code)
