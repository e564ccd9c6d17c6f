"""Property-based tests of the JSON API from its own OpenAPI schema (schemathesis): whatever
the parameters, no 5xx, and every error carries the envelope."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case

from exclusions.explore import Site
from exclusions.web import create_app

OPERATIONS = [
    "/api/home",
    "/api/areas",
    "/api/areas/{area}",
    "/api/areas/{area}/figures",
    "/api/rankings",
    "/api/compare",
    "/api/characteristics",
    "/api/reasons",
    "/api/methods",
    "/api/search",
]


@pytest.fixture(scope="module")
def api_schema(site: Site) -> schemathesis.BaseSchema:
    # A fresh app with a small cache: the cache is not what is under test here.
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(site, cache_bytes=1 << 20))


def test_every_operation_is_covered(api_schema: schemathesis.BaseSchema) -> None:
    found = {r.ok().path for r in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize("path", OPERATIONS)
def test_api_never_fails_on_our_side(api_schema: schemathesis.BaseSchema, path: str) -> None:
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: Case) -> None:
        response = case.call()
        assert response.status_code < 500, (case.path_parameters, case.query, response.text[:300])
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"}
            assert body["error"]["status"] == response.status_code

    check()
