"""Prometheus metrics in the text exposition format, at ``GET /metrics``.

Request counts come from :class:`RequestMetrics` (an ASGI middleware counting by route handler
and status); the rest, each model's drift included (``scanside_drift_*``, ``docs/drift.md``),
are read from the catalogue and the machine when scraped. Written by hand
(the format is a few lines of text) so the appliance needs no metrics library.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from appliance.api.auth import requires
from appliance.catalogue import outbox
from appliance.catalogue.counts import catalogue_counts, findings_by_lung_rads
from appliance.health import machine
from appliance.monitoring.report import DriftView, Statistic
from appliance.service import Service

__all__ = ["RequestCounter", "RequestMetrics", "metrics", "render"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class RequestCounter:
    """Requests served by (handler name, method, status); one per application."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str, int]] = Counter()
        self._lock = threading.Lock()

    def add(self, handler: str, method: str, status: int) -> None:
        with self._lock:
            self._counts[(handler, method, status)] += 1

    def snapshot(self) -> list[tuple[tuple[str, str, int], int]]:
        with self._lock:
            return sorted(self._counts.items())


class RequestMetrics:
    """ASGI middleware counting HTTP requests into a :class:`RequestCounter`."""

    def __init__(self, app: ASGIApp, counter: RequestCounter) -> None:
        self.app = app
        self.counter = counter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return

        async def count(message: Message) -> None:
            if message["type"] == "http.response.start":
                handler = scope.get("route_handler")
                name = handler.handler_name if handler is not None else "unrouted"
                self.counter.add(name, str(scope["method"]), int(message["status"]))
            await send(message)

        try:
            await self.app(scope, receive, count)
        except HTTPException as exc:  # refused by a middleware (401): answered further out
            self.counter.add("unauthenticated", str(scope["method"]), exc.status_code)
            raise


def _label(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _family(name: str, kind: str, help_: str, samples: Iterable[tuple[str, float]]) -> list[str]:
    lines = [f"# HELP {name} {help_}", f"# TYPE {name} {kind}"]
    lines += [f"{name}{labels} {_number(value)}" for labels, value in samples]
    return lines


def _drift_families(reports: list[DriftView]) -> list[str]:
    """Per model (and statistic): the drift state, each statistic, its threshold and verdict."""

    def model(report: DriftView) -> str:
        m = report.model
        return f'model="{_label(m.name)}",version="{_label(m.version)}"'

    def per_statistic(value: Callable[[Statistic], float]) -> list[tuple[str, float]]:
        return [
            (f'{{{model(r)},statistic="{_label(s.name)}"}}', value(s))
            for r in reports
            for s in r.statistics
        ]

    return [
        *_family(
            "scanside_drift_state",
            "gauge",
            "Drift monitoring state per model (1 for the current state).",
            [(f'{{{model(r)},state="{_label(r.state)}"}}', 1) for r in reports],
        ),
        *_family(
            "scanside_drift_outside_validation_share",
            "gauge",
            "Share of the window's series outside the model's validation envelope.",
            [(f"{{{model(r)}}}", r.outside_validation_share) for r in reports],
        ),
        *_family(
            "scanside_drift_window_series",
            "gauge",
            "Series in the drift window.",
            [(f"{{{model(r)}}}", r.window_series) for r in reports],
        ),
        *_family(
            "scanside_drift_statistic",
            "gauge",
            "Each drift statistic (PSI, share or z; docs/drift.md).",
            per_statistic(lambda s: s.value),
        ),
        *_family(
            "scanside_drift_threshold",
            "gauge",
            "The value at which each drift statistic is flagged.",
            per_statistic(lambda s: s.threshold),
        ),
        *_family(
            "scanside_drift_flagged",
            "gauge",
            "1 when the statistic is flagged as drift.",
            per_statistic(lambda s: float(s.flagged)),
        ),
    ]


def render(service: NamedDependency[Service], counter: RequestCounter) -> str:
    """The current metrics as Prometheus text."""
    db = service.db
    counts = catalogue_counts(db)
    studies, instances = counts.studies, counts.instances
    by_rads = findings_by_lung_rads(db)
    disk = machine.disk(service.layout.root, service.config.storage)
    requests = counter.snapshot()
    lines = [
        *_family("scanside_studies", "gauge", "Studies in the catalogue.", [("", studies)]),
        *_family("scanside_instances", "gauge", "Images stored.", [("", instances)]),
        *_family(
            "scanside_findings",
            "gauge",
            "Findings by Lung-RADS category.",
            [(f'{{lung_rads="{_label(c)}"}}', n) for c, n in by_rads],
        ),
        *_family(
            "scanside_jobs",
            "gauge",
            "Analysis jobs by state.",
            [(f'{{state="{s}"}}', n) for s, n in counts.jobs.items()],
        ),
        *_family(
            "scanside_outbox",
            "gauge",
            "Outbox items by state.",
            [
                (f'{{state="{_label(s)}"}}', n)
                for s, n in (outbox.counts_by_state(db) or {}).items()
            ],
        ),
        *_family(
            "scanside_disk_free_bytes",
            "gauge",
            "Free space in the data directory.",
            [("", disk.free_bytes)],
        ),
        *_drift_families(service.drift()),
        *_family(
            "scanside_http_requests_total",
            "counter",
            "HTTP requests served.",
            [
                (f'{{handler="{_label(h)}",method="{m}",status="{s}"}}', n)
                for (h, m, s), n in requests
            ],
        ),
    ]
    return "\n".join(lines) + "\n"


@get("/metrics", guards=[requires("technologist")], sync_to_thread=True, include_in_schema=True)
def metrics(
    service: NamedDependency[Service], request_counter: NamedDependency[RequestCounter]
) -> Response[str]:
    """Prometheus metrics (scrape with ``authorization: {credentials: TOKEN}``)."""
    return Response(render(service, request_counter), media_type=CONTENT_TYPE)
