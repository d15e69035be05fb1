import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate-limit counters and the API's answers live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()
