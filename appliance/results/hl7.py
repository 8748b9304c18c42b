"""The HL7 v2.5.1 ORU^R01 result message of one analysed series, for the RIS.

Many RIS take results only as HL7 v2: this is the same content as the SR, in the shape a RIS
files against the order. The message is built with hl7apy (every segment, field and group by
its name in the 2.5.1 structure) and validated strictly against that structure before it is
returned, so a malformed message never reaches the outbox.

Layout (one ORDER_OBSERVATION for the study):

- ``MSH`` sending/receiving application and facility from ``[hl7]``; MSH-10 a fresh control ID
  that stays the same on every re-send (the receiver's duplicate check).
- ``PID`` the DICOM Patient ID (PID-3, assigning authority ``hl7.patient_id_authority``), name,
  birth date, sex, from the images.
- ``ORC`` RE (observations to follow); ``OBR`` LOINC 24627-2 "CT Chest", placer/filler order
  numbers and the accession (OBR-18) from the images, result status ``P``: a computer result,
  preliminary until a radiologist has read it. ``TQ1``-9 carries the triage priority.
- ``OBX`` rows with the codes of :mod:`appliance.results.codes` (SNOMED CT ``SCT``, DICOM ``DCM``,
  RadLex ``RADLEX``, UCUM units): study and series UID, the series' Lung-RADS category, the
  priority, then per finding (OBX-4 sub-ID = the finding's number) kind, site, long and short
  axis, mean diameter, volume, mean HU, solidness, margin, calcification and Lung-RADS; last the
  text summary, one TX observation per line (the way most RIS show report text).

Called by :mod:`appliance.results.messages`.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.core import Group, Message
from hl7apy.exceptions import HL7apyException
from pydicom.sr.coding import Code

from appliance.config import Hl7Config, Hl7Destination
from appliance.errors import ResultsError
from appliance.findings import Finding, SeriesAnalysis
from appliance.results import codes
from appliance.results.context import StudyContext

__all__ = ["PRIORITY_CODES", "OruMessage", "build_oru", "escape"]

VERSION = "2.5.1"
# TQ1-9 priority, HL7 table 0485: S stat, A as soon as possible, R routine, T timing critical.
PRIORITY_CODES = {"urgent": "S", "high": "A", "routine": "R", "low": "R"}
_PRIORITY_NAMES = {"S": "Stat", "A": "ASAP", "R": "Routine"}
# HL7 table 0396 names for the coding schemes of codes.py.
_SCHEMES = {"SCT": "SCT", "DCM": "DCM", "LN": "LN", "UCUM": "UCUM", "RADLEX": "RADLEX"}
_STUDY_UID = Code("110180", "DCM", "Study Instance UID")
_SERIES_UID = Code("112002", "DCM", "Series Instance UID")
_PRIORITY = Code("PRIORITY", "99SCANSIDE", "ScanSide triage priority")
_SUMMARY = Code("121111", "DCM", "Summary")


@dataclasses.dataclass(frozen=True)
class OruMessage:
    """One built message: its control ID (MSH-10) and its ER7 text (segments end with CR)."""

    control_id: str
    er7: str


def escape(text: str) -> str:
    """``text`` with HL7's delimiters escaped (``\\F\\``, ``\\S\\``, ...), safe in any field."""
    for char, sequence in (
        ("\\", "\\E\\"),
        ("|", "\\F\\"),
        ("^", "\\S\\"),
        ("&", "\\T\\"),
        ("~", "\\R\\"),
    ):
        text = text.replace(char, sequence)
    return "".join(c if c.isprintable() else " " for c in text)


def build_oru(
    analysis: SeriesAnalysis,
    context: StudyContext,
    *,
    config: Hl7Config,
    destination: Hl7Destination,
    control_id: str,
    summary: str,
    priority: str | None,
    now: datetime,
) -> OruMessage:
    """The validated ORU^R01 of ``analysis`` for ``destination``; ResultsError if it cannot be."""
    try:
        message = Message("ORU_R01", version=VERSION, validation_level=VALIDATION_LEVEL.STRICT)
        _msh(message, config, destination, control_id, now)
        result = message.add_group("ORU_R01_PATIENT_RESULT")
        _pid(result.add_group("ORU_R01_PATIENT"), context, config)
        order = result.add_group("ORU_R01_ORDER_OBSERVATION")
        _order(order, context, priority, now)
        rows = _study_rows(analysis, priority)
        for number, finding in enumerate(analysis.findings, start=1):
            rows += _finding_rows(finding, str(number))
        rows += [("TX", _SUMMARY, "", escape(line), "") for line in summary.splitlines()]
        for set_id, row in enumerate(rows, start=1):
            _obx(order.add_group("ORU_R01_OBSERVATION"), set_id, row, now)
        message.validate()
        return OruMessage(control_id=control_id, er7=message.to_er7())
    except HL7apyException as exc:
        raise ResultsError(
            f"series {analysis.series_uid}: cannot build a valid HL7 ORU^R01: {exc}"
        ) from exc


def _ts(when: datetime) -> str:
    return when.strftime("%Y%m%d%H%M%S") + ("+0000" if when.tzinfo is not None else "")


