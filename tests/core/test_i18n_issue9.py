"""Issue #9, "Dutch that reads as Dutch": one date and number helper; Django's own messages,
error pages and favicon; rule ids for staff only; the member home says what to do next; the
local SITE_URL follows the served port."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from core.dates import date_label, number_label
from core.exceptions import RuleViolation
from core.portal import rule_message

D = dt.date


@pytest.mark.parametrize(("language", "day", "half"), [
    ("nl", "3 december 2026", "0,5"), ("en", "3 December 2026", "0.5")])
def test_dates_and_numbers_in_the_active_language(language, day, half):
    with translation.override(language):
        assert date_label(D(2026, 12, 3)) == day
        assert number_label(0.5) == half
        assert date_label(None) == ""


def test_password_rules_speak_the_active_language():
    """Django 5.2's minimum-length message has no Dutch translation of its own."""
    for language, words in (("nl", "te kort"), ("en", "too short")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            validate_password("q7")
        assert any(words in message for message in refused.value.messages), \
            refused.value.messages


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title"), [("nl", "Pagina niet gevonden"),
                                                 ("en", "Page not found")])
def test_the_404_page_is_branded_and_translated(client, settings, language, title):
    settings.DEBUG = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert title in html and "Keurmerk" in html and "favicon.svg" in html


def test_the_500_page_needs_no_database_nor_request_context():
    """Django renders 500.html without a request context; it extends the base layout. No
    database fixture here: a query would raise."""
    request = RequestFactory().get("/")
    with translation.override("en"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html and "Keurmerk" in html


@pytest.mark.django_db
def test_the_403_page_is_branded(client, xena, settings):
    settings.DEBUG = False
    client.force_login(xena.user)
    response = client.get("/bureau/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_the_favicon_is_a_static_file():
    from django.contrib.staticfiles import finders

    assert finders.find("img/favicon.svg")


def test_rule_ids_are_for_staff_not_for_members():
    """SPEC §1: the member reads what is refused and why; the rule id is for staff."""
    violation = RuleViolation("R-F3", "Het plan is te laat.")
    factory = RequestFactory()
    member_request = factory.get("/portaal/bevindingen/")
    from django.urls import resolve
    member_request.resolver_match = resolve("/portaal/bevindingen/")
    assert "R-F3" not in rule_message(violation, request=member_request)
    bureau_request = factory.get("/bureau/")
    bureau_request.resolver_match = resolve("/bureau/")
    assert "R-F3" in rule_message(violation, request=bureau_request)


def test_site_url_follows_the_served_port(monkeypatch):
    """``make run PORT=8001`` (or ``runserver 0.0.0.0:8001``) links to port 8001."""
    from config.settings.local import served_address

    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    assert served_address(["manage.py", "runserver", "127.0.0.1:8001"]) == \
        "http://127.0.0.1:8001"
    assert served_address(["manage.py", "runserver", "8002"]) == "http://127.0.0.1:8002"
    assert served_address(["manage.py", "runserver", "0.0.0.0:8003"]) == \
        "http://127.0.0.1:8003"
    monkeypatch.setenv("PORT", "8004")
    assert served_address(["manage.py", "seed_demo"]) == "http://127.0.0.1:8004"


def test_make_run_prints_the_url_with_its_port():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "http://$(HOST):$(PORT)/" in run and "export PORT" in makefile
