"""Writing an analysis to the catalogue: findings replaced on re-analysis, study triaged."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from appliance.catalogue import findings as findings_module
from appliance.catalogue import jobs
from appliance.catalogue.database import Database, open_database
from appliance.catalogue.findings import FinishedJob, record_analysis, study_priority
from appliance.config import TriageConfig
from appliance.findings import Finding, SeriesAnalysis

NODULE = Finding(
    finding_id="S1.1",
    kind="nodule",
    lobe="RUL",
    long_axis_mm=9.0,
    short_axis_mm=7.0,
    diameter_mm=8.0,
    volume_mm3=260.0,
    mean_hu=25.0,
    attenuation="solid",
    solid_component_mm=None,
    margin="smooth",
    calcified=False,
    lung_rads="4A",
    confidence=0.91,
    center_mm=(-80.0, 20.0, -150.0),
    side="right",
)


def _analysis(series: str, *findings: Finding) -> SeriesAnalysis:
    return SeriesAnalysis(
        study_uid="ST1", series_uid=series, patient_id="P1", model_name="lung_nodule",
        model_version="1.0.0", findings=findings, lung_rads="1",
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "catalogue.duckdb")
    database.execute("INSERT INTO studies (study_uid, patient_id) VALUES ('ST1', 'P1')")
    return database


def _study(db: Database) -> dict[str, object]:
    return db.query_dicts(
        "SELECT lung_rads, priority, priority_rank, priority_reason, analysed_at FROM studies"
    )[0]


def test_findings_and_the_study_priority_are_written(db: Database) -> None:
    when = datetime(2026, 11, 22, 12, 0)
    assert study_priority(db, "ST1") is None
    priority = record_analysis(db, _analysis("S1", NODULE), TriageConfig(), now=when)
    assert priority.priority == study_priority(db, "ST1") == "high"
    row = db.query_dicts("SELECT * FROM findings")[0]
    assert row["finding_id"] == "S1.1" and row["lobe"] == "RUL" and row["diameter_mm"] == 8.0
    assert row["center_mm"] == [-80.0, 20.0, -150.0]
    assert (row["model_name"], row["model_version"], row["source"]) == (
        "lung_nodule",
        "1.0.0",
        "analysis",
    )
    study = _study(db)
    assert study == {
        "lung_rads": "4A", "priority": "high", "priority_rank": 1,
        "priority_reason": "Lung-RADS 4A", "analysed_at": when,
    }  # fmt: skip


def test_reanalysis_replaces_the_series_findings(db: Database) -> None:
    record_analysis(db, _analysis("S1", NODULE), TriageConfig())
    record_analysis(db, _analysis("S1"), TriageConfig())
    assert db.execute("SELECT count(*) FROM findings")[0][0] == 0
    assert _study(db)["lung_rads"] == "1"
    assert _study(db)["priority"] == "low"


def test_the_study_gets_the_worst_of_its_series(db: Database) -> None:
    worse = dataclasses.replace(NODULE, finding_id="S2.1", lung_rads="4B", diameter_mm=16.0)
    record_analysis(db, _analysis("S1", NODULE), TriageConfig())
    record_analysis(db, _analysis("S2", worse), TriageConfig())
    assert _study(db)["lung_rads"] == "4B"
    assert _study(db)["priority"] == "urgent"
    record_analysis(db, _analysis("S1"), TriageConfig())  # S1 re-read: S2's finding remains
    assert db.execute("SELECT finding_id FROM findings") == [("S2.1",)]


def test_the_series_row_says_how_the_series_was_analysed(db: Database) -> None:
    db.execute("INSERT INTO series (series_uid, study_uid) VALUES ('S1', 'ST1'), ('S2', 'ST1')")
    sentences = ("Limited mode: slices 8.0 mm apart.", "Only findings of 10 mm and more.")
    limited = dataclasses.replace(_analysis("S1", NODULE), mode="limited", limitations=sentences)
    record_analysis(db, limited, TriageConfig())
    record_analysis(db, _analysis("S2"), TriageConfig())

    rows = db.query_dicts(
        "SELECT series_uid, analysis_mode, analysis_limitations FROM series ORDER BY series_uid"
    )
    assert rows == [
        {"series_uid": "S1", "analysis_mode": "limited", "analysis_limitations": list(sentences)},
        {"series_uid": "S2", "analysis_mode": "full", "analysis_limitations": []},
    ]


def test_the_analysis_job_is_done_in_the_same_transaction_as_its_findings(db: Database) -> None:
    jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="ST1", series_uid="S1")
    job = jobs.claim_next(db)
    assert job is not None
    record_analysis(db, _analysis("S1", NODULE), TriageConfig(), job=FinishedJob(job.job_id, {}))
    state, detail = db.execute("SELECT state, detail FROM jobs")[0]
    assert state == "done" and json.loads(detail) == {"priority": "high"}


def test_a_failed_write_leaves_the_old_findings_and_the_job_to_run_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_analysis(db, _analysis("S1", NODULE), TriageConfig())
    jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="ST1", series_uid="S1")
    job = jobs.claim_next(db)
    assert job is not None

    def disk_full(*_: object) -> None:
        raise duckdb.IOException("No space left on device")

    monkeypatch.setattr(findings_module, "record_candidates", disk_full)
    smaller = dataclasses.replace(NODULE, finding_id="S1.9", diameter_mm=5.0)
    with pytest.raises(duckdb.IOException):
        record_analysis(
            db, _analysis("S1", smaller), TriageConfig(), job=FinishedJob(job.job_id, {})
        )
    assert db.execute("SELECT finding_id FROM findings") == [("S1.1",)]
    assert db.execute("SELECT state FROM jobs") == [("running",)]
    assert jobs.requeue_interrupted(db) == 1
