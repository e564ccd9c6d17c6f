"""The JSON API with the ASGI test client: every route, every kind of error, one envelope."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

ROUTES = [
    "/api/home",
    "/api/home?measure=susp",
    "/api/areas",
    "/api/areas/bury",
    "/api/areas/bury?year=2016/17&phase=secondary",
    "/api/areas/E92000001",
    "/api/areas/north-west",
    "/api/areas/bury/figures",
    "/api/rankings",
    "/api/rankings?measure=one_plus_susp&year=2016-17&phase=primary&sort=name&order=desc",
    "/api/rankings?region=inner-london",
    "/api/compare?area=Bury&area=Bolton",
    "/api/characteristics",
    "/api/characteristics?area=Bury&year=201617&group=sex",
    "/api/reasons?area=Bury",
    "/api/methods",
    "/api/search?q=burry",
]


def check_envelope(body: dict[str, Any], status: int) -> dict[str, Any]:
    """Every error body is exactly the envelope, with the response's status inside."""
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "code", "message", "parameter", "suggestions"}
    assert err["status"] == status and err["code"] and err["message"]
    assert isinstance(err["suggestions"], list)
    return dict(err)


@pytest.mark.parametrize("url", ROUTES)
def test_every_route_answers_json(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json()


def test_area_json_has_the_story_with_its_facts(client: TestClient) -> None:
    body = client.get("/api/areas/bury?year=2022/23").json()
    assert body["area"]["code"] == "E08000002" and body["year"] == "2022/23"
    sentence = body["story"]["paragraphs"][0]["sentences"][0]
    assert sentence["text"] and sentence["facts"][0]["provenance"]
    assert body["comparison"][0]["measures"]["perm_excl"]["count"] == 26


def test_search_finds_bury_and_bristol(client: TestClient) -> None:
    assert client.get("/api/search?q=Burry").json()["results"][0]["name"] == "Bury"
    found = client.get("/api/search?q=Bristol").json()["results"][0]
    assert found["name"] == "Bristol, City of" and found["path"] == "/area/bristol-city-of"
    assert client.get("/api/search?q=").json()["results"] == []


BAD = [
    ("/api/areas/burry", 404, "area", "unknown_area"),
    ("/api/areas/burry/figures", 404, "area", "unknown_area"),
    ("/api/compare?area=Bury&area=Burry", 404, "area", "unknown_area"),
    ("/api/characteristics?area=Nowhere", 404, "area", "unknown_area"),
    ("/api/reasons?area=Nowhere", 404, "area", "unknown_area"),
    ("/api/home?measure=one_plus_susp", 422, "measure", "invalid_parameter"),
    ("/api/rankings?measure=headcount", 422, "measure", "invalid_parameter"),
    ("/api/rankings?phase=nursery", 422, "phase", "invalid_parameter"),
    ("/api/rankings?year=1999/00", 422, "year", "unknown_year"),
    ("/api/rankings?year=banana", 422, "year", "unknown_year"),
    ("/api/rankings?sort=colour", 422, "sort", "invalid_parameter"),
    ("/api/rankings?order=up", 422, "order", "invalid_parameter"),
    ("/api/rankings?region=Bury", 422, "region", "unknown_region"),
    ("/api/areas/bury?year=2005/06", 422, "year", "unknown_year"),
    ("/api/areas/bury?phase=x", 422, "phase", "invalid_parameter"),
    ("/api/compare", 422, "area", "invalid_parameter"),
    ("/api/compare?area=Bury", 422, "area", "bad_area_count"),
    ("/api/compare?area=Bury&area=Bury", 422, "area", "bad_area_count"),
    ("/api/characteristics?group=shoe_size", 422, "group", "unknown_group"),
    ("/api/characteristics?year=2022/23", 422, "year", "unknown_year"),
    ("/api/search?limit=0", 422, "limit", "invalid_parameter"),
    ("/api/search?limit=many", 422, "limit", "invalid_parameter"),
    ("/api/nothing-here", 404, None, "not_found"),
]


@pytest.mark.parametrize(("url", "status", "parameter", "code"), BAD)
def test_errors_share_one_envelope(
    client: TestClient, url: str, status: int, parameter: str | None, code: str
) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    err = check_envelope(r.json(), status)
    assert err["code"] == code and err["parameter"] == parameter
    if parameter:
        assert parameter in err["message"] or code.startswith("unknown")


def test_unknown_area_suggests_names(client: TestClient) -> None:
    err = client.get("/api/areas/Burry").json()["error"]
    assert err["suggestions"][0] == "Bury" and "Bury" in err["message"]


def test_wrong_method_gets_the_envelope(client: TestClient) -> None:
    r = client.post("/api/rankings")
    check_envelope(r.json(), 405)


def test_unexpected_errors_get_the_envelope(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exclusions import explore

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(explore, "methods", broken)
    r = client.get("/api/methods?fresh=1")
    err = check_envelope(r.json(), 500)
    assert "boom" not in err["message"]  # internals stay in the log
    assert "boom" not in client.get("/methods?fresh=1").text


def test_openapi_documents_every_route_and_the_envelope(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    wanted = {"/api/home", "/api/areas/{area}", "/api/rankings", "/api/compare",
              "/api/characteristics", "/api/reasons", "/api/methods", "/api/search"}  # fmt: skip
    assert wanted <= paths
    assert all(p.startswith("/api/") for p in paths)
    assert "ErrorEnvelope" in schema["components"]["schemas"]
    ranking = schema["paths"]["/api/rankings"]["get"]
    measure = next(p for p in ranking["parameters"] if p["name"] == "measure")
    assert measure["schema"]["enum"] == ["perm_excl", "susp", "one_plus_susp"]
