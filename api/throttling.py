"""The public API's rate limit per client address (issue #12): Django REST framework's throttle
hook over ``core.rate_limit`` — the same client address (``client_address``, proxies
included) and the same atomic counting in the cache as the application form and the login
throttle. A refused request gets 429 with ``Retry-After``."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from core.rate_limit import Limit, client_address, rate_limit_take

#: The window of the limit, in seconds: ``API_RATE_LIMIT_PER_MINUTE`` requests per address.
WINDOW = 60


class ClientAddressThrottle(BaseThrottle):
    """At most ``settings.API_RATE_LIMIT_PER_MINUTE`` requests a minute per client address."""

    refusal = None

    def allow_request(self, request, view):
        self.refusal = rate_limit_take(
            scope="api", window=WINDOW,
            limits=[Limit(f"address:{client_address(request)}",
                          settings.API_RATE_LIMIT_PER_MINUTE)])
        return self.refusal is None

    def wait(self):
        return self.refusal.retry_after if self.refusal else None
