"""Issue #8: the content security policy, the permissions policy and no caching of a logged-in
page; Secure cookies in production."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [ROOT / "templates", *ROOT.glob("*/templates")]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get("/register/")
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'" and policy["base-uri"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_every_page_switches_off_browser_features_it_does_not_use(client):
    policy = client.get("/register/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert "publickey-credentials" not in policy  # security keys stay possible


def test_a_logged_in_page_is_never_stored(client, bea):
    client.force_login(bea)
    response = client.get("/bureau/")
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "Permissions-Policy" in response and "Content-Security-Policy" in response


def test_a_logged_in_member_page_and_a_download_are_never_stored(client, xena):
    client.force_login(xena.user)
    response = client.get("/portaal/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_public_register_may_be_cached_for_anonymous_visitors(client):
    response = client.get("/register/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_stricter_cache_header_is_kept_and_a_public_one_replaced(bea):
    def view_with(header):
        def view(request):
            response = HttpResponse("x")
            response["Cache-Control"] = header
            return response
        return view

    request = RequestFactory().get("/")
    request.user = bea
    strict = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert SecurityHeadersMiddleware(view_with(strict))(request)["Cache-Control"] == strict
    public = SecurityHeadersMiddleware(view_with("public, max-age=3600"))(request)
    parts = {part.strip() for part in public["Cache-Control"].split(",")}
    assert "public" not in parts and {"private", "no-store"} <= parts


def test_the_logout_response_is_not_stored_either(client, bea):
    client.force_login(bea)
    response = client.post(reverse("logout"))
    assert "no-store" in response["Cache-Control"]


def test_the_admin_works_under_the_policy(client):
    """Django's admin (5.2) loads its scripts from files; its pages render under the policy."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="root@nvvk.example", is_staff=True,
                                   is_superuser=True))
    response = client.get(reverse("admin:audits_norm_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html and " onclick=" not in html
    assert "Content-Security-Policy" in response


def test_no_served_template_holds_inline_script_or_style():
    """The policy allows no inline script or style: keep them out of the templates (the PDF
    templates are rendered by WeasyPrint, never served, and e-mails are not web pages)."""
    inline = re.compile(r"<style|\sstyle=|\son[a-z]+=|javascript:|<script(?![^>]*\ssrc=)")
    offenders = []
    for folder in TEMPLATES:
        for path in folder.rglob("*.html"):
            relative = path.relative_to(ROOT).as_posix()
            if "/pdf/" in relative or "/emails/" in relative:
                continue
            offenders += [f"{relative}: {match.group()}"
                          for match in inline.finditer(path.read_text())]
    assert offenders == []


def test_production_sets_secure_on_every_cookie():
    code = ("import django.conf as c, importlib; "
            "m = importlib.import_module('config.settings.production'); "
            "print(m.SESSION_COOKIE_SECURE, m.CSRF_COOKIE_SECURE, m.LANGUAGE_COOKIE_SECURE, "
            "m.SECURE_HSTS_SECONDS > 0, m.SECURE_SSL_REDIRECT)")
    env = {"DJANGO_SECRET_KEY": "s" * 50, "DJANGO_ALLOWED_HOSTS": "keurmerk.example",
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 5
