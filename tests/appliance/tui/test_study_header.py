"""The study screen's header: what a technologist reads above the findings."""

from __future__ import annotations

from appliance.tui.study import _study_header
from tests.appliance.tui.samples import series, study


def test_a_limited_mode_analysis_says_so_under_the_study() -> None:
    limited = study(
        priority="urgent",
        lung_rads="4X",
        series=[
            series("1", analysis_mode="full", analysis_limitations=[]),
            series(
                "2",
                analysis_mode="limited",
                analysis_limitations=["Limited mode: slices 8.0 mm apart.", "Only 10 mm+."],
            ),
        ],
    )
    text = _study_header(limited)
    assert "Limited mode: slices 8.0 mm apart." in text.plain
    assert "Only 10 mm+." in text.plain
    assert any("yellow" in str(span.style) for span in text.spans)


def test_a_full_analysis_adds_nothing() -> None:
    full = study(priority="low", series=[series(analysis_mode="full")])
    assert "Limited" not in _study_header(full).plain


def test_a_series_outside_the_models_validation_is_warned_under_the_study() -> None:
    warning = "Outside validation: reconstruction kernel 'B70f' was never seen in validation."
    outside = study(
        priority="low", series=[series(analysis_mode="full", validation_warnings=[warning])]
    )
    text = _study_header(outside)
    assert warning in text.plain
    assert any("yellow" in str(span.style) for span in text.spans)
