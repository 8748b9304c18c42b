"""Comparing a shadow version with the live one: matching, sizes, category and priority
changes, time, and the CSV export."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from appliance.config import TriageConfig
from appliance.monitoring.agreement import compare


def _row(series: str, n: int, centre: tuple[float, float, float], diameter: float,
         lung_rads: str) -> dict[str, Any]:  # fmt: skip
    return {
        "finding_id": f"{series}.{n}", "series_uid": series, "kind": "nodule", "lobe": "RUL",
        "side": "right", "long_axis_mm": diameter + 1, "short_axis_mm": diameter - 1,
        "diameter_mm": diameter, "volume_mm3": 100.0, "mean_hu": 20.0, "attenuation": "solid",
        "solid_component_mm": None, "margin": "smooth", "calcified": False,
        "lung_rads": lung_rads, "confidence": 0.9, "center_mm": list(centre),
    }  # fmt: skip


SERIES = [
    {"series_uid": "S1", "study_uid": "ST1", "live_lung_rads": "4A", "shadow_lung_rads": "4A",
     "live_s": 30.0, "shadow_s": 40.0},
    {"series_uid": "S2", "study_uid": "ST2", "live_lung_rads": "2", "shadow_lung_rads": "4A",
     "live_s": 20.0, "shadow_s": 22.0},
]  # fmt: skip
LIVE = [
    _row("S1", 1, (0, 0, 0), 9.0, "4A"),
    _row("S1", 2, (50, 0, 0), 5.0, "2"),
    _row("S2", 1, (10, 10, 10), 5.0, "2"),
]
SHADOW = [
    _row("S1", 1, (2, 1, 0), 9.6, "4A"),  # the same nodule, 2.2 mm away, 0.6 mm larger
    _row("S2", 1, (10, 10, 12), 8.2, "4A"),  # the same nodule, measured larger: 2 -> 4A
    _row("S2", 2, (-60, 0, 0), 4.0, "2"),  # only the shadow
]


def test_findings_are_matched_by_centre_and_changes_named_with_their_studies() -> None:
    result = compare("lung_nodule", "1.0", "1.1", SERIES, (LIVE, SHADOW), triage=TriageConfig())
    summary = result.summary()
    assert (summary["series"], summary["matched"]) == (2, 2)
    assert (summary["only_live"], summary["only_shadow"]) == (1, 1)
    assert summary["diameter_difference_mm"] == {"mean": 1.9, "median_abs": 1.9}
    assert summary["lung_rads_changed"] == [
        {"study_uid": "ST2", "series_uid": "S2", "live": "2", "shadow": "4A"}
    ]
    assert summary["priority_changed"] == [
        {"study_uid": "ST2", "series_uid": "S2", "live": "low", "shadow": "high"}
    ]
    assert summary["seconds_per_series"] == {"live": 25.0, "shadow": 31.0}


def test_the_csv_export_has_one_row_per_series() -> None:
    result = compare("lung_nodule", "1.0", "1.1", SERIES, (LIVE, SHADOW), triage=TriageConfig())
    lines = result.to_csv().splitlines()
    assert lines[0].startswith("series_uid,study_uid,live_findings,shadow_findings,matched")
    assert len(lines) == 3
    assert lines[2].startswith("S2,ST2,1,2,1,3.2,2,4A,low,high")


def test_the_apis_typed_answer_is_the_json_field_for_field() -> None:
    """``GET /api/v1/models/compare`` answers ``view()``: its JSON is ``to_json()``."""
    result = compare("lung_nodule", "1.0", "1.1", SERIES, (LIVE, SHADOW), triage=TriageConfig())

    view = result.view()

    assert json.dumps(dataclasses.asdict(view)) == json.dumps(result.to_json())
    assert view.lung_rads_changed[0].shadow == "4A" and view.per_series[1].series_uid == "S2"
