"""Issue #8: the client address that the login throttle and the application form's rate limit
count, behind LOGIN_TRUSTED_PROXY_COUNT reverse proxies (core.rate_limit.client_address)."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from core.rate_limit import client_address


def request(forwarded=None, remote="10.0.0.1"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_the_peer_counts_and_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request("192.0.2.1")) == "10.0.0.1"


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (1, "203.0.113.7", "203.0.113.7"),
    (1, "192.0.2.66, 203.0.113.7", "203.0.113.7"),  # the client forged the first entry
    (2, "192.0.2.66, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
    (2, "203.0.113.7", "10.0.0.1"),  # fewer hops than proxies: the peer itself
    (1, "niet-een-adres", "10.0.0.1"),
    (1, None, "10.0.0.1"),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_behind_proxies_the_address_the_outermost_proxy_saw_counts(settings, count, forwarded,
                                                                   expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(request(forwarded)) == expected


def test_the_login_throttle_counts_the_same_address(settings):
    """django-axes resolves the address through the same function (AXES_CLIENT_IP_CALLABLE);
    without it, LOGIN_TRUSTED_PROXY_COUNT did nothing (axes' proxy settings need django-ipware,
    which is not installed) and every login behind the proxy counted as one address."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(request("192.0.2.66, 203.0.113.7")) == "203.0.113.7"
