"""The JSON API: every page's twin under ``/api``. Handlers only parse input, call the
explorer's page models and serialise them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from exclusions import explore
from exclusions.web.params import (
    ERRORS,
    AreaQuery,
    MapMeasure,
    MeasureParam,
    Order,
    PhaseParam,
    Sort,
    YearParam,
    site_of,
)

router = APIRouter(prefix="/api", tags=["JSON API"], responses=ERRORS)


def _json(body: dict[str, Any] | list[Any]) -> JSONResponse:
    return JSONResponse(body)


@router.get("/home", summary="England's headline figures, the map's measure and biggest movers")
def home(request: Request, measure: MapMeasure = "perm_excl") -> JSONResponse:
    """Twin of ``/``."""
    return _json(explore.home(site_of(request), measure).to_dict())


@router.get("/areas", summary="Every area with figures: England, regions, LAs")
def areas(request: Request) -> JSONResponse:
    """Twin of ``/areas``."""
    site = site_of(request)
    return _json(
        [
            {
                "code": a.code,
                "name": a.name,
                "level": a.level,
                "old_la_code": a.old_la_code,
                "region_code": a.region_code,
                "path": "/area/" + site.path_name(a),
                "api": "/api/areas/" + site.path_name(a),
            }
            for a in site.areas
        ]
    )


@router.get("/areas/{area}", summary="An area's story, figures and comparisons")
def area(
    request: Request, area: str, year: YearParam = None, phase: PhaseParam = "total"
) -> JSONResponse:
    """Twin of ``/area/{area}``: the story with the facts behind every sentence."""
    return _json(explore.area_page(site_of(request), area, year=year, phase=phase).to_dict())


@router.get("/areas/{area}/figures", summary="Every published headline figure for an area")
def figures(request: Request, area: str) -> JSONResponse:
    """Twin of the CSV download: each figure with its release, file, line and column."""
    return _json(explore.area_figures(site_of(request), area))


@router.get("/rankings", summary="League table of all LAs for a measure, year and phase")
def rankings(
    request: Request,
    measure: MeasureParam = "perm_excl",
    year: YearParam = None,
    phase: PhaseParam = "total",
    sort: Sort = "rank",
    order: Order | None = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
) -> JSONResponse:
    """Twin of ``/rankings``."""
    page = explore.rankings(
        site_of(request), measure, year=year, phase=phase, sort=sort, order=order, region=region
    )
    return _json(page.to_dict())


@router.get("/compare", summary="Two to five areas year by year")
def compare(
    request: Request,
    area: Annotated[list[str], Query(description="2 to 5 areas", max_length=5, min_length=1)],
    measure: MeasureParam = "perm_excl",
    phase: PhaseParam = "total",
) -> JSONResponse:
    """Twin of ``/compare``."""
    return _json(explore.compare(site_of(request), area, measure, phase).to_dict())


@router.get("/characteristics", summary="Exclusions by pupil characteristic")
def characteristics(
    request: Request,
    area: AreaQuery = "England",
    year: YearParam = None,
    phase: PhaseParam = "total",
    group: Annotated[str | None, Query(max_length=60)] = None,
) -> JSONResponse:
    """Twin of ``/characteristics``."""
    page = explore.characteristics(site_of(request), area, year=year, phase=phase, group=group)
    return _json(page.to_dict())


@router.get("/reasons", summary="Exclusions by reason")
def reasons(
    request: Request, area: AreaQuery = "England", year: YearParam = None,
    phase: PhaseParam = "total",
) -> JSONResponse:  # fmt: skip
    """Twin of ``/reasons``."""
    return _json(explore.reasons(site_of(request), area, year=year, phase=phase).to_dict())


@router.get("/methods", summary="Releases loaded, revisions, definitions and symbols")
def methods(request: Request) -> JSONResponse:
    """Twin of ``/methods``."""
    return _json(explore.methods(site_of(request)).to_dict())


@router.get("/search", summary="Areas matching a name, alias or near spelling")
def search(
    request: Request,
    q: Annotated[str, Query(description="What was typed", max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> JSONResponse:
    """Twin of ``/search``; the type-ahead calls it."""
    matches = explore.search(site_of(request), q, limit)
    return _json({"query": q, "results": [m.to_dict() for m in matches]})
