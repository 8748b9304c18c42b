"""The FHIR R4 results of one analysed series: a transaction Bundle for the EHR.

An EHR takes AI results as FHIR resources: a DiagnosticReport (LOINC 24627-2 "CT Chest", status
``preliminary`` until a radiologist signs, the Lung-RADS category as conclusion code, the text
summary as presented form) whose results are one Observation per finding (code = the finding
type, body site = the lobe, one component per measurement and per qualitative evaluation, with
the SNOMED CT / DICOM / RadLex codes and UCUM units of :mod:`appliance.results.codes`), both
referencing the ImagingStudy of the analysed images and the patient.

The Bundle is a ``transaction`` and is safe to POST again (the outbox re-sends when it never saw
the answer):

- Patient and ImagingStudy are *conditional creates* on their identifiers (the DICOM Patient ID
  in ``fhir.patient_identifier_system``; ``urn:dicom:uid`` with the Study Instance UID): the
  EHR's own resources are reused, never duplicated.
- DiagnosticReport and Observations are *conditional updates* on identifiers ScanSide owns (the
  series UID, each finding id): a second POST, or a new analysis of the same series, updates
  them in place.

Every resource is built and validated with fhir.resources (pydantic models of the FHIR
specification); fhir.resources ships R4B (4.3.0), whose Patient, ImagingStudy, Observation,
DiagnosticReport and Bundle have the same elements as R4 (4.0.1), so the JSON is valid R4.
Called by :mod:`appliance.results.messages`.
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.diagnosticreport import DiagnosticReport
from fhir.resources.R4B.imagingstudy import ImagingStudy
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pydantic import ValidationError
from pydicom.sr.coding import Code

from appliance.config import FhirConfig
from appliance.errors import ResultsError
from appliance.findings import Finding, SeriesAnalysis
from appliance.results import codes
from appliance.results.context import StudyContext

__all__ = ["FINDING_SYSTEM", "REPORT_SYSTEM", "SYSTEMS", "build_bundle"]

SYSTEMS = {
    "SCT": "http://snomed.info/sct",
    "LN": "http://loinc.org",
    "UCUM": "http://unitsofmeasure.org",
    "DCM": "http://dicom.nema.org/resources/ontology/DCM",
    "RADLEX": "http://www.radlex.org",
}
DICOM_UID_SYSTEM = "urn:dicom:uid"
REPORT_SYSTEM = "urn:scanside:series-report"
"""Identifier system of ScanSide's DiagnosticReports (value: the analysed series UID)."""
FINDING_SYSTEM = "urn:scanside:finding"
"""Identifier system of ScanSide's Observations (value: the finding id)."""
_NAMESPACE = uuid.UUID("4f0c5a5e-9a51-4c55-9d2a-5ca45c1de0a1")  # fullUrls: urn:uuid per entry
_CATEGORY_IMAGING = {
    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
    "code": "imaging",
    "display": "Imaging",
}
_CATEGORY_RADIOLOGY = {
    "system": "http://terminology.hl7.org/CodeSystem/v2-0074",
    "code": "RAD",
    "display": "Radiology",
}


def build_bundle(
    analysis: SeriesAnalysis,
    context: StudyContext,
    *,
    config: FhirConfig,
    bundle_id: str,
    summary: str,
    now: datetime,
) -> dict[str, Any]:
    """The validated transaction Bundle of ``analysis`` as FHIR JSON (a dict)."""
    try:
        patient = _entry("Patient", context.patient_id, _patient(context, config))
        patient["request"] = _create_if_none(
            "Patient", config.patient_identifier_system, context.patient_id
        )
        study = _entry("ImagingStudy", context.study_uid, _imaging_study(context, patient))
        study["request"] = _create_if_none(
            "ImagingStudy", DICOM_UID_SYSTEM, f"urn:oid:{context.study_uid}"
        )
        observations = [
            _entry("Observation", f.finding_id, _observation(f, context, patient, study, now))
            for f in analysis.findings
        ]
        for observation, finding in zip(observations, analysis.findings, strict=True):
            observation["request"] = _update("Observation", FINDING_SYSTEM, finding.finding_id)
        report = _entry(
            "DiagnosticReport",
            context.series_uid,
            _report(
                analysis,
                context,
                patient=patient,
                study=study,
                observations=observations,
                summary=summary,
                now=now,
            ),
        )
        report["request"] = _update("DiagnosticReport", REPORT_SYSTEM, context.series_uid)
        bundle = {
            "resourceType": "Bundle",
            "id": bundle_id,
            "type": "transaction",
            "timestamp": _local(now),
            "entry": [patient, study, *observations, report],
        }
        return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)
    except ValidationError as exc:
        raise ResultsError(
            f"series {analysis.series_uid}: the FHIR resources are not valid: {exc}"
        ) from exc


_MODELS: dict[str, Any] = {
    "Patient": Patient,
    "ImagingStudy": ImagingStudy,
    "Observation": Observation,
    "DiagnosticReport": DiagnosticReport,
}


def _entry(resource_type: str, key: str, resource: dict[str, Any]) -> dict[str, Any]:
    """A Bundle entry with a stable ``urn:uuid`` fullUrl; the resource validated by its model."""
    _MODELS[resource_type].model_validate(resource)
    full_url = f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{resource_type}/{key}')}"
    return {"fullUrl": full_url, "resource": resource}


def _create_if_none(resource_type: str, system: str, value: str) -> dict[str, str]:
    return {
        "method": "POST",
        "url": resource_type,
        "ifNoneExist": urlencode({"identifier": f"{system}|{value}"}),
    }


def _update(resource_type: str, system: str, value: str) -> dict[str, str]:
    return {
        "method": "PUT",
        "url": f"{resource_type}?{urlencode({'identifier': f'{system}|{value}'})}",
    }


