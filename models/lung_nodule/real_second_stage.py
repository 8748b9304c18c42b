"""Teach the second stage real nodules: continue its boosting on scans holding LIDC nodules.

``python -m models.lung_nodule.real_second_stage --candidates DIR --out OUT`` reads the
candidates that :mod:`models.lung_nodule.real_candidates` collected (LIDC nodules of the
training patients inserted into fine-vessel simulator studies the shipped classifier never
saw), and fits ``--trees`` more gradient-boosted trees that start from the shipped classifier's
own score (scikit-learn's ``init``): the 300 trees learnt on 250 simulated studies stay as they
are, and the new trees correct them where real nodules and real-looking lungs differ. The
result is one classifier (old trees + new trees, the same learning rate) in the format the
appliance reads.

Out-of-fold scores (5 folds grouped by host scan) choose the operating threshold (the highest
sensitivity at <= ``--target-fp`` false candidates per scan) and fit the confidence calibration
(:mod:`appliance.inference.calibration`, :func:`fit_logistic`): logistic regression on the
score's logit, and on ln of the candidate's size where that lowers the out-of-fold log loss,
over the candidates at or above the threshold, with nodules weighted so that a scan carries
``--prevalence`` of them (LIDC's 1.8 per scan), since a probability depends on how common real
nodules are.

The limit past which the shipped classifier gave a candidate 0 (``shell_tissue_share``, set by
the simulated nodules) is raised to what the real training nodules reach plus the margin.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, ClassifierMixin

from appliance.inference.candidates import (
    FEATURE_NAMES,
    CandidateClassifier,
    beyond_limits,
    indexed_limits,
)
from models.lung_nodule.candidate_classifier import LIMIT_MARGIN, export

FOLDS = 5
RIDGE = 1e-3
"""Ridge on the calibration's slopes, for stability when the classes nearly separate."""


class ShippedScore(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """The shipped trees' probability, without limits, as scikit-learn's ``init``."""

    def __init__(self, path: str = "") -> None:
        self.path = path

    def fit(self, x: Any, y: Any, sample_weight: Any = None) -> ShippedScore:
        data = json.loads(Path(self.path).read_text())
        self.classifier_ = CandidateClassifier.from_json(data | {"limits": {}}, 0.0)
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, x: Any) -> npt.NDArray[np.float64]:
        p = 1.0 / (1.0 + np.exp(-self.classifier_.raw_score(x)))
        return np.column_stack([1 - p, p])


