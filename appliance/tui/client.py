"""The TUI's connection to the appliance: a small, typed HTTP client with no UI in it.

Every call returns the answer as the TUI's typed, frozen objects (:mod:`appliance.tui.responses`;
the system overview as the appliance's own :class:`~appliance.health.snapshot.HealthSnapshot`,
after its JSON is checked against :class:`~appliance.health.views.SystemView`) or raises one of
the :class:`ApiError` types below, each with a title and a message the TUI can show as is:
:class:`ApplianceUnreachable` (nothing answers at the URL: the appliance is not running),
:class:`AccessDenied` (401/403: the token is missing, unknown, or its role is too low),
:class:`RequestFailed` (any other error status, with the API's own ``detail``) and
:class:`UnexpectedResponse` (the answer lacks a field the TUI reads, or has one of another kind:
the TUI and the appliance are of different versions). This is the one place the TUI reads JSON:
the screens read attributes. :func:`resolve_token` finds the token the way ``scanside tui``
documents: ``--token``, then ``$SCANSIDE_TOKEN``, then the running appliance's
``run/local-admin.token`` in the data directory.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from appliance.errors import ScanSideError
from appliance.health.snapshot import HealthSnapshot
from appliance.health.views import ModelList, SystemView
from appliance.layout import DataLayout
from appliance.tui.decode import ShapeError, decode, decode_list
from appliance.tui.responses import (
    FeedSeries,
    Liveness,
    ModelVersions,
    NoduleHistory,
    Preview,
    QueryAnswer,
    ShadowAgreement,
    StudyDetail,
    Worklist,
)

__all__ = [
    "TOKEN_ENV",
    "AccessDenied",
    "ApiClient",
    "ApiError",
    "ApplianceUnreachable",
    "RequestFailed",
    "UnexpectedResponse",
    "resolve_token",
    "resolve_url",
]

TOKEN_ENV = "SCANSIDE_TOKEN"  # noqa: S105 - the variable's name, not a secret

T = TypeVar("T")


class ApiError(ScanSideError):
    """The API could not give an answer; ``title`` and ``message`` say why."""

    title = "API error"


class ApplianceUnreachable(ApiError):
    """Nothing answers at the API's URL: the appliance is not running or the URL is wrong."""

    title = "Appliance not running"


