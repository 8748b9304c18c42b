"""Writing the RIS and EHR messages of one analysed series beside its SR and SEG.

The publisher (:mod:`appliance.results.publisher`) calls :func:`write_messages` after the DICOM
results are written: it builds the FHIR transaction Bundle (always: the results folder keeps it
for any EHR interface that collects files) and one HL7 ORU^R01 per configured HL7 destination
(each names its receiver in MSH-5/6), and writes them durably:

- ``<series UID>.fhir.json``: the Bundle (``Bundle.id`` is its outbox identifier);
- ``<series UID>.<destination>.hl7``: the ORU^R01 in ER7 (segments end with CR; MSH-10 is its
  outbox identifier).

Each message gets a fresh identifier (a new analysis of the same series is a new message); the
outbox keeps the identifier for every re-send of that message.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pydicom
from pydicom.errors import InvalidDicomError

from appliance.config import AppConfig, Hl7Destination
from appliance.errors import ResultsError
from appliance.findings import SeriesAnalysis
from appliance.results.context import StudyContext, study_context
from appliance.results.durable import safe_stem, write_durably
from appliance.results.fhir import build_bundle
from appliance.results.hl7 import build_oru

__all__ = ["FHIR_TYPE", "HL7_TYPE", "WrittenMessage", "read_context", "write_messages"]

HL7_TYPE = "ORU^R01"
FHIR_TYPE = "Bundle"


@dataclasses.dataclass(frozen=True)
class WrittenMessage:
    """One message file: its channel, type, identifier and, for HL7, its one destination."""

    channel: str
    message_type: str
    message_id: str
    path: Path
    destination: str | None = None
    """The one destination it is for (HL7); None: every destination of the channel (FHIR)."""


def read_context(analysis: SeriesAnalysis) -> StudyContext:
    """The study context from the header of the analysis' first image."""
    if not analysis.source_files:
        raise ResultsError(f"series {analysis.series_uid}: the analysis lists no source files")
    first = analysis.source_files[0]
    try:
        header = pydicom.dcmread(first, stop_before_pixels=True)
    except (OSError, InvalidDicomError) as exc:
        raise ResultsError(f"cannot read source image {first}: {exc}") from exc
    return study_context(analysis, header, len(analysis.source_files))


def write_messages(
    analysis: SeriesAnalysis,
    folder: Path,
    config: AppConfig,
    *,
    summary: str,
    priority: str | None = None,
    now: datetime | None = None,
) -> list[WrittenMessage]:
    """Build, validate and write the FHIR Bundle and the HL7 messages of ``analysis``."""
    when = now or datetime.now(UTC)
    context = read_context(analysis)
    stem = safe_stem(analysis.series_uid)
    bundle_id = str(uuid.uuid4())
    bundle = build_bundle(
        analysis, context, config=config.fhir, bundle_id=bundle_id, summary=summary, now=when
    )
    path = write_durably(folder / f"{stem}.fhir.json", json.dumps(bundle, indent=1).encode("utf-8"))
    written = [WrittenMessage("fhir", FHIR_TYPE, bundle_id, path)]
    for destination in config.hl7.destinations:
        written.append(
            _write_hl7(
                analysis,
                context,
                config,
                destination=destination,
                path=folder / f"{stem}.{_file_name(destination.name)}.hl7",
                summary=summary,
                priority=priority,
                now=when,
            )
        )
    return written


def _write_hl7(
    analysis: SeriesAnalysis,
    context: StudyContext,
    config: AppConfig,
    *,
    destination: Hl7Destination,
    path: Path,
    summary: str,
    priority: str | None,
    now: datetime,
) -> WrittenMessage:
    control_id = uuid.uuid4().hex[:20]  # MSH-10 is at most 20 characters in v2.5.1
    message = build_oru(
        analysis,
        context,
        config=config.hl7,
        destination=destination,
        control_id=control_id,
        summary=summary,
        priority=priority,
        now=now,
    )
    write_durably(path, message.er7.encode("utf-8"))
    return WrittenMessage("hl7", HL7_TYPE, control_id, path, destination.name)


def _file_name(name: str) -> str:
    """A destination's name as part of a file name (letters, digits, ``-`` and ``_``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64] or "_"
