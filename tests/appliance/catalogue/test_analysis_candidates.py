"""An analysis's unreported detection candidates are kept in the catalogue with its findings
(candidates.py), so a later follow-up can tell "present on the prior" from new."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.catalogue.candidates import series_candidates
from appliance.catalogue.database import Database, open_database
from appliance.catalogue.findings import record_analysis
from appliance.config import TriageConfig
from appliance.findings import DetectionCandidate, SeriesAnalysis


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "catalogue.duckdb")
    database.execute("INSERT INTO patients (patient_id, sex) VALUES ('P1', 'F')")
    database.execute(
        "INSERT INTO studies (study_uid, patient_id, modality) VALUES ('ST1', 'P1', 'CT')"
    )
    database.execute(
        "INSERT INTO series (series_uid, study_uid, modality) VALUES ('SE1', 'ST1', 'CT')"
    )
    return database


def _analysis(*unreported: DetectionCandidate) -> SeriesAnalysis:
    return SeriesAnalysis(
        study_uid="ST1", series_uid="SE1", patient_id="P1", model_name="lung_nodule",
        model_version="0.2.2", findings=(), lung_rads="1", unreported=unreported,
    )  # fmt: skip


WEAK = DetectionCandidate((10.25, -20.5, -101.75), 0.0012)
STRONGER = DetectionCandidate((-60.0, 33.0, -140.0), 0.021)


def test_the_candidates_are_recorded_with_the_analysis_and_read_back_strongest_first(
    db: Database,
) -> None:
    record_analysis(db, _analysis(WEAK, STRONGER), TriageConfig())
    assert series_candidates(db, "SE1") == [
        DetectionCandidate(STRONGER.centre_mm, STRONGER.score),
        DetectionCandidate(WEAK.centre_mm, WEAK.score),
    ]


def test_a_re_analysis_replaces_the_series_candidates(db: Database) -> None:
    record_analysis(db, _analysis(WEAK, STRONGER), TriageConfig())
    record_analysis(db, _analysis(WEAK), TriageConfig())
    assert series_candidates(db, "SE1") == [DetectionCandidate(WEAK.centre_mm, WEAK.score)]
    record_analysis(db, _analysis(), TriageConfig())
    assert series_candidates(db, "SE1") == []


def test_a_series_never_analysed_has_no_candidates(db: Database) -> None:
    assert series_candidates(db, "SE9") == []


def test_candidates_survive_reopening_the_catalogue_file(db: Database, tmp_path: Path) -> None:
    record_analysis(db, _analysis(STRONGER), TriageConfig())
    db.close()
    again = open_database(tmp_path / "catalogue.duckdb")
    assert series_candidates(again, "SE1") == [
        DetectionCandidate(STRONGER.centre_mm, STRONGER.score)
    ]
