"""Importing a cohort in the JSON Lines interchange format into the catalogue.

A site brings results from elsewhere (or the synthetic fixture ``../shared/cohort``) as
``patients.jsonl``, ``studies.jsonl``, ``findings.jsonl`` and ``reports.jsonl``. They land in the
catalogue's own tables with ``source = 'import'``, so one query covers imported and analysed data.
Importing again updates rows in place (keyed by patient_id, study_uid, finding_id): nothing is
duplicated, and a report whose text is unchanged is not re-embedded. The patient's age on the
study date (whole years) and the study's Lung-RADS category (its highest finding category; a chest
CT without nodules is category 1) are computed here. Called by ``scanside import-cohort``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from appliance.catalogue.cohort import (
    ImportedFinding,
    ImportedPatient,
    ImportedStudy,
    upsert_cohort,
)
from appliance.catalogue.database import Database
from appliance.catalogue.reports import report_texts
from appliance.errors import CatalogueError
from appliance.findings import LUNG_RADS_ORDER, highest_lung_rads
from appliance.jsonl import read_objects
from query.embedder import Embedder
from reports.store import ReportInput, add_reports

__all__ = ["ImportSummary", "age_on", "import_cohort"]

_FINDING_FIELDS = tuple(field.name for field in dataclasses.fields(ImportedFinding))


@dataclasses.dataclass(frozen=True)
class ImportSummary:
    """How many rows of each file were read, and how many reports were (re)analysed."""

    patients: int
    studies: int
    findings: int
    reports: int
    reports_analysed: int


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CatalogueError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def age_on(birth: dt.date | None, day: dt.date | None) -> int | None:
    """Age in whole years on ``day`` (the birthday itself counts)."""
    if birth is None or day is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _require(item: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if not item.get(k)]
    if missing:
        raise CatalogueError(f"{where}: missing {', '.join(missing)}")


def _study_category(study: dict[str, Any], categories: list[str]) -> str | None:
    if categories:
        return highest_lung_rads(list(categories))
    if study.get("modality") == "CT" and study.get("body_part") == "CHEST":
        return "1"
    return None


def _load(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / name
    if not path.is_file():
        raise CatalogueError(
            f"{path} not found: a cohort folder holds patients.jsonl, "
            "studies.jsonl, findings.jsonl and reports.jsonl"
        )
    return [item for _, item in read_objects(path, error=CatalogueError)]


def import_cohort(db: Database, folder: Path, *, embedder: Embedder | None = None) -> ImportSummary:
    """Load the four JSON Lines files of ``folder`` into ``db`` (idempotent)."""
    patients = _load(folder, "patients.jsonl")
    studies = _load(folder, "studies.jsonl")
    findings = _load(folder, "findings.jsonl")
    reports = _load(folder, "reports.jsonl")
    births = {
        p["patient_id"]: _date(p.get("birth_date"), f"patient {p.get('patient_id')}")
        for p in patients
        if p.get("patient_id")
    }
    upsert_cohort(
        db,
        _patient_rows(patients, births),
        _study_rows(studies, findings, births),
        _finding_rows(findings),
    )
    analysed = _import_reports(db, reports, embedder)
    return ImportSummary(len(patients), len(studies), len(findings), len(reports), analysed)


def _patient_rows(
    patients: list[dict[str, Any]], births: dict[str, dt.date | None]
) -> list[ImportedPatient]:
    rows = []
    for p in patients:
        _require(p, ("patient_id",), "patients.jsonl")
        sex = p.get("sex")
        if sex not in (None, "F", "M", "O"):
            raise CatalogueError(f"patient {p['patient_id']}: sex {sex!r} is not F, M or O")
        rows.append(ImportedPatient(p["patient_id"], sex, births[p["patient_id"]]))
    return rows


def _finding_rows(findings: list[dict[str, Any]]) -> list[ImportedFinding]:
    rows = []
    for f in findings:
        _require(f, ("finding_id", "study_uid", "kind"), "findings.jsonl")
        category = f.get("lung_rads")
        if category is not None and str(category) not in LUNG_RADS_ORDER:
            raise CatalogueError(
                f"finding {f['finding_id']}: Lung-RADS {category!r} is not one of "
                f"{', '.join(LUNG_RADS_ORDER)}"
            )
        values: dict[str, Any] = {name: f.get(name) for name in _FINDING_FIELDS}
        values["lung_rads"] = None if category is None else str(category)
        rows.append(ImportedFinding(**values))
    return rows


def _study_rows(
    studies: list[dict[str, Any]], findings: list[dict[str, Any]], births: dict[str, dt.date | None]
) -> list[ImportedStudy]:
    categories: dict[str, list[str]] = {}
    for f in findings:
        if f.get("lung_rads") is not None:
            categories.setdefault(f["study_uid"], []).append(str(f["lung_rads"]))
    rows = []
    for s in studies:
        _require(s, ("study_uid", "patient_id"), "studies.jsonl")
        if s["patient_id"] not in births:
            raise CatalogueError(
                f"study {s['study_uid']}: patient {s['patient_id']} is not in patients.jsonl"
            )
        day = _date(s.get("study_date"), f"study {s['study_uid']}")
        rows.append(
            ImportedStudy(
                s["study_uid"],
                s["patient_id"],
                s.get("accession"),
                day,
                s.get("modality"),
                s.get("body_part"),
                s.get("description"),
                s.get("station"),
                age_on(births[s["patient_id"]], day),
                _study_category(s, categories.get(s["study_uid"], [])),
            )
        )
    return rows


def _import_reports(db: Database, reports: list[dict[str, Any]], embedder: Embedder | None) -> int:
    stored = report_texts(db)
    changed = []
    for r in reports:
        _require(r, ("study_uid", "text"), "reports.jsonl")
        if stored.get(r["study_uid"]) != r["text"]:
            day = _date(r.get("report_date"), f"report of {r['study_uid']}")
            changed.append(ReportInput(r["study_uid"], r["text"], day, "import"))
    if changed:
        add_reports(db, changed, embedder=embedder)
    return len(changed)
