"""The HTML pages. Each handler parses its input, asks the explorer for the page model and
renders a template; the JSON twin of each lives in ``api.py``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from exclusions import explore
from exclusions.explore.compare import MAX_AREAS, MIN_AREAS
from exclusions.explore.methods import DEFINITIONS, METHODS
from exclusions.vocab.symbols import SYMBOLS
from exclusions.web.params import (
    AreaQuery,
    MapMeasure,
    MeasureParam,
    Order,
    PhaseParam,
    Sort,
    YearParam,
    site_of,
)

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A page from its template, with the site and the current path to hand."""
    env = request.app.state.templates
    html = env.get_template(template).render(
        request=request, site=site_of(request), path=request.url.path, **context
    )
    return HTMLResponse(html)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, measure: MapMeasure = "perm_excl") -> HTMLResponse:
    """England's headline figures, the map and the biggest movers."""
    return render(request, "home.html", page=explore.home(site_of(request), measure))


@router.get("/areas", response_class=HTMLResponse)
def areas(request: Request) -> HTMLResponse:
    """Every area, by region."""
    return render(request, "areas.html", areas=site_of(request).areas)


@router.get("/area/{area}", response_class=HTMLResponse)
def area(
    request: Request, area: str, year: YearParam = None, phase: PhaseParam = "total"
) -> HTMLResponse:
    """An area's story, charts, figures and comparisons."""
    page = explore.area_page(site_of(request), area, year=year, phase=phase)
    return render(request, "area.html", page=page)


@router.get("/area/{area}/figures.csv")
def area_csv(request: Request, area: str) -> Response:
    """Every published headline figure for the area, as CSV."""
    site = site_of(request)
    info, text = explore.area_csv(site, area)
    name = explore.slug(info.name) or info.code
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="exclusions-{name}.csv"'},
    )


@router.get("/rankings", response_class=HTMLResponse)
def rankings(
    request: Request,
    measure: MeasureParam = "perm_excl",
    year: YearParam = None,
    phase: PhaseParam = "total",
    sort: Sort = "rank",
    order: Order | None = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """The sortable league table."""
    page = explore.rankings(
        site_of(request), measure, year=year, phase=phase, sort=sort, order=order,
        region=region or None,
    )  # fmt: skip
    return render(request, "rankings.html", page=page)


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    area: Annotated[list[str], Query(max_length=MAX_AREAS * 2)] = [],  # noqa: B006
    measure: MeasureParam = "perm_excl",
    phase: PhaseParam = "total",
) -> HTMLResponse:
    """Two to five areas over time; with fewer, the form to choose them."""
    chosen = [a for a in area if a.strip()]
    page = None
    if len(chosen) >= MIN_AREAS:
        page = explore.compare(site_of(request), chosen, measure, phase)
    return render(
        request, "compare.html", page=page, chosen=chosen, measure=measure, phase=phase,
        slots=MAX_AREAS,
    )  # fmt: skip


@router.get("/characteristics", response_class=HTMLResponse)
def characteristics(
    request: Request,
    area: AreaQuery = "England",
    year: YearParam = None,
    phase: PhaseParam = "total",
    group: Annotated[str | None, Query(max_length=60)] = None,
) -> HTMLResponse:
    """Exclusions by pupil characteristic."""
    page = explore.characteristics(site_of(request), area, year=year, phase=phase, group=group)
    return render(request, "characteristics.html", page=page)


@router.get("/reasons", response_class=HTMLResponse)
def reasons(
    request: Request, area: AreaQuery = "England", year: YearParam = None,
    phase: PhaseParam = "total",
) -> HTMLResponse:  # fmt: skip
    """Exclusions by reason."""
    page = explore.reasons(site_of(request), area, year=year, phase=phase)
    return render(request, "reasons.html", page=page)


@router.get("/methods", response_class=HTMLResponse)
def methods(request: Request) -> HTMLResponse:
    """Releases loaded, revisions, definitions, symbols and methods."""
    return render(
        request, "methods.html", page=explore.methods(site_of(request)),
        page_definitions=DEFINITIONS, page_methods=METHODS, page_symbols=SYMBOLS,
    )  # fmt: skip


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    """Search results; straight to the area when the name is exact."""
    matches = explore.search(site_of(request), q)
    if matches and matches[0].how == "exact":
        return RedirectResponse(matches[0].path, status_code=303)
    return render(request, "search.html", q=q, matches=matches)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The JSON API's reference, rendered from the OpenAPI schema (no CDN assets)."""
    return render(request, "docs.html", schema=request.app.openapi())
