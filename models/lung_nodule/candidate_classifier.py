"""Train the second-stage candidate classifier on simulator studies and ship it as JSON trees.

``python -m models.lung_nodule.candidate_classifier --studies 60 --cache /work/cache/probmaps
--out models/lung_nodule`` renders the studies of :func:`training_study` (``CANDIDATE_SEEDS``,
never ``EVAL_SEEDS``), writes each as DICOM and runs the appliance's own
:func:`~appliance.inference.pipeline.detect_series` with a low candidate threshold and no
classifier, so the classifier learns from exactly the candidates the appliance produces. A
candidate is positive when its centre lies within max(radius, 5 mm) of a nodule >= 4 mm (the
evaluation's rule), negative when it is near no nodule, and left out when it sits on a nodule
under 4 mm (the evaluation ignores those).

Gradient-boosted trees (scikit-learn, the ``train`` extra; depth 4, learning rate 0.05, 300
trees, leaves of >= 10 candidates, 80 % subsampling: on 150 training studies, out-of-fold
sensitivity at 0.8 FP/scan 88.3 % against 87.0-88.1 % for three other settings) are fitted;
the operating threshold
is chosen from out-of-fold probabilities (5 folds grouped by study) as the highest sensitivity at
<= ``--target-fp`` false positives per scan, counting nodules that produced no candidate as
missed. The trees do not extrapolate, so the export also records, for each of
:data:`~appliance.inference.candidates.LIMITED_FEATURES`, the largest value among the training
nodules plus :data:`LIMIT_MARGIN` (:func:`limits`); past it a candidate scores 0, in the
out-of-fold scores as in the appliance.
The trees are written to ``candidate_classifier.json``, which the appliance evaluates in
numpy (:class:`appliance.inference.candidates.CandidateClassifier`), and the choice, with the
cross-validated FROC, to ``candidate_training.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.inference.candidates import (
    FEATURE_NAMES,
    LIMITED_FEATURES,
    beyond_limits,
    indexed_limits,
)
from appliance.inference.detect import DetectionSettings
from appliance.inference.pipeline import ProbabilityModel, detect_series
from appliance.simulate import simulate_study, write_series
from appliance.simulate.study import SimulatedStudy
from models.lung_nodule.data import FINE_VESSELS_PER_LITRE

CANDIDATE_SEEDS = range(150_000, 160_000)
"""Part of ``TRAIN_SEEDS`` (100000-199999) that the U-Net's training (100000-100239) never drew."""
FINE_VESSEL_SEEDS = range(150_400, 150_600)
"""Candidate-training seeds rendered with the simulator's fine vessels (60-160 small trees per
litre, ``simulate_study(fine_vessels_per_litre=...)``): the many small dense pieces of a real
lung on thick slices, which the default render lacks and the detector took for nodules on the
real series."""
ENHANCED_SHARE = 0.4
ENHANCED_HU = (150.0, 350.0)
CANDIDATE_THRESHOLD = 0.15
CANDIDATE_MIN_VOLUME_MM3 = 5.0
"""Smallest candidate (three 1.25 mm voxels): a small nodule the U-Net answers only faintly,
off its patch centre, can be that small at probability 0.15 (held-out: 1 of 103 nodules)."""
MIN_DIAMETER_MM = 4.0
LIMIT_MARGIN = 0.05
"""Added to the nodules' largest value of a limited feature (see :func:`limits`)."""
FOLDS = 5
"""Folds (grouped by study) of the out-of-fold scores that choose the operating point."""
COLLECT_VERSION = 5
"""Bumped when what :func:`collect` stores changes, so stale saved candidates are recomputed."""


def training_study(seed: int) -> SimulatedStudy:
    """The candidate-training study of ``seed``: the simulator's defaults with 1-5 nodules, in
    40 % of studies contrast-enhanced vessels (150-350 HU), and for :data:`FINE_VESSEL_SEEDS`
    fine vessels, all drawn apart from the seed's own random stream."""
    rng = np.random.default_rng([seed, 7])
    enhanced = bool(rng.random() < ENHANCED_SHARE)
    vessel_hu = float(rng.uniform(*ENHANCED_HU)) if enhanced else 40.0
    count = int(rng.integers(1, 6))
    fine = float(rng.uniform(*FINE_VESSELS_PER_LITRE)) if seed in FINE_VESSEL_SEEDS else 0.0
    return simulate_study(seed, nodules=count, vessel_hu=vessel_hu, fine_vessels_per_litre=fine)


