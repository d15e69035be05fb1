"""Dutch by default, English available (gettext; compiled catalogues are committed)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_interface_is_dutch_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()
    assert "Inloggen bij Keurmerk" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_turns_the_interface_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Inloggen bij Keurmerk" not in page
    assert "Keurmerk" in page


def test_the_english_catalogue_translates_every_message_and_is_compiled():
    po = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 10_000
    entries = po.read_text().split("\n\n")[1:]
    untranslated = [entry for entry in entries
                    if 'msgstr ""' in entry and entry.rstrip().endswith('msgstr ""')]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:2]}"
    # A fuzzy entry is left out of the compiled catalogue: it would show Dutch.
    fuzzy = [entry for entry in entries if "#, fuzzy" in entry or ", fuzzy" in entry]
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:2]}"
    assert settings.LANGUAGE_CODE == "nl"
