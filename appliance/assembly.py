"""The whole appliance in one place: which components ``scanside serve`` runs, in which order.

Receiving first (recovery, catalogue writer, completion, Storage SCP: see
:mod:`appliance.ingest.assembly`), then the outbox senders (DICOM to PACS, HL7 to the RIS, FHIR
to the EHR), the analysis dispatcher and the
intake of text reports that arrive as DICOM SR (:mod:`reports.sr_intake`). The
service stops them in reverse, so analysis stops taking jobs before the receiver closes and the
catalogue writer drains last. The dispatcher's ``on_analysed`` hook hands each analysis to the
results publisher, which writes the SR, SEG, summary, HL7 and FHIR messages and queues them.
"""

from __future__ import annotations

import dataclasses
import logging

from appliance.catalogue.findings import study_priority
from appliance.config import AppConfig
from appliance.findings import SeriesAnalysis
from appliance.inference.dispatcher import AnalysisDispatcher
from appliance.ingest.assembly import IngestParts, add_ingest
from appliance.results.fhir_sender import FhirSender
from appliance.results.hl7_sender import Hl7Sender
from appliance.results.publisher import ResultsPublisher
from appliance.results.sender import OutboxSender
from appliance.service import Service
from appliance.watchdog import Watchdog
from reports.sr_intake import SrReportIntake

__all__ = ["Appliance", "build_appliance"]

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Appliance:
    service: Service
    ingest: IngestParts
    sender: OutboxSender
    hl7_sender: Hl7Sender
    fhir_sender: FhirSender
    publisher: ResultsPublisher
    analysis: AnalysisDispatcher


def build_appliance(config: AppConfig) -> Appliance:
    """Create the service with every component added, not yet started."""
    service = Service(config)
    ingest = add_ingest(service)
    sender = OutboxSender(service.db, service.layout, config)
    hl7_sender = Hl7Sender(service.db, service.layout, config)
    fhir_sender = FhirSender(service.db, service.layout, config)

    def wake_senders() -> None:
        for component in (sender, hl7_sender, fhir_sender):
            component.wake()

    publisher = ResultsPublisher(service.db, service.layout, config, notify=wake_senders)

    def publish(analysis: SeriesAnalysis) -> None:
        published = publisher.publish(analysis, study_priority(service.db, analysis.study_uid))
        log.info("results of series %s written: %s", analysis.series_uid, published)

    analysis = AnalysisDispatcher(
        service.db, config, on_analysed=publish, heartbeats=service.heartbeats
    )
    service.add(sender)
    service.add(hl7_sender)
    service.add(fhir_sender)
    service.add(analysis)
    service.add(SrReportIntake(service.db, service.layout.root))
    service.add(Watchdog(service.heartbeats))  # last: pets only once everything runs
    return Appliance(service, ingest, sender, hl7_sender, fhir_sender, publisher, analysis)
