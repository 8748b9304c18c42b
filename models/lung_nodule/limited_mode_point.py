"""Choose the second stage's operating point and calibration for thick slices (limited mode).

A series of 6-10 mm slices is analysed in limited mode (``docs/analysis.md``): only findings of
10 mm and more are reported. The second stage's threshold and calibration were chosen on
0.6-5 mm slices, where a 10 mm blob is almost always a nodule; on a thick slab a bundle of
vessels averages into one, so the full mode's operating point reports about two false findings
of that size per scan, at confidences that say "likely a nodule" (the real series on 8 mm
slabs: 0.76 and 0.66).

``python -m models.lung_nodule.limited_mode_point --candidates A.json [B.json ...] --out OUT``
reads what ``evaluate_inserted --split train --train-hosts N --slab-mm 6,8,10
--nodules-from-mm 9 --count-from-mm 10 --all-candidates`` wrote: candidate-training simulator
studies (never ``EVAL_SEEDS``) rebinned to thick slabs, with LIDC nodules of the **training**
patients inserted, every reported-size finding kept with its raw second-stage score. It then

- chooses the threshold on that score: the highest sensitivity for inserted nodules of 10 mm
  and more at <= ``--target-fp`` false findings per scan, the highest threshold among equals;
- fits the calibration (:mod:`appliance.inference.calibration`) over the findings at or over
  it: logistic regression on the score's logit and, where that lowers the out-of-fold log loss
  (5 folds by scan), on ln of the finding's *measured* mean diameter (limited mode applies it
  after measurement), real ones weighted so that a scan carries ``--prevalence`` nodules of
  10 mm or more (LIDC's patients: about 0.48); the full mode's calibration's loss on the same
  findings is given beside it;
- writes ``OUT/limited_mode_point.json`` with the FROC, the choice and the manifest entry
  (``candidate_classifier.limited_mode``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.inference.calibration import ConfidenceCalibration
from models.lung_nodule.real_second_stage import FOLDS, choose_calibration

MIN_DIAMETER_MM = 10.0
"""Limited mode's smallest reported finding, and the inserted nodules sensitivity counts."""
LIDC_PREVALENCE = 0.48
"""LIDC's nodules of 10 mm and more per patient (210 of the 793 by equivalent diameter, 439
patients): the base rate the calibration is weighted to, as the full mode's uses 1.8 of all."""


def _findings(hosts: list[dict[str, Any]]) -> list[tuple[int, float, float, bool]]:
    """(host index, score, measured mean diameter, real) of every finding on a nodule or a
    false one; findings on the host's own nodules count neither way, as in the evaluation."""
    return [
        (i, float(f["confidence"]), float(f["diameter_mm"]), f["outcome"] == "real")
        for i, h in enumerate(hosts)
        for f in h["findings"]
        if f["outcome"] != "host"
    ]


def froc(hosts: list[dict[str, Any]]) -> list[dict[str, float]]:
    """Sensitivity (inserted nodules >= 10 mm with a finding at or over the threshold) and false
    findings per scan at every threshold a finding's score sets."""
    best: list[float] = []
    for h in hosts:
        for index, nodule in enumerate(h["inserted"]):
            if nodule["diameter_mm"] < MIN_DIAMETER_MM:
                continue
            on_it = [f["confidence"] for f in h["findings"] if f.get("nodule") == index]
            best.append(max(on_it, default=-1.0))
    top = np.array(best)
    false = np.array(
        [f["confidence"] for h in hosts for f in h["findings"] if f["outcome"] == "fp"]
    )
    curve = []
    for threshold in sorted({0.0, *top[top >= 0].tolist(), *false.tolist()}):
        curve.append(
            {
                "threshold": threshold,
                "sensitivity": float((top >= threshold).mean()) if len(top) else 0.0,
                "fp_per_scan": float((false >= threshold).sum() / len(hosts)),
            }
        )
    return curve


def choose(curve: list[dict[str, float]], target_fp: float) -> dict[str, float]:
    """The highest sensitivity at <= ``target_fp`` per scan. The thresholds that give it form a
    range between a nodule's score (above it that nodule is lost) and a false finding's (below
    it the rate is over the target); the threshold is the range's middle on the logit scale, so
    that a nodule or a false finding of another scan scoring near either end is not decided by
    where the training scans happened to put them."""
    allowed = [c for c in curve if c["fp_per_scan"] <= target_fp]
    best = max(c["sensitivity"] for c in allowed)
    equal = [c for c in allowed if c["sensitivity"] == best]
    lowest = min(equal, key=lambda c: c["threshold"])
    highest = max(equal, key=lambda c: c["threshold"])
    below = [c["threshold"] for c in curve if c["threshold"] < lowest["threshold"]]
    # the range reaches down to just above the next score under it (a false finding's)
    floor = max(below, default=lowest["threshold"])
    low, high = _logit_of(max(floor, 1e-6)), _logit_of(max(highest["threshold"], 1e-6))
    middle = round(float(1 / (1 + np.exp(-(low + high) / 2))), 4)
    return point_at(curve, middle) | {"range": [floor, highest["threshold"]]}


