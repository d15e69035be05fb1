"""Issue #9: every portal page reads as Dutch in ``nl`` and as English in ``en``. Each GET page
of the access matrix is rendered for a persona it is for, in both languages, and its visible
text may hold no ISO date ("2026-12-03"), no lazy plural ("maand(en)") and, in English, no
Dutch text of our catalogue that has an English translation."""

import datetime as dt
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core.reference_data import NORMS
from tests.access.matrix import PERSONAS
from tests.access.test_matrix import ENTRIES, URL_NAMES

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
LAZY_PLURAL = re.compile(r"\w\((?:en|s|n)\)")
#: Personas that read a page, in order of preference: a member page is read by a member,
#: a staff page by the portal's own role before the director.
PREFERENCE = ("xena", "anna", "kim", "bram", "bea", "dirk", "anonymous")
#: Hidden elements whose text no reader sees.
SKIPPED_TAGS = {"script", "style", "template", "textarea"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.chunks


def _dutch_msgids() -> set[str]:
    """The Dutch texts of our catalogue whose English translation differs (long enough to be
    unambiguous: single words like "Status" read the same in both languages)."""
    mo = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return {key for key, value in catalog.items()
            if isinstance(key, str) and key and value and key != value and "%" not in key
            and "{" not in key and len(key) >= 12 and " " in key}


DUTCH = _dutch_msgids()

PAGES = [name for name in URL_NAMES
         if ENTRIES[name].method == "get" and not name.startswith("calendar")
         and "pdf" not in name and "download" not in name and "ics" not in name]


def _persona(entry) -> str:
    return next(p for p in PREFERENCE if p in entry.allowed)


#: The norm titles of the Kwaliteitskader are quoted verbatim from the guideline ("1.6
#: Helderheid over invulling van opdracht(en) …"): that is the NVVK's wording, not ours.
QUOTED = tuple(title for _code, title in NORMS)


def problems_in(text: list[str], *, language: str) -> list[str]:
    found = [f"ISO date: {chunk!r}" for chunk in text if ISO_DATE.search(chunk)]
    found += [f"lazy plural: {chunk!r}" for chunk in text
              if LAZY_PLURAL.search(chunk) and not any(q in chunk for q in QUOTED)]
    if language == "en":
        found += [f"untranslated: {chunk!r}" for chunk in text if chunk in DUTCH]
    return found


def test_the_checks_catch_what_they_are_for():
    """The detector itself: an ISO date, "maand(en)" and Dutch catalogue text on an English
    page are found; attributes (``<time datetime>``, input values) are not visible text."""
    html = ('<p>Geschorst voor 2 maand(en)</p><time datetime="2026-12-03">3 December 2026'
            '</time><input value="2026-12-03"><p>Tot 2026-12-03</p>')
    found = problems_in(visible_text(html), language="nl")
    assert len(found) == 2
    dutch = next(iter(DUTCH))
    assert problems_in(visible_text(f"<p>{dutch}</p>"), language="en")


@pytest.fixture
def lived_in_world(world, dirk):
    """The access-matrix world with history to show: member X was suspended for three months
    ten days ago and has a complaint, so its timeline and the staff pages carry dates, months
    and decisions (on today's code of before #9 the member home fails here)."""
    from tests.complaints.factories import register
    from tests.suspensions.factories import suspend

    suspend(world.member_x, by=dirk, starts_on=dt.date.today() - dt.timedelta(days=10))
    register(by=world.users["bea"], member=world.member_x)
    return world


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_portal_page_reads_in_its_language(client, lived_in_world, name, language):
    world = lived_in_world
    entry = ENTRIES[name]
    persona = _persona(entry)
    assert persona in PERSONAS
    if persona != "anonymous":
        client.force_login(world.users[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse(name, kwargs=entry.kwargs(world)) + (f"?{entry.query}" if entry.query else "")
    response = client.get(url)
    # A suspended member is not in the public register (R-S6): its public page is a 404.
    ok = entry.status_ok + ((404,) if name == "public:member_detail" else ())
    assert response.status_code in ok, (name, persona, response.status_code)
    if "html" not in response.get("Content-Type", ""):
        return
    found = problems_in(visible_text(response.content.decode()), language=language)
    assert not found, (name, persona, language, found[:10])