class AccessDenied(ApiError):
    """The token is missing, unknown or revoked (401), or its role may not do this (403)."""

    title = "Access denied"

    def __init__(self, message: str, *, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


class RequestFailed(ApiError):
    """The API answered with an error status; ``status_code`` and the API's ``detail``."""

    def __init__(self, message: str, *, status_code: int, title: str | None = None) -> None:
        super().__init__(message, title=title or f"HTTP {status_code}")
        self.status_code = status_code


class UnexpectedResponse(ApiError):
    """The API answered, but not in the shape this TUI reads: ``field`` names what is missing or
    of another kind (empty when the answer is not JSON at all). The TUI and the appliance are
    of different versions, or the URL is not a ScanSide appliance's."""

    title = "Unexpected answer from the appliance"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def resolve_url(explicit: str | None, running: str | None, default: str) -> str:
    """``--url``, else the running appliance's URL (``run/service.json``), else ``default``."""
    return (explicit or running or default).rstrip("/")


def resolve_token(
    explicit: str | None, environ: Mapping[str, str], layout: DataLayout | None
) -> str | None:
    """``--token``, else ``$SCANSIDE_TOKEN``, else the local admin token file, else None."""
    if explicit:
        return explicit.strip()
    if environ.get(TOKEN_ENV):
        return environ[TOKEN_ENV].strip()
    if layout is not None:
        path = layout.run / "local-admin.token"
        if path.is_file() and os.access(path, os.R_OK):
            return path.read_text().strip() or None
    return None


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip() or response.reason_phrase
    if isinstance(body, dict) and body.get("detail"):
        return str(body["detail"])
    return response.reason_phrase


class ApiClient:
    """Blocking calls to one appliance's API (run them off the UI thread)."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        timeout_s: float = 5.0,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=timeout_s,
            transport=transport,
            verify=verify,
        )

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ApplianceUnreachable(
                f"nothing answers at {self.base_url} ({exc}); start it with 'scanside serve'"
            ) from exc
        except httpx.HTTPError as exc:
            raise ApiError(f"{method} {path} failed: {exc}") from exc
        if response.status_code in (401, 403):
            raise AccessDenied(_detail(response), status_code=response.status_code)
        if response.status_code >= 400:
            raise RequestFailed(_detail(response), status_code=response.status_code)
        try:
            return response.json()
        except ValueError as exc:
            raise UnexpectedResponse(
                f"{method} {path} answered with something that is not JSON ({exc}); is "
                f"{self.base_url} a ScanSide appliance?",
                field="",
            ) from exc

    def health(self) -> Liveness:
        """The process answers, and its version (needs no token)."""
        return self._get(Liveness, "/api/v1/health")

    def system(self) -> HealthSnapshot:
        """The appliance's health snapshot: its JSON must have the shape of
        :class:`~appliance.health.views.SystemView` (else :class:`UnexpectedResponse` naming the
        field), and is read back into the snapshot the screens render."""
        path = "/api/v1/system"
        body = self._call("GET", path)
        try:
            decode(body, SystemView)
        except ShapeError as exc:
            raise self._unexpected(f"GET {path}", exc) from exc
        return HealthSnapshot.from_json(body)

    def _unexpected(self, request: str, exc: ShapeError) -> UnexpectedResponse:
        return UnexpectedResponse(
            f"{request}: {exc}. Is this TUI the same version as the appliance at {self.base_url}?",
            field=exc.path,
        )

    def _get(self, target: type[T], path: str, **kwargs: Any) -> T:
        """GET ``path`` as a ``target``; :class:`UnexpectedResponse` when it is not one."""
        body = self._call("GET", path, **kwargs)
        try:
            return decode(body, target)
        except ShapeError as exc:
            raise self._unexpected(f"GET {path}", exc) from exc

    def feed(self, limit: int = 50) -> list[FeedSeries]:
        path = "/api/v1/feed"
        body = self._call("GET", path, params={"limit": limit})
        try:
            return decode_list(body, FeedSeries)
        except ShapeError as exc:
            raise self._unexpected(f"GET {path}", exc) from exc

    def worklist(self, limit: int = 100) -> Worklist:
        return self._get(Worklist, "/api/v1/worklist", params={"limit": limit})

    def study(self, study_uid: str) -> StudyDetail:
        return self._get(StudyDetail, f"/api/v1/studies/{quote(study_uid, safe='')}")

    def preview(self, finding_id: str, size: int = 32, field_mm: float | None = None) -> Preview:
        params: dict[str, int | float] = {"size": size}
        if field_mm is not None:
            params["field_mm"] = round(field_mm, 1)
        return self._get(
            Preview, f"/api/v1/findings/{quote(finding_id, safe='')}/preview", params=params
        )

    def history(self, finding_id: str) -> NoduleHistory:
        """The finding's nodule across the patient's exams (its track), oldest first."""
        return self._get(NoduleHistory, f"/api/v1/findings/{quote(finding_id, safe='')}/history")

    def query(self, question: str) -> QueryAnswer:
        path = "/api/v1/query"
        body = self._call("POST", path, json={"question": question})
        try:
            return decode(body, QueryAnswer)
        except ShapeError as exc:
            raise self._unexpected(f"POST {path}", exc) from exc

    def models(self) -> ModelList:
        """The models the analysis runs (loaded, else installed), or why none could be listed."""
        return self._get(ModelList, "/api/v1/models")

    def model_versions(self) -> ModelVersions:
        return self._get(ModelVersions, "/api/v1/models/versions")

    def compare(self, model: str, live: str, shadow: str) -> ShadowAgreement:
        """The agreement of a shadow version with the live one (``scanside models compare``)."""
        return self._get(
            ShadowAgreement,
            "/api/v1/models/compare",
            params={"model": model, "live": live, "shadow": shadow},
        )