@dataclasses.dataclass
class StudyCandidates:
    """One study's candidates: features, labels (1, 0, or -1 = ignored), matched nodules."""

    seed: int
    features: npt.NDArray[np.float64]
    labels: npt.NDArray[np.int64]
    nodule: npt.NDArray[np.int64]
    """Which nodule >= 4 mm (0 to nodules_ge_4mm - 1) each candidate hits, -1 for none."""
    nodules_ge_4mm: int


def _label(centre: npt.NDArray[np.float64], truth: list[dict[str, Any]]) -> tuple[int, int]:
    """(1, rank of the nodule among those >= 4 mm), (-1, -1) on a smaller one, or (0, -1)."""
    rank = -1
    for t in truth:
        big = t["diameter_mm"] >= MIN_DIAMETER_MM
        rank += big
        if np.linalg.norm(centre - t["center_mm"]) <= max(t["diameter_mm"] / 2.0, 5.0):
            return (1, rank) if big else (-1, -1)
    return 0, -1


def collect(
    study: SimulatedStudy, model: ProbabilityModel, threshold: float = CANDIDATE_THRESHOLD
) -> StudyCandidates:
    """Every candidate the appliance finds in ``study`` at ``threshold``, with its label."""
    settings = DetectionSettings(
        candidate_threshold=threshold,
        min_volume_mm3=CANDIDATE_MIN_VOLUME_MM3,
        max_input_noise_hu=model.thresholds.get("max_input_noise_hu"),
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_series(study, Path(tmp))
        detected = detect_series(sorted(folder.glob("*.dcm")), model, settings)
    truth = [n.to_json() for n in study.nodules]
    affine = detected.volume.affine
    rows, labels, hits = [], [], []
    for c in detected.candidates:
        assert c.features is not None
        centre = np.argwhere(c.mask).mean(axis=0) + c.offset
        label, nodule = _label(affine[:3, :3] @ centre + affine[:3, 3], truth)
        rows.append(c.features)
        labels.append(label)
        hits.append(nodule)
    return StudyCandidates(
        seed=study.seed,
        features=np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURE_NAMES)),
        labels=np.asarray(labels, dtype=np.int64),
        nodule=np.asarray(hits, dtype=np.int64),
        nodules_ge_4mm=sum(t["diameter_mm"] >= MIN_DIAMETER_MM for t in truth),
    )


def collected(
    seed: int, model: ProbabilityModel, folder: Path, threshold: float = CANDIDATE_THRESHOLD
) -> StudyCandidates:
    """:func:`collect` of the training study of ``seed``, kept in ``folder`` as ``<seed>.npz``
    (delete the folder after changing the features)."""
    path = folder / f"{seed}.npz"
    if path.is_file():
        with np.load(path) as saved:
            names = tuple(str(n) for n in saved["feature_names"])
            fresh = int(saved["version"]) == COLLECT_VERSION if "version" in saved else False
            if fresh and names == FEATURE_NAMES and float(saved["threshold"]) == threshold:
                return StudyCandidates(
                    seed,
                    saved["features"],
                    saved["labels"],
                    saved["nodule"],
                    int(saved["nodules_ge_4mm"]),
                )
    found = collect(training_study(seed), model, threshold)
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")  # renamed when whole: a stopped worker leaves no
    with partial.open("wb") as out:  # half-written file (gpu_round stops at its deadline)
        np.savez(
            out,
            features=found.features,
            labels=found.labels,
            nodule=found.nodule,
            nodules_ge_4mm=found.nodules_ge_4mm,
            feature_names=np.asarray(FEATURE_NAMES),
            threshold=threshold,
            version=COLLECT_VERSION,
        )
    partial.replace(path)
    return found


def froc(
    studies: list[StudyCandidates], scores: list[npt.NDArray[np.float64]]
) -> list[dict[str, float]]:
    """Sensitivity (nodules >= 4 mm, misses by the candidate step included) and FP per scan at
    each score threshold."""
    total = sum(s.nodules_ge_4mm for s in studies)
    best_per_nodule: list[float] = []
    negatives: list[float] = []
    for s, p in zip(studies, scores, strict=True):
        for i in range(s.nodules_ge_4mm):
            hit = p[(s.nodule == i) & (s.labels == 1)]
            best_per_nodule.append(float(hit.max()) if len(hit) else -1.0)
        negatives.extend(p[s.labels == 0].tolist())
    best = np.asarray(best_per_nodule)
    neg = np.asarray(negatives)
    curve = []
    for t in sorted({0.0, *best[best >= 0].tolist(), *neg.tolist()}):
        curve.append(
            {
                "threshold": float(t),
                "sensitivity": float((best >= t).sum() / max(total, 1)),
                "fp_per_scan": float((neg >= t).sum() / len(studies)),
            }
        )
    return curve


