"""Turning ScanSide's exceptions into HTTP errors, at the edge and nowhere else.

Core code raises the specific :class:`~appliance.errors.ScanSideError` subclass; the handlers
registered here give it a status code and a JSON body ``{"status_code", "title", "detail"}``
whose ``detail`` is the message a technologist can act on. A body nested too deeply to decode
(RecursionError) is the client's 400. A catalogue failure while serving a request is a 503
whose detail says only that: DuckDB's own text (the statement, its types and values) goes to
the log, never to the client (issue 18). Anything else stays a 500 and is logged with its
traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from appliance.api.preview import PreviewError, UnknownFindingError
from appliance.errors import (
    AnalysisError,
    CatalogueError,
    ConfigError,
    DicomInputError,
    ModelError,
    OutOfSpaceError,
    QueryError,
    ScanSideError,
    SendError,
    VolumeError,
)
from appliance.inference.model_switch import SwitchRefused

__all__ = ["CATALOGUE_UNAVAILABLE", "STATUS_BY_ERROR", "exception_handlers", "status_for"]

log = logging.getLogger(__name__)

STATUS_BY_ERROR: tuple[tuple[type[ScanSideError], int], ...] = (
    (UnknownFindingError, 404),
    (SwitchRefused, 409),
    (PreviewError, 422),
    (QueryError, 400),
    (DicomInputError, 400),
    (VolumeError, 422),
    (AnalysisError, 422),
    (OutOfSpaceError, 507),
    (CatalogueError, 503),
    (ModelError, 503),
    (SendError, 502),
    (ConfigError, 500),
)
"""Most specific first; a ScanSideError not listed is a 400 (the request could not be served)."""


def status_for(exc: ScanSideError) -> int:
    for kind, status in STATUS_BY_ERROR:
        if isinstance(exc, kind):
            return status
    return 400


CATALOGUE_UNAVAILABLE = (
    "the catalogue could not answer this request; try again, and if it persists the service "
    "log names the cause"
)
"""The whole detail of a catalogue failure, as the client sees it."""


def _scanside_error(request: Request[Any, Any, Any], exc: Exception) -> Response[object]:
    assert isinstance(exc, ScanSideError)
    status = status_for(exc)
    if status >= 500:
        log.error("%s %s failed: %s: %s", request.method, request.url.path, exc.title, exc.message)
    detail = CATALOGUE_UNAVAILABLE if isinstance(exc, CatalogueError) else exc.message
    return Response(
        {"status_code": status, "title": exc.title, "detail": detail}, status_code=status
    )


def _http_error(request: Request[Any, Any, Any], exc: Exception) -> Response[object]:
    assert isinstance(exc, HTTPException)
    body: dict[str, object] = {"status_code": exc.status_code, "detail": exc.detail}
    if exc.extra:
        body["extra"] = exc.extra
    return Response(body, status_code=exc.status_code, headers=exc.headers)


def _too_deep(request: Request[Any, Any, Any], exc: Exception) -> Response[object]:
    """JSON nested thousands deep makes the decoder recurse past Python's limit: the request
    cannot be read, which is the client's doing (400), not a failure inside ScanSide."""
    log.warning("%s %s: the request is nested too deeply to read", request.method, request.url.path)
    detail = "the request body is nested too deeply to read"
    return Response({"status_code": 400, "detail": detail}, status_code=400)


def exception_handlers() -> ExceptionHandlersMap:
    return {
        ScanSideError: _scanside_error,
        HTTPException: _http_error,
        RecursionError: _too_deep,
    }
