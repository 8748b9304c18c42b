"""Deciding when a series is complete, and queueing its analysis.

A series is complete when it has as many instances as its data said to expect
(``series.expected_instances``, from Images in Acquisition or, for PET/NM, Number of Slices;
see :func:`appliance.ingest.parsing.expected_instances`), or else when no new instance has
arrived for the quiet period of its modality (``completion.quiet_s``). Completion queues an
``analyse_series`` job. A late instance sets the series back to ``receiving`` (in
:mod:`appliance.catalogue.instances`), so it completes, and is queued, again.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from appliance.catalogue import jobs
from appliance.catalogue.database import Database
from appliance.catalogue.instances import ReceivingSeries, complete_series, receiving_series
from appliance.config import CompletionConfig
from appliance.errors import CatalogueError
from appliance.ingest.recorder import utcnow

__all__ = ["CompletionMonitor"]

log = logging.getLogger(__name__)


class CompletionMonitor:
    """A Component: checks receiving series every ``completion.check_interval_s``."""

    name = "completion"

    def __init__(self, db: Database, config: CompletionConfig) -> None:
        self.db = db
        self.config = config
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.completed = 0

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="completion", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def status(self) -> dict[str, Any]:
        return {"completed": self.completed, "quiet_s": dict(self.config.quiet_s)}

    def _run(self) -> None:
        while not self._stop.wait(self.config.check_interval_s):
            try:
                self.check(utcnow())
            except CatalogueError:
                log.exception("series completion check failed; retrying")

    def check(self, now: datetime) -> list[str]:
        """Complete every series that is due at ``now``; return their UIDs."""
        done = []
        with self.db.connection():  # hold the catalogue: no batch lands between check and update
            for series in receiving_series(self.db):
                reason = self._due(series, now)
                if reason is not None and self._complete(series, reason, now):
                    done.append(series.series_uid)
        return done

    def _due(self, series: ReceivingSeries, now: datetime) -> str | None:
        expected = series.expected_instances
        if expected is not None and series.instance_count >= expected:
            return "expected count"
        quiet = timedelta(seconds=self.config.quiet_for(series.modality or ""))
        if now - series.last_received_at >= quiet:
            return "quiet period"
        return None

    def _complete(self, series: ReceivingSeries, reason: str, now: datetime) -> bool:
        # Queue first: a crash between the two leaves the series receiving, so it completes
        # again and enqueue() finds the queued job instead of adding another.
        job_id = jobs.enqueue(
            self.db, jobs.ANALYSE_SERIES, study_uid=series.study_uid, series_uid=series.series_uid
        )
        updated = complete_series(self.db, series, reason, now)
        if updated:
            self.completed += 1
            log.info(
                "series %s complete (%s, %d instances): job %d",
                series.series_uid,
                reason,
                series.instance_count,
                job_id,
            )
        return updated
