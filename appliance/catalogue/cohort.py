"""Imported cohort rows: patients, studies and findings that come from elsewhere.

``scanside import-cohort`` (:mod:`reports.cohort_import`) reads a site's JSON Lines files into
these rows; :func:`upsert_cohort` writes them into the catalogue's own tables with
``source = 'import'``, so one cohort question covers imported and analysed data. Importing again
updates rows in place (keyed by patient_id, study_uid and finding_id): nothing is duplicated.
Each row type's fields are the columns an import fills, in its table; the rest keep their
defaults. The values are cast by DuckDB to the column types (a JSON integer to a DOUBLE).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from appliance.catalogue.bulk import insert_rows
from appliance.catalogue.database import Database

__all__ = ["ImportedFinding", "ImportedPatient", "ImportedStudy", "upsert_cohort"]

_IMPORT = {"source": "'import'"}


@dataclasses.dataclass(frozen=True)
class ImportedPatient:
    patient_id: str
    sex: str | None
    birth_date: date | None


@dataclasses.dataclass(frozen=True)
class ImportedStudy:
    study_uid: str
    patient_id: str
    accession: str | None
    study_date: date | None
    modality: str | None
    body_part: str | None
    description: str | None
    station: str | None
    patient_age_years: int | None
    lung_rads: str | None
    """The study's highest finding category (computed by the importer)."""


@dataclasses.dataclass(frozen=True)
class ImportedFinding:
    finding_id: str
    study_uid: str
    series_uid: str | None
    kind: str
    lobe: str | None
    side: str | None
    long_axis_mm: float | None
    short_axis_mm: float | None
    diameter_mm: float | None
    volume_mm3: float | None
    mean_hu: float | None
    attenuation: str | None
    solid_component_mm: float | None
    margin: str | None
    calcified: bool | None
    lung_rads: str | None
    track_id: str | None
    confidence: float | None


def upsert_cohort(
    db: Database,
    patients: Sequence[ImportedPatient],
    studies: Sequence[ImportedStudy],
    findings: Sequence[ImportedFinding],
) -> None:
    """Insert or update the imported rows, all in one transaction."""
    with db.transaction() as con:
        insert_rows(
            con, "patients", ImportedPatient, patients, conflict_key="patient_id", constants=_IMPORT
        )
        insert_rows(
            con, "findings", ImportedFinding, findings, conflict_key="finding_id", constants=_IMPORT
        )
        insert_rows(
            con, "studies", ImportedStudy, studies, conflict_key="study_uid", constants=_IMPORT
        )