def fit_logistic(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], weight: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Weighted logistic regression by Newton's method, a small ridge on the slopes only."""
    w = np.zeros(x.shape[1])
    penalty = np.diag([RIDGE] * (x.shape[1] - 1) + [0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (weight * (p - y)) + penalty @ w
        hess = x.T @ (x * (weight * p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def load(folder: Path) -> list[dict[str, npt.NDArray[Any]]]:
    hosts = []
    for path in sorted(folder.glob("*.npz"), key=lambda p: int(p.stem)):
        with np.load(path) as saved:
            hosts.append({k: saved[k] for k in saved.files} | {"index": int(path.stem)})
    return hosts


def _stack(hosts: list[dict[str, Any]]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    x = np.concatenate([h["features"][h["labels"] >= 0] for h in hosts])
    y = np.concatenate([h["labels"][h["labels"] >= 0] for h in hosts])
    return x, y


def fit(hosts: list[dict[str, Any]], shipped: Path, trees: int, seed: int) -> Any:
    from sklearn.ensemble import GradientBoostingClassifier  # noqa: PLC0415

    x, y = _stack(hosts)
    model = GradientBoostingClassifier(
        init=ShippedScore(str(shipped)),
        n_estimators=trees,
        max_depth=3,
        learning_rate=float(json.loads(shipped.read_text())["learning_rate"]),
        subsample=0.8,
        min_samples_leaf=10,
        random_state=seed,
    )
    return model.fit(x, y)


def raised_limits(shipped: dict[str, Any], hosts: list[dict[str, Any]]) -> dict[str, float]:
    x, y = _stack(hosts)
    return {
        name: round(
            max(float(value), float(x[y == 1, FEATURE_NAMES.index(name)].max()) + LIMIT_MARGIN), 4
        )
        for name, value in shipped.get("limits", {}).items()
    }


def scores(model: Any, features: npt.NDArray[np.float64], bounds: dict[str, float]) -> Any:
    if not len(features):
        return np.zeros(0)
    p = np.asarray(model.predict_proba(features)[:, 1], dtype=np.float64)
    p[beyond_limits(features, indexed_limits(bounds))] = 0.0
    return p


def out_of_fold(
    hosts: list[dict[str, Any]], shipped: Path, trees: int, seed: int
) -> list[npt.NDArray[np.float64]]:
    data = json.loads(shipped.read_text())
    fold_of = np.random.default_rng(seed).permutation(len(hosts)) % FOLDS
    out: list[npt.NDArray[np.float64]] = [np.zeros(0)] * len(hosts)
    for k in range(FOLDS):
        train = [h for i, h in enumerate(hosts) if fold_of[i] != k]
        model = fit(train, shipped, trees, seed)
        bounds = raised_limits(data, train)
        for i, h in enumerate(hosts):
            if fold_of[i] == k:
                out[i] = scores(model, h["features"], bounds)
    return out


def froc(
    hosts: list[dict[str, Any]], host_scores: list[npt.NDArray[np.float64]]
) -> list[dict[str, float]]:
    """Sensitivity over the nodules >= 4 mm (one candidate per nodule; none: missed), real ones
    apart, and false candidates per scan, at each threshold."""
    chosen = [(h, s) for h, s in zip(hosts, host_scores, strict=True) if "nodule" in h]
    total = sum(int(h["nodules_ge_4mm"]) for h, _ in chosen)
    real_total = sum(int(h["real_nodules_ge_4mm"]) for h, _ in chosen)
    best: list[tuple[float, int]] = []  # (best score of a nodule, real)
    negatives = []
    for h, s in chosen:
        top: dict[int, tuple[float, int]] = {}
        for score, label, nodule, real in zip(s, h["labels"], h["nodule"], h["real"], strict=True):
            if label == 1:
                top[int(nodule)] = max(top.get(int(nodule), (0.0, 0)), (float(score), int(real)))
            elif label == 0:
                negatives.append(float(score))
        best.extend(top.values())
    pos = np.array([b[0] for b in best])
    real = np.array([b[1] for b in best], dtype=bool)
    neg = np.array(negatives)
    curve = []
    for t in sorted({0.0, *pos.tolist()}):
        curve.append(
            {
                "threshold": t,
                "sensitivity": float((pos >= t).sum() / total),
                "real_sensitivity": float((pos[real] >= t).sum() / max(real_total, 1)),
                "fp_per_scan": float((neg >= t).sum() / len(chosen)),
            }
        )
    return curve


def at(curve: list[dict[str, float]], target_fp: float) -> dict[str, float]:
    ok = [c for c in curve if c["fp_per_scan"] <= target_fp]
    return max(ok, key=lambda c: (c["sensitivity"], c["threshold"]))


CALIBRATION_INPUTS = {
    "score": (0,),
    "score and size": (0, 1),
}
"""The calibrations tried; the one with the lower out-of-fold log loss (folds by host) is
shipped, the simpler on a tie (decided before the run)."""


def _calibration_rows(
    hosts: list[dict[str, Any]], host_scores: list[npt.NDArray[np.float64]], threshold: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """(logit(score), ln(size)), label and host index of every candidate at or over the
    threshold."""
    size = FEATURE_NAMES.index("diameter_mm")
    x, y, host = [], [], []
    for i, (h, s) in enumerate(zip(hosts, host_scores, strict=True)):
        keep = (s >= threshold) & (h["labels"] >= 0)
        for score, label, feats in zip(
            s[keep], h["labels"][keep], h["features"][keep], strict=True
        ):
            p = min(max(float(score), 1e-6), 1 - 1e-6)
            x.append([np.log(p / (1 - p)), np.log(max(float(feats[size]), 1.0))])
            y.append(float(label == 1))
            host.append(i)
    return np.array(x).reshape(-1, 2), np.array(y), np.array(host, dtype=np.int64)


def _design(x: npt.NDArray[np.float64], inputs: tuple[int, ...]) -> npt.NDArray[np.float64]:
    return np.column_stack([x[:, list(inputs)], np.ones(len(x))])


def out_of_fold_log_loss(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    weight: npt.NDArray[np.float64],
    fold: npt.NDArray[np.int64],
) -> float:
    """Weighted log loss of a logistic calibration fitted on the other folds."""
    p = np.zeros(len(y))
    for k in np.unique(fold):
        test = fold == k
        w = fit_logistic(x[~test], y[~test], weight[~test])
        p[test] = 1 / (1 + np.exp(-(x[test] @ w)))
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.sum(weight * (y * np.log(p) + (1 - y) * np.log(1 - p))) / weight.sum())


def choose_calibration(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    weight: npt.NDArray[np.float64],
    fold: npt.NDArray[np.int64],
    inputs: dict[str, tuple[int, ...]],
) -> tuple[str, dict[str, float], list[float]]:
    """Of the calibrations ``inputs`` names (columns of ``x``: the score's logit, then ln of a
    size), the one with the lower out-of-fold log loss, the simpler on a tie: its name, every
    loss, and its coefficients [score weight, size weight, intercept] fitted on all rows."""
    losses = {
        name: round(out_of_fold_log_loss(_design(x, cols), y, weight, fold), 4)
        for name, cols in inputs.items()
    }
    chosen = min(inputs, key=lambda name: (losses[name], len(inputs[name])))
    fitted = fit_logistic(_design(x, inputs[chosen]), y, weight)
    slopes = dict(zip(inputs[chosen], fitted[:-1], strict=True))
    return chosen, losses, [slopes.get(0, 0.0), slopes.get(1, 0.0), float(fitted[-1])]


def calibration(
    hosts: list[dict[str, Any]],
    host_scores: list[npt.NDArray[np.float64]],
    threshold: float,
    prevalence: float,
    scored_by: str = "out-of-fold scores",
    seed: int = 0,
) -> dict[str, Any]:
    x, ys, host = _calibration_rows(hosts, host_scores, threshold)
    nodules_per_scan = sum(int(h["nodules_ge_4mm"]) for h in hosts) / len(hosts)
    weight = np.where(ys == 1, prevalence / nodules_per_scan, 1.0)
    fold = (np.random.default_rng(seed).permutation(len(hosts)) % FOLDS)[host]
    chosen, losses, coefficients = choose_calibration(x, ys, weight, fold, CALIBRATION_INPUTS)
    return {
        "method": "P = sigmoid(a * logit(score) + b * ln(candidate diameter mm) + c)",
        "coefficients": [round(float(v), 5) for v in coefficients],
        "inputs": chosen,
        "out_of_fold_log_loss": losses,
        "fitted_on": (
            f"{scored_by} of {len(ys)} candidates at or over the operating threshold "
            f"({int(ys.sum())} on nodules) in {len(hosts)} fine-vessel simulated scans holding "
            f"LIDC nodules of the training patients; nodules weighted to {prevalence} per scan "
            f"(the scans held {nodules_per_scan:.1f}); inputs chosen by out-of-fold log loss "
            f"({FOLDS} folds by scan)"
        ),
    }


def combined(shipped: dict[str, Any], model: Any, limits: dict[str, float]) -> dict[str, Any]:
    """The shipped trees followed by the new ones, as one classifier JSON."""
    new = export(model, np.zeros((1, len(FEATURE_NAMES))))
    return shipped | {
        "trees": shipped["trees"] + new["trees"],
        "limits": limits,
        "kind": shipped["kind"] + "; the last trees continue the boosting on real nodules",
    }


GAIN_TO_ADD_TREES = 0.01
"""The new trees are shipped only when their out-of-fold sensitivity at the target false
findings per scan beats the shipped trees' on the same scans by more than this (decided before
the run: a gain within the noise of 200 nodules is not worth a model nobody has seen)."""


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--candidates", type=Path, required=True)
    p.add_argument("--models", type=Path, default=Path("models/lung_nodule"))
    p.add_argument("--trees", type=int, default=100)
    p.add_argument("--target-fp", type=float, default=1.0)
    p.add_argument("--prevalence", type=float, default=1.8)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    hosts = load(args.candidates)
    args.shipped = args.models / "candidate_classifier.json"
    shipped = json.loads(args.shipped.read_text())
    manifest = json.loads((args.models / "manifest.json").read_text())
    shipped_threshold = float(manifest["candidate_classifier"]["operating_threshold"])
    shipped_classifier = CandidateClassifier.from_json(shipped, 0.0)
    before = [shipped_classifier.probability(h["features"]) for h in hosts]
    old_curve = froc(hosts, before)
    old_point = at(old_curve, args.target_fp)
    report: dict[str, Any] = {
        "hosts": len(hosts),
        "hosts_counted_in_froc": sum("nodule" in h for h in hosts),
        "target_fp_per_scan": args.target_fp,
        "shipped_trees": {
            "at_the_shipped_threshold": max(
                (c for c in old_curve if c["threshold"] <= shipped_threshold),
                key=lambda c: c["threshold"],
            ),
            "at_the_target": old_point,
        },
    }
    exported, chosen_scores, point = shipped, before, old_point
    if args.trees > 0:
        oof = out_of_fold(hosts, args.shipped, args.trees, args.seed)
        new_point = at(froc(hosts, oof), args.target_fp)
        gain = new_point["sensitivity"] - old_point["sensitivity"]
        report["added_trees_out_of_fold"] = {"trees": args.trees, "at_the_target": new_point}
        if gain > GAIN_TO_ADD_TREES:
            model = fit(hosts, args.shipped, args.trees, args.seed)
            limits = raised_limits(shipped, hosts)
            exported = combined(shipped, model, limits)
            x, _ = _stack(hosts)
            ours = CandidateClassifier.from_json(exported, 0.0).probability(x)
            report["numpy_vs_sklearn_max_abs_diff"] = float(
                np.abs(ours - scores(model, x, limits)).max()
            )
            chosen_scores, point = oof, new_point
    if exported is not shipped:
        report["shipped"] = "shipped trees and new trees"
    elif args.trees > 0:
        report["shipped"] = (
            "the shipped trees (the added ones did not gain more than "
            f"{GAIN_TO_ADD_TREES:.0%} sensitivity out of fold)"
        )
    else:
        report["shipped"] = "the shipped trees (no trees were tried)"
    report["operating_threshold"] = point["threshold"]
    report["calibration"] = calibration(
        hosts,
        chosen_scores,
        point["threshold"],
        args.prevalence,
        "out-of-fold scores" if exported is not shipped else "the shipped classifier's scores",
        args.seed,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "candidate_classifier.json").write_text(json.dumps(exported))
    (args.out / "real_second_stage.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