def operating_point(curve: list[dict[str, float]], target_fp: float) -> dict[str, float]:
    ok = [c for c in curve if c["fp_per_scan"] <= target_fp]
    return max(ok, key=lambda c: (c["sensitivity"], c["threshold"]))


def _at(curve: list[dict[str, float]], threshold: float) -> dict[str, float]:
    """The point of ``curve`` that a classifier thresholded at ``threshold`` runs at."""
    return max((c for c in curve if c["threshold"] <= threshold), key=lambda c: c["threshold"])


def fit(x: npt.NDArray[np.float64], y: npt.NDArray[np.int64], seed: int, trees: int) -> Any:
    from sklearn.ensemble import GradientBoostingClassifier  # noqa: PLC0415 - train extra

    model = GradientBoostingClassifier(
        n_estimators=trees,
        max_depth=4,
        learning_rate=0.05,
        subsample=0.8,
        min_samples_leaf=10,
        random_state=seed,
    )
    return model.fit(x, y)


def out_of_fold(
    studies: list[StudyCandidates], seed: int, trees: int, folds: int = FOLDS
) -> list[npt.NDArray[np.float64]]:
    """Each study's candidate probabilities from a model trained without that study."""
    order = np.random.default_rng(seed).permutation(len(studies))
    fold_of = np.empty(len(studies), dtype=int)
    fold_of[order] = np.arange(len(studies)) % folds
    scores: list[npt.NDArray[np.float64]] = [np.zeros(0)] * len(studies)
    for k in range(folds):
        train = [s for i, s in enumerate(studies) if fold_of[i] != k]
        x, y = _stack(train)
        model = fit(x, y, seed, trees)
        bounds = limits(x, y)
        for i, s in enumerate(studies):
            if fold_of[i] == k:
                scores[i] = _limited(model, s.features, bounds)
    return scores


def _limited(
    model: Any, features: npt.NDArray[np.float64], bounds: dict[str, float]
) -> npt.NDArray[np.float64]:
    """The model's probabilities, 0 past the ``bounds`` (as the appliance scores them)."""
    if not len(features):
        return np.zeros(0)
    p = np.asarray(model.predict_proba(features)[:, 1], dtype=np.float64)
    p[beyond_limits(features, indexed_limits(bounds))] = 0.0
    return p


