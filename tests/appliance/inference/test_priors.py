"""A follow-up chest CT compared with the patient's prior in the catalogue (priors.py).

Two analyses of one patient a year apart go through the dispatcher's two steps
(``compare_with_priors`` then ``record_analysis``) on a real DuckDB catalogue; the cohort
questions about growth and new nodules are then asked of the appliance's own findings.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from appliance.catalogue.database import Database, open_database
from appliance.catalogue.findings import record_analysis
from appliance.config import FollowUpConfig, TriageConfig
from appliance.findings import Finding, SeriesAnalysis
from appliance.inference.priors import compare_with_priors
from query.engine import QueryEngine

BOX = ((-150.0, -100.0, -250.0), (150.0, 80.0, -20.0))
SHIFT = 30.0  # the follow-up's table position: everything 30 mm higher


def _nodule(
    number: str, center: tuple[float, float, float], diameter: float, **kw: object
) -> Finding:
    volume = 3.14159 / 6 * diameter**3
    values: dict[str, object] = dict(
        finding_id=number, kind="nodule", lobe="RUL", long_axis_mm=diameter + 0.5,
        short_axis_mm=diameter - 0.5, diameter_mm=diameter, volume_mm3=volume, mean_hu=20.0,
        attenuation="solid", solid_component_mm=None, margin="smooth", calcified=False,
        lung_rads="2", confidence=0.9, center_mm=center, side="right",
    )  # fmt: skip
    values.update(kw)
    return Finding(**values)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "catalogue.duckdb")
    database.execute("INSERT INTO patients (patient_id, sex) VALUES ('P1', 'F')")
    for study, when in (("ST1", date(2025, 3, 4)), ("ST2", date(2026, 3, 10))):
        database.execute(
            "INSERT INTO studies (study_uid, patient_id, study_date, modality, body_part) "
            "VALUES (?, 'P1', ?, 'CT', 'CHEST')",
            [study, when],
        )
        database.execute(
            "INSERT INTO series (series_uid, study_uid, modality) VALUES (?, ?, 'CT')",
            [f"SE{study[-1]}", study],
        )
    return database


def _analyse(db: Database, study: str, *findings: Finding, shift: float = 0.0) -> SeriesAnalysis:
    box = ((BOX[0][0], BOX[0][1], BOX[0][2] + shift), (BOX[1][0], BOX[1][1], BOX[1][2] + shift))
    analysis = SeriesAnalysis(
        study_uid=study, series_uid=f"SE{study[-1]}", patient_id="P1", model_name="lung_nodule",
        model_version="0.2.2", findings=findings, lung_rads="2", lung_box_mm=box,
    )  # fmt: skip
    compared = compare_with_priors(db, analysis, FollowUpConfig())
    record_analysis(db, compared, TriageConfig())
    return compared


def _baseline(db: Database) -> SeriesAnalysis:
    return _analyse(
        db, "ST1",
        _nodule("ST1.1", (-80.0, 20.0, -150.0), 5.9),  # will grow
        _nodule("ST1.2", (70.0, -10.0, -100.0), 7.0, lung_rads="3"),  # will stay
        _nodule("ST1.3", (-60.0, 40.0, -60.0), 4.0),  # will be gone
    )  # fmt: skip


def _follow_up(db: Database) -> SeriesAnalysis:
    return _analyse(
        db, "ST2",
        _nodule("ST2.1", (-79.0, 21.0, -150.0 + SHIFT), 7.8),
        _nodule("ST2.2", (70.5, -10.0, -99.0 + SHIFT), 7.1),
        _nodule("ST2.3", (20.0, -40.0, -170.0 + SHIFT), 5.0),  # new
        shift=SHIFT,
    )  # fmt: skip


def test_a_first_scan_starts_a_track_per_finding(db: Database) -> None:
    baseline = _baseline(db)
    assert all(f.track_id and f.follow_up == "baseline" for f in baseline.findings)
    assert len({f.track_id for f in baseline.findings}) == 3
    assert baseline.comparison == {"priors": []}


def test_the_follow_up_keeps_tracks_and_categorises_by_the_follow_up_rules(db: Database) -> None:
    baseline = _baseline(db)
    follow = _follow_up(db)
    grown, stable, new = follow.findings
    assert grown.track_id == baseline.findings[0].track_id
    assert stable.track_id == baseline.findings[1].track_id
    assert new.track_id not in {f.track_id for f in baseline.findings}
    assert (grown.follow_up, grown.growth_mm, grown.lung_rads) == ("growing", 1.9, "4A")
    assert grown.prior_finding_id == "ST1.1" and grown.interval_days == 371
    assert grown.volume_doubling_days is not None and 250 < grown.volume_doubling_days < 450
    assert (stable.follow_up, stable.lung_rads) == ("stable", "2")  # a 3 stable at a year: 2
    assert (new.follow_up, new.lung_rads) == ("new", "3")  # a new 5 mm solid nodule: 3
    assert follow.comparison["prior_study_uid"] == "ST1"
    assert follow.comparison["alignment"]["method"] == "lungs+findings"
    assert [r["finding_id"] for r in follow.comparison["resolved"]] == ["ST1.3"]


def test_the_catalogue_holds_the_comparison(db: Database) -> None:
    _baseline(db)
    _follow_up(db)
    rows = db.query_dicts(
        "SELECT study_uid, track_id, follow_up, growth_mm, volume_change_pct FROM findings "
        "WHERE series_uid = 'SE2' ORDER BY finding_id"
    )
    assert [r["follow_up"] for r in rows] == ["growing", "stable", "new"]
    assert rows[0]["volume_change_pct"] > 100.0
    assert db.query_dicts("SELECT lung_rads FROM studies WHERE study_uid = 'ST2'")[0] == {
        "lung_rads": "4A"
    }
    comparison = db.execute("SELECT comparison FROM series WHERE series_uid = 'SE2'")[0][0]
    assert json.loads(comparison)["matched"] == 2


def test_priors_outside_the_look_back_are_not_used(db: Database) -> None:
    _baseline(db)
    analysis = SeriesAnalysis(
        study_uid="ST2", series_uid="SE2", patient_id="P1", model_name="lung_nodule",
        model_version="0.2.2", findings=(_nodule("ST2.1", (0.0, 0.0, 0.0), 5.0),), lung_rads="2",
    )  # fmt: skip
    compared = compare_with_priors(db, analysis, FollowUpConfig(look_back_days=300))
    assert compared.findings[0].follow_up == "baseline" and compared.comparison == {"priors": []}
    off = compare_with_priors(db, analysis, FollowUpConfig(enabled=False))
    assert off.comparison["reason"] == "follow-up disabled"


def test_cohort_questions_on_growth_and_new_nodules_see_the_appliances_own_findings(
    db: Database,
) -> None:
    _baseline(db)
    _follow_up(db)
    engine = QueryEngine(db, use_model=False)
    grew = engine.answer("nodules that grew by more than 1.5 mm", as_of="2026-12-01")
    assert {r.get("study_uid") for r in grew.rows} == {"ST2"}, grew.to_json()
    new = engine.answer("studies with new nodules", as_of="2026-12-01")
    assert {r.get("study_uid") for r in new.rows} == {"ST2"}, new.to_json()


def test_an_old_prior_without_tracks_adopts_its_matchs_track(db: Database) -> None:
    _baseline(db)
    db.execute("UPDATE findings SET track_id = NULL")  # analysed before tracks existed
    follow = _follow_up(db)
    prior_tracks = db.execute("SELECT track_id FROM findings WHERE series_uid = 'SE1' ORDER BY 1")
    assert follow.findings[0].track_id in {t for (t,) in prior_tracks}


def test_the_comparison_is_plain_json(db: Database) -> None:
    _baseline(db)
    follow = _follow_up(db)
    assert json.loads(json.dumps(follow.to_json()))["comparison"]["matched"] == 2
    assert dataclasses.asdict(follow.findings[0])["growth_mm"] == 1.9


def test_a_nodule_the_latest_prior_missed_continues_its_older_track(db: Database) -> None:
    """Three exams: the middle one missed ST1.3 (or did not cover it). On the third it is
    matched with the first exam, over two years, not called new; a truly new one still is."""
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, study_date, modality, body_part) "
        "VALUES ('ST3', 'P1', DATE '2027-03-12', 'CT', 'CHEST')"
    )
    db.execute("INSERT INTO series (series_uid, study_uid, modality) VALUES ('SE3', 'ST3', 'CT')")
    first = _baseline(db)
    _analyse(
        db, "ST2",
        _nodule("ST2.1", (-79.0, 21.0, -150.0 + SHIFT), 6.0),
        _nodule("ST2.2", (70.5, -10.0, -99.0 + SHIFT), 7.1),
        shift=SHIFT,
    )  # fmt: skip
    third = _analyse(
        db, "ST3",
        _nodule("ST3.1", (-79.0, 21.0, -150.0), 6.1),
        _nodule("ST3.2", (70.5, -10.0, -99.0), 7.0),
        _nodule("ST3.3", (-60.5, 40.0, -60.0), 6.2),  # ST1.3 (4.0 mm), missed on ST2
        _nodule("ST3.4", (20.0, -40.0, -170.0), 5.0),  # new
    )  # fmt: skip
    *_, again, new = third.findings
    assert again.track_id == first.findings[2].track_id and again.prior_finding_id == "ST1.3"
    assert again.interval_days == (date(2027, 3, 12) - date(2025, 3, 4)).days
    # +2.2 mm over two years: more than 1.5 mm over a longer interval than 12 months
    assert (again.follow_up, again.growth_mm, again.lung_rads) == ("slow-growing", 2.2, "4B")
    assert new.follow_up == "new"
    assert third.comparison["priors"] == ["ST2", "ST1"]
    assert third.comparison["new"] == 1
    assert third.comparison["older"] == [{
        "prior_study_uid": "ST1", "prior_series_uid": "SE1", "prior_study_date": "2025-03-04",
        "interval_days": 738, "matched": ["ST3.3"],
    }]  # fmt: skip


def test_a_prior_of_another_issuer_is_another_patient(db: Database) -> None:
    """The same patient ID from two issuers: the earlier study is not this patient's prior."""
    db.execute("UPDATE studies SET issuer_of_patient_id = 'HOSP_B' WHERE study_uid = 'ST1'")
    db.execute("UPDATE studies SET issuer_of_patient_id = 'HOSP_A' WHERE study_uid = 'ST2'")
    _baseline(db)
    follow = _follow_up(db)
    assert all(f.follow_up == "baseline" for f in follow.findings)
    assert follow.comparison == {
        "priors": [],
        "refused": ["study ST1 refused: its Issuer of Patient ID 'HOSP_B' is not 'HOSP_A'"],
    }
    db.execute("UPDATE studies SET issuer_of_patient_id = NULL WHERE study_uid = 'ST1'")
    unstated = _follow_up(db)  # a prior that states no issuer is compared with
    assert unstated.comparison["priors"] == ["ST1"]
