"""Publishing the results of an analysed series: file them, then queue them for every receiver.

The analysis dispatcher's ``on_analysed`` hook calls :meth:`ResultsPublisher.publish` with each
:class:`~appliance.findings.SeriesAnalysis`. The SR, SEG and text summary are written (durably)
under ``<data>/results/<study UID>/``, with the FHIR Bundle and one HL7 ORU^R01 per RIS
(:mod:`appliance.results.messages`); then each DICOM object is recorded in the outbox for every
PACS, each HL7 message for its RIS and the Bundle for every FHIR server. The sender components
(DICOM, HL7, FHIR) do the network part.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

import pydicom

from appliance.catalogue.database import Database
from appliance.config import AppConfig
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from appliance.results.durable import safe_stem
from appliance.results.files import write_result_files
from appliance.results.messages import WrittenMessage, write_messages
from appliance.results.outbox import Outbox

__all__ = ["PublishedResults", "ResultsPublisher"]

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class PublishedResults:
    """What :meth:`ResultsPublisher.publish` wrote and queued."""

    files: tuple[Path, ...]
    queued: tuple[int, ...]
    """Outbox row ids (one per object or message per destination)."""


class ResultsPublisher:
    """Writes results under ``layout.results`` and records them in the outbox."""

    def __init__(
        self,
        db: Database,
        layout: DataLayout,
        config: AppConfig,
        *,
        notify: Callable[[], None] | None = None,
    ) -> None:
        self.layout = layout
        self.config = config
        self.outbox = Outbox(db, layout, config.pacs)
        self.message_outboxes = {
            "hl7": Outbox(db, layout, config.hl7, channel="hl7"),
            "fhir": Outbox(db, layout, config.fhir, channel="fhir"),
        }
        self.notify = notify
        """Called after queueing (e.g. the sender's ``wake``) so sending starts at once."""

    def publish(self, analysis: SeriesAnalysis, priority: str | None = None) -> PublishedResults:
        """Write the results of ``analysis`` and queue the DICOM objects and messages."""
        folder = self.layout.results / safe_stem(analysis.study_uid)
        files = write_result_files(analysis, folder, priority=priority)
        queued: list[int] = []
        for path in files:
            if path.suffix == ".dcm":
                queued += self._queue(path, analysis)
        # The DICOM results are queued first: a message that cannot be built (ResultsError,
        # raised to the caller) never holds back the SR and SEG.
        summary = next(p for p in files if p.suffix == ".txt").read_text(encoding="ascii")
        messages = write_messages(analysis, folder, self.config, summary=summary, priority=priority)
        for message in messages:
            queued += self._queue_message(message, analysis)
        files += [m.path for m in messages]
        log.info(
            "results of series %s: %d file(s), %d send(s) queued",
            analysis.series_uid,
            len(files),
            len(queued),
        )
        if queued and self.notify is not None:
            self.notify()
        return PublishedResults(files=tuple(files), queued=tuple(queued))

    def _queue_message(self, message: WrittenMessage, analysis: SeriesAnalysis) -> list[int]:
        return self.message_outboxes[message.channel].add(
            message.path,
            sop_class_uid=message.message_type,
            sop_instance_uid=message.message_id,
            study_uid=analysis.study_uid,
            series_uid=analysis.series_uid,
            only=message.destination,
        )

    def _queue(self, path: Path, analysis: SeriesAnalysis) -> list[int]:
        header = pydicom.dcmread(path, stop_before_pixels=True)
        return self.outbox.add(
            path,
            sop_class_uid=str(header.SOPClassUID),
            sop_instance_uid=str(header.SOPInstanceUID),
            study_uid=str(header.StudyInstanceUID),
            series_uid=analysis.series_uid,
        )
