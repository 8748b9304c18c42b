"""Fit the confidence calibration from real nodules inserted into held-out scans.

``python -m models.lung_nodule.calibrate --evaluation cal.json --manifest MANIFEST`` reads an
``evaluate_inserted`` run over the **training** patients' LIDC nodules (``--split train
--all-candidates``, the scores uncalibrated), keeps the findings the appliance would report
(score at or over the operating threshold, long axis at or over the reporting floor), labels
each real (on an inserted nodule or the host's own) or not, and fits
:class:`appliance.inference.calibration.ConfidenceCalibration` by maximum likelihood (Newton's
method on three coefficients, a small ridge on the slopes). ``--write`` puts the coefficients
into the manifest's ``candidate_classifier.calibration`` with what they were fitted on.

A probability depends on how common real nodules are among the scans it is fitted on: the
calibration run inserts about as many nodules per scan as LIDC's scans carry (795 nodules of
3 mm and more in 439 patients here, 1.8 per scan), and the model card says so.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

RIDGE = 1e-3


def rows(
    evaluation: dict[str, Any], threshold: float, min_long_axis_mm: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Design matrix [logit(score), ln(diameter), 1] and labels of the reportable findings."""
    x, y = [], []
    for host in evaluation["hosts"]:
        for f in host["findings"]:
            if f["confidence"] < threshold or f["long_axis_mm"] < min_long_axis_mm:
                continue
            s = min(max(float(f["confidence"]), 1e-6), 1 - 1e-6)
            x.append([np.log(s / (1 - s)), np.log(max(float(f["diameter_mm"]), 1.0)), 1.0])
            y.append(0.0 if f["outcome"] == "fp" else 1.0)
    return np.array(x), np.array(y)


def fit(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    weight: npt.NDArray[np.float64] | None = None,
) -> npt.NDArray[np.float64]:
    """Weighted logistic regression coefficients by Newton's method (ridge on the slopes)."""
    w = np.zeros(x.shape[1])
    v = np.ones(len(y)) if weight is None else weight
    penalty = np.diag([RIDGE] * (x.shape[1] - 1) + [0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (v * (p - y)) + penalty @ w
        hess = x.T @ (x * (v * p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--evaluation", type=Path, required=True)
    p.add_argument("--manifest", type=Path, required=True)
    p.add_argument("--write", action="store_true", help="write the coefficients into the manifest")
    args = p.parse_args(argv)
    evaluation = json.loads(args.evaluation.read_text())
    manifest = json.loads(args.manifest.read_text())
    entry = manifest["candidate_classifier"]
    floor = float(manifest["thresholds"].get("min_long_axis_mm", 0.0))
    x, y = rows(evaluation, float(entry["operating_threshold"]), floor)
    w = fit(x, y)
    hosts = evaluation["hosts"]
    calibration = {
        "method": "P = sigmoid(a * logit(score) + b * ln(mean diameter mm) + c)",
        "coefficients": [round(float(v), 5) for v in w],
        "fitted_on": (
            f"{len(y)} reportable findings ({int(y.sum())} real) on {len(hosts)} held-out scans "
            f"with {sum(len(h['inserted']) for h in hosts)} LIDC nodules of the training patients "
            "inserted (models/lung_nodule/evaluate_inserted.py --split train)"
        ),
    }
    print(json.dumps(calibration, indent=1))
    if args.write:
        entry["calibration"] = calibration
        args.manifest.write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
