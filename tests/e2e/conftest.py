"""End-to-end tests (issue #4): headless Debian Chromium driven by Playwright against Django's
``live_server``.

- The browser is the system Chromium (``chromium_path`` of tests/conftest.py: skipped locally,
  a failure in CI when it is missing); never a browser downloaded by ``playwright install``.
- Every actor gets a browser context of its own (its own cookies) and logs in through the real
  login page (``/inloggen/``); the test settings switch django-axes off.
- Each portal home page a test visits is saved as ``artifacts/e2e/<test>-<portal>.png``; a
  failing test also leaves a screenshot of every open page (``<test>-FAILED-<n>.png``).
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told that this is safe (it is: the loop only
# drives the browser, and the ORM calls are ordinary blocking calls of the test).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
PASSWORD = "wachtwoord-123"  # tests.factories.UserFactory
#: The authenticator-app secret every e2e user who needs a second factor gets (core.mfa).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
#: The home page of each portal (config/urls_*.py, each ``home`` at the prefix).
PORTAL_HOMES = {
    "public": "/register/",
    "member": "/portaal/",
    "bureau": "/bureau/",
    "auditor": "/auditor/",
    "director": "/directeur/",
    "board": "/bestuur/",
    "quality_team": "/kernteam/",
}
TIMEOUT_MS = 15_000

#: What a page shows when a form or a service refused: a RuleViolation's error message
#: (core.portal.rule_message, in the messages block) and the form's own errors. A notice that
#: explains beforehand why a step is not possible yet (R-0.5) is part of the page, not an error.
ERROR_SELECTOR = (".messages .message.error, form .errorlist, form .field-errors, "
                  "form .errorlist-block, form .message.error")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that the ``e2e`` fixture knows at
    teardown whether the test failed (and then saves screenshots of its open pages)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class Browser:
    """One test's browser: contexts per actor, screenshots, and small page helpers."""

    def __init__(self, *, playwright, chromium_path, base_url, name):
        self.browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        self.base_url = base_url
        self.name = name
        self.pages = []
        self.shot_portals: set[str] = set()
        self.used_codes: set[tuple[int, str]] = set()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()

    def url(self, path: str) -> str:
        return self.base_url + path

    def new_page(self):
        context = self.browser.new_context(locale="nl-NL", viewport={"width": 1280,
                                                                     "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("response", self._refuse_server_errors)
        page.on("console", self._refuse_policy_violations)
        self.pages.append(page)
        return page

    @staticmethod
    def _refuse_server_errors(response):
        # "Never a 500" (issue #4): a server error anywhere fails the test at once.
        assert response.status < 500, f"{response.status} on {response.url}"

    @staticmethod
    def _refuse_policy_violations(message):
        # Issue #8: the content security policy allows no inline script or style; a page that
        # the browser had to refuse something on fails the test.
        text = message.text
        assert not (message.type == "error" and "Content Security Policy" in text), text

    def anonymous(self):
        return self.new_page()

    def login(self, user, portal: str):
        """A new context for ``user``: the login page, then the portal's home page (where the
        login lands for a user with one portal), screenshotted."""
        from core.mfa import second_factor_required, totp_enrol

        page = self.new_page()
        if second_factor_required(user):
            totp_enrol(user, secret=TOTP_SECRET)  # issue #8: staff and auditors need one
        page.goto(self.url("/inloggen/"))
        page.fill("#id_login", user.email)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        if "/account/2fa/authenticate/" in page.url:
            self.second_factor(page, user)
        assert "/inloggen/" not in page.url, f"login of {user.email} failed"
        if page.url == self.url(PORTAL_HOMES[portal]):
            self.shot(page, portal)  # a user with one portal lands on its home page
        else:
            self.home(page, portal)
        return page

    def totp_code(self, user, secret: str = TOTP_SECRET) -> str:
        """A code of the authenticator app not used before by ``user`` in this test (allauth
        refuses a code twice; the tolerance accepts the neighbouring 30-second steps)."""
        from core.mfa import totp_code

        for offset in (0, 1, -1):
            code = totp_code(secret, offset=offset)
            if (user.pk, code) not in self.used_codes:
                self.used_codes.add((user.pk, code))
                return code
        raise AssertionError("no unused TOTP code within the tolerance")

    def second_factor(self, page, user, secret: str = TOTP_SECRET):
        """Type the authenticator app's code on allauth's second-factor page."""
        page.fill("#id_code", self.totp_code(user, secret))
        with page.expect_navigation():
            page.locator("#id_code").press("Enter")

    def home(self, page, portal: str):
        """Open ``portal``'s home page and save its screenshot (once per portal per test)."""
        response = page.goto(self.url(PORTAL_HOMES[portal]))
        assert response.status == 200, f"{portal} home: {response.status}"
        self.shot(page, portal)
        return page

    def shot(self, page, portal: str):
        if portal in self.shot_portals:
            return
        self.capture(page, portal)
        self.shot_portals.add(portal)

    def capture(self, page, label: str):
        """Save ``artifacts/e2e/<test>-<label>.png`` (the whole page)."""
        page.screenshot(path=str(ARTIFACTS / f"{self.name}-{label}.png"), full_page=True)

    def close(self, *, failed: bool):
        if failed:
            for n, page in enumerate(self.pages):
                try:
                    self.capture(page, f"FAILED-{n}")
                except Exception:  # noqa: BLE001 - a closed page has nothing to show
                    pass
        self.browser.close()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, built with a harmless ``MEDIA_URL``.

    The project sets ``MEDIA_URL = None`` on purpose: uploads live outside every public URL
    and are served only through ``document_download``. Django's ``LiveServerThread`` wraps
    the application in a media-files handler that parses ``MEDIA_URL`` once, when the thread
    starts, and fails every request when it is ``None`` (``urlparse(None)`` gives bytes). An
    off-site URL with a host makes that handler serve nothing, so the server behaves like
    production; the setting is changed only while the thread starts."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    address = (request.config.getvalue("liveserver")
               or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    with override_settings(MEDIA_URL="https://media.invalid/"):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture
def e2e(request, chromium_path, live_server):
    """The test's :class:`Browser` against the live server."""
    from playwright.sync_api import sync_playwright

    name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)
    with sync_playwright() as playwright:
        browser = Browser(playwright=playwright, chromium_path=chromium_path,
                          base_url=live_server.url, name=name)
        try:
            yield browser
        finally:
            call = getattr(request.node, "rep_call", None)
            browser.close(failed=call is None or call.failed)


# --- page helpers -------------------------------------------------------------------------


def errors_on(page) -> list[str]:
    return [text.strip() for text in page.locator(ERROR_SELECTOR).all_inner_texts()
            if text.strip()]


def submit(page, *, expect_refusal: bool = False):
    """Submit the page's POST form (the one in ``main``) and wait for the next page. Unless a
    refusal is expected, the next page must show no error; with ``expect_refusal`` it must
    show one (and the error texts are returned)."""
    with page.expect_navigation() as navigation:
        page.locator('main form[method="post"] [type=submit]').first.click()
    response = navigation.value
    errors = errors_on(page)
    if expect_refusal:
        assert errors, f"expected a refusal on {page.url}"
        return errors
    assert not errors, f"{page.url} ({response.status if response else '?'}): {errors}"
    return errors


def messages_on(page) -> str:
    return " ".join(page.locator(".messages").all_inner_texts())


def main_text(page) -> str:
    return page.locator("main").inner_text()


# A minimal hand-written PDF: libmagic reads "application/pdf" from its first bytes
# (core.uploads checks the type by content, not by name).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}
