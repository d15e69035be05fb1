"""The certificate verification page (R-Z7): by number, plainly valid / expired / withdrawn /
suspended / unknown; the QR code's signed token must match, else "onbekend", never valid."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import resolve

from certificates.models import CertificateState
from certificates.pdf import TOKEN_SALT, certificate_token, certificate_verify_url
from suspensions.models import Publication
from tests.portals.member_helpers import certify, suspend_directly, travel

pytestmark = pytest.mark.django_db
NUMBER = "NVVK-2024-0007"


@pytest.fixture
def certificate(member_x, body_a):
    """Valid 1 June 2024 up to and including 31 May 2027; today is 10 March 2026."""
    return certify(member_x, body=body_a, number=NUMBER)


def verify(client, number=NUMBER, query=""):
    with travel():
        response = client.get(f"/register/certificaat/{number}/{query}")
    assert response.status_code == 200
    return response


VERDICTS = {"valid": "Geldig", "not_yet_valid": "Nog niet geldig", "expired": "Verlopen",
            "withdrawn": "Ingetrokken", "suspended": "Geschorst", "unknown": "Onbekend",
            "invalid_link": "Ongeldige link"}


def verdict(response):
    """The verification's code, checked against the plain word the page shows for it."""
    code = response.context["verification"].code
    html = response.content.decode()
    shown = html.split('class="verify-verdict">', 1)[1].split("</p>", 1)[0]
    assert VERDICTS[code] in shown and all(
        word not in shown for other, word in VERDICTS.items()
        if other != code and word not in VERDICTS[code]), shown
    return code


def test_r_z7_a_valid_certificate_says_geldig_with_its_details(client, certificate):
    """R-Z7: a valid certificate says geldig with its details."""
    response = verify(client)
    html = response.content.decode()
    assert verdict(response) == "valid"
    for text in ("Geldig", "Geldig tot en met 31 mei 2027", "Schuldhulp X", "CI Alfa B.V.",
                 "1 juni 2024"):
        assert text in html, text


def test_r_z7_the_qr_code_of_the_pdf_leads_to_this_page_and_verifies(client, certificate):
    """R-Z7: The URL the PDF's QR code carries resolves to the verification view and says valid."""
    url = urlsplit(certificate_verify_url(certificate))
    assert resolve(url.path).view_name == "public:certificate_verify"
    assert verdict(verify(client, query=f"?{url.query}")) == "valid"


@pytest.mark.parametrize("tamper", ["garbage", "other_number", "other_dates", "cut", "empty"])
def test_r_z7_a_tampered_or_mismatching_token_says_the_link_is_not_valid(client, certificate,
                                                                         tamper):
    """R-Z7 (issue #9): a tampered or mismatching token is never valid, and never says that
    an existing certificate "komt niet voor in het register": the link is not valid, and the
    page offers the lookup by number."""
    token = certificate_token(certificate)
    token = {
        "garbage": "dit-is-geen-token",
        "other_number": signing.dumps(["NVVK-2024-0008", "2024-06-01", "2027-05-31"],
                                      salt=TOKEN_SALT, compress=True),
        "other_dates": signing.dumps([NUMBER, "2024-06-01", "2029-05-31"], salt=TOKEN_SALT,
                                     compress=True),
        "cut": token[:-3],
        "empty": "",
    }[tamper]
    response = verify(client, query=f"?t={token}")
    assert verdict(response) == "invalid_link"
    html = response.content.decode()
    assert "Deze link is niet geldig" in html and "CI Alfa B.V." not in html
    assert "Geldig" not in html
    assert "komt niet voor" not in html
    assert f'href="/register/certificaat/{NUMBER}/"' in html


def test_r_z7_an_unknown_number_says_onbekend(client, certificate):
    """R-Z7: an unknown number says onbekend."""
    assert verdict(verify(client, number="NVVK-1999-0001")) == "unknown"


def test_r_z7_the_number_is_found_whatever_its_case(client, certificate):
    """R-Z7: the number is found whatever its case."""
    assert verdict(verify(client, number=NUMBER.lower())) == "valid"


def test_r_z7_an_expired_certificate_says_verlopen(client, member_x, body_a):
    """R-Z7: an expired certificate says verlopen."""
    certify(member_x, body=body_a, number=NUMBER, valid_from=dt.date(2022, 1, 1),
            valid_until=dt.date(2024, 12, 31), state=CertificateState.EXPIRED)
    response = verify(client)
    assert verdict(response) == "expired"
    assert "Verlopen op 31 december 2024" in response.content.decode()


def test_r_z5_a_withdrawn_certificate_says_ingetrokken_even_with_a_genuine_token(
        client, member_x, body_a):
    """The token vouches for the validity at issue; a withdrawal after issue shows from the
    database (R-Z5: the register reflects it the same day)."""
    certificate = certify(member_x, body=body_a, number=NUMBER, state=CertificateState.WITHDRAWN,
                          withdrawn_on=dt.date(2026, 3, 10), withdrawal_reason="merger")
    response = verify(client, query=f"?t={certificate_token(certificate)}")
    assert verdict(response) == "withdrawn"
    assert "Ingetrokken op 10 maart 2026" in response.content.decode()


def test_r_s7_a_published_suspension_says_geschorst(client, certificate, member_x, dirk):
    """R-S7: a published suspension says geschorst."""
    suspend_directly(member_x, by=dirk, publication=Publication.REGISTER_AND_PRESS)
    assert verdict(verify(client)) == "suspended"


def test_r_s7_an_unpublished_suspension_is_not_revealed(client, certificate, member_x, dirk):
    """R-S7: without a publication choice the page reports the certificate itself."""
    suspend_directly(member_x, by=dirk, publication=Publication.NONE)
    response = verify(client)
    assert verdict(response) == "valid"
    assert "geschorst" not in response.content.decode().lower()


def test_r_z3_a_renewal_that_starts_later_is_not_yet_valid(client, member_x, body_a):
    """R-Z3: a renewal that starts later is not yet valid."""
    certify(member_x, body=body_a, number=NUMBER, valid_from=dt.date(2026, 6, 1),
            valid_until=dt.date(2029, 5, 31))
    response = verify(client)
    assert verdict(response) == "not_yet_valid"
    assert "gaat in op 1 juni 2026" in response.content.decode()


def test_r_z7_the_lookup_form_leads_to_the_verification_page(client, certificate):
    """R-Z7: the lookup form leads to the verification page."""
    with travel():
        assert client.get("/register/certificaat/").status_code == 200
        response = client.get("/register/certificaat/", {"nummer": f"  {NUMBER} "})
    assert response.status_code == 302
    assert response["Location"] == f"/register/certificaat/{NUMBER}/"


def test_the_member_page_is_linked_only_when_the_register_lists_the_member(client, certificate,
                                                                          member_x, dirk):
    assert f'href="/register/lid/{member_x.pk}/"' in verify(client).content.decode()
    suspend_directly(member_x, by=dirk, publication=Publication.NONE)
    assert f'href="/register/lid/{member_x.pk}/"' not in verify(client).content.decode()
