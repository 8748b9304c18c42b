"""Follow-up matching on simulated pairs: right prior, growth error, new-nodule detection.

Renders ``--pairs`` simulated follow-up pairs (``appliance.simulate.followup``; held-out seeds
from ``models.lung_nodule.data.EVAL_SEEDS`` that no other evaluation uses: 900600 and up),
takes each scan's lung box from the appliance's own lung mask on the rendered volume, and matches
*detections* with :func:`appliance.inference.tracking.match` exactly as ``priors.py`` does. The
detections are the truth nodules plus measurement noise, not the model's output (the analysis of a
study takes tens of seconds on this CPU): a centre error of ``--centre-sd`` mm per axis, a mean
diameter error of ``--diameter-sd`` mm (0.62 mm: the model's median error of 0.42 mm, README), a
per-nodule deformation of ``--deform-sd`` mm per axis on the follow-up (what a linear alignment
leaves) and breathing (the follow-up's z scaled about the lung apex by 0.95-1.05, its lung box
too). With ``--detector``, each nodule is also missed with the model's measured miss rate (5.8 %
at >= 4 mm, assumed 30 % below) and each scan gets Poisson(0.88) false positives anywhere in its
lung box (the model's held-out rate; placed independently in the two scans, the worst case).

    PYTHONPATH=. python bench/followup_matching.py --pairs 60 [--detector]
"""

from __future__ import annotations

import argparse
import json
import statistics
from typing import Any

import numpy as np

from appliance.inference.lungs import GRID_MM, lung_mask
from appliance.inference.tracking import match
from appliance.inference.volume import resample
from appliance.simulate import SimulatedStudy
from appliance.simulate.followup import simulate_follow_up

FIRST_SEED = 900_600
RENDER = {"rows": 128, "pixel_spacing_mm": 2.8, "slice_thickness_mm": 2.5}


def lung_box(study: SimulatedStudy) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """The lung box the pipeline would compute (lung_mask on the 4 mm grid)."""
    g = study.geometry
    coarse = resample(study.volume_hu.astype(np.float32), g.spacing_zyx, GRID_MM)
    affine = np.eye(4)
    affine[:3, :3] = [[0, 0, GRID_MM[2]], [0, GRID_MM[1], 0], [GRID_MM[0], 0, 0]]
    affine[:3, 3] = g.origin_mm
    return lung_mask(coarse, GRID_MM, affine).box_mm()


def _detections(
    rng: np.random.Generator, study: SimulatedStudy, box: Any, args: argparse.Namespace,
    deform: float,
) -> list[dict[str, Any]]:  # fmt: skip
    found = []
    for n in study.nodules:
        miss = (0.058 if n.diameter_mm >= 4.0 else 0.3) if args.detector else 0.0
        if rng.uniform() < miss:
            continue
        centre = np.asarray(n.center_mm) + rng.normal(0, args.centre_sd, 3)
        centre += rng.normal(0, deform, 3)
        diameter = n.diameter_mm + rng.normal(0, args.diameter_sd)
        found.append({"truth": n.index, "centre": centre, "diameter": diameter})
    if args.detector and box is not None:
        for _ in range(rng.poisson(0.88)):
            centre = rng.uniform(box[0], box[1])
            found.append({"truth": None, "centre": centre, "diameter": 5.0})
    return found


def _breathe(dets: list[dict[str, Any]], box: Any, factor: float) -> Any:
    apex = box[1][2]
    for d in dets:
        d["centre"][2] = apex + (d["centre"][2] - apex) * factor
    lo, hi = list(box[0]), list(box[1])
    lo[2] = apex + (lo[2] - apex) * factor
    return (tuple(lo), tuple(hi))


def evaluate_pair(seed: int, args: argparse.Namespace) -> dict[str, Any]:
    rng = np.random.default_rng([seed, 77])
    count = int(rng.integers(1, 7))
    prior, follow, truth = simulate_follow_up(seed, nodules=count, **RENDER)  # type: ignore[arg-type]
    prior_box, follow_box = lung_box(prior), lung_box(follow)
    before = _detections(rng, prior, prior_box, args, 0.0)
    now = _detections(rng, follow, follow_box, args, args.deform_sd)
    if follow_box is not None:
        follow_box = _breathe(now, follow_box, float(rng.uniform(0.95, 1.05)))
    if args.no_lungs:
        follow_box = prior_box = None
    found = match(
        [tuple(d["centre"]) for d in now], [tuple(d["centre"]) for d in before],
        current_lungs=follow_box, prior_lungs=prior_box,
        consensus_mm=1e-6 if args.no_findings else 8.0,
    )  # fmt: skip
    return score_pair(found, before, now, prior, follow, truth.prior_index)


def score_pair(
    found: Any, before: list, now: list, prior: Any, follow: Any, prior_index: Any
) -> dict:
    paired = dict(found.pairs)
    out: dict[str, Any] = {
        "right": 0,
        "wrong": 0,
        "growth_errors": [],
        "new_found": 0,
        "new_total": 0,
        "false_new": 0,
        "method": found.alignment.method,
    }
    prior_seen = {d["truth"] for d in before if d["truth"] is not None}
    for i, d in enumerate(now):
        true_prior = prior_index[d["truth"] - 1] if d["truth"] is not None else None
        j = paired.get(i)
        if true_prior is None and d["truth"] is not None:  # a truly new nodule
            out["new_total"] += 1
            out["new_found"] += j is None
            continue
        if j is None:
            out["false_new"] += 1
            continue
        if true_prior is not None and true_prior in prior_seen:
            if before[j]["truth"] == true_prior:
                out["right"] += 1
                true_growth = (
                    follow.nodules[d["truth"] - 1].diameter_mm
                    - prior.nodules[true_prior - 1].diameter_mm
                )
                measured = d["diameter"] - before[j]["diameter"]
                out["growth_errors"].append(abs(measured - true_growth))
            else:
                out["wrong"] += 1
    return out  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=60)
    parser.add_argument("--first-seed", type=int, default=FIRST_SEED)
    parser.add_argument("--centre-sd", type=float, default=1.0)
    parser.add_argument("--diameter-sd", type=float, default=0.62)
    parser.add_argument("--deform-sd", type=float, default=1.5)
    parser.add_argument("--detector", action="store_true")
    parser.add_argument("--no-lungs", action="store_true", help="ablation: no lung-box alignment")
    parser.add_argument(
        "--no-findings", action="store_true", help="ablation: no refinement from finding pairs"
    )
    args = parser.parse_args()
    rows = [evaluate_pair(s, args) for s in range(args.first_seed, args.first_seed + args.pairs)]
    right, wrong = sum(r["right"] for r in rows), sum(r["wrong"] for r in rows)
    errors = [e for r in rows for e in r["growth_errors"]]
    new_found, new_total = sum(r["new_found"] for r in rows), sum(r["new_total"] for r in rows)
    methods = [r["method"] for r in rows]
    print(json.dumps({
        "pairs": len(rows), "settings": vars(args),
        "matched_right": f"{right}/{right + wrong} = {right / max(right + wrong, 1):.1%}",
        "growth_error_median_mm": round(statistics.median(errors), 2) if errors else None,
        "growth_error_within_1_mm": f"{sum(e <= 1.0 for e in errors) / max(len(errors), 1):.1%}",
        "new_detected": f"{new_found}/{new_total} = {new_found / max(new_total, 1):.1%}",
        "false_new_per_scan": round(sum(r["false_new"] for r in rows) / len(rows), 3),
        "alignment": {m: methods.count(m) for m in sorted(set(methods))},
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
