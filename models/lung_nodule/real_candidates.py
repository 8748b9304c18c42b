"""Detection candidates of scans holding real LIDC nodules, for the second stage to learn from.

``python -m models.lung_nodule.real_candidates --hosts 30 --per-host 3 --out DIR`` inserts
nodules of the LIDC **training** patients into candidate-training simulator studies rendered
with the real lung's fine vessels (:data:`~models.lung_nodule.evaluate_inserted.HOST_TRAIN_SEEDS`,
never ``EVAL_SEEDS``), runs the appliance's own ``detect_series`` with the candidate settings of
:mod:`models.lung_nodule.candidate_classifier` (no classifier), and saves each host's candidate
features and labels as ``DIR/<index>.npz``: 1 on a nodule of 4 mm or more (inserted or the
host's own), -1 on a smaller one (left out, as the evaluation ignores them), 0 elsewhere; and
whether the nodule is a real one. A host already saved is skipped, so the job resumes.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from appliance.inference.candidates import FEATURE_NAMES
from appliance.inference.detect import DetectionSettings
from appliance.inference.pipeline import detect_series
from models.lung_nodule.candidate_classifier import CANDIDATE_MIN_VOLUME_MM3, CANDIDATE_THRESHOLD
from models.lung_nodule.evaluate_inserted import prepare_host
from models.lung_nodule.lidc import load_nodules

MIN_DIAMETER_MM = 4.0


def _label(
    centre: np.ndarray, inserted: list[dict[str, Any]], own: list[dict[str, Any]]
) -> tuple[int, int, int]:
    """(label, real, nodule): 1 on a nodule >= 4 mm, -1 on a smaller one, 0 elsewhere; real 1
    for an inserted LIDC nodule; the nodule's index in ``inserted + own`` (-1: none)."""
    for index, n in enumerate(inserted + own):
        if np.linalg.norm(centre - np.asarray(n["center_mm"])) <= max(n["diameter_mm"] / 2, 5.0):
            return (
                (1 if n["diameter_mm"] >= MIN_DIAMETER_MM else -1),
                int(index < len(inserted)),
                index,
            )
    return 0, 0, -1


def collect_host(
    index: int, nodules: list[Any], args: argparse.Namespace, model: Any
) -> dict[str, Any]:
    settings = DetectionSettings(
        candidate_threshold=CANDIDATE_THRESHOLD,
        min_volume_mm3=CANDIDATE_MIN_VOLUME_MM3,
        max_input_noise_hu=model.thresholds.get("max_input_noise_hu"),
    )
    with tempfile.TemporaryDirectory() as tmp:
        host = prepare_host("train", index, nodules, args, Path(tmp))
        detected = detect_series(host.files, model, settings)
    affine = detected.volume.affine
    rows, labels, real, nodule = [], [], [], []
    for c in detected.candidates:
        assert c.features is not None
        centre = np.argwhere(c.mask).mean(axis=0) + c.offset
        label, is_real, index = _label(
            affine[:3, :3] @ centre + affine[:3, 3], host.inserted, host.own
        )
        rows.append(c.features)
        labels.append(label)
        real.append(is_real)
        nodule.append(index)
    big = [n for n in host.inserted + host.own if n["diameter_mm"] >= MIN_DIAMETER_MM]
    return {
        "features": np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURE_NAMES)),
        "labels": np.asarray(labels, dtype=np.int64),
        "real": np.asarray(real, dtype=np.int64),
        "nodule": np.asarray(nodule, dtype=np.int64),
        "nodules_ge_4mm": len(big),
        "real_nodules_ge_4mm": sum(n["diameter_mm"] >= MIN_DIAMETER_MM for n in host.inserted),
        "slice_mm": host.slice_mm,
    }


def main(argv: list[str] | None = None) -> None:
    from appliance.config import InferenceConfig  # noqa: PLC0415
    from appliance.inference.runtime import InferenceRuntime  # noqa: PLC0415

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hosts", type=int, default=30)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--per-host", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--models-dir", default="", help="model repository (default: the shipped)")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    args.fine_vessels = 0.0
    config = InferenceConfig(threads_per_worker=args.threads, models_dir=args.models_dir)
    model = InferenceRuntime(config=config).nodule_model()
    nodules = load_nodules(split="train")
    order = [nodules[i] for i in np.random.default_rng([args.seed, 29]).permutation(len(nodules))]
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.first, args.first + args.hosts):
        path = args.out / f"{index}.npz"
        if path.is_file():
            continue
        picks = [order[(index * args.per_host + j) % len(order)] for j in range(args.per_host)]
        found = collect_host(index, picks, args, model)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as out:
            np.savez(out, **found, feature_names=np.asarray(FEATURE_NAMES))
        partial.replace(path)
        print(
            index,
            len(found["labels"]),
            int((found["labels"] == 1).sum()),
            int(found["real"].sum()),
            flush=True,
        )


if __name__ == "__main__":
    main()
