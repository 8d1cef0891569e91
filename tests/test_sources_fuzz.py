"""Property tests over every reader with hostile generators (tests/fuzz_readers.py): a few
hundred inputs each, so the suite stays fast; bench/fuzz.py runs the same for an hour."""

import pytest
from fuzz_readers import PROPERTIES
from hypothesis import HealthCheck, given, settings

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("prop, strategy", PROPERTIES, ids=[f"{p.__name__}-{i}" for i, (p, _) in enumerate(PROPERTIES)])
def test_sources_fuzz(prop, strategy):
    SETTINGS(given(strategy)(prop))()
