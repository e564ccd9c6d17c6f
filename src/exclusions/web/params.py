"""Query parameters shared by the pages and their JSON twins, declared once so that both
validate alike and the OpenAPI schema names every allowed value."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query, Request
from pydantic import BaseModel

from exclusions.explore import Site

Measure = Literal["perm_excl", "susp", "one_plus_susp"]
MapMeasure = Literal["perm_excl", "susp"]
Phase = Literal["total", "primary", "secondary", "special"]
Sort = Literal["rank", "name", "count", "pupils", "rate", "region"]
Order = Literal["asc", "desc"]

YearParam = Annotated[
    str | None,
    Query(
        description="Academic year as 2022/23, 2022-23 or 202223; default the latest",
        max_length=20,
        examples=["2022/23"],
    ),
]
PhaseParam = Annotated[Phase, Query(description="School phase; total is all state-funded")]
MeasureParam = Annotated[Measure, Query(description="What is counted")]
AreaQuery = Annotated[
    str,
    Query(
        description="Area name, slug or code (LA, region or England)",
        min_length=1,
        max_length=100,
        examples=["Bury"],
    ),
]


SITE = "exclusions.site"  # the scope key of the site a request is pinned to


def site_of(request: Request) -> Site:
    """The site this request is served from (pinned when it arrived; see ``app.Pinned``)."""
    site: Site = request.scope[SITE]
    return site


class ErrorBody(BaseModel):
    """What went wrong, the parameter at fault and what might have been meant."""

    status: int
    code: str
    message: str
    parameter: str | None = None
    suggestions: list[str] = []


class ErrorEnvelope(BaseModel):
    """Every error response, JSON or not, carries this envelope."""

    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorEnvelope, "description": "Unknown area (with suggestions)"},
    422: {"model": ErrorEnvelope, "description": "A parameter is invalid (named in the body)"},
}
