"""The study screen's header: what a technologist reads above the findings."""

from __future__ import annotations

from appliance.tui.study import _study_header


def test_a_limited_mode_analysis_says_so_under_the_study() -> None:
    study = {
        "priority": "urgent",
        "patient_id": "P1",
        "lung_rads": "4X",
        "series": [
            {"analysis_mode": "full", "analysis_limitations": []},
            {
                "analysis_mode": "limited",
                "analysis_limitations": ["Limited mode: slices 8.0 mm apart.", "Only 10 mm+."],
            },
        ],
    }
    text = _study_header(study)
    assert "Limited mode: slices 8.0 mm apart." in text.plain
    assert "Only 10 mm+." in text.plain
    assert any("yellow" in str(span.style) for span in text.spans)


def test_a_full_analysis_adds_nothing() -> None:
    study = {"priority": "low", "patient_id": "P1", "series": [{"analysis_mode": "full"}]}
    assert "Limited" not in _study_header(study).plain


def test_a_series_outside_the_models_validation_is_warned_under_the_study() -> None:
    warning = "Outside validation: reconstruction kernel 'B70f' was never seen in validation."
    study = {
        "priority": "low",
        "patient_id": "P1",
        "series": [{"analysis_mode": "full", "validation_warnings": [warning]}],
    }
    text = _study_header(study)
    assert warning in text.plain
    assert any("yellow" in str(span.style) for span in text.spans)
