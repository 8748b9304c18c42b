"""Cohort questions about one model version, on a catalogue with live and shadow findings.

The catalogue is a real DuckDB file written by the appliance's own functions
(:func:`record_analysis` for live analyses, :func:`record_shadow_analysis` for shadow ones), so
each answer is known by construction:

- live versions: 0.2.2 (on S1, then replaced by 0.2.3's analysis of S1), 0.2.3 (S1: a 9 mm 4A
  nodule), 0.2.4 (S2: nothing; S3: a 7 mm category 3 nodule) and 0.3.0 after its promotion
  (S5: an 8.5 mm 4A nodule);
- shadow versions: 0.3.0 (S1: 9.5 mm 4A and 4 mm category 2 nodules; S2: a 12 mm spiculated 4B
  nodule; S3: nothing) and 0.3.1 (S1: a 20 mm 4B nodule);
- study ST6 (a head CT) was never analysed.

Shadow finding IDs repeat the live ones (``SERIES.N``), so findings are compared by ID and size.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from appliance.catalogue.database import open_database
from appliance.catalogue.findings import record_analysis
from appliance.catalogue.shadow import record_shadow_analysis
from appliance.config import TriageConfig
from appliance.errors import QueryError
from appliance.findings import Finding, SeriesAnalysis
from query.engine import QueryEngine
from query.versions import read_version

AS_OF = "2026-11-01"
_STUDIES = (  # study, patient, date, body part, series
    ("ST1", "P1", "2025-03-01", "CHEST", "SE1"),
    ("ST2", "P2", "2025-06-01", "CHEST", "SE2"),
    ("ST3", "P3", "2025-09-01", "CHEST", "SE3"),
    ("ST5", "P2", "2025-11-01", "CHEST", "SE5"),
    ("ST6", "P1", "2025-12-01", "HEAD", "SE6"),
)
_STUDY_OF = {series: study for study, _, _, _, series in _STUDIES}
_PATIENT_OF = {study: patient for study, patient, _, _, _ in _STUDIES}


def _nodule(finding_id: str, diameter: float, lung_rads: str, margin: str = "smooth") -> Finding:
    return Finding(
        finding_id=finding_id, kind="nodule", lobe="RUL", long_axis_mm=diameter + 1,
        short_axis_mm=diameter - 1, diameter_mm=diameter, volume_mm3=diameter**3 / 2,
        mean_hu=20.0, attenuation="solid", solid_component_mm=None, margin=margin,
        calcified=False, lung_rads=lung_rads, confidence=0.9, center_mm=(-80.0, 20.0, -150.0),
        side="right",
    )  # fmt: skip


def _analysis(series: str, version: str, *findings: Finding) -> SeriesAnalysis:
    study = _STUDY_OF[series]
    return SeriesAnalysis(
        study_uid=study, series_uid=series, patient_id=_PATIENT_OF[study],
        model_name="lung_nodule", model_version=version, findings=findings,
        lung_rads=max((f.lung_rads for f in findings), default="1"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("versions") / "catalogue.duckdb"
    with open_database(path) as db:
        for patient, sex in (("P1", "F"), ("P2", "M"), ("P3", "F")):
            db.execute("INSERT INTO patients (patient_id, sex) VALUES (?, ?)", [patient, sex])
        for study, patient, date, body_part, series in _STUDIES:
            db.execute(
                "INSERT INTO studies (study_uid, patient_id, study_date, modality, body_part) "
                "VALUES (?, ?, ?, 'CT', ?)",
                [study, patient, date, body_part],
            )
            db.execute(
                "INSERT INTO series (series_uid, study_uid, modality) VALUES (?, ?, 'CT')",
                [series, study],
            )
        live = (
            _analysis("SE1", "0.2.2", _nodule("SE1.1", 5.0, "2")),
            _analysis("SE1", "0.2.3", _nodule("SE1.1", 9.0, "4A")),  # replaces 0.2.2's
            _analysis("SE2", "0.2.4"),
            _analysis("SE3", "0.2.4", _nodule("SE3.1", 7.0, "3")),
            _analysis("SE5", "0.3.0", _nodule("SE5.1", 8.5, "4A")),  # after its promotion
        )
        for hour, analysis in enumerate(live):
            record_analysis(db, analysis, TriageConfig(), now=datetime(2026, 1, 1, hour))
        for analysis in (
            _analysis("SE1", "0.3.0", _nodule("SE1.1", 9.5, "4A"), _nodule("SE1.2", 4.0, "2")),
            _analysis("SE2", "0.3.0", _nodule("SE2.1", 12.0, "4B", "spiculated")),
            _analysis("SE3", "0.3.0"),
            _analysis("SE1", "0.3.1", _nodule("SE1.1", 20.0, "4B")),
        ):
            record_shadow_analysis(db, analysis)
    return path


@pytest.fixture(scope="module")
def engine(catalogue: Path) -> Iterator[QueryEngine]:
    with QueryEngine(catalogue, use_model=False) as eng:
        yield eng


def _findings(engine: QueryEngine, question: str) -> set[tuple[str, float]]:
    answer = engine.answer(question, AS_OF)
    assert answer.unit == "finding", answer.interpretation
    return {(row["finding_id"], row["diameter_mm"]) for row in answer.rows}


def _studies(engine: QueryEngine, question: str) -> set[str]:
    answer = engine.answer(question, AS_OF)
    assert answer.unit == "study", answer.interpretation
    return {row["study_uid"] for row in answer.rows}


def test_the_catalogue_holds_live_and_shadow_findings(catalogue: Path) -> None:
    with open_database(catalogue, read_only=True) as db:
        shadow = db.execute("SELECT model_version, count(*) FROM shadow_findings GROUP BY 1")
        live = db.execute("SELECT model_version, count(*) FROM findings GROUP BY 1")
    assert dict(shadow) == {"0.3.0": 3, "0.3.1": 1}
    assert dict(live) == {"0.2.3": 1, "0.2.4": 1, "0.3.0": 1}


# --- without a version: the live findings only, as before ----------------------------------


def test_a_question_without_a_version_never_reads_shadow_findings(engine: QueryEngine) -> None:
    assert _findings(engine, "nodule findings") == {("SE1.1", 9.0), ("SE3.1", 7.0), ("SE5.1", 8.5)}
    assert _findings(engine, "nodule findings over 10 mm") == set()  # shadow 12 and 20 mm left out
    assert _studies(engine, "spiculated nodules") == set()
    assert engine.answer("how many studies are lung-rads 4", AS_OF).count == 2  # ST1, ST5
    answer = engine.answer("nodule findings", AS_OF)
    assert "shadow" not in answer.sql and answer.query.model_version is None
    assert "model version" not in answer.interpretation


# --- a named version: exactly its findings ----------------------------------------------------


def test_a_live_version_answers_its_live_findings(engine: QueryEngine) -> None:
    assert _studies(engine, "nodules found by model 0.2.4") == {"ST3"}
    assert _findings(engine, "nodule findings found by model 0.2.4") == {("SE3.1", 7.0)}
    assert _findings(engine, "nodule findings of model 0.2.3") == {("SE1.1", 9.0)}
    # the live table's model_version column: "version 0.2.3" reads it too
    assert _findings(engine, "version 0.2.3 nodule findings") == {("SE1.1", 9.0)}
    # the studies it analysed, with its categories: S2 (0.2.4 found nothing) is category 1
    assert _studies(engine, "studies without nodules according to model 0.2.4") == {"ST2"}
    assert _studies(engine, "lung-rads 1 studies by model 0.2.4") == {"ST2"}


def test_a_shadow_version_answers_its_shadow_findings(engine: QueryEngine) -> None:
    answer = engine.answer("findings of the shadow model 0.3.0 over 8 mm", AS_OF)
    assert {(r["finding_id"], r["diameter_mm"]) for r in answer.rows} == {
        ("SE1.1", 9.5),
        ("SE2.1", 12.0),
    }
    assert answer.warnings == ()
    assert _findings(engine, "nodule findings by model 0.3.1") == {("SE1.1", 20.0)}
    assert _studies(engine, "spiculated nodules flagged by v0.3.0 in shadow mode") == {"ST2"}
    # its studies are those it analysed: S3 (nothing found), not S5 or the head CT S6
    assert _studies(engine, "studies without nodules by shadow model 0.3.0") == {"ST3"}


def test_a_version_both_live_and_shadow_answers_both_unless_one_is_asked(
    engine: QueryEngine,
) -> None:
    both = {("SE5.1", 8.5), ("SE1.1", 9.5), ("SE1.2", 4.0), ("SE2.1", 12.0)}
    assert _findings(engine, "nodule findings of model 0.3.0") == both
    assert _findings(engine, "findings of the live model 0.3.0") == {("SE5.1", 8.5)}
    assert _findings(engine, "nodule findings found by the shadow model 0.3.0") == both - {
        ("SE5.1", 8.5)
    }


def test_counts_percentages_and_categories_of_a_version(engine: QueryEngine) -> None:
    question = "how many studies did version 0.3.0 flag lung-rads 4"
    assert engine.answer(question, AS_OF).count == 3  # ST1 4A, ST2 4B (shadow), ST5 4A (live)
    assert (
        engine.answer("how many studies did shadow version 0.3.0 flag lung-rads 4", AS_OF).count
        == 2
    )
    assert engine.answer("how many studies did model 0.2.4 flag lung-rads 4", AS_OF).count == 0
    share = engine.answer("what percentage of studies did model 0.3.0 flag lung-rads 4", AS_OF)
    assert share.value == 75.0  # 3 of the 4 studies it analysed (ST1, ST2, ST3, ST5)
    patients = engine.answer("patients with nodules > 10 mm by shadow model 0.3.0", AS_OF)
    assert {r["patient_id"] for r in patients.rows} == {"P2"}


def test_the_version_is_said_and_bound_never_pasted(engine: QueryEngine) -> None:
    answer = engine.answer("findings of the shadow model 0.3.0 over 8 mm", AS_OF)
    assert "model version 0.3.0 only" in answer.interpretation
    assert "shadow analyses" in answer.interpretation
    assert "0.3.0" not in answer.sql and "0.3.0" in answer.params
    assert answer.to_json()["params"][0] == "0.3.0"
    live = engine.answer("nodules found by model 0.2.4", AS_OF)
    assert "model version 0.2.4 only: its live findings" in live.interpretation
    assert live.warnings == () and live.ignored == ()


def test_a_shadow_qualifier_on_a_live_version_is_answered_with_a_warning(
    engine: QueryEngine,
) -> None:
    answer = engine.answer("nodules found by shadow model 0.2.4", AS_OF)
    assert {r["study_uid"] for r in answer.rows} == {"ST3"}
    assert any("no shadow analyses" in w for w in answer.warnings)


def test_the_other_reading_keeps_the_version(engine: QueryEngine) -> None:
    answer = engine.answer("studies with 2 nodules by shadow model 0.3.0", AS_OF)
    assert answer.alternatives and all(
        a.endswith("by shadow model version 0.3.0") for a in answer.alternatives
    )
    assert _studies(engine, answer.alternatives[0]) == {"ST1"}


# --- versions the catalogue does not hold -------------------------------------------------------


def test_an_unknown_version_is_named_with_the_versions_stored(engine: QueryEngine) -> None:
    with pytest.raises(QueryError) as caught:
        engine.answer("nodules found by model 9.9.9", AS_OF)
    assert caught.value.message == (
        "no findings from model version 9.9.9 in this catalogue; versions stored: "
        "0.2.3 (live), 0.2.4 (live), 0.3.0 (live and shadow), 0.3.1 (shadow)"
    )


def test_a_replaced_version_says_its_findings_were_replaced(engine: QueryEngine) -> None:
    with pytest.raises(QueryError, match=r"0\.2\.2 are stored any more"):
        engine.answer("nodules found by model 0.2.2", AS_OF)


def test_the_shadow_model_without_a_version_is_refused(engine: QueryEngine) -> None:
    with pytest.raises(QueryError, match=r"shadow versions stored: 0\.3\.0, 0\.3\.1$"):
        engine.answer("nodules found by the shadow model", AS_OF)


def test_two_versions_and_over_time_questions_of_a_shadow_version_are_refused(
    engine: QueryEngine,
) -> None:
    with pytest.raises(QueryError, match="more than one model version"):
        engine.answer("nodules of model 0.2.4 and model 0.3.0", AS_OF)
    with pytest.raises(QueryError, match="more than one model version"):
        engine.answer("compare model 0.2.4 and 0.3.0", AS_OF)
    with pytest.raises(QueryError, match="not compared with the patient's earlier scans"):
        engine.answer("growing nodules found by shadow model 0.3.0", AS_OF)
    engine.answer("growing nodules found by model 0.2.4", AS_OF)  # a live version may


# --- reading the words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "rest", "version", "asked"),
    [
        ("nodules found by model 0.2.4", "nodules", "0.2.4", "any"),
        ("findings of the shadow model 0.3.0 over 8 mm", "findings over 8 mm", "0.3.0", "shadow"),
        (
            "how many studies did version 0.3.0 flag lung-rads 4",
            "how many studies lung-rads 4",
            "0.3.0",
            "any",
        ),
        ("nodules > 6 mm by v0.3.0", "nodules > 6 mm", "0.3.0", "any"),
        ("model 0.3.0's nodules in women", "nodules in women", "0.3.0", "any"),
        ("nodules detected by the live algorithm version 0.2.4", "nodules", "0.2.4", "live"),
        ("lung_nodule@0.3.0 nodules", "nodules", "0.3.0", "any"),
        ("GGNs of the lung_nodule model version 0.3.0", "GGNs", "0.3.0", "any"),
        ("nodules seen by shadow 0.3.0", "nodules", "0.3.0", "shadow"),
        (
            "nodules over 8.5 mm with confidence 0.9",
            "nodules over 8.5 mm with confidence 0.9",
            None,
            "any",
        ),
        (
            "nodules in 1.2.840.10008.1 found by model 0.2.4",
            "nodules in 1.2.840.10008.1",
            "0.2.4",
            "any",
        ),
        ("lung-rads v1.1 category 4 nodules", "lung-rads v1.1 category 4 nodules", None, "any"),
        (
            "nodules graded by Lung-RADS version 1.1",
            "nodules graded by Lung-RADS version 1.1",
            None,
            "any",
        ),
    ],
)
def test_the_words_naming_a_version(
    question: str, rest: str, version: str | None, asked: Any
) -> None:
    found = read_version(question)
    assert (found.rest, found.version, found.asked) == (rest, version, asked)
