"""In the assembled appliance, publishing a series wakes the HL7 and FHIR senders at once.

``scanside serve`` builds every component with :func:`appliance.assembly.build_appliance`; this
checks the wiring (the publisher's notify wakes each sender, each sender is a service
component with its status) with a real MLLP listener and the local FHIR server. The senders
poll only every 60 s here, so a delivery within seconds proves the wake-up.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from appliance.assembly import build_appliance
from appliance.config import load_config
from appliance.findings import SeriesAnalysis
from tests.appliance.results.fhir_server import FhirServer
from tests.appliance.results.mllp_listener import MllpListener
from tests.conftest import free_port


def test_a_published_series_reaches_the_ris_and_the_ehr_through_the_assembled_senders(
    tmp_path: Path, analysis_with_findings: SeriesAnalysis
) -> None:
    listener, server = MllpListener().start(), FhirServer().start()
    config = load_config(
        None,
        overrides={
            "storage": {"data_dir": str(tmp_path / "data")},
            "dicom": {"port": free_port()},
            "hl7": {"destinations": [{"name": "ris", "host": "127.0.0.1", "port": listener.port}]},
            "fhir": {"destinations": [{"name": "ehr", "base_url": server.base_url}]},
        },
        environ={},
    )
    appliance = build_appliance(config)
    senders = (appliance.hl7_sender, appliance.fhir_sender)
    for sender in senders:
        sender.poll_interval_s = 60.0
        sender.start()
    try:
        appliance.publisher.publish(analysis_with_findings, priority="high")
        # The peers file a message before they acknowledge it, and a sender counts it as sent
        # only once the acknowledgement is back: wait for the senders' own counts.
        deadline = time.monotonic() + 10
        status = appliance.service.status
        while _sent(status().components) != (1, 1) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _sent(status().components) == (1, 1)
        assert len(listener.filed) == 1
        assert len(server.of_type("DiagnosticReport")) == 1
    finally:
        for sender in senders:
            sender.stop()
        appliance.service.close()
        listener.stop()
        server.stop()


def _sent(components: dict[str, Any]) -> tuple[int, int]:
    """Messages the HL7 sender and the FHIR sender count as delivered (acknowledged)."""
    return (
        components["hl7-sender"]["destinations"]["ris"]["sent"],
        components["fhir-sender"]["destinations"]["ehr"]["sent"],
    )
