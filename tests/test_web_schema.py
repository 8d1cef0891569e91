"""Property tests of every API endpoint from its OpenAPI description (schemathesis): for
generated requests, valid and not, the server never answers 5xx, and what it answers
matches the schema it publishes (status codes, content types, bodies)."""

import pytest
from web_support import BACKENDS, app_over, demo_store

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is installed by .ci/run")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

TestClient = pytest.importorskip("fastapi.testclient", reason="the web tests need the web extra").TestClient


CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
EXAMPLES = 30  # per endpoint: each analyse example runs the whole pipeline


@pytest.fixture(scope="module", params=BACKENDS)
def app(request, tmp_path_factory):
    with demo_store(request.param, tmp_path_factory.mktemp("schema")) as db:
        app = app_over(db, analysis_seconds=5.0)
        with TestClient(app):  # runs the lifespan: the pool, closed at the end
            yield app


def test_web_schema_every_endpoint_conforms(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures, tested = [], []
    for found in schema.get_all_operations():
        operation = found.ok()
        tested.append(operation.label)

        @given(operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case):
            case.call_and_validate(checks=CHECKS)

        try:
            conforms()
        except Exception as e:  # noqa: BLE001 - collect every endpoint's failure, then report them all
            failures.append(f"{operation.label}: {e}")
    assert len(tested) >= 15
    assert not failures, "\n\n".join(failures)
