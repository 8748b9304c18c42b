"""The service component that turns received SR text reports into searchable reports.

A reporting system that sends its reports as DICOM SR reaches ScanSide through the same
Storage SCP as the images. This component looks, every few seconds, for SR instances in the
catalogue that it has not read yet, extracts their text (:mod:`reports.sr_text`) and stores it
with :func:`reports.store.add_report` (source ``dicom-sr``): sentences, concept mentions with
negation, embeddings. What it made of each instance is recorded in ``sr_reports_taken``
(:mod:`appliance.catalogue.sr_reports`), so a restart neither reads one twice nor skips one.
The newest report of a study replaces the older.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from pydicom import dcmread
from pydicom.errors import InvalidDicomError

from appliance.catalogue import sr_reports
from appliance.catalogue.database import Database
from appliance.errors import ScanSideError
from reports.sr_text import TEXT_SR_SOP_CLASSES, is_measurement_report, report_from_sr
from reports.store import add_report

__all__ = ["SrReportIntake"]

log = logging.getLogger(__name__)


class SrReportIntake:
    """Component: reads new SR text reports from the catalogue into the reports tables."""

    name = "sr-report-intake"

    def __init__(self, db: Database, data_dir: Path, *, interval_s: float = 2.0) -> None:
        self.db = db
        self.data_dir = data_dir
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._counts: dict[str, int] = {}

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def status(self) -> dict[str, Any]:
        return {"taken": dict(self._counts)}

    def run_once(self) -> int:
        """Read every pending SR instance; return how many were taken."""
        pending = sr_reports.pending_text_srs(self.db, TEXT_SR_SOP_CLASSES)
        for sr in pending:
            outcome, detail = self._take(sr.study_uid, self.data_dir / sr.path)
            sr_reports.record_taken(self.db, sr, outcome, detail)
            self._counts[outcome] = self._counts.get(outcome, 0) + 1
        return len(pending)

    def _take(self, study_uid: str, path: Path) -> tuple[str, str | None]:
        try:
            ds = dcmread(path)
        except (OSError, InvalidDicomError) as exc:
            log.warning("cannot read SR %s: %s", path, exc)
            return "unreadable", str(exc)
        if is_measurement_report(ds):
            return "measurement-report", None
        report = report_from_sr(ds)
        if report is None:
            return "no-text", None
        try:
            sentences = add_report(self.db, study_uid, report.text, report.report_date, "dicom-sr")
        except ScanSideError as exc:
            log.warning("the SR report of study %s was not stored: %s", study_uid, exc)
            return "unreadable", exc.message
        return "report", f"{sentences} sentences"

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.run_once()
            except ScanSideError:
                log.exception("reading SR reports failed; trying again")
