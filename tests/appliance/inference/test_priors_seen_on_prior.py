"""A follow-up finding that matches no prior finding is not new when the prior's detector saw it
unreported (priors.py with unreported.py's SeenOnPrior; docs/analysis.md, "Present on the prior,
not reported").

A baseline and a follow-up of one patient go through the dispatcher's two steps
(``compare_with_priors`` then ``record_analysis``) on a real DuckDB catalogue; the baseline's
analysis carries unreported candidates, as the worker's ``analyse_with_candidates`` gives them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from appliance.catalogue.database import Database, open_database
from appliance.catalogue.findings import record_analysis
from appliance.config import FollowUpConfig, TriageConfig, load_config
from appliance.errors import ConfigError
from appliance.findings import DetectionCandidate, Finding, SeriesAnalysis
from appliance.inference.followup import Prior, categorise_follow_up
from appliance.inference.lungrads import categorise
from appliance.inference.priors import compare_with_priors
from appliance.inference.unreported import SeenOnPrior
from query.engine import QueryEngine

DEFAULTS = FollowUpConfig()
BOX = ((-150.0, -100.0, -250.0), (150.0, 80.0, -20.0))
SHIFT = 30.0  # the follow-up's table position: everything 30 mm higher
KEPT = (-80.0, 20.0, -150.0)  # a reported nodule on both scans (it anchors the alignment)
KEPT_TOO = (70.0, -10.0, -100.0)
FAINT = (20.0, -40.0, -170.0)  # on the prior only as an unreported candidate


def _nodule(number: str, center: tuple[float, float, float], diameter: float) -> Finding:
    return Finding(
        finding_id=number, kind="nodule", lobe="RUL", long_axis_mm=diameter + 0.5,
        short_axis_mm=diameter - 0.5, diameter_mm=diameter, volume_mm3=0.5236 * diameter**3,
        mean_hu=20.0, attenuation="solid", solid_component_mm=None, margin="smooth",
        calcified=False, lung_rads="2", confidence=0.9, center_mm=center, side="right",
    )  # fmt: skip


def _up(point: tuple[float, float, float], by: float = SHIFT) -> tuple[float, float, float]:
    return (point[0], point[1], point[2] + by)


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


def _analyse(
    db: Database, study: str, findings: tuple[Finding, ...], *, shift: float = 0.0,
    unreported: tuple[DetectionCandidate, ...] = (), config: FollowUpConfig = DEFAULTS,
) -> SeriesAnalysis:  # fmt: skip
    box = (_up(BOX[0], shift), _up(BOX[1], shift))
    analysis = SeriesAnalysis(
        study_uid=study, series_uid=f"SE{study[-1]}", patient_id="P1", model_name="lung_nodule",
        model_version="0.2.2", findings=findings, lung_rads="2", lung_box_mm=box,
        unreported=unreported,
    )  # fmt: skip
    compared = compare_with_priors(db, analysis, config)
    record_analysis(db, compared, TriageConfig())
    return compared


def _pair(
    db: Database,
    candidate_at: tuple[float, float, float],
    diameter: float,
    config: FollowUpConfig = DEFAULTS,
) -> Finding:
    """Baseline with two reported nodules and one unreported candidate; follow-up with the two
    and a third nodule at ``FAINT`` (shifted with the table). Returns the third."""
    _analyse(
        db, "ST1", (_nodule("ST1.1", KEPT, 6.0), _nodule("ST1.2", KEPT_TOO, 5.0)),
        unreported=(DetectionCandidate(candidate_at, 0.0015),),
    )  # fmt: skip
    follow = _analyse(
        db, "ST2",
        (_nodule("ST2.1", _up(KEPT), 6.1), _nodule("ST2.2", _up(KEPT_TOO), 5.0),
         _nodule("ST2.3", _up(FAINT), diameter)),
        shift=SHIFT, config=config,
    )  # fmt: skip
    assert [f.follow_up for f in follow.findings[:2]] == ["stable", "stable"]
    return follow.findings[2]


def test_the_rule_is_the_benchmarked_one() -> None:
    assert FollowUpConfig().seen_on_prior_mm == 8.0 and SeenOnPrior().min_score == 0.0


def test_the_radius_is_a_setting_and_0_turns_the_rule_off(db: Database) -> None:
    far = (FAINT[0] + 9.0, FAINT[1], FAINT[2])  # 9 mm off after alignment
    assert _pair(db, far, 6.5, FollowUpConfig(seen_on_prior_mm=10.0)).follow_up == "seen-on-prior"
    db.execute("DELETE FROM findings")
    db.execute("DELETE FROM analysis_candidates")
    off = _pair(db, FAINT, 6.5, FollowUpConfig(seen_on_prior_mm=0.0))
    assert (off.follow_up, off.lung_rads) == ("new", "4A")


def test_a_radius_out_of_range_stops_the_start_naming_the_key() -> None:
    with pytest.raises(ConfigError, match=r"followup\.seen_on_prior_mm"):
        load_config(None, overrides={"followup": {"seen_on_prior_mm": 45.0}}, environ={})


def test_a_finding_with_a_prior_candidate_within_8_mm_is_seen_on_prior_with_the_baseline_category(
    db: Database,
) -> None:
    near = (FAINT[0] + 4.0, FAINT[1], FAINT[2] - 5.0)  # 6.4 mm off after alignment
    finding = _pair(db, near, 6.5)
    assert finding.follow_up == "seen-on-prior"
    # baseline: a 6.5 mm solid nodule is 3 (a new one of that size would be 4A)
    assert finding.lung_rads == categorise("solid", 6.5) == "3"
    assert finding.prior_finding_id is None and finding.growth_mm is None


def test_without_a_prior_candidate_near_it_the_finding_stays_new(db: Database) -> None:
    far = (FAINT[0] + 9.0, FAINT[1], FAINT[2])  # 9 mm off: outside the radius
    finding = _pair(db, far, 6.5)
    assert (finding.follow_up, finding.lung_rads) == ("new", "4A")


def test_the_catalogue_and_the_comparison_carry_the_status(db: Database) -> None:
    _pair(db, FAINT, 6.5)
    rows = db.execute(
        "SELECT finding_id, follow_up, lung_rads FROM findings WHERE series_uid = 'SE2' "
        "ORDER BY finding_id"
    )
    assert rows[2] == ("ST2.3", "seen-on-prior", "3")
    comparison = db.execute("SELECT comparison FROM series WHERE series_uid = 'SE2'")[0][0]
    assert '"seen_on_prior": ["ST2.3"]' in comparison and '"new": 0' in comparison


def test_seen_on_prior_only_replaces_new_never_a_measured_comparison_or_a_baseline() -> None:
    seen = categorise_follow_up("solid", 6.5, None, had_prior_exam=True, seen_on_prior=True)
    assert seen == ("3", "seen-on-prior", "baseline")
    first = categorise_follow_up("solid", 6.5, None, had_prior_exam=False, seen_on_prior=True)
    assert first[1] == "baseline"
    prior = Prior(diameter_mm=6.4, lung_rads="3", interval_days=365)
    compared = categorise_follow_up("solid", 6.5, prior, had_prior_exam=True, seen_on_prior=True)
    assert compared[1] == "stable"


def test_the_cohort_question_about_new_nodules_does_not_count_it(db: Database) -> None:
    _pair(db, FAINT, 6.5)
    engine = QueryEngine(db, use_model=False)
    new = engine.answer("studies with new nodules", as_of="2026-12-01")
    assert new.rows == [], new.to_json()
    # the same engine sees the status change (its track facts are rebuilt)
    db.execute("UPDATE findings SET follow_up = 'new' WHERE finding_id = 'ST2.3'")
    again = engine.answer("studies with new nodules", as_of="2026-12-01")
    assert {r.get("study_uid") for r in again.rows} == {"ST2"}, again.to_json()