def point_at(curve: list[dict[str, float]], threshold: float) -> dict[str, float]:
    """Sensitivity and false findings per scan with findings from ``threshold`` up."""
    above = min((c for c in curve if c["threshold"] >= threshold), key=lambda c: c["threshold"])
    return above | {"threshold": threshold}


def _logit_of(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def _logit(score: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    p = np.clip(score, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(p / (1 - p)), dtype=np.float64)


CALIBRATION_INPUTS = {"score": (0,), "score and measured size": (0, 1)}
"""The calibrations tried; the lower out-of-fold log loss (5 folds by scan) is shipped, the
simpler on a tie (as ``real_second_stage`` chooses the full mode's)."""


def calibrate(
    hosts: list[dict[str, Any]], threshold: float, prevalence: float, full: ConfidenceCalibration
) -> dict[str, Any]:
    """The calibration over findings at or over ``threshold`` (on the score's logit, and on ln of
    the measured mean diameter where that lowers the out-of-fold log loss), and that loss beside
    the full mode's calibration applied to the same findings."""
    rows = [row for row in _findings(hosts) if row[1] >= threshold]
    host = np.array([row[0] for row in rows])
    score = np.array([row[1] for row in rows])
    size = np.array([row[2] for row in rows])
    y = np.array([row[3] for row in rows], dtype=np.float64)
    x = np.column_stack([_logit(score), np.log(np.maximum(size, 1.0))])
    nodules_per_scan = sum(
        n["diameter_mm"] >= MIN_DIAMETER_MM for h in hosts for n in h["inserted"]
    ) / len(hosts)
    weight = np.where(y == 1, prevalence / nodules_per_scan, 1.0)
    fold = (np.random.default_rng(0).permutation(len(hosts)) % FOLDS)[host]
    chosen, losses, coefficients = choose_calibration(x, y, weight, fold, CALIBRATION_INPUTS)
    p_full = np.array([full.probability(float(v), MIN_DIAMETER_MM) for v in score])
    p_full = np.clip(p_full, 1e-9, 1 - 1e-9)
    full_loss = -np.sum(weight * (y * np.log(p_full) + (1 - y) * np.log(1 - p_full)))
    return {
        "method": "P = sigmoid(a * logit(score) + b * ln(measured mean diameter mm) + c)",
        "coefficients": [round(float(v), 5) for v in coefficients],
        "inputs": chosen,
        "weighted_log_loss_out_of_fold": losses,
        "weighted_log_loss_of_the_full_modes_calibration_at_10_mm": round(
            float(full_loss / weight.sum()), 4
        ),
        "fitted_on": (
            f"the shipped classifier's raw scores of {len(y)} findings of 10 mm and more at or "
            f"over the threshold ({int(y.sum())} on inserted nodules) in {len(hosts)} "
            "candidate-training simulated scans rebinned to 6, 8 and 10 mm slabs, holding LIDC "
            f"nodules of the training patients; nodules weighted to {prevalence} per scan (the "
            f"scans held {nodules_per_scan:.2f} of 10 mm and more); inputs chosen by "
            f"out-of-fold log loss ({FOLDS} folds by scan)"
        ),
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--candidates", type=Path, nargs="+", required=True)
    p.add_argument("--target-fp", type=float, default=1.0)
    p.add_argument("--prevalence", type=float, default=LIDC_PREVALENCE)
    p.add_argument("--manifest", type=Path, default=Path(__file__).with_name("manifest.json"))
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    hosts = [h for path in args.candidates for h in json.loads(path.read_text())["hosts"]]
    if any(h["mode"] != "limited" for h in hosts):
        raise SystemExit("every host must have been analysed in limited mode (--slab-mm)")
    manifest = json.loads(args.manifest.read_text())["candidate_classifier"]
    full = ConfidenceCalibration.from_json(manifest["calibration"], "manifest")
    curve = froc(hosts)
    chosen = choose(curve, args.target_fp)
    full_mode = point_at(curve, manifest["operating_threshold"])
    result = {
        "hosts": len(hosts),
        "slab_mm": sorted({h["slice_mm"] for h in hosts}),
        "nodules_ge_10mm": sum(
            n["diameter_mm"] >= MIN_DIAMETER_MM for h in hosts for n in h["inserted"]
        ),
        "target_fp_per_scan": args.target_fp,
        "at_the_full_modes_threshold": full_mode,
        "chosen": chosen,
        "froc": {
            str(rate): choose(curve, rate)["sensitivity"] for rate in (0.25, 0.5, 1.0, 2.0, 4.0)
        },
        "limited_mode": {
            "operating_threshold": chosen["threshold"],
            "calibration": calibrate(hosts, chosen["threshold"], args.prevalence, full),
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "limited_mode_point.json").write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "limited_mode"}, indent=1))
    print(json.dumps(result["limited_mode"], indent=1))


if __name__ == "__main__":
    main()
