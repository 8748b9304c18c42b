"""Deciding when a series is complete, and queueing its analysis.

A series is complete when it has as many instances as its data said to expect
(``series.expected_instances``, from Images in Acquisition or, for PET/NM, Number of Slices;
see :func:`appliance.ingest.parsing.expected_instances`), or else when no new instance has
arrived for the quiet period of its modality (``completion.quiet_s``). Completion queues an
``analyse_series`` job. A late instance sets the series back to ``receiving`` (in
:mod:`appliance.ingest.recorder`), so it completes, and is queued, again.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from appliance.catalogue import jobs
from appliance.catalogue.database import Database
from appliance.config import CompletionConfig
from appliance.errors import CatalogueError
from appliance.ingest.recorder import utcnow

__all__ = ["CompletionMonitor"]

log = logging.getLogger(__name__)

_RECEIVING = (
    "SELECT series_uid, study_uid, modality, instance_count, expected_instances, last_received_at "
    "FROM series WHERE state = 'receiving' AND last_received_at IS NOT NULL"
)
_COMPLETE = (
    "UPDATE series SET state = 'complete', completed_at = ?, completion_reason = ?, "
    "completions = coalesce(completions, 0) + 1 "
    "WHERE series_uid = ? AND state = 'receiving' AND last_received_at = ?"
)


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
            for row in self.db.execute(_RECEIVING):
                reason = self._due(row, now)
                if reason is not None and self._complete(row, reason, now):
                    done.append(str(row[0]))
        return done

    def _due(self, row: tuple[Any, ...], now: datetime) -> str | None:
        _, _, modality, count, expected, last = row
        if expected is not None and count >= expected:
            return "expected count"
        quiet = timedelta(seconds=self.config.quiet_for(str(modality or "")))
        if now - last >= quiet:
            return "quiet period"
        return None

    def _complete(self, row: tuple[Any, ...], reason: str, now: datetime) -> bool:
        series_uid, study_uid, _, count, _, last = row
        # Queue first: a crash between the two leaves the series receiving, so it completes
        # again and enqueue() finds the queued job instead of adding another.
        job_id = jobs.enqueue(
            self.db, jobs.ANALYSE_SERIES, study_uid=study_uid, series_uid=series_uid
        )
        updated = self.db.execute(
            _COMPLETE + " RETURNING series_uid", [now, reason, series_uid, last]
        )
        if updated:
            self.completed += 1
            log.info(
                "series %s complete (%s, %d instances): job %d", series_uid, reason, count, job_id
            )
        return bool(updated)
