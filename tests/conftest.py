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


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request, tmp_path) -> str:
    """Where a test's store lives, once per backend: a SQLite file, or a fresh database on
    the test PostgreSQL server (skipped, with the reason, when none can be started)."""
    if request.param == "sqlite":
        yield str(tmp_path / "k.db")
        return
    from postgres_server import fresh_database

    with fresh_database() as url:
        yield url