def _msh(
    message: Message,
    config: Hl7Config,
    destination: Hl7Destination,
    control_id: str,
    now: datetime,
) -> None:
    message.msh.msh_3 = escape(config.sending_application)
    if config.sending_facility:
        message.msh.msh_4 = escape(config.sending_facility)
    message.msh.msh_5 = escape(destination.receiving_application)
    if destination.receiving_facility:
        message.msh.msh_6 = escape(destination.receiving_facility)
    message.msh.msh_7 = _ts(now)
    message.msh.msh_9 = "ORU^R01^ORU_R01"
    message.msh.msh_10 = escape(control_id)
    message.msh.msh_11 = config.processing_id
    message.msh.msh_12 = VERSION
    message.msh.msh_18 = "UNICODE UTF-8"


def _pid(patient: Group, context: StudyContext, config: Hl7Config) -> None:
    authority = escape(config.patient_id_authority)
    patient.pid.pid_1 = "1"
    patient.pid.pid_3 = f"{escape(context.patient_id)}^^^{authority}^MR"
    if context.family_name or context.given_names:
        parts = [context.family_name, *context.given_names[:2]]
        patient.pid.pid_5 = "^".join(escape(p) for p in parts)
    if context.birth_date is not None:
        patient.pid.pid_7 = context.birth_date.strftime("%Y%m%d")
    if context.sex in ("M", "F", "O"):
        patient.pid.pid_8 = context.sex


def _order(order: Group, context: StudyContext, priority: str | None, now: datetime) -> None:
    order.orc.orc_1 = "RE"
    filler = context.filler_order or context.accession
    if context.placer_order:
        order.orc.orc_2 = escape(context.placer_order)
        order.obr.obr_2 = escape(context.placer_order)
    if filler:
        order.orc.orc_3 = escape(filler)
        order.obr.obr_3 = escape(filler)
    order.orc.orc_5 = "CM"
    order.obr.obr_1 = "1"
    order.obr.obr_4 = _cwe(codes.PROCEDURE_CT_CHEST)
    if context.study_datetime is not None:
        order.obr.obr_7 = _ts(context.study_datetime)
    if context.accession:
        order.obr.obr_18 = escape(context.accession)
    order.obr.obr_22 = _ts(now)
    order.obr.obr_24 = "CT"
    order.obr.obr_25 = "P"
    if priority in PRIORITY_CODES:
        code = PRIORITY_CODES[priority]
        timing = order.add_group("ORU_R01_TIMING_QTY")
        timing.tq1.tq1_1 = "1"
        timing.tq1.tq1_9 = f"{code}^{_PRIORITY_NAMES[code]}^HL70485"


# One OBX: value type, observation identifier, sub-ID, value (already escaped), units.
_Row = tuple[str, Code, str, str, str]


def _study_rows(analysis: SeriesAnalysis, priority: str | None) -> list[_Row]:
    return [
        ("ST", _STUDY_UID, "", escape(analysis.study_uid), ""),
        ("ST", _SERIES_UID, "", escape(analysis.series_uid), ""),
        ("CWE", codes.LUNG_RADS_CONCEPT, "", _cwe(_lung_rads(analysis.lung_rads)), ""),
        ("ST", _PRIORITY, "", escape(priority or "not triaged"), ""),
    ]


def _finding_rows(finding: Finding, sub_id: str) -> list[_Row]:
    site = codes.LOBES.get(finding.lobe or "", codes.LUNG)
    rows: list[_Row] = [
        (
            "CWE",
            Code("121071", "DCM", "Finding"),
            sub_id,
            _cwe(codes.finding_type(finding.kind)),
            "",
        ),
        ("CWE", Code("363698007", "SCT", "Finding site"), sub_id, _cwe(site), ""),
    ]
    for concept, value, unit in codes.measurements(finding):
        rows.append(("NM", concept, sub_id, f"{value:.1f}", _cwe(unit)))
    for concept, table, key in (
        (codes.ATTENUATION_CONCEPT, codes.ATTENUATION, finding.attenuation),
        (codes.MARGIN_CONCEPT, codes.MARGIN, finding.margin),
    ):
        if key in table:
            rows.append(("CWE", concept, sub_id, _cwe(table[key]), ""))
    rows.append(
        (
            "CWE",
            codes.CALCIFICATION_CONCEPT,
            sub_id,
            _cwe(codes.CALCIFICATION[finding.calcified]),
            "",
        )
    )
    rows.append(("CWE", codes.LUNG_RADS_CONCEPT, sub_id, _cwe(_lung_rads(finding.lung_rads)), ""))
    return rows


def _lung_rads(category: str) -> Code:
    try:
        return codes.LUNG_RADS[category]
    except KeyError:
        raise ResultsError(f"Lung-RADS category {category!r} has no code") from None


def _obx(observation: Group, set_id: int, row: _Row, now: datetime) -> None:
    value_type, concept, sub_id, value, unit = row
    obx = observation.obx
    obx.obx_1 = str(set_id)
    obx.obx_2 = value_type
    obx.obx_3 = _cwe(concept)
    if sub_id:
        obx.obx_4 = sub_id
    if value:
        obx.obx_5 = value
    if unit:
        obx.obx_6 = unit
    obx.obx_11 = "P"
    obx.obx_14 = _ts(now)


def _cwe(code: Code) -> str:
    """``code^meaning^scheme`` with each part escaped."""
    scheme = _SCHEMES.get(code.scheme_designator, code.scheme_designator)
    return f"{escape(code.value)}^{escape(code.meaning)}^{escape(scheme)}"
