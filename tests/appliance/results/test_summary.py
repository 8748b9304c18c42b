"""The plain-text summary says how each finding compares with the prior."""

from __future__ import annotations

import dataclasses

from appliance.findings import SeriesAnalysis
from appliance.results.summary import render_summary


def test_a_follow_up_summary_gives_the_prior_size_the_change_and_new_findings(
    analysis_follow_up: SeriesAnalysis,
) -> None:
    text = render_summary(analysis_follow_up, priority="urgent")
    lines = [line for line in text.splitlines() if line.startswith((" 1.", " 2."))]
    # in reading order (both 4B: the larger first): the new mass, then the grown nodule
    mass, grown = lines
    assert " mass, " in mass and mass.endswith("; new since the prior study")
    assert grown.endswith(
        "Lung-RADS 4B; was 8.9 mm 371 days ago (+1.9 mm, volume +75%, VDT 462 days), growing"
    )


def test_a_baseline_summary_says_nothing_of_priors(analysis_with_findings: SeriesAnalysis) -> None:
    assert "was " not in render_summary(analysis_with_findings)


def test_a_finding_seen_on_the_prior_is_not_called_new(analysis_follow_up: SeriesAnalysis) -> None:
    new = next(f for f in analysis_follow_up.findings if f.follow_up == "new")
    seen = dataclasses.replace(
        analysis_follow_up, findings=(dataclasses.replace(new, follow_up="seen-on-prior"),)
    )
    line = next(line for line in render_summary(seen).splitlines() if line.startswith(" 1."))
    assert line.endswith("; present on the prior study below the reporting threshold (not new)")