def _stack(studies: list[StudyCandidates]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    x = np.concatenate([s.features[s.labels >= 0] for s in studies])
    y = np.concatenate([s.labels[s.labels >= 0] for s in studies])
    return x, y


def limits(x: npt.NDArray[np.float64], y: npt.NDArray[np.int64]) -> dict[str, float]:
    """Largest value among the training nodules, plus :data:`LIMIT_MARGIN`, of each of
    :data:`~appliance.inference.candidates.LIMITED_FEATURES`."""
    return {
        name: round(float(x[y == 1, FEATURE_NAMES.index(name)].max()) + LIMIT_MARGIN, 4)
        for name in LIMITED_FEATURES
    }


def export(
    model: Any, x_check: npt.NDArray[np.float64], ranges: dict[str, float] | None = None
) -> dict[str, Any]:
    """The fitted trees as JSON for :class:`~appliance.inference.candidates.CandidateClassifier`
    (``ranges``: the :func:`limits` past which a candidate scores 0)."""
    trees = []
    for estimator in model.estimators_[:, 0]:
        t = estimator.tree_
        trees.append(
            {
                "feature": t.feature.tolist(),
                "threshold": t.threshold.tolist(),
                "left": t.children_left.tolist(),
                "right": t.children_right.tolist(),
                "value": t.value[:, 0, 0].tolist(),
            }
        )
    raw = model.decision_function(x_check[:1])[0]
    summed = sum(e.predict(x_check[:1].astype(np.float32))[0] for e in model.estimators_[:, 0])
    return {
        "kind": "gradient-boosted trees (binary log-loss), P = sigmoid(baseline + lr * sum(trees))",
        "features": list(FEATURE_NAMES),
        "baseline": float(raw - model.learning_rate * summed),
        "learning_rate": float(model.learning_rate),
        "limits": dict(ranges or {}),
        "trees": trees,
    }


def seed_ranges(seeds: list[int]) -> str:
    """``150000-150059, 150110-150140``: consecutive seeds written as ranges."""
    runs: list[list[int]] = []
    for seed in sorted(seeds):
        if runs and runs[-1][1] == seed - 1:
            runs[-1][1] = seed
        else:
            runs.append([seed, seed])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def seeds_in_ranges(ranges: list[str]) -> list[int]:
    """The ``CANDIDATE_SEEDS`` of index ranges written ``A:B`` (``["0:94", "110:166"]``)."""
    seeds: list[int] = []
    for text in ranges:
        start, _, stop = text.partition(":")
        seeds.extend(CANDIDATE_SEEDS[int(start) : int(stop)])
    return seeds


def _seeds(args: argparse.Namespace) -> list[int]:
    if not args.ranges:
        return list(CANDIDATE_SEEDS[args.first : args.first + args.studies])
    return seeds_in_ranges(args.ranges)


def train_and_export(
    studies: list[StudyCandidates], out: Path, trees: int, target_fp: float, seed: int
) -> dict[str, Any]:
    """Choose the operating point out-of-fold, fit the final trees on every study, and write
    ``candidate_classifier.json`` and ``candidate_training.json`` (returned) into ``out``."""
    from appliance.inference.candidates import CandidateClassifier  # noqa: PLC0415

    if len(studies) < FOLDS:
        raise ValueError(
            f"{len(studies)} studies with candidates: the out-of-fold operating point needs at "
            f"least {FOLDS} (one per fold); collect more"
        )
    scores = out_of_fold(studies, seed, trees)
    default = [i for i, s in enumerate(studies) if s.seed not in FINE_VESSEL_SEEDS]
    fine = [i for i, s in enumerate(studies) if s.seed in FINE_VESSEL_SEEDS]
    curve = froc([studies[i] for i in default], [scores[i] for i in default])
    chosen = operating_point(curve, target_fp)
    x, y = _stack(studies)
    final = fit(x, y, seed, trees)
    exported = export(final, x, limits(x, y))
    check = CandidateClassifier.from_json(exported, 0.5).probability(x)
    gap = float(np.abs(check - _limited(final, x, exported["limits"])).max())
    (out / "candidate_classifier.json").write_text(json.dumps(exported))
    base = froc(studies, [np.ones(len(s.labels)) for s in studies])[-1]
    report = {
        "studies": len(studies),
        "seeds": seed_ranges([s.seed for s in studies]),
        "candidates": len(y),
        "positives": int(y.sum()),
        "candidate_threshold": CANDIDATE_THRESHOLD,
        "candidate_min_volume_mm3": CANDIDATE_MIN_VOLUME_MM3,
        "candidate_sensitivity": base["sensitivity"],
        "candidate_fp_per_scan": base["fp_per_scan"],
        "target_fp_per_scan": target_fp,
        "operating_point_out_of_fold": chosen,
        "operating_point_studies": "the simulator's default renders (held-out evaluation draws "
        "those); the fine-vessel studies train the trees but do not move the threshold",
        "fine_vessel_studies": len(fine),
        "fine_vessel_studies_at_operating_point": _at(
            froc([studies[i] for i in fine], [scores[i] for i in fine]), chosen["threshold"]
        )
        if fine
        else None,
        "numpy_vs_sklearn_max_abs_diff": gap,
        "limits": exported["limits"],
        "trees": trees,
        "seed": seed,
        "froc_out_of_fold": [c for c in curve if c["fp_per_scan"] <= 5][
            :: max(1, len(curve) // 60)
        ],
    }
    (out / "candidate_training.json").write_text(json.dumps(report, indent=1))
    return report


def main(argv: list[str] | None = None) -> None:
    from appliance.config import InferenceConfig  # noqa: PLC0415
    from appliance.inference.runtime import InferenceRuntime  # noqa: PLC0415
    from models.lung_nodule.prediction_cache import CachedModel  # noqa: PLC0415

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--studies", type=int, default=60)
    p.add_argument("--cache", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--trees", type=int, default=300)
    p.add_argument("--target-fp", type=float, default=0.8)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--first", type=int, default=0, help="index of the first CANDIDATE_SEEDS seed")
    p.add_argument(
        "--ranges",
        nargs="+",
        metavar="A:B",
        help="CANDIDATE_SEEDS index ranges to use instead of --first/--studies (e.g. 0:60 110:150)",
    )
    p.add_argument("--collect-only", action="store_true", help="fill the caches, do not train")
    args = p.parse_args(argv)
    runtime = InferenceRuntime(config=InferenceConfig(threads_per_worker=1))
    model = CachedModel(runtime.nodule_model(), args.cache)
    studies = []
    for seed in _seeds(args):
        studies.append(collected(seed, model, args.cache / "candidates"))
        print(seed, len(studies[-1].labels), int((studies[-1].labels == 1).sum()), flush=True)
    if args.collect_only:
        return
    report = train_and_export(studies, args.out, args.trees, args.target_fp, args.seed)
    print(json.dumps({k: v for k, v in report.items() if k != "froc_out_of_fold"}, indent=1))


if __name__ == "__main__":
    main()
