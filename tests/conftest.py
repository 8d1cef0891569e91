import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import DATA, EXAMPLE  # noqa: E402


@pytest.fixture
def example_text() -> str:
    if not EXAMPLE.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def shared_data() -> Path:
    if not DATA.exists():
        pytest.skip("../shared/data is not beside this checkout")
    return DATA