def _local(when: datetime) -> str:
    """A DICOM date and time (local, no zone) with the appliance's zone, as FHIR requires one.

    The scanner and the appliance are in the same hospital, so they share the local time.
    """
    return (when if when.tzinfo is not None else when.astimezone()).isoformat()


def _ref(entry: dict[str, Any]) -> dict[str, str]:
    return {"reference": str(entry["fullUrl"])}


def _coding(code: Code) -> dict[str, str]:
    system = SYSTEMS.get(code.scheme_designator)
    if system is None:
        raise ResultsError(f"no FHIR system for coding scheme {code.scheme_designator!r}")
    return {"system": system, "code": code.value, "display": code.meaning}


def _concept(code: Code) -> dict[str, Any]:
    return {"coding": [_coding(code)], "text": code.meaning}


def _patient(context: StudyContext, config: FhirConfig) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": config.patient_identifier_system, "value": context.patient_id}],
    }
    if context.family_name or context.given_names:
        name: dict[str, Any] = {}
        if context.family_name:
            name["family"] = context.family_name
        if context.given_names:
            name["given"] = list(context.given_names)
        patient["name"] = [name]
    gender = {"M": "male", "F": "female", "O": "other"}.get(context.sex)
    if gender:
        patient["gender"] = gender
    if context.birth_date is not None:
        patient["birthDate"] = context.birth_date.isoformat()
    return patient


def _imaging_study(context: StudyContext, patient: dict[str, Any]) -> dict[str, Any]:
    modality = {"system": SYSTEMS["DCM"], "code": context.modality}
    study: dict[str, Any] = {
        "resourceType": "ImagingStudy",
        "identifier": [{"system": DICOM_UID_SYSTEM, "value": f"urn:oid:{context.study_uid}"}],
        "status": "available",
        "subject": _ref(patient),
        "modality": [modality],
        "series": [
            {
                "uid": context.series_uid,
                "modality": modality,
                "numberOfInstances": context.image_count,
            }
        ],
    }
    if context.accession:
        study["identifier"].append(
            {
                "type": {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "ACSN"}
                    ]
                },
                "value": context.accession,
            }
        )
    if context.study_datetime is not None:
        study["started"] = _local(context.study_datetime)
    if context.study_description:
        study["description"] = context.study_description
    return study


def _observation(
    finding: Finding,
    context: StudyContext,
    patient: dict[str, Any],
    study: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    site = codes.LOBES.get(finding.lobe or "", codes.LUNG)
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "identifier": [{"system": FINDING_SYSTEM, "value": finding.finding_id}],
        "status": "preliminary",
        "category": [{"coding": [_CATEGORY_IMAGING]}],
        "code": _concept(codes.finding_type(finding.kind)),
        "subject": _ref(patient),
        "derivedFrom": [_ref(study)],
        "issued": _local(now),
        "bodySite": _concept(site),
        "component": _components(finding),
    }
    if context.study_datetime is not None:
        observation["effectiveDateTime"] = _local(context.study_datetime)
    return observation


def _components(finding: Finding) -> list[dict[str, Any]]:
    components: list[dict[str, Any]] = [
        {
            "code": _concept(concept),
            "valueQuantity": {
                "value": round(value, 1),
                "unit": unit.meaning,
                "system": SYSTEMS["UCUM"],
                "code": unit.value,
            },
        }
        for concept, value, unit in codes.measurements(finding)
    ]
    for concept, value in (
        (codes.ATTENUATION_CONCEPT, codes.ATTENUATION.get(finding.attenuation)),
        (codes.MARGIN_CONCEPT, codes.MARGIN.get(finding.margin)),
        (codes.CALCIFICATION_CONCEPT, codes.CALCIFICATION[finding.calcified]),
        (codes.LUNG_RADS_CONCEPT, codes.LUNG_RADS.get(finding.lung_rads)),
    ):
        if value is not None:
            components.append({"code": _concept(concept), "valueCodeableConcept": _concept(value)})
    return components


def _report(
    analysis: SeriesAnalysis,
    context: StudyContext,
    *,
    patient: dict[str, Any],
    study: dict[str, Any],
    observations: list[dict[str, Any]],
    summary: str,
    now: datetime,
) -> dict[str, Any]:
    category = codes.LUNG_RADS.get(analysis.lung_rads)
    if category is None:
        raise ResultsError(f"Lung-RADS category {analysis.lung_rads!r} has no code")
    found = len(analysis.findings)
    report: dict[str, Any] = {
        "resourceType": "DiagnosticReport",
        "identifier": [{"system": REPORT_SYSTEM, "value": context.series_uid}],
        "status": "preliminary",
        "category": [{"coding": [_CATEGORY_RADIOLOGY]}],
        "code": _concept(codes.PROCEDURE_CT_CHEST),
        "subject": _ref(patient),
        "issued": _local(now),
        "imagingStudy": [_ref(study)],
        "result": [_ref(o) for o in observations],
        "conclusion": (
            f"Lung-RADS {analysis.lung_rads}; "
            + (f"{found} finding(s)" if found else "no lung nodule or mass found")
            + f"; {analysis.model_name} {analysis.model_version}; computer result, "
            "to be reviewed by a radiologist"
        ),
        "conclusionCode": [_concept(category)],
        "presentedForm": [
            {
                "contentType": "text/plain; charset=utf-8",
                "title": "ScanSide lung nodule analysis",
                "data": base64.b64encode(summary.encode("utf-8")).decode("ascii"),
            }
        ],
    }
    if context.study_datetime is not None:
        report["effectiveDateTime"] = _local(context.study_datetime)
    return report
