"""One error envelope for every error: JSON under ``/api`` (and ``/openapi.json``), an HTML
page with the same message and suggestions everywhere else.

    {"error": {"status": 404, "code": "unknown_area", "message": "...",
               "parameter": "area", "suggestions": ["Bury", "Surrey"]}}
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from exclusions.errors import (
    ExclusionsError,
    StoreNotFound,
    UnknownArea,
    UnknownChoice,
    UnknownRelease,
    UnknownYear,
)
from exclusions.explore import BadAreaCount

__all__ = ["envelope", "install"]

log = logging.getLogger("exclusions.web")

HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    422: "invalid_parameter",
    500: "internal_error",
    503: "unavailable",
}


def envelope(
    status: int,
    code: str,
    message: str,
    *,
    parameter: str | None = None,
    suggestions: list[str] | None = None,
) -> dict[str, Any]:
    """The error body every failing request gets."""
    return {
        "error": {
            "status": status,
            "code": code,
            "message": message,
            "parameter": parameter,
            "suggestions": suggestions or [],
        }
    }


def _from_exclusions(exc: ExclusionsError, request: Request) -> dict[str, Any]:
    """Map a core error onto status, code, parameter and suggestions."""
    if isinstance(exc, UnknownArea):
        param = "area" if "area" in request.path_params else _area_param(request)
        return envelope(404, "unknown_area", str(exc), parameter=param,
                        suggestions=exc.suggestions)  # fmt: skip
    if isinstance(exc, UnknownYear):
        return envelope(422, "unknown_year", str(exc), parameter="year",
                        suggestions=exc.suggestions)  # fmt: skip
    if isinstance(exc, UnknownChoice):
        return envelope(422, f"unknown_{exc.what}", str(exc), parameter=exc.what,
                        suggestions=exc.choices)  # fmt: skip
    if isinstance(exc, BadAreaCount):
        return envelope(422, "bad_area_count", str(exc), parameter="area")
    if isinstance(exc, UnknownRelease):
        return envelope(422, "unknown_release", str(exc), parameter="release")
    if isinstance(exc, StoreNotFound):
        return envelope(503, "no_store", str(exc))
    return envelope(400, "bad_request", str(exc))


def _area_param(request: Request) -> str:
    for name in ("area", "areas"):
        if name in request.query_params:
            return name
    return "area"


def _validation(exc: RequestValidationError) -> dict[str, Any]:
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body")]
    param = loc[0] if loc else None
    msg = str(first.get("msg", "invalid request"))
    text = f"parameter {param!r}: {msg}" if param else msg
    allowed = first.get("ctx", {}).get("expected") if isinstance(first.get("ctx"), dict) else None
    suggestions = (
        [s.strip(" '") for s in str(allowed).replace(" or ", ",").split(",")] if allowed else []
    )
    return envelope(422, "invalid_parameter", text, parameter=param, suggestions=suggestions)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def install(app: FastAPI, render_error: Any) -> None:
    """Register handlers so every error, expected or not, gets the envelope.

    ``render_error(request, body)`` renders the HTML error page for non-API paths.
    """

    def respond(request: Request, body: dict[str, Any]) -> Response:
        status = int(body["error"]["status"])
        if _wants_json(request):
            return JSONResponse(body, status_code=status)
        return HTMLResponse(render_error(request, body), status_code=status)

    async def on_exclusions(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ExclusionsError)
        return respond(request, _from_exclusions(exc, request))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return respond(request, _validation(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        status = exc.status_code
        code = HTTP_CODES.get(status, "error")
        message = str(exc.detail) if exc.detail else code.replace("_", " ")
        if status == 404 and exc.detail == "Not Found":
            message = f"no page at {request.url.path}"
        response = respond(request, envelope(status, code, message))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def on_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path, exc_info=exc)
        body = envelope(500, "internal_error", "something went wrong on our side; it is logged")
        return respond(request, body)

    app.add_exception_handler(ExclusionsError, on_exclusions)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_error)
