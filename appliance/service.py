"""The running appliance: one process that owns the catalogue and runs every component.

``scanside serve`` builds a :class:`Service` and starts it. The service opens the DuckDB file
(it is the one owner), then starts its components in order and stops them in reverse. A
component is anything with ``name``, ``start()``, ``stop()`` and ``status()``: the Storage SCP,
the series-completion monitor, the analysis dispatcher, the outbox sender. The HTTP API is not a
component of the core; the ``serve`` command puts it in front of the service. The service is the
:class:`~appliance.component.ComponentHost` that the parts of the appliance are added to
(:func:`appliance.ingest.assembly.add_ingest`, :func:`appliance.assembly.build_appliance`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from appliance.catalogue.database import Database, open_database
from appliance.component import Component
from appliance.config import AppConfig
from appliance.health.probe import Sources, take_snapshot
from appliance.health.snapshot import HealthSnapshot
from appliance.health.views import StatusView, status_view
from appliance.layout import DataLayout
from appliance.monitoring.drift import drift_report
from appliance.monitoring.report import DriftView
from appliance.watchdog import Heartbeats

__all__ = ["Component", "Service"]

log = logging.getLogger(__name__)


class Service:
    """Owns the catalogue and the components; thread-safe ``status()`` for the API."""

    def __init__(
        self,
        config: AppConfig,
        *,
        db: Database | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.config = config
        self.clock = clock
        """The time the API reads waits and ages at (a test fixes it, as the TUI's own clock)."""
        self.layout = DataLayout.at(config.storage.data_dir).create()
        self.db = db if db is not None else open_database(self.layout.catalogue)
        self.components: list[Component] = []
        self.heartbeats = Heartbeats()
        """Where long-running threads say they are alive (see :mod:`appliance.watchdog`)."""
        self._started: list[Component] = []

    def add(self, component: Component) -> None:
        self.components.append(component)

    def start(self) -> None:
        for component in self.components:
            log.info("starting %s", component.name)
            component.start()
            self._started.append(component)

    def stop(self) -> None:
        while self._started:
            component = self._started.pop()
            try:
                component.stop()
            except Exception:
                log.exception("stopping %s failed", component.name)

    def close(self) -> None:
        self.stop()
        self.db.close()

    def health(self, now: datetime | None = None) -> HealthSnapshot:
        """The appliance's health now (:mod:`appliance.health`): ``GET /api/v1/system``, and
        the TUI's banner and health screen."""
        sources = Sources(self.config, self.layout, self.db, self.components, self.heartbeats)
        return take_snapshot(sources, now or datetime.now())

    def status(self) -> StatusView:
        """Counts, disk space, each model's drift and each component's own status
        (``GET /api/v1/status``): the status view of one :meth:`health` snapshot, so drift is
        computed once."""
        return status_view(self.health())

    def drift(self) -> list[DriftView]:
        """Each model's drift report as the API serves it (``docs/drift.md``), for ``/drift``
        and ``/metrics``, which need no other part of the snapshot (no machine probe)."""
        return [r.view() for r in drift_report(self.db, self.config.monitoring)]
