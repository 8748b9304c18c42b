"""Follow-up matching with the shipped model: simulated pairs analysed end to end, then matched.

Where ``bench/followup_matching.py`` matches noisy *truth* positions, this renders each pair
(``appliance.simulate.followup``, 2.5 mm slices, 0.8 mm pixels, held-out seeds from 900700),
analyses both scans with the shipped ONNX model through ``analyse_series`` (detection, the
candidate classifier, measurement from the CT, the lung box) and matches the findings with
``tracking.match`` as ``priors.py`` does. A finding is a true nodule when its centre is within
``max(4, diameter / 2 + 2)`` mm of one. Scored like ``followup_matching.py``: right prior among
nodules found in both scans, |measured - true growth|, truly new nodules found and called new,
and findings called new that are not new nodules (false positives and nodules missed on the
prior included). One pair takes about a minute on two busy cores.

    PYTHONPATH=. python bench/followup_pipeline.py --pairs 10
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from appliance.config import InferenceConfig
from appliance.findings import SeriesAnalysis
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime
from appliance.inference.tracking import match
from appliance.simulate import SimulatedStudy, write_series
from appliance.simulate.followup import simulate_follow_up
from bench.followup_matching import score_pair

FIRST_SEED = 900_700
RENDER = {"slice_thickness_mm": 2.5, "pixel_spacing_mm": 0.8}


def _detections(study: SimulatedStudy, analysis: SeriesAnalysis) -> list[dict[str, Any]]:
    found = []
    for f in analysis.findings:
        truth = None
        for n in study.nodules:
            if np.linalg.norm(np.subtract(n.center_mm, f.center_mm)) <= max(
                4.0, n.diameter_mm / 2 + 2
            ):
                truth = n.index
        found.append({"truth": truth, "centre": np.asarray(f.center_mm), "diameter": f.diameter_mm})
    return found


def _analyse(model: Any, study: SimulatedStudy, folder: Path) -> SeriesAnalysis:
    files = sorted(str(p) for p in write_series(study, folder).glob("*.dcm"))
    return analyse_series(files, model)


def evaluate_pair(model: Any, seed: int, folder: Path) -> dict[str, Any]:
    prior, follow, truth = simulate_follow_up(seed, **RENDER)  # type: ignore[arg-type]
    first, second = _analyse(model, prior, folder), _analyse(model, follow, folder)
    before, now = _detections(prior, first), _detections(follow, second)
    found = match(
        [tuple(d["centre"]) for d in now], [tuple(d["centre"]) for d in before],
        current_lungs=second.lung_box_mm, prior_lungs=first.lung_box_mm,
    )  # fmt: skip
    row = score_pair(found, before, now, prior, follow, truth.prior_index)
    row["seed"] = seed
    row["missed"] = len(follow.nodules) - len({d["truth"] for d in now if d["truth"]})
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=FIRST_SEED)
    args = parser.parse_args()
    model = InferenceRuntime(config=InferenceConfig()).nodule_model()
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.first_seed, args.first_seed + args.pairs):
            rows.append(evaluate_pair(model, seed, Path(tmp) / str(seed)))
            print(json.dumps({k: v for k, v in rows[-1].items() if k != "growth_errors"}))
    right, wrong = sum(r["right"] for r in rows), sum(r["wrong"] for r in rows)
    errors = [e for r in rows for e in r["growth_errors"]]
    new_found, new_total = sum(r["new_found"] for r in rows), sum(r["new_total"] for r in rows)
    print(json.dumps({
        "pairs": len(rows), "seconds": round(time.perf_counter() - started),
        "matched_right": f"{right}/{right + wrong}",
        "growth_error_median_mm": round(statistics.median(errors), 2) if errors else None,
        "new_detected": f"{new_found}/{new_total}",
        "false_new_per_scan": round(sum(r["false_new"] for r in rows) / len(rows), 3),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
