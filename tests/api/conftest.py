import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache: each test starts with none (the rates themselves are tested apart)."""
    cache.clear()
    yield
    cache.clear()
